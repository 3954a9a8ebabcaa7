import { stackRule } from "../lib/deployability";
import { numberAt } from "../lib/property-values";
import { ofType, referencedAt } from "../lib/resource-relations";
import type { Props } from "../lib/slipstream-policy";
import { EVENT_SOURCE_MAPPING, eventSourceKind } from "./lambda-event-source";

const QUEUE = "aws:sqs/queue:Queue";
const FUNCTION = "aws:lambda/function:Function";
// AWS's defaults when the property is unset.
const DEFAULT_VISIBILITY_TIMEOUT = 30;
const DEFAULT_FUNCTION_TIMEOUT = 3;

/**
 * A queue consumed by Lambda hides each message for its visibility timeout while the function
 * works on it. CreateEventSourceMapping refuses a queue whose visibility timeout is below the
 * function's timeout; Lambda's guidance is at least six times the timeout plus the batching
 * window, or retries of throttled batches make messages visible again and process them twice
 * (deploy-review m6).
 */
export const lambdaSqsVisibilityTimeout = stackRule({
  name: "lambda-sqs-visibility-timeout",
  description: "A queue consumed by a Lambda function must have a visibility timeout of at least 6 x the function's timeout + the mapping's batching window.",
  document: "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",
  remediation: "Set the queue's visibilityTimeoutSeconds to at least 6 x the function's timeout + maximumBatchingWindowInSeconds (at most 43200).",
  validate: (resources, report) => {
    const queues = ofType(resources, QUEUE);
    const functions = ofType(resources, FUNCTION);
    for (const mapping of ofType(resources, EVENT_SOURCE_MAPPING)) {
      if (eventSourceKind({ props: mapping.props as Props }) !== "sqs") continue;
      const [queue] = referencedAt(mapping, "eventSourceArn", queues);
      const [fn] = referencedAt(mapping, "functionName", functions);
      if (!queue || !fn) continue;
      const visibility = numberAt(queue.props as Props, "visibilityTimeoutSeconds") ?? DEFAULT_VISIBILITY_TIMEOUT;
      const timeout = numberAt(fn.props as Props, "timeout") ?? DEFAULT_FUNCTION_TIMEOUT;
      const window = numberAt(mapping.props as Props, "maximumBatchingWindowInSeconds") ?? 0;
      if (typeof visibility !== "number" || typeof timeout !== "number" || typeof window !== "number") continue;
      const needed = 6 * timeout + window;
      if (visibility < timeout) {
        report(queue, "visibilityTimeoutSeconds", `${visibility} s is below the timeout of ${fn.name} (${timeout} s), which consumes it through ${mapping.name}: Lambda refuses the mapping. Use at least ${needed} s (6 x ${timeout} + ${window}).`);
      } else if (visibility < needed) {
        report(queue, "visibilityTimeoutSeconds", `${visibility} s; ${fn.name} consumes it through ${mapping.name} with a ${timeout} s timeout and a ${window} s batching window, so it needs at least 6 x ${timeout} + ${window} = ${needed} s.`);
      }
    }
  },
});
