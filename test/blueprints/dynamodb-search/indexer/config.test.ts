import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError, loadConfig } from "../../../../blueprints/dynamodb-search/functions/indexer/config";

const valid = {
  OPENSEARCH_ENDPOINT: "search-orders-abc123.eu-west-1.es.amazonaws.com",
  INDEX_NAME: "orders",
  AWS_REGION: "eu-west-1",
};

describe("loadConfig", () => {
  it("reads the contract's variables, with 3 attempts by default", () => {
    expect(loadConfig(valid)).toEqual({ endpoint: valid.OPENSEARCH_ENDPOINT, indexName: "orders", region: "eu-west-1", maxAttempts: 3 });
  });

  it("takes MAX_ATTEMPTS when set", () => {
    expect(loadConfig({ ...valid, MAX_ATTEMPTS: "5" }).maxAttempts).toBe(5);
  });

  it.each([
    [{ OPENSEARCH_ENDPOINT: undefined }, "OPENSEARCH_ENDPOINT must be set"],
    [{ OPENSEARCH_ENDPOINT: " " }, "OPENSEARCH_ENDPOINT must be set"],
    [{ OPENSEARCH_ENDPOINT: "https://search-orders.eu-west-1.es.amazonaws.com" }, 'OPENSEARCH_ENDPOINT must be the domain endpoint host without scheme or path, e.g. search-orders-abc123.eu-west-1.es.amazonaws.com (got "https://search-orders.eu-west-1.es.amazonaws.com")'],
    [{ OPENSEARCH_ENDPOINT: "search-orders.eu-west-1.es.amazonaws.com/_bulk" }, "OPENSEARCH_ENDPOINT must be the domain endpoint host"],
    [{ INDEX_NAME: undefined }, "INDEX_NAME must be set"],
    [{ INDEX_NAME: "Orders" }, "INDEX_NAME must be a valid OpenSearch index name"],
    [{ INDEX_NAME: "_orders" }, "INDEX_NAME must be a valid OpenSearch index name"],
    [{ INDEX_NAME: "orders,customers" }, "INDEX_NAME must be a valid OpenSearch index name"],
    [{ AWS_REGION: undefined }, "AWS_REGION must be set"],
    [{ MAX_ATTEMPTS: "0" }, 'MAX_ATTEMPTS must be an integer from 1 to 10 (got "0")'],
    [{ MAX_ATTEMPTS: "11" }, "MAX_ATTEMPTS must be an integer from 1 to 10"],
    [{ MAX_ATTEMPTS: "2.5" }, "MAX_ATTEMPTS must be an integer from 1 to 10"],
    [{ MAX_ATTEMPTS: "" }, "MAX_ATTEMPTS must be an integer from 1 to 10"],
  ])("rejects %o naming the variable", (override, message) => {
    const load = () => loadConfig({ ...valid, ...override });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});

describe("handler.ts at cold start", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("fails to load, naming the variable, when the environment is incomplete", async () => {
    vi.stubEnv("OPENSEARCH_ENDPOINT", valid.OPENSEARCH_ENDPOINT);
    vi.stubEnv("INDEX_NAME", undefined);
    vi.stubEnv("AWS_REGION", valid.AWS_REGION);

    await expect(import("../../../../blueprints/dynamodb-search/functions/indexer/handler.js")).rejects.toThrow("INDEX_NAME must be set");
  });

  it("exports the handler when the environment is complete", async () => {
    for (const [name, value] of Object.entries(valid)) {
      vi.stubEnv(name, value);
    }

    const module = await import("../../../../blueprints/dynamodb-search/functions/indexer/handler.js");

    expect(module.handler).toBeTypeOf("function");
    expect(module.createHandler).toBeTypeOf("function");
  });
});
