import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { RAW_TABLE_COLUMNS } from "../../../blueprints/msk-data-lake/raw-table";
import { pyCompile } from "../../support/plan-checks";

const SCRIPT = path.resolve(__dirname, "../../../blueprints/msk-data-lake/glue/curate_raw_zone.py");

describe("msk-data-lake Glue script", () => {
  it("compiles", () => expect(() => pyCompile(SCRIPT)).not.toThrow());

  it("a syntax error fails the compile check", () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "broken-")), "broken.py");
    fs.writeFileSync(broken, "def main(:\n    pass\n");
    expect(() => pyCompile(broken)).toThrow();
  });

  it("reads the arguments the blueprint passes and the raw table's columns", () => {
    const source = fs.readFileSync(SCRIPT, "utf8");
    for (const argument of ["raw_path", "curated_path", "database", "curated_table"]) expect(source).toContain(`"${argument}"`);
    for (const { name } of RAW_TABLE_COLUMNS) expect(source).toContain(`"${name}"`);
  });
});
