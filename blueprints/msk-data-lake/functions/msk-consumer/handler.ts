import { FirehoseClient } from "@aws-sdk/client-firehose";
import type { MSKEvent } from "aws-lambda";
import { loadConfig } from "./config";
import { createHandler, type ConsumerHandler, type KafkaBatchResponse } from "./create-handler";

export { createHandler } from "./create-handler";

let production: ConsumerHandler | undefined;

/**
 * The Lambda entry point for the MSK event source mappings. Configuration is read on the
 * first invocation, so a bad variable fails with a message naming it; the consumer retries
 * records itself, so the SDK's own retries are off.
 */
export async function handler(event: MSKEvent, context?: Parameters<ConsumerHandler>[1]): Promise<KafkaBatchResponse> {
  production ??= createHandler({ config: loadConfig(process.env), firehose: new FirehoseClient({ maxAttempts: 1 }) });
  return production(event, context);
}
