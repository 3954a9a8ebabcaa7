import { lengthBetween, oneOf } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { stringAt, valueAt } from "../lib/property-values";

/**
 * CreateTopic's name rules: up to 256 letters, digits, hyphens and underscores, `.fifo` at the
 * end of FIFO topics only (the provider appends it when autonaming); a display name of up to 100
 * characters.
 */
export const snsTopicAttributes = resourceRule({
  name: "sns-topic-attributes",
  description: "SNS topic names must follow CreateTopic's rules (256 characters, .fifo only for FIFO topics) and display names fit 100 characters.",
  document: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html",
  remediation: "Use up to 256 letters, digits, - and _ (ending in .fifo exactly when fifoTopic is set) and a displayName of at most 100 characters.",
  types: ["aws:sns/topic:Topic"],
  checks: [
    (resource, report) => {
      const fifo = valueAt(resource.props, "fifoTopic") === true;
      physicalName({ path: "name", min: 1, max: 256, pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/, rule: "letters, digits, hyphens and underscores (and .fifo for FIFO topics)", autonamed: true, prefixPath: "namePrefix", suffix: fifo ? ".fifo" : "" })(resource, report);
      const name = stringAt(resource.props, "name");
      if (typeof name === "string" && fifo !== name.endsWith(".fifo")) report("name", `${JSON.stringify(name)} ${fifo ? "must end with .fifo for a FIFO topic" : "ends with .fifo, which only FIFO topics may (set fifoTopic)"}.`);
    },
    lengthBetween("displayName", 0, 100),
  ],
});

/** Subscribe's protocols. */
export const snsSubscriptionProtocol = resourceRule({
  name: "sns-subscription-protocol",
  description: "SNS subscriptions must use a protocol SNS supports.",
  document: "https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html",
  remediation: "Use one of http, https, email, email-json, sms, sqs, application, lambda, firehose.",
  types: ["aws:sns/topicSubscription:TopicSubscription"],
  checks: [oneOf("protocol", ["http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"])],
});
