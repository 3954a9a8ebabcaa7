import { describe, expect, it } from "vitest";
import { humanize, setAt } from "../../api/console/form/json-value";
import { parseRoute } from "../../api/console/router";

// The console's form edits a request by field path, the path the server's field errors name.
describe("the console's request editing", () => {
  it("sets a value at a path without changing the original, creating objects and arrays on the way", () => {
    const request = { params: { stream: { mode: "on-demand" } }, tags: { owner: "a" } };
    const changed = setAt(request, ["params", "records", "columns", 1, "name"], "device_id");
    expect(changed).toEqual({ params: { stream: { mode: "on-demand" }, records: { columns: [undefined, { name: "device_id" }] } }, tags: { owner: "a" } });
    expect(request).toEqual({ params: { stream: { mode: "on-demand" } }, tags: { owner: "a" } });
  });

  it("removes a key set to undefined, so the server applies its default", () => {
    expect(setAt({ params: { stream: { mode: "on-demand", retentionHours: 168 } } }, ["params", "stream", "retentionHours"], undefined)).toEqual({ params: { stream: { mode: "on-demand" } } });
  });

  it("labels fields in words", () => {
    expect(humanize("retentionHours")).toBe("Retention hours");
    expect(humanize("cost-center")).toBe("Cost center");
    expect(humanize("kmsKeyArn")).toBe("Kms key arn");
  });
});

describe("the console's routes", () => {
  it("reads each page from the URL fragment, and anything else as the catalogue", () => {
    expect(parseRoute("#/blueprints/msk-data-lake/new")).toEqual({ page: "new", blueprint: "msk-data-lake" });
    expect(parseRoute("#/deployments/orders")).toEqual({ page: "deployment", name: "orders" });
    expect(parseRoute("#/deployments/orders/update")).toEqual({ page: "update", name: "orders" });
    expect(parseRoute("#/operations/01a2")).toEqual({ page: "operation", id: "01a2" });
    const list = parseRoute("#/deployments?status=active&owner=ops");
    expect(list.page === "deployments" && Object.fromEntries(list.query)).toEqual({ status: "active", owner: "ops" });
    expect(parseRoute("")).toEqual({ page: "catalogue" });
    expect(parseRoute("#/nowhere")).toEqual({ page: "catalogue" });
  });
});
