import * as path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The layering rule in eslint.config.mjs, run as `eslint .` runs it: a snippet linted as if
 * it were a file at `filePath`. It proves the rule bites where it should (a route reaching
 * for the store, by value or by type) and stays quiet for what each layer may import.
 */
const eslint = new ESLint({ cwd: path.resolve(__dirname, "../..") });

async function restrictions(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result!.messages;
  // Anything other than the layering rule would mean the snippet, not the rule, is at fault.
  expect(messages.filter((m) => m.ruleId !== "no-restricted-imports")).toEqual([]);
  return messages.map((m) => m.message);
}

describe("the layers' import rule", () => {
  it("refuses a route that imports the store", async () => {
    const messages = await restrictions('import { StoreConflictError } from "../../store/store";\nexport const conflict = StoreConflictError;\n', "api/http/routes/x.ts");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("Routes talk only to services");
  });

  it("refuses a route's type-only import of the store, the engine, the worker or the planner", async () => {
    for (const [module, name] of [["../../store/store", "Store"], ["../../engine/engine", "DeploymentEngine"], ["../../operations/event-bus", "EventBus"], ["../../plans/planner", "Planner"]]) {
      expect(await restrictions(`import type { ${name} } from "${module}";\nexport type T = ${name};\n`, "api/http/routes/x.ts")).toHaveLength(1);
    }
  });

  it("lets a route import services, HTTP helpers and the domain", async () => {
    const code = [
      'import type { DeploymentService } from "../../service/deployment-service";',
      'import { NotFoundError } from "../../domain/errors";',
      'import { guarded } from "../access";',
      "export type T = DeploymentService;",
      "export const refs = [NotFoundError, guarded];",
      "",
    ].join("\n");
    expect(await restrictions(code, "api/http/routes/x.ts")).toEqual([]);
  });

  it("refuses upward imports below the routes", async () => {
    expect(await restrictions('import type { AppEnv } from "../http/app-env";\nexport type T = AppEnv;\n', "api/service/x.ts")).toHaveLength(1);
    expect(await restrictions('import type { PlanService } from "../service/plan-service";\nexport type T = PlanService;\n', "api/plans/x.ts")).toHaveLength(1);
    expect(await restrictions('import type { AppEnv } from "../http/app-env";\nexport type T = AppEnv;\n', "api/store/x.ts")).toHaveLength(1);
    expect(await restrictions('import type { Store } from "../store/store";\nexport type T = Store;\n', "api/domain/x.ts")).toHaveLength(1);
  });

  it("lets a service import the store, the engine and the planner", async () => {
    const code = 'import type { Store } from "../store/store";\nimport type { Planner } from "../plans/planner";\nexport type T = [Store, Planner];\n';
    expect(await restrictions(code, "api/service/x.ts")).toEqual([]);
  });
});
