import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { BlobStore } from "./blob-store";
import { CliError } from "./cli-args";

/**
 * The `s3://` DIY backend, through `@aws-sdk/client-s3`. The URL is the CLI's:
 * `s3://<bucket>[/<prefix>]?region=…&endpoint=…&s3ForcePathStyle=true&disableSSL=true`
 * (https://www.pulumi.com/docs/iac/guides/basics/using-a-diy-backend/ — "you may pass
 * `endpoint`, `disableSSL`, and `s3ForcePathStyle` querystring parameters"; they are
 * gocloud.dev's s3blob URL options, https://pkg.go.dev/gocloud.dev/blob/s3blob). As the CLI
 * does for a custom endpoint, a bare `endpoint` host gets `https://`, or `http://` with
 * `disableSSL=true`, and checksums are sent only when required (pulumi/pulumi
 * pkg/backend/diy/legacy_s3_params_test.go). Credentials come from the AWS SDK's usual
 * chain (AWS_ACCESS_KEY_ID…, AWS_PROFILE or `profile=`), never from the URL.
 *
 * The stand-in's backend is synchronous (see blob-store.ts), the SDK is not: the requests
 * run on a worker thread while this thread waits on a shared flag (Atomics.wait), then
 * takes the answer with receiveMessageOnPort.
 */

const QUERY_PARAMS = ["region", "endpoint", "s3ForcePathStyle", "disableSSL", "profile", "awssdk"];
/** Generous: the first request also waits for the worker to load the SDK on a busy machine. */
const REQUEST_TIMEOUT_MS = 120_000;

export interface S3Location {
  bucket: string;
  /** Key prefix without leading or trailing slash; "" for the bucket's root. */
  prefix: string;
  client: { region: string; endpoint?: string; forcePathStyle: boolean; profile?: string; requestChecksumCalculation?: "WHEN_REQUIRED" };
}

/** Reads an `s3://` backend URL the way the CLI does, refusing what it would not understand. */
export function parseS3Url(url: string): S3Location {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`invalid s3:// backend URL ${url}`);
  }
  const bucket = parsed.hostname;
  if (!bucket) throw new CliError(`the s3:// backend URL ${url} names no bucket`);
  const query = parsed.searchParams;
  for (const key of query.keys()) {
    if (!QUERY_PARAMS.includes(key)) throw new CliError(`the Pulumi CLI stand-in does not support the query parameter "${key}" of s3:// backend URLs (it knows ${QUERY_PARAMS.join(", ")})`);
  }
  const flag = (name: string): boolean => {
    const value = query.get(name);
    if (value === null) return false;
    if (value !== "true" && value !== "false") throw new CliError(`invalid value for query parameter "${name}": ${value}`);
    return value === "true";
  };
  const region = query.get("region") || process.env["AWS_REGION"] || process.env["AWS_DEFAULT_REGION"];
  if (!region) throw new CliError(`no AWS region for the s3:// backend ${url}: add ?region=… or set AWS_REGION`);
  let endpoint = query.get("endpoint") || undefined;
  if (endpoint && !/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) endpoint = `${flag("disableSSL") ? "http" : "https"}://${endpoint}`;
  const profile = query.get("profile") || undefined;
  return {
    bucket,
    prefix: decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, ""),
    client: {
      region,
      forcePathStyle: flag("s3ForcePathStyle"),
      ...(endpoint ? { endpoint, requestChecksumCalculation: "WHEN_REQUIRED" as const } : {}),
      ...(profile ? { profile } : {}),
    },
  };
}

export function openS3BlobStore(url: string): BlobStore {
  return new S3BlobStore(url, parseS3Url(url));
}

type Request =
  | { op: "get" | "head" | "delete" | "list" | "listAll"; key: string }
  | { op: "put" | "create"; key: string; body: string };
type Reply = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string; status?: number } };

class S3BlobStore implements BlobStore {
  constructor(
    readonly url: string,
    private readonly where: S3Location,
  ) {}

  private key(key: string): string {
    return this.where.prefix ? `${this.where.prefix}/${key}` : key;
  }

  private call(request: Request): unknown {
    return bridge(this.where).call({ ...request, key: this.key(request.key) });
  }

  location(key: string): string {
    return `s3://${this.where.bucket}/${this.key(key)}`;
  }

  read(key: string): string | undefined {
    const text = this.call({ op: "get", key });
    return typeof text === "string" ? text : undefined;
  }

  write(key: string, body: string): void {
    this.call({ op: "put", key, body });
  }

  create(key: string, body: string): boolean {
    return this.call({ op: "create", key, body }) === true;
  }

  exists(key: string): boolean {
    return this.call({ op: "head", key }) === true;
  }

  delete(key: string): void {
    this.call({ op: "delete", key });
  }

  list(dir: string): string[] {
    return (this.call({ op: "list", key: `${dir}/` }) as string[]).map((k) => k.slice(k.lastIndexOf("/") + 1)).sort();
  }

