import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

/** Runs `script` in a new Node process at the repository root and returns what it printed, as JSON. */
function inNewProcess(script: string): Record<string, unknown> {
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as Record<string, unknown>;
}


describe("deferTypeScript", () => {
  it("keeps the compiler out of a process that loads Pulumi's SDK under tsx and never serialises a closure", () => {
    // tsx probes every module's exports as it loads it: that probe must not load the compiler.
    const seen = inNewProcess(`
      const deferred = require("./api/startup/defer-typescript.js").deferTypeScript();
      require("tsx/cjs");
      require("@pulumi/pulumi");
      const file = require.resolve("typescript");
      const entry = require.cache[file];
      // Reading a property would load it: ask whether it is the stand-in without touching it.
      console.log(JSON.stringify({ deferred, cachedIsStandIn: require("node:util").types.isProxy(entry.exports) }));
    `);
    expect(seen).toEqual({ deferred: true, cachedIsStandIn: true });
  });

  it("loads the real compiler on first use: the SDK still serialises a closure, and require gets the real module after", () => {
    const seen = inNewProcess(`
      require("./api/startup/defer-typescript.js").deferTypeScript();
      const pulumi = require("@pulumi/pulumi");
      class Counter { constructor() { this.n = 41; } next() { return this.n + 1; } }
      pulumi.runtime.serializeFunction(() => new Counter().next()).then((s) => {
        const direct = require("typescript");
        console.log(JSON.stringify({ serialized: s.text.includes("this.n + 1"), version: direct.version, real: typeof direct.createSourceFile === "function" && !require("node:util").types.isProxy(direct), sameAsInstalled: direct.version === require("typescript/package.json").version }));
      });
    `);
    expect(seen).toMatchObject({ serialized: true, real: true, sameAsInstalled: true });
  });

  it("does nothing when the compiler is already loaded", () => {
    const seen = inNewProcess(`
      const real = require("typescript");
      const deferred = require("./api/startup/defer-typescript.js").deferTypeScript();
      console.log(JSON.stringify({ deferred, same: require("typescript") === real }));
    `);
    expect(seen).toEqual({ deferred: false, same: true });
  });
});
