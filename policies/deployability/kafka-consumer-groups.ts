import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../lib/deployability";
import { stringAt } from "../lib/property-values";
import { ofType } from "../lib/resource-relations";
import type { Props } from "../lib/slipstream-policy";
import { EVENT_SOURCE_MAPPING } from "./lambda-event-source";

const GROUP_PATHS = ["amazonManagedKafkaEventSourceConfig.consumerGroupId", "selfManagedKafkaEventSourceConfig.consumerGroupId"];

function consumerGroup(mapping: PolicyResource): { path: string; group: string } | undefined {
  for (const path of GROUP_PATHS) {
    const group = stringAt(mapping.props as Props, path);
    if (typeof group === "string") return { path, group };
  }
  return undefined;
}

/**
 * A Kafka event source mapping's consumer group id "must be unique among all your Kafka event
 * sources" and cannot change after creation (deploy-review B2): two mappings sharing one group
 * split the partitions between them, or the second create fails. Without an id Lambda uses the
 * mapping's UUID, which is unique. Only the stack is visible here, not the account's other
 * mappings.
 */
export const lambdaKafkaConsumerGroupUnique = stackRule({
  name: "lambda-kafka-consumer-group-unique",
  description: "Each Kafka event source mapping must use its own consumer group id.",
  document: "https://docs.aws.amazon.com/lambda/latest/api/API_AmazonManagedKafkaEventSourceConfig.html",
  remediation: "Give every Kafka mapping its own consumerGroupId (for example `<group>-<topic>`), and grant the function's role access to each group.",
  validate: (resources, report) => {
    const byGroup = new Map<string, { mapping: PolicyResource; path: string }[]>();
    for (const mapping of ofType(resources, EVENT_SOURCE_MAPPING)) {
      const found = consumerGroup(mapping);
      if (!found) continue;
      byGroup.set(found.group, [...(byGroup.get(found.group) ?? []), { mapping, path: found.path }]);
    }
    for (const [group, sharing] of byGroup) {
      if (sharing.length < 2) continue;
      for (const { mapping, path } of sharing) {
        const others = sharing.filter((s) => s.mapping !== mapping).map((s) => s.mapping.name);
        report(mapping, path, `consumer group ${JSON.stringify(group)} is also used by ${others.join(", ")}; each Kafka event source needs a consumer group of its own.`);
      }
    }
  },
});
