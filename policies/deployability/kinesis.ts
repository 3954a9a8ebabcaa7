import { eachOneOf, integerBetween, oneOf } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { numberAt, stringAt } from "../lib/property-values";

/**
 * Kinesis Data Streams: retention of 24 to 8,760 hours (365 days), stream names of up to 128
 * characters, a shard count for provisioned streams (on-demand streams size themselves), the
 * shard-level metrics and modes the service knows.
 */
export const kinesisStreamLimits = resourceRule({
  name: "kinesis-stream-limits",
  description: "Kinesis streams must keep data 24-8760 hours, have a valid name, and give provisioned streams at least one shard.",
  document: "https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html",
  remediation: "Keep retentionPeriod within 24-8760, set shardCount (at least 1) for PROVISIONED streams, and use names of up to 128 letters, digits, _ . -.",
  types: ["aws:kinesis/stream:Stream"],
  checks: [
    integerBetween("retentionPeriod", 24, 8760, "hours"),
    physicalName({ path: "name", min: 1, max: 128, pattern: /^[a-zA-Z0-9_.-]+$/, rule: "letters, digits, _ . and - only", autonamed: true }),
    oneOf("streamModeDetails.streamMode", ["PROVISIONED", "ON_DEMAND"]),
    oneOf("encryptionType", ["NONE", "KMS"]),
    eachOneOf("shardLevelMetrics", ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds", "ALL"]),
    (resource, report) => {
      const mode = stringAt(resource.props, "streamModeDetails.streamMode");
      const shards = numberAt(resource.props, "shardCount");
      if (typeof mode === "symbol" || typeof shards === "symbol") return;
      if ((mode ?? "PROVISIONED") === "PROVISIONED") {
        if (shards === undefined) report("shardCount", "unset; a PROVISIONED stream needs at least 1 shard.");
        else if (!Number.isInteger(shards) || shards < 1) report("shardCount", `${shards}; a PROVISIONED stream needs a whole number of shards, at least 1.`);
      }
    },
  ],
});
