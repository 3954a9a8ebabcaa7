import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface SecureStreamArgs {
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  /** `on-demand` scales itself; `provisioned` needs `shardCount`. */
  capacity: { mode: "on-demand" } | { mode: "provisioned"; shardCount: number };
  /** Hours records are kept; at least 168 (Kinesis.3). */
  retentionHours?: number;
}

export const MIN_STREAM_RETENTION_HOURS = 168;

/** A request's stream settings (`streamCapacity` in schema-fragments.ts). */
export interface StreamCapacityRequest {
  mode: "on-demand" | "provisioned";
  shardCount?: number;
}

/** The capacity a request asks for; a provisioned stream without a shard count gets the environment's. */
export function capacityOf(request: StreamCapacityRequest, defaultShards: number): SecureStreamArgs["capacity"] {
  return request.mode === "provisioned" ? { mode: "provisioned", shardCount: request.shardCount ?? defaultShards } : { mode: "on-demand" };
}

/** A Kinesis data stream encrypted with the deployment key (Kinesis.1), kept a week or more. */
export function secureStream(name: string, args: SecureStreamArgs, opts: pulumi.CustomResourceOptions): aws.kinesis.Stream {
  const retentionPeriod = args.retentionHours ?? MIN_STREAM_RETENTION_HOURS;
  if (retentionPeriod < MIN_STREAM_RETENTION_HOURS || retentionPeriod > 8760) {
    throw new Error(`stream ${name}: retention must be ${MIN_STREAM_RETENTION_HOURS}-8760 hours (Kinesis.3), got ${retentionPeriod}`);
  }
  const provisioned = args.capacity.mode === "provisioned";
  return new aws.kinesis.Stream(
    name,
    {
      encryptionType: "KMS",
      kmsKeyId: args.kmsKeyArn,
      retentionPeriod,
      streamModeDetails: { streamMode: provisioned ? "PROVISIONED" : "ON_DEMAND" },
      shardCount: args.capacity.mode === "provisioned" ? args.capacity.shardCount : undefined,
      shardLevelMetrics: ["IncomingBytes", "OutgoingBytes", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"],
      tags: args.tags,
    },
    opts,
  );
}
