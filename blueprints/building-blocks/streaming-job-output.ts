import * as pulumi from "@pulumi/pulumi";
import type { StreamingJobDeclaration, StreamingJobService } from "../streaming-jobs";

/** A Glue job or Flink application as the `streamingJobs` output names it. */
export interface StreamingJobSource {
  name: pulumi.Output<string>;
  revision: pulumi.Output<string>;
}

/**
 * One entry of a blueprint's `streamingJobs` output (blueprints/streaming-jobs.ts): after a
 * create or update the deployment service starts the job unless it runs, restarts it when
 * `revision` changed, and stops it before a destroy (issue #13).
 */
export function streamingJobOutput(id: string, service: StreamingJobService, source: StreamingJobSource): pulumi.Output<StreamingJobDeclaration> {
  return pulumi.all([source.name, source.revision]).apply(([name, revision]) => ({ id, service, name, revision }));
}