  deleteAll(dir: string): void {
    for (const full of this.call({ op: "listAll", key: `${dir}/` }) as string[]) bridge(this.where).call({ op: "delete", key: full });
  }
}

/** One worker per client configuration and process: it loads the SDK once. */
const bridges = new Map<string, SyncS3>();

function bridge(where: S3Location): SyncS3 {
  const id = JSON.stringify([where.bucket, where.client]);
  let b = bridges.get(id);
  if (!b) bridges.set(id, (b = new SyncS3(where.bucket, where.client)));
  return b;
}

/** Synchronous S3 requests: a worker thread runs them, this thread blocks until each answers. */
class SyncS3 {
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));

  constructor(bucket: string, client: S3Location["client"]) {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(`(${s3Worker.toString()})()`, {
      eval: true,
      workerData: { sdk: require.resolve("@aws-sdk/client-s3"), bucket, client, port: port2, flag: this.flag },
      // The CLI's stderr carries what the CLI says, not the SDK's notices about Node versions.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      transferList: [port2],
    });
    // The CLI exits when its command is done, whatever the worker is doing.
    worker.unref();
    port1.unref();
    this.port = port1;
  }

  call(request: Request): unknown {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(request);
    if (Atomics.wait(this.flag, 0, 0, REQUEST_TIMEOUT_MS) === "timed-out") {
      throw new Error(`S3 ${request.op} of ${request.key} got no answer in ${REQUEST_TIMEOUT_MS / 1000} s`);
    }
    const reply = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    if (!reply) throw new Error(`S3 ${request.op} of ${request.key}: the worker answered nothing`);
    if (!reply.ok) {
      const { name, message, status } = reply.error;
      // A HEAD answer has no body to name the error: say what a bare 403 means.
      const what = status === 403 && name === "Unknown" ? "AccessDenied: the credentials were refused" : `${name}: ${message}`;
      throw new CliError(`failed to ${request.op} s3 object ${request.key}: ${what}${status ? ` (HTTP ${status})` : ""}`);
    }
    return reply.value;
  }
}

/**
 * The worker's whole program, run from its source text (`eval`): it must use nothing from
 * this module's scope. Each request is answered on the port, then the flag wakes the caller.
 */
function s3Worker(): void {
  const { workerData } = require("node:worker_threads");
  const { bucket, port, flag } = workerData;
  let sdk: typeof import("@aws-sdk/client-s3") | undefined;
  let client: import("@aws-sdk/client-s3").S3Client | undefined;
  let loadError: unknown;
  try {
    sdk = require(workerData.sdk) as typeof import("@aws-sdk/client-s3");
    client = new sdk.S3Client({ ...workerData.client, maxAttempts: 3 });
  } catch (err) {
    loadError = err;
  }
  const status = (err: unknown): number | undefined => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const missing = (err: unknown): boolean => status(err) === 404 || ["NoSuchKey", "NotFound"].includes((err as Error).name);
  const list = async (prefix: string, delimiter: string | undefined): Promise<string[]> => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client!.send(new sdk!.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: delimiter, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  };
  const run = async (request: { op: string; key: string; body?: string }): Promise<unknown> => {
    if (loadError) throw loadError;
    const { op, key, body } = request;
    switch (op) {
      case "get":
        try {
          const object = await client!.send(new sdk!.GetObjectCommand({ Bucket: bucket, Key: key }));
          return await object.Body!.transformToString("utf8");
        } catch (err) {
          if (missing(err)) return null;
          throw err;
        }
      case "head":
        try {
          await client!.send(new sdk!.HeadObjectCommand({ Bucket: bucket, Key: key }));
          return true;
        } catch (err) {
          if (missing(err)) return false;
          throw err;
        }
      case "put":
        await client!.send(new sdk!.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "application/json" }));
        return true;
      case "create":
        // Best effort first (servers that ignore the condition, like s3rver), then the
        // conditional write itself, which S3 makes atomic: the loser gets 412 (or 409 while
        // the winner's write is in flight).
        try {
          await client!.send(new sdk!.HeadObjectCommand({ Bucket: bucket, Key: key }));
          return false;
        } catch (err) {
          if (!missing(err)) throw err;
        }
        try {
          await client!.send(new sdk!.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "application/json", IfNoneMatch: "*" }));
          return true;
        } catch (err) {
          if (status(err) === 412 || status(err) === 409) return false;
          throw err;
        }
      case "delete":
        await client!.send(new sdk!.DeleteObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      case "list":
        return await list(key, "/");
      case "listAll":
        return await list(key, undefined);
      default:
        throw new Error(`unknown request ${op}`);
    }
  };
  port.on("message", (request: { op: string; key: string; body?: string }) => {
    run(request).then(
      (value) => port.postMessage({ ok: true, value }),
      (err: unknown) => {
        const e = (err ?? {}) as Error;
        port.postMessage({ ok: false, error: { name: e.name ?? "Error", message: e.message ?? String(err), status: status(e) } });
      },
    ).finally(() => {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    });
  });
}
