import type { MSKEvent, MSKRecord } from "aws-lambda";

/**
 * How Lambda names a Kafka record in a partial batch response (Lambda developer guide,
 * "Configuring error handling controls for Kafka event sources",
 * https://docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html; the shape
 * Powertools' `KafkaItemIdentifier` and the Rust runtime's Kafka events build):
 * `{ partition: "<topic>-<partition>", offset }` — `partition` is the key of `event.records`
 * the record came under, `offset` its number. Any other key name fails the whole batch, so
 * records already delivered are retried and duplicated.
 */
export interface KafkaItemIdentifier {
  readonly partition: string;
  readonly offset: number;
}

/** The response of a Kafka handler for a mapping with `ReportBatchItemFailures`. */
export interface KafkaBatchResponse {
  batchItemFailures: { itemIdentifier: KafkaItemIdentifier }[];
}

/** The event is not an MSK event: the function is meant for MSK event source mappings only. */
export class UnsupportedEventError extends Error {
  override readonly name = "UnsupportedEventError";
}

/** Every record of the event, partition by partition in the order Lambda listed them, offsets ascending. */
export function recordsOf(event: MSKEvent): { id: KafkaItemIdentifier; record: MSKRecord }[] {
  if (event === null || typeof event !== "object" || (event.eventSource as string) !== "aws:kafka" || typeof event.records !== "object" || event.records === null) {
    throw new UnsupportedEventError("the event is not an MSK event (eventSource aws:kafka with records by topic-partition)");
  }
  const out: { id: KafkaItemIdentifier; record: MSKRecord }[] = [];
  for (const [topicPartition, records] of Object.entries(event.records)) {
    const sorted = [...records].sort((a, b) => a.offset - b.offset);
    for (const record of sorted) out.push({ id: { partition: topicPartition, offset: record.offset }, record });
  }
  return out;
}
