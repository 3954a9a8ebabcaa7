import { createHash } from "node:crypto";

// Lambda API reference, AmazonManagedKafkaEventSourceConfig.ConsumerGroupId: 1-200 characters
// matching [a-zA-Z0-9-\/*:_+=.@-]*; "must be unique among all your Kafka event sources" and
// cannot be changed once the mapping exists
// (https://docs.aws.amazon.com/lambda/latest/api/API_AmazonManagedKafkaEventSourceConfig.html).
export const CONSUMER_GROUP_ID_MAX_LENGTH = 200;
const CONSUMER_GROUP_ID = /^[a-zA-Z0-9\-/*:_+=.@]{1,200}$/;
const HASH_LENGTH = 12;

/** Whether Lambda accepts `id` as a Kafka event source's consumer group id. */
export function isConsumerGroupId(id: string): boolean {
  return CONSUMER_GROUP_ID.test(id);
}

/**
 * The consumer group of one mapping: `<group>-<topic>`, so every mapping of a deployment has
 * its own group, as Lambda requires. Too long for Lambda's 200 characters, it is cut and ends
 * in a hash of the whole name, so two topics sharing a long prefix still get distinct groups.
 */
export function consumerGroupIdFor(group: string, topic: string): string {
  const full = `${group}-${topic}`;
  if (full.length <= CONSUMER_GROUP_ID_MAX_LENGTH) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, HASH_LENGTH);
  return `${full.slice(0, CONSUMER_GROUP_ID_MAX_LENGTH - HASH_LENGTH - 1)}-${hash}`;
}
