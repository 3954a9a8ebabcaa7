import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

export const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
export const REGION = "eu-west-1";

interface Mapping {
  backend_roles: string[];
  users: string[];
  hosts: string[];
  and_backend_roles: string[];
  reserved: boolean;
  hidden: boolean;
}

/**
 * A stand-in for an OpenSearch Service domain's security REST API and index settings, on
 * 127.0.0.1: roles, role mappings (GET answers `{ "<role>": {...} }`, PUT replaces, as the
 * guide warns), index creation with settings and `_settings` updates. It checks the SigV4
 * signature of every call against `CREDENTIALS` for service `es` and records what it received.
 */
export class FakeSecurityApi {
  readonly roles = new Map<string, unknown>();
  readonly mappings = new Map<string, Mapping>();
  readonly indexSettings = new Map<string, Record<string, unknown>>();
  readonly calls: string[] = [];
  readonly violations: string[] = [];
  /** Answers the next calls with this status before behaving (a domain still starting up). */
  private refusals: { status: number; remaining: number } | undefined;
  /** Paths refused for good with 400. */
  readonly refusePaths = new Set<string>();
  endpoint = "";

  private readonly verifier = new SignatureV4({ service: "es", region: REGION, credentials: CREDENTIALS, sha256: Sha256 });
  private readonly server = createServer((request, response) => {
    this.handle(request, response).catch((error: unknown) => {
      this.violations.push(`fake crashed: ${String(error)}`);
      response.writeHead(500).end();
    });
  });

  static async start(): Promise<FakeSecurityApi> {
    const fake = new FakeSecurityApi();
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.endpoint = `127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  /** A new domain: the master user mapped to all_access and security_manager, as OpenSearch Service does. */
  reset(masterArn: string): void {
    this.roles.clear();
    this.mappings.clear();
    this.indexSettings.clear();
    this.calls.length = 0;
    this.violations.length = 0;
    this.refusals = undefined;
    this.refusePaths.clear();
    for (const role of ["all_access", "security_manager"]) this.mappings.set(role, { backend_roles: [masterArn], users: [], hosts: [], and_backend_roles: [], reserved: false, hidden: false });
  }

  refuseNext(status: number, count: number): void {
    this.refusals = { status, remaining: count };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const method = request.method ?? "";
    const path = request.url ?? "";
    this.calls.push(`${method} ${path}`);

    if (!(await this.signedCorrectly(request, body))) {
      this.violations.push(`unsigned or badly signed ${method} ${path}`);
      return json(response, 403, { message: "The request signature we calculated does not match the signature you provided." });
    }
    if (this.refusals !== undefined && this.refusals.remaining > 0) {
      this.refusals.remaining -= 1;
      return json(response, this.refusals.status, { error: { type: "security_exception", reason: "no permissions" }, status: this.refusals.status });
    }
    if (this.refusePaths.has(path)) return json(response, 400, { error: { type: "illegal_argument_exception", reason: "refused" }, status: 400 });
    const parsed = body === "" ? undefined : (JSON.parse(body) as Record<string, unknown>);

    const role = /^\/_plugins\/_security\/api\/roles\/([^/]+)$/.exec(path)?.[1];
    if (role !== undefined) {
      if (method === "PUT") {
        const existed = this.roles.has(role);
        this.roles.set(role, parsed);
        return json(response, existed ? 200 : 201, { status: existed ? "OK" : "CREATED", message: `'${role}' ${existed ? "updated" : "created"}.` });
      }
      if (method === "DELETE") return this.roles.delete(role) ? json(response, 200, { status: "OK" }) : json(response, 404, { status: "NOT_FOUND" });
    }
    const mapped = /^\/_plugins\/_security\/api\/rolesmapping\/([^/]+)$/.exec(path)?.[1];
    if (mapped !== undefined) {
      if (method === "GET") {
        const mapping = this.mappings.get(mapped);
        return mapping === undefined ? json(response, 404, { status: "NOT_FOUND", message: `'${mapped}' not found.` }) : json(response, 200, { [mapped]: mapping });
      }
      if (method === "PUT") {
        const value = parsed as Partial<Mapping>;
        this.mappings.set(mapped, { backend_roles: value.backend_roles ?? [], users: value.users ?? [], hosts: value.hosts ?? [], and_backend_roles: value.and_backend_roles ?? [], reserved: false, hidden: false });
        return json(response, 200, { status: "OK" });
      }
      if (method === "DELETE") return this.mappings.delete(mapped) ? json(response, 200, { status: "OK" }) : json(response, 404, { status: "NOT_FOUND" });
    }
    const settings = /^\/([a-z0-9][a-z0-9_.-]*)\/_settings$/.exec(path)?.[1];
    if (settings !== undefined && method === "PUT") {
      if (!this.indexSettings.has(settings)) return json(response, 404, { error: { type: "index_not_found_exception" }, status: 404 });
      this.indexSettings.set(settings, { ...this.indexSettings.get(settings), ...parsed });
      return json(response, 200, { acknowledged: true });
    }
    const index = /^\/([a-z0-9][a-z0-9_.-]*)$/.exec(path)?.[1];
    if (index !== undefined && method === "PUT") {
      if (this.indexSettings.has(index)) return json(response, 400, { error: { type: "resource_already_exists_exception", reason: `index [${index}] already exists` }, status: 400 });
      this.indexSettings.set(index, { ...((parsed?.["settings"] as Record<string, unknown> | undefined) ?? {}) });
      return json(response, 200, { acknowledged: true, index });
    }
    this.violations.push(`unexpected ${method} ${path}`);
    return json(response, 405, { error: { type: "illegal_argument_exception" }, status: 405 });
  }

  private async signedCorrectly(request: IncomingMessage, body: string): Promise<boolean> {
    const authorization = request.headers["authorization"] ?? "";
    const match = /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/es\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(authorization);
    const amzDate = request.headers["x-amz-date"];
    if (match === null || typeof amzDate !== "string") return false;
    const headers: Record<string, string> = {};
    for (const name of (match[1] ?? "").split(";")) {
      const value = request.headers[name];
      headers[name] = Array.isArray(value) ? value.join(",") : (value ?? "");
    }
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)!;
    const signingDate = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
    const expected = await this.verifier.sign(
      { method: request.method ?? "", protocol: "http:", hostname: "127.0.0.1", path: request.url ?? "", query: {}, headers, ...(body === "" ? {} : { body }) },
      { signingDate },
    );
    return expected.headers["authorization"] === authorization;
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify(body));
}
