import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

/** Credentials the tests sign with; the fake verifies signatures against them. */
export const TEST_CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "session-token" };
export const TEST_REGION = "eu-west-1";

type BulkItem = Record<string, Record<string, unknown>>;

/**
 * A stand-in for an OpenSearch Service domain's `_bulk` endpoint on 127.0.0.1. It holds an
 * in-memory index, answers real-shaped bulk responses, and rejects (and records in `violations`)
 * anything a domain would reject: wrong method or path, wrong content type, malformed NDJSON, or a
 * missing or wrong SigV4 signature for service `es`.
 */
export class FakeOpenSearch {
  /** index name → document id → document */
  readonly indices = new Map<string, Map<string, unknown>>();
  /** Every bulk request received, parsed. */
  readonly requests: { actions: BulkItem[]; bytes: number }[] = [];
  /** Protocol problems the fake found; a correct client leaves this empty. */
  readonly violations: string[] = [];
  /**
   * index name → document id → the version OpenSearch remembers: a live document's for ever, a
   * delete's tombstone until `index.gc_deletes` has passed (its `deletedAt`).
   */
  private readonly versions = new Map<string, Map<string, { version: number; deletedAt?: number }>>();
  /** Milliseconds since the epoch as the fake sees them; tests move it to expire tombstones. */
  now: () => number = Date.now;
  /** `index.gc_deletes` per index, in milliseconds; OpenSearch's default is 60 s. */
  private readonly gcDeletesMs = new Map<string, number>();

  private readonly rejectOnce = new Set<string>();
  private readonly rejectAlways = new Set<string>();
  private failingRequests: { status: number; remaining: number } | undefined;
  private readonly server = createServer((request, response) => {
    this.handle(request, response).catch((error: unknown) => {
      this.violations.push(`fake crashed: ${String(error)}`);
      response.writeHead(500).end();
    });
  });
  private readonly verifier = new SignatureV4({ service: "es", region: TEST_REGION, credentials: TEST_CREDENTIALS, sha256: Sha256 });

  /** `host:port`, the value a test passes where production passes the domain endpoint. */
  endpoint = "";

  static async start(): Promise<FakeOpenSearch> {
    const fake = new FakeOpenSearch();
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.endpoint = `127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  reset(): void {
    this.indices.clear();
    this.versions.clear();
    this.gcDeletesMs.clear();
    this.now = Date.now;
    this.requests.length = 0;
    this.violations.length = 0;
    this.rejectOnce.clear();
    this.rejectAlways.clear();
    this.failingRequests = undefined;
  }

  /** The next action on `id` is rejected with 429 (a full write queue); later ones succeed. */
  throttleOnce(id: string): void {
    this.rejectOnce.add(id);
  }

  /** Every index action on `id` fails with 400 `mapper_parsing_exception`. */
  rejectMapping(id: string): void {
    this.rejectAlways.add(id);
  }

  /** The next `count` requests answer `status` as a whole, without touching the index. */
  failRequests(status: number, count = Number.POSITIVE_INFINITY): void {
    this.failingRequests = { status, remaining: count };
  }

  /** Sets `index.gc_deletes`, as the deployment's access function does for dynamodb-search. */
  setGcDeletes(index: string, ms: number): void {
    this.gcDeletesMs.set(index, ms);
  }

  /** The version OpenSearch holds for a document: a live one's, or a tombstone's still within gc_deletes. */
  versionOf(index: string, id: string): number | undefined {
    const entry = this.versions.get(index)?.get(id);
    if (entry === undefined) return undefined;
    if (entry.deletedAt !== undefined && this.now() - entry.deletedAt > (this.gcDeletesMs.get(index) ?? 60_000)) return undefined;
    return entry.version;
  }

  document(index: string, id: string): unknown {
    return this.indices.get(index)?.get(id);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks).toString("utf8");

    const problem = await this.checkRequest(request, body);
    if (problem !== undefined) {
      this.violations.push(problem.message);
      return json(response, problem.status, { error: { type: problem.type, reason: problem.message }, status: problem.status });
    }
    const actions = parseNdjson(body);
    if (typeof actions === "string") {
      this.violations.push(actions);
      return json(response, 400, { error: { type: "illegal_argument_exception", reason: actions }, status: 400 });
    }
    this.requests.push({ actions: actions.map(({ action }) => action), bytes: Buffer.byteLength(body) });

    if (this.failingRequests !== undefined && this.failingRequests.remaining > 0) {
      this.failingRequests.remaining -= 1;
      const { status } = this.failingRequests;
      return json(response, status, { error: { root_cause: [], type: "internal_server_error", reason: "simulated" }, status });
    }

    const started = Date.now();
    const items = actions.map(({ action, document }) => this.apply(action, document));
    json(response, 200, { took: Date.now() - started, errors: items.some((item) => Object.values(item)[0]?.["error"] !== undefined), items });
  }

  private apply(action: BulkItem, document: unknown): BulkItem {
    const [op, meta] = Object.entries(action)[0] as [string, { _index: string; _id: string; version?: number; version_type?: string }];
    const { _index, _id } = meta;
    if (this.rejectOnce.delete(_id)) {
      return { [op]: { _index, _id, status: 429, error: { type: "es_rejected_execution_exception", reason: "rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1, max_coordinating_and_primary_bytes=0]" } } };
    }
    const index = this.indices.get(_index) ?? new Map<string, unknown>();
    this.indices.set(_index, index);
    const versions = this.versions.get(_index) ?? new Map<string, { version: number; deletedAt?: number }>();
    this.versions.set(_index, versions);
    const held = this.versionOf(_index, _id);
    // External versioning: the given version must be greater than the one held (live or tombstone).
    if (meta.version !== undefined && held !== undefined && held >= meta.version) {
      return {
        [op]: {
          _index,
          _id,
          status: 409,
          error: { type: "version_conflict_engine_exception", reason: `[${_id}]: version conflict, current version [${held}] is higher or equal to the one provided [${meta.version}]` },
        },
      };
    }
    const nextVersion = meta.version ?? (held ?? 0) + 1;
    if (op === "delete") {
      const existed = index.delete(_id);
      // A delete leaves a tombstone with its version, whether or not the document existed.
      versions.set(_id, { version: nextVersion, deletedAt: this.now() });
      return { delete: { _index, _id, _version: nextVersion, result: existed ? "deleted" : "not_found", _shards: shards, _seq_no: 1, _primary_term: 1, status: existed ? 200 : 404 } };
    }
    if (this.rejectAlways.has(_id)) {
      return {
        [op]: {
          _index,
          _id,
          status: 400,
          error: {
            type: "mapper_parsing_exception",
            // Real reasons quote the offending value: the indexer must not log them.
            reason: `failed to parse field [price] of type [float] in document with id '${_id}'. Preview of field's value: '${JSON.stringify(document)}'`,
            caused_by: { type: "number_format_exception", reason: "For input string" },
          },
        },
      };
    }
    const existed = index.has(_id);
    index.set(_id, document);
    versions.set(_id, { version: nextVersion });
    return { [op]: { _index, _id, _version: nextVersion, result: existed ? "updated" : "created", _shards: shards, _seq_no: 0, _primary_term: 1, status: existed ? 200 : 201 } };
  }

  private async checkRequest(request: IncomingMessage, body: string): Promise<{ status: number; type: string; message: string } | undefined> {
    if (request.method !== "POST" || request.url !== "/_bulk") {
      return { status: 405, type: "illegal_argument_exception", message: `unexpected ${request.method} ${request.url}` };
    }
    if (request.headers["content-type"] !== "application/x-ndjson") {
      return { status: 406, type: "content_type_exception", message: `Content-Type header [${request.headers["content-type"]}] is not supported` };
    }
    const authorization = request.headers["authorization"] ?? "";
    const amzDate = request.headers["x-amz-date"];
    const contentSha = request.headers["x-amz-content-sha256"];
    const match = /^AWS4-HMAC-SHA256 Credential=[^/]+\/(\d{8})\/([^/]+)\/es\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(authorization);
    if (match === null || typeof amzDate !== "string" || typeof contentSha !== "string") {
      return { status: 403, type: "security_exception", message: "missing or malformed SigV4 authorization for service es" };
    }
    if (contentSha !== createHash("sha256").update(body).digest("hex")) {
      return { status: 403, type: "security_exception", message: "x-amz-content-sha256 does not match the body" };
    }
    // Re-sign the request as received and compare: proves the client signed what it sent.
    const signedHeaders = (match[3] ?? "").split(";");
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = request.headers[name];
      headers[name] = Array.isArray(value) ? value.join(",") : (value ?? "");
    }
    const expected = await this.verifier.sign(
      { method: "POST", protocol: "http:", hostname: "127.0.0.1", path: "/_bulk", query: {}, headers, body },
      { signingDate: parseAmzDate(amzDate) },
    );
    if (expected.headers["authorization"] !== authorization) {
      return { status: 403, type: "security_exception", message: "The request signature we calculated does not match the signature you provided" };
    }
    return undefined;
  }
}

