import { integerBetween } from "../lib/checks";
import { resourceRule, type ResourceCheck } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { plainAt, stringAt, valueAt } from "../lib/property-values";
import type { Props } from "../lib/slipstream-policy";

const QUEUE = "aws:sqs/queue:Queue";
const isFifo = (props: Props) => valueAt(props, "fifoQueue") === true;

// The redrive policy is JSON text (or an object in a resources file).
const maxReceiveCount: ResourceCheck = (resource, report) => {
  const policy = plainAt(resource.props, "redrivePolicy");
  if (typeof policy !== "string" && (policy === null || typeof policy !== "object")) return;
  let parsed: { maxReceiveCount?: unknown };
  try {
    parsed = typeof policy === "string" ? (JSON.parse(policy) as { maxReceiveCount?: unknown }) : (policy as { maxReceiveCount?: unknown });
  } catch {
    report("redrivePolicy", "is not valid JSON.");
    return;
  }
  const count = Number(parsed.maxReceiveCount);
  if (parsed.maxReceiveCount !== undefined && (!Number.isInteger(count) || count < 1 || count > 1000)) {
    report("redrivePolicy", `maxReceiveCount ${JSON.stringify(parsed.maxReceiveCount)}; SQS takes 1 to 1000.`);
  }
};

// The provider appends .fifo when it autonames a FIFO queue; a set name must carry it itself.
const queueName: ResourceCheck = (resource, report) => {
  const fifo = isFifo(resource.props);
  physicalName({ path: "name", min: 1, max: 80, pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/, rule: "letters, digits, hyphens and underscores (and .fifo for FIFO queues)", autonamed: true, prefixPath: "namePrefix", suffix: fifo ? ".fifo" : "" })(resource, report);
  const name = stringAt(resource.props, "name");
  if (typeof name !== "string") return;
  if (fifo && !name.endsWith(".fifo")) report("name", `${JSON.stringify(name)} must end with .fifo for a FIFO queue.`);
  if (!fifo && name.endsWith(".fifo")) report("name", `${JSON.stringify(name)} ends with .fifo, which only FIFO queues may (set fifoQueue).`);
};

/**
 * SetQueueAttributes' ranges: visibility timeout 0–43,200 s, retention 60 s–14 days, delay up to
 * 900 s, message size 1,024 B–1 MiB, long polling up to 20 s, data key reuse 60 s–24 h, and a
 * redrive maxReceiveCount of 1–1,000; queue names of up to 80 characters.
 */
export const sqsQueueAttributes = resourceRule({
  name: "sqs-queue-attributes",
  description: "SQS queue attributes must be within SQS's ranges and the queue name within its rules.",
  document: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html",
  remediation: "Keep visibilityTimeoutSeconds within 0-43200, messageRetentionSeconds within 60-1209600, delaySeconds within 0-900, receiveWaitTimeSeconds within 0-20, kmsDataKeyReusePeriodSeconds within 60-86400 and maxReceiveCount within 1-1000.",
  types: [QUEUE],
  checks: [
    integerBetween("visibilityTimeoutSeconds", 0, 43_200, "s"),
    integerBetween("messageRetentionSeconds", 60, 1_209_600, "s"),
    integerBetween("delaySeconds", 0, 900, "s"),
    // 1 MiB since August 2025 (256 KiB before): the larger bound, so no queue AWS accepts is refused.
    integerBetween("maxMessageSize", 1024, 1_048_576, "bytes"),
    integerBetween("receiveWaitTimeSeconds", 0, 20, "s"),
    integerBetween("kmsDataKeyReusePeriodSeconds", 60, 86_400, "s"),
    maxReceiveCount,
    queueName,
    (resource, report) => {
      if (valueAt(resource.props, "contentBasedDeduplication") === true && valueAt(resource.props, "fifoQueue") === false) report("contentBasedDeduplication", "applies to FIFO queues only.");
      if (valueAt(resource.props, "contentBasedDeduplication") === true && valueAt(resource.props, "fifoQueue") === undefined) report("contentBasedDeduplication", "applies to FIFO queues only (fifoQueue is unset).");
    },
  ],
});
