import { GlueClient } from "@aws-sdk/client-glue";
import { KinesisAnalyticsV2Client } from "@aws-sdk/client-kinesis-analytics-v2";
import { FlinkApplications } from "./flink-applications";
import { GlueStreamingJobs } from "./glue-streaming-jobs";
import type { StreamingJobClients } from "./job-observation";

/** How long one AWS call may take before it is abandoned (connect, then the whole answer). */
export interface AwsCallTimeouts {
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
}

/**
 * The Glue and Managed Flink clients of each region, made once. Credentials come from the
 * SDK's default chain (environment, shared config, SSO, container or instance role) and the
 * endpoint from its standard configuration: AWS_ENDPOINT_URL_GLUE,
 * AWS_ENDPOINT_URL_KINESIS_ANALYTICS_V2 or AWS_ENDPOINT_URL (@smithy/core
 * getEndpointUrlConfig, read by the installed clients; "Service-specific endpoints" in the
 * AWS SDKs and Tools Reference Guide). The SDK's own retries are off (maxAttempts 1): the
 * lifecycle retries throttling itself with a bound it knows (throttling.ts).
 */
export function awsJobClients(timeouts: AwsCallTimeouts): (region: string) => StreamingJobClients {
  const byRegion = new Map<string, StreamingJobClients>();
  return (region) => {
    let clients = byRegion.get(region);
    if (!clients) {
      const config = { region, maxAttempts: 1, requestHandler: { connectionTimeout: timeouts.connectionTimeoutMs, requestTimeout: timeouts.requestTimeoutMs } };
      clients = { glue: new GlueStreamingJobs(new GlueClient(config)), flink: new FlinkApplications(new KinesisAnalyticsV2Client(config)) };
      byRegion.set(region, clients);
    }
    return clients;
  };
}
