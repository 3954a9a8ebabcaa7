import {
  SEARCH_BURSTABLE_MASTER_MAX_DATA_NODES,
  SEARCH_DEDICATED_MASTER_COUNTS,
  SEARCH_INSTANCE_TYPES,
  SEARCH_MAX_DATA_NODES,
  SEARCH_MIN_VOLUME_GIB,
} from "./search-instance-types";
import type { SizingProfile } from "./sizing";

export type SearchSizing = SizingProfile["opensearch"];

/** What a request may override of the environment's domain sizing; the rest comes from the profile. */
export interface SearchSizingOverrides {
  instanceType?: string | undefined;
  instanceCount?: number | undefined;
  volumeGiB?: number | undefined;
}

/** The environment's sizing with the request's overrides merged over it (zones and masters stay the profile's). */
export function searchSizing(profile: SearchSizing, overrides: SearchSizingOverrides): SearchSizing {
  return {
    ...profile,
    instanceType: overrides.instanceType ?? profile.instanceType,
    instanceCount: overrides.instanceCount ?? profile.instanceCount,
    volumeGiB: overrides.volumeGiB ?? profile.volumeGiB,
  };
}

/** A sizing CreateDomain would refuse; `field` is the sizing field to change. */
export interface SearchSizingIssue {
  readonly field: "instanceType" | "instanceCount" | "volumeGiB" | "dedicatedMaster";
  readonly message: string;
}

const QUOTAS = "OpenSearch Service quotas";

/**
 * What CreateDomain refuses in a domain's sizing, from the one table of instance types
 * (search-instance-types.ts): an unknown type, a volume outside the type's gp3 bounds, too
 * many data nodes, a node count the zones cannot split (odd over two zones, fewer than three
 * over three), and dedicated masters other than three or five (or burstable masters over more
 * than ten data nodes). Used by the request schemas (with the environment's profile merged)
 * and by `SearchDomain` itself, so no caller reaches AWS with a sizing it refuses.
 */
export function searchSizingIssues(sizing: SearchSizing): SearchSizingIssue[] {
  const issues: SearchSizingIssue[] = [];
  const type = (SEARCH_INSTANCE_TYPES as Record<string, { maxVolumeGiB: number } | undefined>)[sizing.instanceType];
  if (type === undefined) {
    issues.push({ field: "instanceType", message: `${sizing.instanceType} is not an instance type Slipstream offers (gp3 EBS types of the ${QUOTAS} page): one of ${Object.keys(SEARCH_INSTANCE_TYPES).join(", ")}` });
  } else if (sizing.volumeGiB < SEARCH_MIN_VOLUME_GIB || sizing.volumeGiB > type.maxVolumeGiB) {
    issues.push({ field: "volumeGiB", message: `${sizing.instanceType} takes gp3 volumes of ${SEARCH_MIN_VOLUME_GIB}-${type.maxVolumeGiB} GiB per node, got ${sizing.volumeGiB} (${QUOTAS}, EBS volume size quotas)` });
  }

  const nodes = sizing.instanceCount;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > SEARCH_MAX_DATA_NODES) {
    issues.push({ field: "instanceCount", message: `a domain has 1-${SEARCH_MAX_DATA_NODES} data nodes, got ${nodes} (${QUOTAS}, instances per domain)` });
  } else if (sizing.zones === 2 && nodes % 2 !== 0) {
    // CreateDomain: "You must choose an even number of data nodes for a two Availability Zone deployment."
    issues.push({ field: "instanceCount", message: `data nodes spread over 2 Availability Zones must be an even number, got ${nodes}` });
  } else if (sizing.zones === 3 && nodes < 3) {
    // "Configuring a multi-AZ domain": three zones need at least one node each (a multiple of three is recommended).
    issues.push({ field: "instanceCount", message: `data nodes spread over 3 Availability Zones must be at least 3 (a multiple of 3 balances them), got ${nodes}` });
  }

  const master = sizing.dedicatedMaster;
  if (master !== undefined) {
    if (!(SEARCH_DEDICATED_MASTER_COUNTS as readonly number[]).includes(master.count)) {
      issues.push({ field: "dedicatedMaster", message: `dedicated master nodes must number 3 or 5, got ${master.count} ("Dedicated master nodes in Amazon OpenSearch Service")` });
    }
    if (!(master.instanceType in SEARCH_INSTANCE_TYPES)) {
      issues.push({ field: "dedicatedMaster", message: `${master.instanceType} is not an instance type Slipstream offers for dedicated masters` });
    } else if (master.instanceType.startsWith("t3.") && nodes > SEARCH_BURSTABLE_MASTER_MAX_DATA_NODES) {
      issues.push({ field: "dedicatedMaster", message: `T3 dedicated masters serve at most ${SEARCH_BURSTABLE_MASTER_MAX_DATA_NODES} data nodes, got ${nodes} (${QUOTAS}, dedicated master instances per domain)` });
    }
  }
  return issues;
}
