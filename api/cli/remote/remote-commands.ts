import { Command, Option } from "commander";
import { EXIT } from "../exit-codes";
import { readJsonFile } from "../read-json-file";
import { UsageError } from "../usage-error";
import { followOperation, isFinished, type OperationView } from "./follow-operation";
import { ServiceClient } from "./service-client";
import { eventLine, fields, table } from "./text-output";
import { registerUpgradeCommands } from "./upgrade-commands";

export interface RemoteIo {
  out(text: string): void;
  /** Set by each command: what the process exits with. */
  exit(code: number): void;
  env: NodeJS.ProcessEnv;
}

interface DeploymentView {
  name: string;
  team: string;
  blueprint: string;
  region: string;
  blueprintVersion?: string;
  upgradeAvailable?: { from: string; to: string } | null;
  status: string;
  params: unknown;
  tags: Record<string, string>;
  outputs: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  recentOperations?: OperationView[];
}

interface Accepted {
  deployment: DeploymentView;
  operation: OperationView;
}

const DEFAULT_SERVER = "http://127.0.0.1:8080";
const FOLLOW_INTERVAL_MS = 1000;

/** Options every service command takes; `--server` and the token also come from the environment. */
function serviceCommand(command: Command): Command {
  return command
    .addOption(new Option("--server <url>", "the service's base URL").env("SLIPSTREAM_SERVER").default(DEFAULT_SERVER))
    .addOption(new Option("--json", "print the service's JSON as it is"));
}

function clientFor(options: { server: string }, io: RemoteIo): ServiceClient {
  return new ServiceClient({ server: options.server, token: io.env["SLIPSTREAM_TOKEN"] || undefined });
}

/** Reads a request file as `slipstream plan` and `check` take it: `{ "params": {…}, "tags": {…} }`. */
function requestFile(file: string): { params?: unknown; tags?: unknown } {
  const request = readJsonFile(file, "--request");
  if (typeof request !== "object" || request === null || Array.isArray(request)) throw new UsageError(`--request ${file}: expected a JSON object with "params" and "tags"`);
  return request as { params?: unknown; tags?: unknown };
}

/** After an accepted change: print it, and with --wait follow the operation; exit from its outcome. */
async function reportAccepted(accepted: Accepted, options: { json?: boolean; wait?: boolean }, client: ServiceClient, io: RemoteIo): Promise<void> {
  const { operation } = accepted;
  if (!options.wait) {
    io.out(options.json ? JSON.stringify(accepted, null, 2) : `${operation.kind} of ${operation.deployment} queued: operation ${operation.id}\nfollow it with: slipstream operations logs ${operation.id} --follow`);
    return;
  }
  if (!options.json) io.out(`${operation.kind} of ${operation.deployment}: operation ${operation.id}`);
  const ended = await followOperation(client, operation.id, (e) => io.out(options.json ? JSON.stringify(e) : eventLine(e)), FOLLOW_INTERVAL_MS);
  io.exit(outcomeExit(ended, options, io));
}

function outcomeExit(operation: OperationView, options: { json?: boolean }, io: RemoteIo): number {
  if (options.json) io.out(JSON.stringify(operation));
  else io.out(`${operation.kind} ${operation.status}${operation.error ? `: ${operation.error.title} — ${operation.error.detail}` : ""}`);
  return operation.status === "succeeded" ? EXIT.ok : EXIT.failed;
}

