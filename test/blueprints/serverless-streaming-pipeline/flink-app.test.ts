import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CONNECTOR_JAR, defaultFlinkPackage, defaultFlinkProperties, FLINK_APP_DIR, FLINK_PROPERTY_CONTRACT, RUN_OPTIONS } from "../../../blueprints/serverless-streaming-pipeline/flink-app";
import { renderPlan } from "../../../programs/offline-plan/render-plan";
import { exampleOf } from "../../support/blueprint-requests";
import { pyCompile } from "../../support/plan-checks";
import { inputs, one } from "../../support/plan-queries";

// The pipeline's default PyFlink application: its pure logic under Python's unittest, the job
// compile-checked (PyFlink itself is not installed here), the property contract the blueprint
// sets against the one the code reads, and the ZIP Managed Flink runs.

const PY_ENV = { ...process.env, PYTHONPATH: FLINK_APP_DIR, PYTHONDONTWRITEBYTECODE: "1" };
const python = (args: string[], cwd = FLINK_APP_DIR) => spawnSync("python3", args, { cwd, env: PY_ENV, encoding: "utf8" });

describe("the default Flink application's code", () => {
  it("passes its unit tests (python -m unittest)", () => {
    const run = python(["-m", "unittest", "-v", "test_aggregates"], path.join(__dirname, "flink"));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Ran \d+ tests[\s\S]*OK/);
  });

  it("compiles: the job and its SQL builder", () => {
    for (const file of ["main.py", "aggregates.py"]) expect(() => pyCompile(path.join(FLINK_APP_DIR, file))).not.toThrow();
  });

  it("reads exactly the property groups and keys the blueprint documents", () => {
    const contract = JSON.parse(execFileSync("python3", ["-c", "import aggregates; print(aggregates.contract_json())"], { cwd: FLINK_APP_DIR, env: PY_ENV, encoding: "utf8" }));
    expect(contract).toEqual(FLINK_PROPERTY_CONTRACT);
  });

  it("sets every required property, and only contract keys", () => {
    const groups = defaultFlinkProperties({
      streamArn: "arn:aws:kinesis:us-east-1:000000000000:stream/s",
      region: "us-east-1",
      tableName: "t",
      columns: [{ name: "pk", type: "string" }, { name: "n", type: "int" }, { name: "text", type: "string" }],
      partitionKey: { name: "pk", type: "S" },
      windowSeconds: 60,
      initialPosition: "LATEST",
    });
    for (const [group, keys] of Object.entries(FLINK_PROPERTY_CONTRACT)) {
      for (const [key, need] of Object.entries(keys)) if (need === "required") expect(groups[group]?.[key], `${group} / ${key}`).toEqual(expect.any(String));
      for (const key of Object.keys(groups[group] ?? {})) expect(Object.keys(keys), `${group} / ${key}`).toContain(key);
    }
    expect(groups["slipstream.records"]).toEqual({ columns: "pk:string;n:int", "group.by": "pk", measures: "n", "window.seconds": "60" });
    expect(groups[RUN_OPTIONS]).toEqual({ python: "main.py", jarfile: CONNECTOR_JAR, pyFiles: "aggregates.py" });
  });

  it("leaves out measures when no field is numeric: Managed Flink refuses an empty property value", () => {
    const groups = defaultFlinkProperties({
      streamArn: "arn:aws:kinesis:us-east-1:000000000000:stream/s",
      region: "us-east-1",
      tableName: "t",
      columns: [{ name: "pk", type: "string" }, { name: "text", type: "string" }],
      partitionKey: { name: "pk", type: "S" },
      windowSeconds: 60,
      initialPosition: "LATEST",
    });
    expect(groups["slipstream.records"]).not.toHaveProperty("measures");
  });
});

describe("the default Flink application's package", () => {
  const assetNames = async (archive: unknown) => Object.keys(await (archive as { assets: Promise<Record<string, unknown>> }).assets);

  it("is a ZIP of the Python files at its root (and the connector jar when built), content-addressed", async () => {
    const pkg = defaultFlinkPackage();
    const names = await assetNames(pkg.archive);
    expect(names.sort()).toEqual(["aggregates.py", "main.py", ...(pkg.connectorJarBundled ? [CONNECTOR_JAR] : [])].sort());
    expect(pkg.fileKey).toMatch(/^flink\/pipeline-aggregates-[0-9a-f]{16}\.zip$/);
    expect(defaultFlinkPackage().fileKey).toBe(pkg.fileKey);
  });
});

describe("the default Flink application with the example's rendered properties", () => {
  const { example } = exampleOf("serverless-streaming-pipeline");

  it("accepts them, and refuses to start without its connector jar, saying how to build it", async () => {
    const plan = await renderPlan("serverless-streaming-pipeline", example, { name: "devices" });
    const groups = inputs(one(plan, "aws:kinesisanalyticsv2/application:Application")).applicationConfiguration.environmentProperties.propertyGroups as { propertyGroupId: string; propertyMap: Record<string, string> }[];
    // The file Managed Flink writes for a Python application: /etc/flink/application_properties.json.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "flink-props-")), "application_properties.json");
    fs.writeFileSync(file, JSON.stringify(groups.map((g) => ({ PropertyGroupId: g.propertyGroupId, PropertyMap: g.propertyMap }))));

    const check = python(["-c", `import json, aggregates as a; c = a.load_config(a.property_groups(json.load(open(${JSON.stringify(file)})))); print(a.insert_sql(c))`]);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toContain("GROUP BY window_start, window_end, `device_id`");
    expect(check.stdout).toContain("AVG(CAST(`temperature` AS DOUBLE)) AS `temperature_avg`");

    if (!defaultFlinkPackage().connectorJarBundled) {
      const start = python(["main.py", "--properties", file]);
      expect(start.status).not.toBe(0);
      expect(start.stderr).toContain(`the connector jar ${CONNECTOR_JAR} is not in the application package`);
    }
  });
});