const shards = { total: 2, successful: 2, failed: 0 };

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify(body));
}

function parseAmzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) {
    throw new Error(`bad x-amz-date ${value}`);
  }
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** Parses a bulk body like OpenSearch: action lines, each but delete followed by a document line; a final newline. */
function parseNdjson(body: string): { action: BulkItem; document?: unknown }[] | string {
  if (!body.endsWith("\n")) {
    return "The bulk request must be terminated by a newline [\\n]";
  }
  const lines = body.slice(0, -1).split("\n");
  const actions: { action: BulkItem; document?: unknown }[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    let action: unknown;
    try {
      action = JSON.parse(lines[i] ?? "");
    } catch {
      return `Malformed action/metadata line [${i + 1}]`;
    }
    const entries = typeof action === "object" && action !== null ? Object.entries(action) : [];
    const [op, meta] = entries[0] ?? [];
    if (entries.length !== 1 || !["index", "create", "delete"].includes(op ?? "") || typeof meta?._id !== "string" || typeof meta?._index !== "string") {
      return `Malformed action/metadata line [${i + 1}], expected a single index, create or delete action with _index and _id`;
    }
    // OpenSearch takes a whole non-negative version, and external versions need version_type.
    if (meta.version !== undefined && (!Number.isSafeInteger(meta.version) || meta.version < 0 || meta.version_type !== "external")) {
      return `Malformed action/metadata line [${i + 1}]: version must be a whole number with version_type external`;
    }
    if (meta.version === undefined && meta.version_type !== undefined) {
      return `Validation Failed: 1: an external version type needs a version on line [${i + 1}]`;
    }
    if (op === "delete") {
      actions.push({ action: action as BulkItem });
      continue;
    }
    i += 1;
    let document: unknown;
    try {
      document = JSON.parse(lines[i] ?? "");
    } catch {
      return `action [${op}] on line [${i}] is not followed by a JSON document`;
    }
    if (typeof document !== "object" || document === null || Array.isArray(document)) {
      return `action [${op}] on line [${i}] is not followed by a JSON object`;
    }
    actions.push({ action: action as BulkItem, document });
  }
  return actions;
}
