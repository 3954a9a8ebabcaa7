import { fileURLToPath } from "node:url";

/**
 * Where Pulumi keeps the stacks' state: a DIY backend URL exactly as the Pulumi CLI reads it
 * (`pulumi login <url>`, `PULUMI_BACKEND_URL`, or a project's `backend.url`). Slipstream
 * passes it through untouched; only the CLI interprets it.
 *
 * - `file:///<folder>`: state in a local folder (`<folder>/.pulumi/…`). One machine only, so
 *   only one instance — or several sharing that folder — sees it.
 * - `s3://<bucket>[/<prefix>][?region=…&endpoint=…&s3ForcePathStyle=true&disableSSL=true]`:
 *   state in a bucket every replica can reach. "To use such a server [an S3-compatible one:
 *   Minio, Ceph, …], you may pass `endpoint`, `disableSSL`, and `s3ForcePathStyle`
 *   querystring parameters to your `<backend-url>`", and the bucket name "can include
 *   multiple folders" (https://www.pulumi.com/docs/iac/guides/basics/using-a-diy-backend/).
 *   The parameters are those of gocloud.dev's s3blob URL opener, which the CLI uses
 *   (https://pkg.go.dev/gocloud.dev/blob/s3blob: `region`, `endpoint`, `disableSSL`,
 *   `s3ForcePathStyle`). Credentials reach the CLI the AWS SDK's usual way (environment,
 *   profile, instance role), never through the URL.
 *
 * The DIY backend locks a stack with a lock object per update under `.pulumi/locks/` —
 * written, then checked for others (pkg/backend/diy/lock.go) — so replicas sharing one
 * state also share its locks; Slipstream's store still runs one operation per deployment.
 *
 * Returns the folder of a `file://` state URL (created before the CLI runs), undefined for
 * other backends: a bucket is never created by Slipstream.
 */
export function fileStateFolder(url: string): string | undefined {
  if (!url.startsWith("file://")) return undefined;
  return fileURLToPath(url);
}
