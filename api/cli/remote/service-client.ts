import { EXIT, exitCodeForStatus } from "../exit-codes";

/** A problem document (RFC 9457) as the service answers errors. */
export interface Problem {
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** The service refused or failed a request; `exitCode` is what the CLI exits with. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = "ServiceError";
  }

  static fromProblem(status: number, problem: Partial<Problem> | undefined): ServiceError {
    const lines = [`${status} ${problem?.title ?? "request failed"}${problem?.detail ? `: ${problem.detail}` : ""}`];
    for (const e of problem?.errors ?? []) lines.push(`  ${e.field}: ${e.message}`);
    return new ServiceError(lines.join("\n"), exitCodeForStatus(status));
  }
}

export interface ServiceClientOptions {
  /** Base URL, e.g. http://127.0.0.1:8080. */
  server: string;
  /** Sent as `Authorization: Bearer …`; an open (loopback) service needs none. */
  token: string | undefined;
  fetch?: typeof fetch;
}

/**
 * The CLI's HTTP client of the service: JSON in and out, problem documents turned into
 * `ServiceError`s with the CLI's exit code, an unreachable service said as such.
 */
export class ServiceClient {
  private readonly fetch: typeof fetch;
  readonly server: string;

  constructor(private readonly options: ServiceClientOptions) {
    this.fetch = options.fetch ?? fetch;
    let url: URL;
    try {
      url = new URL(options.server);
    } catch {
      throw new ServiceError(`--server must be a URL like http://127.0.0.1:8080, got "${options.server}"`, EXIT.usage);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new ServiceError(`--server must be an http or https URL, got "${options.server}"`, EXIT.usage);
    this.server = url.toString().replace(/\/+$/, "");
  }

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const params = new URLSearchParams(Object.entries(query).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])));
    const search = params.size > 0 ? `?${params.toString()}` : "";
    return this.send<T>("GET", `${path}${search}`);
  }

  async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.options.token) headers["authorization"] = `Bearer ${this.options.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await this.fetch(`${this.server}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ServiceError(`cannot reach the service at ${this.server} (${cause?.code ?? cause?.message ?? (err as Error).message}); is it running? (--server, SLIPSTREAM_SERVER)`, EXIT.unavailable);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw ServiceError.fromProblem(response.status, parsed as Partial<Problem> | undefined);
    return parsed as T;
  }
}
