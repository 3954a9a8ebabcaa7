/**
 * The external version of a change delivered by a Kinesis streaming destination: its
 * `dynamodb.ApproximateCreationDateTime` in microseconds since the epoch.
 *
 * Why: Kinesis Data Streams for DynamoDB may deliver a table's changes out of order and more
 * than once; the DynamoDB developer guide ("Using Kinesis Data Streams to capture changes to
 * DynamoDB") says to compare `ApproximateCreationDateTime` to restore the order and spot
 * duplicates. Sent as the document's external version (`version_type: external`), it lets
 * OpenSearch itself refuse anything older than what the index holds, across batches, shards
 * and invocations (deploy-review M4).
 *
 * The destination writes the time in milliseconds, or in microseconds when its
 * ApproximateCreationDateTimePrecision is MICROSECOND (DynamoDB API reference,
 * EnableKinesisStreamingConfiguration) — what Slipstream configures, so two changes of one item
 * in the same millisecond still order. The record names its precision where the service writes
 * it; otherwise the magnitude tells: a microsecond timestamp of this century is above 10^14, a
 * millisecond one below.
 *
 * DynamoDB Streams records get no version: that trigger delivers each change exactly once and
 * in order per item (DynamoDB developer guide, "Change data capture for DynamoDB Streams"), and
 * its timestamps are whole seconds, too coarse to order an item's changes.
 */
export type ChangeVersion = { readonly version: number } | { readonly invalid: true };

const MICROSECONDS_FROM = 1e14;

export function kinesisChangeVersion(dynamodb: Readonly<Record<string, unknown>>): ChangeVersion {
  const time = dynamodb["ApproximateCreationDateTime"];
  if (typeof time !== "number" || !Number.isFinite(time) || time <= 0) return { invalid: true };
  const precision = dynamodb["ApproximateCreationDateTimePrecision"];
  const micros = precision === "MICROSECOND" || (precision !== "MILLISECOND" && time >= MICROSECONDS_FROM) ? time : time * 1000;
  const version = Math.trunc(micros);
  // OpenSearch versions are longs; doubles hold every microsecond timestamp until the year 2255 exactly.
  return Number.isSafeInteger(version) ? { version } : { invalid: true };
}