export function registerDeploymentCommands(program: Command, io: RemoteIo): void {
  const deployments = program.command("deployments").description("list, read, create, update and destroy deployments on the service");

  serviceCommand(deployments.command("list").description("live deployments you can see, by name"))
    .option("--team <team>", "only this team's (the service admin sees every team)")
    .option("--blueprint <id>")
    .option("--status <status>", "pending, active, failed or destroying")
    .option("--environment <tag>", "the `environment` tag")
    .option("--owner <tag>", "the `owner` tag")
    .option("--upgrade-available", "only deployments on an older blueprint version than the service runs")
    .action(async (options: { server: string; json?: boolean; team?: string; blueprint?: string; status?: string; environment?: string; owner?: string; upgradeAvailable?: boolean }) => {
      const client = clientFor(options, io);
      const all: DeploymentView[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.get<{ deployments: DeploymentView[]; next: string | null }>("/v1/deployments", { team: options.team, blueprint: options.blueprint, status: options.status, environment: options.environment, owner: options.owner, upgradeAvailable: options.upgradeAvailable ? "true" : undefined, limit: 100, cursor });
        all.push(...page.deployments);
        cursor = page.next ?? undefined;
      } while (cursor !== undefined);
      io.out(options.json ? JSON.stringify(all, null, 2) : table(["NAME", "BLUEPRINT", "STATUS", "REGION", "TEAM", "UPDATED"], all.map((d) => [d.name, d.blueprint, d.status, d.region, d.team, d.updatedAt])));
    });

  serviceCommand(deployments.command("get").description("a deployment: status, outputs and recent operations").argument("<name>")).action(async (name: string, options: { server: string; json?: boolean }) => {
    const d = await clientFor(options, io).get<DeploymentView>(`/v1/deployments/${encodeURIComponent(name)}`);
    if (options.json) {
      io.out(JSON.stringify(d, null, 2));
      return;
    }
    io.out(fields([["name", d.name], ["blueprint", `${d.blueprint} ${d.blueprintVersion ?? ""}`.trim()], ...(d.upgradeAvailable ? [["upgrade", `${d.upgradeAvailable.from} → ${d.upgradeAvailable.to} (slipstream deployments upgrade-plan ${d.name})`] as [string, unknown]] : []), ["status", d.status], ["region", d.region], ["team", d.team], ["tags", d.tags], ["outputs", d.outputs], ["updated", d.updatedAt]]));
    const recent = d.recentOperations ?? [];
    if (recent.length > 0) io.out(`\n${table(["OPERATION", "KIND", "STATUS"], recent.map((o) => [o.id, o.kind, o.status]))}`);
  });

  serviceCommand(deployments.command("create").description("validate, plan and deploy a blueprint (the request file `slipstream plan` takes)").argument("<name>"))
    .requiredOption("--blueprint <id>", "the blueprint to deploy")
    .requiredOption("--request <file>", 'JSON: { "params": {…}, "tags": {…} }')
    .option("--region <region>")
    .option("--team <team>", "the owning team (the service admin must name one)")
    .option("--wait", "follow the operation and exit from its outcome")
    .action(async (name: string, options: { server: string; json?: boolean; blueprint: string; request: string; region?: string; team?: string; wait?: boolean }) => {
      const request = requestFile(options.request);
      const client = clientFor(options, io);
      const body = { name, blueprint: options.blueprint, ...(options.region ? { region: options.region } : {}), ...(options.team ? { team: options.team } : {}), params: request.params ?? {}, tags: request.tags ?? {} };
      await reportAccepted(await client.send<Accepted>("POST", "/v1/deployments", body), options, client, io);
    });

  serviceCommand(deployments.command("update").description("change a deployment's params (and tags, when the file has them)").argument("<name>"))
    .requiredOption("--request <file>", 'JSON: { "params": {…}, "tags": {…} }')
    .option("--wait", "follow the operation and exit from its outcome")
    .action(async (name: string, options: { server: string; json?: boolean; request: string; wait?: boolean }) => {
      const request = requestFile(options.request);
      const client = clientFor(options, io);
      const body = { params: request.params ?? {}, ...(request.tags !== undefined ? { tags: request.tags } : {}) };
      await reportAccepted(await client.send<Accepted>("PATCH", `/v1/deployments/${encodeURIComponent(name)}`, body), options, client, io);
    });

  serviceCommand(deployments.command("destroy").description("destroy a deployment's resources; its history stays readable").argument("<name>"))
    .option("--wait", "follow the operation and exit from its outcome")
    .action(async (name: string, options: { server: string; json?: boolean; wait?: boolean }) => {
      const client = clientFor(options, io);
      await reportAccepted(await client.send<Accepted>("DELETE", `/v1/deployments/${encodeURIComponent(name)}`), options, client, io);
    });

  registerUpgradeCommands<Accepted>(deployments, {
    serviceCommand,
    clientFor: (options) => clientFor(options, io),
    out: (text) => io.out(text),
    reportAccepted: (accepted, options, client) => reportAccepted(accepted, options, client, io),
  });
}

export function registerOperationCommands(program: Command, io: RemoteIo): void {
  const operations = program.command("operations").description("read and follow operations");

  serviceCommand(operations.command("get").description("an operation's status, outcome and summary").argument("<id>")).action(async (id: string, options: { server: string; json?: boolean }) => {
    const operation = await clientFor(options, io).get<OperationView & Record<string, unknown>>(`/v1/operations/${encodeURIComponent(id)}`);
    io.out(options.json ? JSON.stringify(operation, null, 2) : fields(Object.entries(operation)));
  });

  serviceCommand(operations.command("logs").description("an operation's events; with --follow, until it ends (exit 0 if it succeeded, 1 if not)").argument("<id>"))
    .option("--follow", "keep printing events while it runs")
    .action(async (id: string, options: { server: string; json?: boolean; follow?: boolean }) => {
      const client = clientFor(options, io);
      const print = (e: Parameters<typeof eventLine>[0]) => io.out(options.json ? JSON.stringify(e) : eventLine(e));
      if (options.follow) {
        const ended = await followOperation(client, id, print, FOLLOW_INTERVAL_MS);
        io.exit(outcomeExit(ended, options, io));
        return;
      }
      // Without --follow: what is recorded so far, and the status it has now.
      const operation = await client.get<OperationView>(`/v1/operations/${encodeURIComponent(id)}`);
      let after = 0;
      for (;;) {
        const page = await client.get<{ events: Parameters<typeof eventLine>[0][]; next: number | null }>(`/v1/operations/${encodeURIComponent(id)}/events`, { after, limit: 500 });
        page.events.forEach(print);
        if (page.next === null) break;
        after = page.next;
      }
      if (isFinished(operation)) io.exit(operation.status === "succeeded" ? EXIT.ok : EXIT.failed);
    });
}

export function registerBlueprintCommands(program: Command, io: RemoteIo): void {
  const blueprints = program.command("blueprints").description("the catalogue the service deploys");

  serviceCommand(blueprints.command("list").description("the blueprints, by id")).action(async (options: { server: string; json?: boolean }) => {
    const body = await clientFor(options, io).get<{ blueprints: { id: string; title: string }[] }>("/v1/blueprints");
    io.out(options.json ? JSON.stringify(body.blueprints, null, 2) : table(["ID", "TITLE"], body.blueprints.map((b) => [b.id, b.title])));
  });

  serviceCommand(blueprints.command("show").description("a blueprint: its description, parameters schema and example request").argument("<id>")).action(async (id: string, options: { server: string; json?: boolean }) => {
    const blueprint = await clientFor(options, io).get<Record<string, unknown>>(`/v1/blueprints/${encodeURIComponent(id)}`);
    io.out(JSON.stringify(blueprint, null, 2));
  });
}
