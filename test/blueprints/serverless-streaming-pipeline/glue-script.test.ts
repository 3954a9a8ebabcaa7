import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { pyCompile } from "../../support/plan-checks";

const SCRIPT = path.resolve(__dirname, "../../../blueprints/serverless-streaming-pipeline/glue/stream_to_lake.py");

describe("serverless-streaming-pipeline Glue streaming script", () => {
  it("compiles", () => expect(() => pyCompile(SCRIPT)).not.toThrow());

  it("reads the arguments the blueprint passes and checkpoints its stream position", () => {
    const source = fs.readFileSync(SCRIPT, "utf8");
    for (const argument of ["database", "stream_table", "lake_path", "checkpoint_path", "window_seconds"]) expect(source).toContain(`"${argument}"`);
    expect(source).toContain("forEachBatch");
    expect(source).toContain('"checkpointLocation"');
  });
});
