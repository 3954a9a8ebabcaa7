import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { loadConfig } from "./config";
import { createHandler } from "./create-handler";
import { createSignedBulkSender } from "./signed-bulk-sender";

export { createHandler } from "./create-handler";
export type { IndexerContext, IndexerDependencies, IndexerHandler } from "./create-handler";

// Built at module load so a misconfigured function fails its init phase with an error naming the
// variable, once and visibly, rather than failing every batch.
const config = loadConfig(process.env);

/**
 * The Lambda entry point for a DynamoDB Streams or Kinesis event source mapping. Credentials come
 * from the default provider chain (the execution role's, via the environment Lambda sets).
 */
export const handler = createHandler({
  config,
  send: createSignedBulkSender({ endpoint: config.endpoint, region: config.region, credentials: defaultProvider() }),
});
