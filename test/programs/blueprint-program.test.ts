import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { exampleRequest } from "../../blueprints/catalogue";
import { RequestValidationError } from "../../blueprints/request";
import { blueprintProgram } from "../../programs/blueprint-program";
import { mockCloud } from "../../programs/offline-plan/mock-cloud";

const outputValue = (output: pulumi.Input<string>) => new Promise<string>((resolve) => pulumi.output(output).apply(resolve));

describe("blueprintProgram", () => {
  it("validates before it returns a program, naming the field", () => {
    expect(() => blueprintProgram("dynamodb-search", { params: { changeCapture: "triggers" }, tags: {} }, "ok-name")).toThrow(RequestValidationError);
    expect(() => blueprintProgram("dynamodb-search", exampleRequest("dynamodb-search"), "Bad_Name")).toThrow(/name/);
  });

  it("runs as a Pulumi program whose result is the blueprint's outputs", async () => {
    await pulumi.runtime.setMocks(mockCloud("eu-west-1"), "slipstream", "products", false);
    const program = blueprintProgram("dynamodb-search", exampleRequest("dynamodb-search"), "products");
    const outputs = (await program()) as Record<string, pulumi.Input<string>>;
    expect(Object.keys(outputs).sort()).toEqual(["alarmTopicArn", "changeStreamArn", "dashboardsUrl", "failureQueueUrl", "indexName", "indexerFunctionName", "searchEndpoint", "tableArn", "tableName"]);
    expect(await outputValue(outputs["searchEndpoint"]!)).toBe("search-products-search-plan.eu-west-1.es.amazonaws.com");
    expect(await outputValue(outputs["dashboardsUrl"]!)).toBe("https://search-products-search-plan.eu-west-1.es.amazonaws.com/_dashboards");
  });
});
