/**
 * The indexer's environment. The variable names are the contract with the Pulumi component that
 * deploys the function; renaming one here without changing it there breaks every deployment.
 */
export interface IndexerConfig {
  /** `OPENSEARCH_ENDPOINT`: the domain endpoint host, without scheme or path; requests go over https. */
  readonly endpoint: string;
  /** `INDEX_NAME`: the index (or write alias) every change is written to. */
  readonly indexName: string;
  /** `AWS_REGION`: set by Lambda; the region requests are signed for. */
  readonly region: string;
  /** `MAX_ATTEMPTS`: attempts per bulk item including the first. Default 3. */
  readonly maxAttempts: number;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
// Each attempt waits longer than the last; past ten the batch is better handed back to Lambda,
// whose own bounded retries and bisection take over.
export const MAX_MAX_ATTEMPTS = 10;

/** A missing or malformed environment variable; `variable` names it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable} ${message}`);
    this.name = "ConfigError";
  }
}

// A host name or IPv4 address with an optional port: the domain endpoint as the OpenSearch
// console and the `aws.opensearch.Domain` output `endpoint` print it.
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;
// OpenSearch index naming rules: lowercase, no \ / * ? " < > | , # : or space, not starting with
// - _ +, not . or .., at most 255 bytes.
const INDEX_FORBIDDEN = /[\\/*?"<>|,#:\s]/;

/** Reads and validates the environment; throws a {@link ConfigError} naming the first bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): IndexerConfig {
  return {
    endpoint: endpointFrom(env),
    indexName: indexNameFrom(env),
    region: required(env, "AWS_REGION"),
    maxAttempts: maxAttemptsFrom(env),
  };
}

function required(env: Readonly<Record<string, string | undefined>>, variable: string): string {
  const value = env[variable]?.trim();
  if (value === undefined || value === "") {
    throw new ConfigError(variable, "must be set");
  }
  return value;
}

function endpointFrom(env: Readonly<Record<string, string | undefined>>): string {
  const endpoint = required(env, "OPENSEARCH_ENDPOINT");
  if (!HOST.test(endpoint)) {
    // The endpoint is not a secret, and echoing it makes a stray "https://" obvious.
    throw new ConfigError(
      "OPENSEARCH_ENDPOINT",
      `must be the domain endpoint host without scheme or path, e.g. search-orders-abc123.eu-west-1.es.amazonaws.com (got "${endpoint}")`,
    );
  }
  return endpoint;
}

function indexNameFrom(env: Readonly<Record<string, string | undefined>>): string {
  const indexName = required(env, "INDEX_NAME");
  const valid =
    indexName === indexName.toLowerCase() &&
    !INDEX_FORBIDDEN.test(indexName) &&
    !/^[-_+]/.test(indexName) &&
    indexName !== "." &&
    indexName !== ".." &&
    Buffer.byteLength(indexName, "utf8") <= 255;
  if (!valid) {
    throw new ConfigError(
      "INDEX_NAME",
      `must be a valid OpenSearch index name: lowercase, at most 255 bytes, not starting with - _ +, without \\ / * ? " < > | , # : or spaces (got "${indexName}")`,
    );
  }
  return indexName;
}

function maxAttemptsFrom(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env["MAX_ATTEMPTS"];
  if (raw === undefined) {
    return DEFAULT_MAX_ATTEMPTS;
  }
  const attempts = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_MAX_ATTEMPTS) {
    throw new ConfigError("MAX_ATTEMPTS", `must be an integer from 1 to ${MAX_MAX_ATTEMPTS} (got "${raw}")`);
  }
  return attempts;
}
