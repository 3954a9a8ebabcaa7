import * as fs from "node:fs";
import * as path from "node:path";
import type { SlipstreamPolicy } from "../../../policies/lib/slipstream-policy";
import type { CheckReport, EvaluateOptions } from "../../../policies/offline/evaluate";
import type { OfflineResource } from "../../../policies/offline/offline-resource";
import type { ResourceState } from "./backend";
import { CliError } from "./cli-args";
import type { PolicyRunner, Violation } from "./policy";
import { plainMap } from "./wire";

interface PackModules {
  policies: readonly SlipstreamPolicy[];
  name: string;
  version: string;
  evaluate: (resources: readonly OfflineResource[], options: EvaluateOptions) => Promise<CheckReport>;
}

/**
 * Loads a pack in Slipstream's layout: `all-policies.ts` exports the policy objects and the
 * pack name, `offline/evaluate.ts` runs them. The pack's entry (index.ts) is never loaded —
 * constructing a PolicyPack starts the analyzer server — so the stand-in evaluates the same
 * policy objects in-process instead of running the analyzer plugin.
 */
function loadPack(dir: string): PackModules {
  const entry = path.join(dir, "all-policies.ts");
  const evaluator = path.join(dir, "offline", "evaluate.ts");
  if (!fs.existsSync(entry) || !fs.existsSync(evaluator)) {
    throw new CliError(`the Pulumi CLI stand-in evaluates only policy packs with Slipstream's layout (all-policies.ts and offline/evaluate.ts); ${dir} has neither`);
  }
  // One bundle for both, so the evaluator and the loader share the same policy objects.
  const { requireCompiled } = require("../compiled-module") as { requireCompiled: (contents: string, resolveDir: string) => unknown };
  const pack = requireCompiled('export { slipstreamPolicies, PACK_NAME } from "./all-policies";\nexport { evaluatePolicies } from "./offline/evaluate";', dir);
  const { slipstreamPolicies, PACK_NAME, evaluatePolicies } = pack as { slipstreamPolicies: readonly SlipstreamPolicy[]; PACK_NAME: string; evaluatePolicies: PackModules["evaluate"] };
  let version = "0.0.0";
  try {
    version = (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version?: string }).version ?? version;
  } catch {
    // A pack without package.json reports 0.0.0, as an unversioned local pack.
  }
  return { policies: slipstreamPolicies, name: PACK_NAME, version, evaluate: evaluatePolicies };
}

const isStackPolicy = (p: SlipstreamPolicy) => "validateStack" in p && typeof (p as { validateStack?: unknown }).validateStack === "function";

function nameOf(urn: string): string {
  return urn.split("::").pop()!;
}

/** The runner for `--policy-pack DIR … --policy-pack-config FILE …`, paired by position as the CLI pairs them. */
export function loadPolicyPacks(dirs: string[], configs: string[], cwd: string): PolicyRunner | undefined {
  if (dirs.length === 0) return undefined;
  if (configs.length > 0 && configs.length !== dirs.length) {
    throw new CliError("the number of --policy-pack-config flags must match the number of --policy-pack flags");
  }
  const packs = dirs.map((dir, i) => {
    const modules = loadPack(path.resolve(cwd, dir));
    const configFile = configs[i];
    const config = configFile ? (JSON.parse(fs.readFileSync(path.resolve(cwd, configFile), "utf8")) as Record<string, unknown>) : undefined;
    if (config) {
      const known = new Set(["all", ...modules.policies.map((p) => p.name)]);
      const unknown = Object.keys(config).filter((k) => !known.has(k));
      if (unknown.length > 0) throw new CliError(`policy pack ${modules.name}: invalid policy pack config: unknown policy "${unknown[0]}"`);
    }
    return { ...modules, config };
  });

  const run = async (resources: OfflineResource[], stackLevel: boolean): Promise<Violation[]> => {
    const found: Violation[] = [];
    for (const pack of packs) {
      const policies = pack.policies.filter((p) => isStackPolicy(p) === stackLevel);
      // The evaluator checks config keys against the policies it runs; give each half its own.
      const names = new Set(["all", ...policies.map((p) => p.name)]);
      const config = pack.config ? Object.fromEntries(Object.entries(pack.config).filter(([k]) => names.has(k))) : undefined;
      let report: CheckReport;
      try {
        report = await pack.evaluate(resources, { policies, ...(config ? { config } : {}) });
      } catch (err) {
        throw new CliError(`policy pack ${pack.name}: ${(err as Error).message}`);
      }
      for (const v of report.violations) {
        const subject = v.resource ? resources.find((r) => r.type === v.resource!.type && r.name === v.resource!.name) : undefined;
        found.push({
          ...(subject ? { urn: subject.urn } : {}),
          message: v.message,
          policyName: v.policy,
          packName: pack.name,
          packVersion: pack.version,
          enforcementLevel: v.enforcementLevel,
        });
      }
    }
    return found;
  };

  return {
    packs: packs.map((p) => ({ name: p.name, version: p.version })),
    analyzeResource: (r) => run([{ type: r.type, name: r.name, urn: r.urn, props: r.inputs, parent: r.parent || null }], false),
    analyzeStack: (resources: ResourceState[]) =>
      run(
        resources.map((r) => ({
          type: r.type,
          name: nameOf(r.urn),
          urn: r.urn,
          props: plainMap(r.outputs ?? {}),
          parent: r.parent ?? null,
          dependencies: r.dependencies ?? [],
          propertyDependencies: r.propertyDependencies ?? {},
        })),
        true,
      ),
  };
}
