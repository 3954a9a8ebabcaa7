import type { Environment } from "../environment";

/**
 * What a deployment's `environment` tag decides: small and cheap for dev, highly available
 * and protected against deletion for prod. Blueprints read sizes from here so the rules
 * are the same across the catalogue; a request may still override single values.
 */
export interface SizingProfile {
  /** Data stores refuse deletion (DynamoDB deletion protection, no force-destroy of buckets). */
  protect: boolean;
  logRetentionDays: number;
  opensearch: {
    instanceType: string;
    instanceCount: number;
    /** Availability zones to spread data nodes over; 1 means no zone awareness. */
    zones: 1 | 2 | 3;
    dedicatedMaster?: { instanceType: string; count: number };
    volumeGiB: number;
  };
  kinesisShards: number;
}

const PROFILES: Record<Environment, SizingProfile> = {
  dev: {
    protect: false,
    logRetentionDays: 365,
    opensearch: { instanceType: "t3.small.search", instanceCount: 1, zones: 1, volumeGiB: 10 },
    kinesisShards: 1,
  },
  staging: {
    protect: false,
    logRetentionDays: 365,
    opensearch: { instanceType: "m6g.large.search", instanceCount: 2, zones: 2, volumeGiB: 50 },
    kinesisShards: 2,
  },
  prod: {
    protect: true,
    logRetentionDays: 731,
    opensearch: {
      instanceType: "r6g.large.search",
      instanceCount: 3,
      zones: 3,
      dedicatedMaster: { instanceType: "m6g.large.search", count: 3 },
      volumeGiB: 100,
    },
    kinesisShards: 4,
  },
};

export function sizingFor(environment: Environment): SizingProfile {
  return PROFILES[environment];
}
