/**
 * The one table of OpenSearch Service data-node instance types Slipstream offers, with each
 * type's gp3 EBS volume bounds per node. Source: OpenSearch Service developer guide, "Amazon
 * OpenSearch Service quotas", section "EBS volume size quotas" (minimum 10 GiB for every type;
 * the "Maximum EBS size (gp3)" column, TiB read as 1024 GiB).
 *
 * Only types with a gp3 maximum are here: Slipstream's domains always use gp3 EBS volumes, so
 * the previous generations without gp3 (t2, m3, m4, c4, r3, r4, i2) and the types that only
 * have instance storage (r6gd, i3) would be refused by CreateDomain.
 */
export const SEARCH_INSTANCE_TYPES = {
  "t3.small.search": { maxVolumeGiB: 100 },
  "t3.medium.search": { maxVolumeGiB: 200 },
  "m5.large.search": { maxVolumeGiB: 1024 },
  "m5.xlarge.search": { maxVolumeGiB: 2048 },
  "m5.2xlarge.search": { maxVolumeGiB: 3072 },
  "m5.4xlarge.search": { maxVolumeGiB: 6144 },
  "m5.12xlarge.search": { maxVolumeGiB: 18432 },
  "m6g.large.search": { maxVolumeGiB: 1024 },
  "m6g.xlarge.search": { maxVolumeGiB: 2048 },
  "m6g.2xlarge.search": { maxVolumeGiB: 3072 },
  "m6g.4xlarge.search": { maxVolumeGiB: 6144 },
  "m6g.8xlarge.search": { maxVolumeGiB: 12288 },
  "m6g.12xlarge.search": { maxVolumeGiB: 18432 },
  "c5.large.search": { maxVolumeGiB: 256 },
  "c5.xlarge.search": { maxVolumeGiB: 512 },
  "c5.2xlarge.search": { maxVolumeGiB: 1024 },
  "c5.4xlarge.search": { maxVolumeGiB: 1536 },
  "c5.9xlarge.search": { maxVolumeGiB: 3584 },
  "c5.18xlarge.search": { maxVolumeGiB: 7168 },
  "c6g.large.search": { maxVolumeGiB: 256 },
  "c6g.xlarge.search": { maxVolumeGiB: 512 },
  "c6g.2xlarge.search": { maxVolumeGiB: 1024 },
  "c6g.4xlarge.search": { maxVolumeGiB: 1536 },
  "c6g.8xlarge.search": { maxVolumeGiB: 3072 },
  "c6g.12xlarge.search": { maxVolumeGiB: 4608 },
  "r5.large.search": { maxVolumeGiB: 2048 },
  "r5.xlarge.search": { maxVolumeGiB: 3072 },
  "r5.2xlarge.search": { maxVolumeGiB: 6144 },
  "r5.4xlarge.search": { maxVolumeGiB: 12288 },
  "r5.12xlarge.search": { maxVolumeGiB: 24576 },
  "r6g.large.search": { maxVolumeGiB: 2048 },
  "r6g.xlarge.search": { maxVolumeGiB: 3072 },
  "r6g.2xlarge.search": { maxVolumeGiB: 6144 },
  "r6g.4xlarge.search": { maxVolumeGiB: 12288 },
  "r6g.8xlarge.search": { maxVolumeGiB: 16384 },
  "r6g.12xlarge.search": { maxVolumeGiB: 24576 },
} as const satisfies Record<string, { maxVolumeGiB: number }>;

export type SearchInstanceType = keyof typeof SEARCH_INSTANCE_TYPES;

export const SEARCH_INSTANCE_TYPE_NAMES = Object.keys(SEARCH_INSTANCE_TYPES) as [SearchInstanceType, ...SearchInstanceType[]];

/** The smallest gp3 volume of every type above (same quotas page). */
export const SEARCH_MIN_VOLUME_GIB = 10;

/** The largest gp3 volume of any type above: the bound a schema can state before it knows the type. */
export const SEARCH_MAX_VOLUME_GIB = Math.max(...Object.values(SEARCH_INSTANCE_TYPES).map((t) => t.maxVolumeGiB));

/**
 * Quotas page, "Domain and instance quotas": at most 80 instances per domain by default (an
 * adjustable quota; Slipstream stays within the default so no request needs a quota increase),
 * and T2/T3 dedicated master nodes only with 10 or fewer data nodes.
 */
export const SEARCH_MAX_DATA_NODES = 80;
export const SEARCH_BURSTABLE_MASTER_MAX_DATA_NODES = 10;

/**
 * "Dedicated master nodes in Amazon OpenSearch Service": one is refused with a validation
 * exception, even counts are never to be chosen (no quorum gain, and four can lose quorum in a
 * three-zone domain), and the quota is five per domain: three or five.
 */
export const SEARCH_DEDICATED_MASTER_COUNTS = [3, 5] as const;
