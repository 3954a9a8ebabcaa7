import { KinesisClient } from "@aws-sdk/client-kinesis";
import type { MSKEvent } from "aws-lambda";
import { loadConfig } from "./config";
import { createHandler, type BridgeHandler, type KafkaBatchResponse } from "./create-handler";

export { createHandler } from "./create-handler";

let production: BridgeHandler | undefined;

/**
 * The Lambda entry point for the bridge's MSK event source mappings. Configuration is read
 * on the first invocation, so a bad variable fails with a message naming it; the bridge
 * retries records itself, so the SDK's own retries are off.
 */
export async function handler(event: MSKEvent, context?: Parameters<BridgeHandler>[1]): Promise<KafkaBatchResponse> {
  production ??= createHandler({ config: loadConfig(process.env), kinesis: new KinesisClient({ maxAttempts: 1 }) });
  return production(event, context);
}
