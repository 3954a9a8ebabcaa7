import type { Command } from "commander";
import type { ServiceClient } from "./service-client";
import { fields, table } from "./text-output";

/** An upgrade plan as the service answers it (POST /v1/deployments/{name}/upgrade-plan). */
export interface UpgradePlanView {
  id: string;
  deployment: string;
  blueprint: string;
  fromVersion: string;
  toVersion: string;
  changes: { version: string; changes: string[] }[];
  baseline: string | null;
  diff: { added: { urn: string; type: string }[]; changed: { urn: string; type: string; properties: string[] }[]; removed: { urn: string; type: string }[]; unchanged: number };
  policy: { passed?: boolean; violations?: { policy: string; message: string }[] };
}

/** The plan as a reviewer reads it: the versions, the changelog between, then each resource change with its property paths. */
export function upgradePlanText(plan: UpgradePlanView): string {
  const rows = [
    ...plan.diff.added.map((r) => ["+ add", r.type, r.urn, ""]),
    ...plan.diff.changed.map((r) => ["~ change", r.type, r.urn, r.properties.join(", ")]),
    ...plan.diff.removed.map((r) => ["- remove", r.type, r.urn, ""]),
  ];
  const violations = plan.policy.violations ?? [];
  return [
    fields([
      ["deployment", plan.deployment],
      ["upgrade", `${plan.blueprint} ${plan.fromVersion} → ${plan.toVersion}`],
      ["plan id", plan.id],
      ["compared with", plan.baseline ?? "no applied plan kept (a deployment from before versions): every resource shows as added"],
      ["policy", plan.policy.passed === false ? `FAILS (${violations.length} violations)` : "passes"],
    ]),
    "",
    ...plan.changes.flatMap((c) => [`${c.version}:`, ...c.changes.map((line) => `  - ${line}`)]),
    "",
    rows.length > 0 ? table(["CHANGE", "TYPE", "URN", "PROPERTIES"], rows) : "no resource changes",
    `${plan.diff.unchanged} resources unchanged`,
    ...violations.map((v) => `policy ${v.policy}: ${v.message}`),
    "",
    `apply it with: slipstream deployments upgrade ${plan.deployment} --plan ${plan.id}`,
  ].join("\n");
}

export interface UpgradeCommandHelpers<A> {
  serviceCommand(command: Command): Command;
  clientFor(options: { server: string }): ServiceClient;
  out(text: string): void;
  reportAccepted(accepted: A, options: { json?: boolean; wait?: boolean }, client: ServiceClient): Promise<void>;
}

/** `deployments upgrade-plan <name>` and `deployments upgrade <name> --plan <id>`: the reviewed upgrade, from the terminal. */
export function registerUpgradeCommands<A>(deployments: Command, h: UpgradeCommandHelpers<A>): void {
  h.serviceCommand(deployments.command("upgrade-plan").description("plan the upgrade of a deployment to the blueprint version the service runs: the resource diff and policy report").argument("<name>")).action(
    async (name: string, options: { server: string; json?: boolean }) => {
      const plan = await h.clientFor(options).send<UpgradePlanView>("POST", `/v1/deployments/${encodeURIComponent(name)}/upgrade-plan`);
      h.out(options.json ? JSON.stringify(plan, null, 2) : upgradePlanText(plan));
    },
  );

  h.serviceCommand(deployments.command("upgrade").description("apply a reviewed upgrade plan (refused if the deployment changed since)").argument("<name>"))
    .requiredOption("--plan <id>", "the upgrade plan's id, from upgrade-plan")
    .option("--wait", "follow the operation and exit from its outcome")
    .action(async (name: string, options: { server: string; json?: boolean; plan: string; wait?: boolean }) => {
      const client = h.clientFor(options);
      await h.reportAccepted(await client.send<A>("POST", `/v1/deployments/${encodeURIComponent(name)}/upgrade`, { planId: options.plan }), options, client);
    });
}
