import { AwsJobsEndpoint } from "./aws-jobs-endpoint";

/**
 * Starts a local Glue/Managed Flink endpoint and points this process's AWS SDK clients at it
 * the standard way (AWS_ENDPOINT_URL_GLUE, AWS_ENDPOINT_URL_KINESIS_ANALYTICS_V2, static
 * credentials, no instance metadata), restoring the environment on close. Each vitest file
 * runs in its own worker, so the change stays within the file.
 */
export async function useLocalJobsEndpoint(): Promise<{ endpoint: AwsJobsEndpoint; close(): Promise<void> }> {
  const endpoint = await AwsJobsEndpoint.start();
  const saved = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(endpoint.env())) {
    saved.set(key, process.env[key]);
    process.env[key] = value;
  }
  return {
    endpoint,
    async close() {
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await endpoint.close();
    },
  };
}
