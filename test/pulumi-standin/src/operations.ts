import { CliError, flag, has, rejectUnsupported, type ParsedArgs } from "./cli-args";
import type { Deployment, ResourceState } from "./backend";
import { context, settingsFor, targetStack, type Context } from "./context";
import { CloudDrift } from "./cloud-drift";
import { deleteResource, isDefaultProvider, ProgramRun, stepMetadata } from "./deployment";
import { EventSink } from "./events";
import { loadPolicyPacks } from "./policy-pack";
import { projectProgram, requireConfirmation } from "./project-program";
import { knobsFromEnv, StandinProvider } from "./provider";
import { refreshMetadata, refreshResource, withoutDependenciesOn } from "./refresh-step";

/**
 * The first SIGINT asks the running operation to stop cleanly (finish in-flight steps, save
 * state, release the lock, exit non-zero); a second one exits at once, as the CLI does.
 */
function onInterrupt(ctx: Context, stop: (reason: string) => void): () => void {
  let interrupted = false;
  const handler = () => {
    if (interrupted) process.exit(255);
    interrupted = true;
    ctx.out("^C received; cancelling. If you would like to terminate immediately, press ^C again.");
    stop("update canceled");
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

function pendingOperationsError(stack: string, d: Deployment | undefined): CliError | undefined {
  const pending = d?.pending_operations ?? [];
  if (pending.length === 0) return undefined;
  const lines = pending.map((p) => `  * ${p.resource.urn}, interrupted while ${p.type}`);
  return new CliError(
    `the current deployment of ${stack} has ${pending.length} resource(s) with pending operations:\n${lines.join("\n")}\n\n` +
      "These resources are in an unknown state because the Pulumi CLI was interrupted while\n" +
      "waiting for changes to these resources to complete. You should confirm whether or not the\n" +
      "operations listed completed successfully by checking the state of the appropriate provider.\n\n" +
      "Once you have confirmed the status of the interrupted operations, you can repair your stack\n" +
      "using `pulumi refresh --clear-pending-creates` which will refresh the state from the provider you are using and\n" +
      "clear out the pending operations if the resources don't exist.\n\n" +
      "Alternatively, you can use `pulumi stack export` to export your stack to a file. For each operation that succeeded,\n" +
      "remove that operation from the \"pending_operations\" section of the file. Once this is complete,\n" +
      "use `pulumi stack import` to import the repaired stack.",
  );
}

function maskedConfig(ctx: Context, stack: string): Record<string, { value: string; secret: boolean }> {
  const all = settingsFor(ctx, stack).all();
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, { value: v.secret ? "[secret]" : v.value, secret: v.secret }]));
}

function parallelism(args: ParsedArgs): number {
  const raw = flag(args, "--parallel");
  const n = raw === undefined ? 0 : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : 64;
}

async function finish(events: EventSink, ok: boolean): Promise<void> {
  if (ok) events.emit({ cancelEvent: {} });
  await events.close();
}

/** `pulumi up` and `pulumi preview` of an inline program. */
export async function update(kind: "update" | "preview", args: ParsedArgs, cwd: string, out: (line: string) => void): Promise<number> {
  rejectUnsupported(kind === "update" ? "up" : "preview", args, ["--client", "--event-log", "--policy-pack", "--policy-pack-config", "--expect-no-changes", "--diff", "--run-program"]);
  const client = flag(args, "--client");
  if (!client && kind === "update") requireConfirmation("up", args);
  if (flag(args, "--run-program") === "false") throw new CliError("the Pulumi CLI stand-in does not support --run-program=false");
  const ctx = context(cwd, out);
  const stack = targetStack(ctx, args);
  const settings = settingsFor(ctx, stack);
  // As in the DIY backend: the lock comes first, then the engine looks at the state.
  const unlock = kind === "update" ? ctx.backend.lock(stack) : () => undefined;
  const events = new EventSink(flag(args, "--event-log"));
  const startTime = new Date().toISOString();
  let result;
  try {
    settings.secrets();
    const pending = pendingOperationsError(stack, ctx.backend.readRaw(stack));
    if (pending) throw pending;
    const policy = loadPolicyPacks(args.flags.get("--policy-pack") ?? [], args.flags.get("--policy-pack-config") ?? [], ctx.cwd);
    // Without --client the program is the project's own, run as the language host runs it.
    const launch = client ? undefined : projectProgram(ctx, stack, settings, { dryRun: kind === "preview", parallel: parallelism(args), events });
    const run = new ProgramRun({ kind: kind === "update" ? "update" : "preview", backend: ctx.backend, settings, stack, clientAddress: client ?? "", ...(launch ? { launch } : {}), events, knobs: knobsFromEnv(), policy, parallel: parallelism(args), out, cwd });
    const release = onInterrupt(ctx, (reason) => run.cancel(reason));
    try {
      result = await run.run();
    } finally {
      release();
    }
    if (result.ok && has(args, "--expect-no-changes") && Object.keys(result.changes).some((op) => op !== "same")) {
      result = { ...result, ok: false, error: "no changes were expected but changes occurred" };
    }
    if (kind === "update") {
      ctx.backend.appendHistory(stack, {
        kind: "update",
        startTime,
        message: flag(args, "--message") ?? "",
        environment: { "exec.kind": flag(args, "--exec-kind") ?? "cli" },
        config: maskedConfig(ctx, stack),
        result: result.ok ? "succeeded" : "failed",
        endTime: new Date().toISOString(),
        resourceChanges: result.changes,
      });
    }
  } finally {
    unlock();
  }
  await finish(events, result.ok);
  if (!result.ok) {
    process.stderr.write(`error: ${result.error}\n`);
    return 255;
  }
  return 0;
}

/** A run over the saved state only — refresh and destroy do not run the program. */
async function stateOperation(
  name: "refresh" | "destroy",
  args: ParsedArgs,
  cwd: string,
  out: (line: string) => void,
  body: (s: { ctx: Context; stack: string; deployment: Deployment; preview: boolean; events: EventSink; changes: Record<string, number>; save: (d: Deployment) => void; stopped: () => string | undefined }) => Promise<Deployment>,
): Promise<number> {
  const ctx = context(cwd, out);
  const stack = targetStack(ctx, args);
  const settings = settingsFor(ctx, stack);
  const preview = has(args, "--preview-only");
  const unlock = preview ? () => undefined : ctx.backend.lock(stack);
  if (name === "destroy") {
    const pending = pendingOperationsError(stack, ctx.backend.readRaw(stack));
    if (pending) {
      unlock();
      throw pending;
    }
  }
  const events = new EventSink(flag(args, "--event-log"));
  const started = Date.now();
  const startTime = new Date().toISOString();
  const changes: Record<string, number> = {};
  let stopReason: string | undefined;
  const release = onInterrupt(ctx, (reason) => (stopReason = reason.replace("update", name)));
  let error: string | undefined;
  try {
    const deployment = ctx.backend.read(stack, () => settings.secrets());
    events.emit({ preludeEvent: { config: Object.fromEntries(Object.entries(maskedConfig(ctx, stack)).map(([k, v]) => [k, v.value])) } });
    out(`${preview ? "Previewing " : ""}${name === "refresh" ? "Refreshing" : "Destroying"} (${stack}):`);
    const save = (d: Deployment) => !preview && ctx.backend.write(stack, d, () => settings.secrets());
    try {
      await body({ ctx, stack, deployment, preview, events, changes, save, stopped: () => stopReason });
    } catch (err) {
      error = (err as Error).message.replace(/^error: /, "");
    }
    error ??= stopReason;
    if (!error && has(args, "--expect-no-changes") && Object.keys(changes).some((op) => op !== "same")) error = "no changes were expected but changes occurred";
    // `isPreview` (since v3.188, pulumi/pulumi#20174) and `result` (since v3.237, pulumi/pulumi#22883) are in the
    // summary of the SDK's CLI version.
    const result = !error ? "succeeded" : stopReason ? "canceled" : "failed";
    events.emit({ summaryEvent: { maybeCorrupt: false, durationSeconds: Math.round((Date.now() - started) / 1000), resourceChanges: changes, PolicyPacks: {}, isPreview: preview, result } });
    out("");
    out("Resources:");
    for (const [op, n] of Object.entries(changes)) out(`    ${n} ${op}`);
    if (!preview) {
      ctx.backend.appendHistory(stack, {
        kind: name,
        startTime,
        message: flag(args, "--message") ?? "",
        environment: { "exec.kind": flag(args, "--exec-kind") ?? "cli" },
        config: maskedConfig(ctx, stack),
        result: error ? "failed" : "succeeded",
        endTime: new Date().toISOString(),
        resourceChanges: changes,
      });
    }
  } finally {
    release();
    unlock();
  }
  await finish(events, !error);
  if (error) {
    process.stderr.write(`error: ${error}\n`);
    return 255;
  }
  return 0;
}

/**
 * `pulumi refresh`: every resource in the state is read back (`refresh-step.ts`). As in the
 * engine (pkg/engine/update.go `OnResourceStepPost`), each step's pre event says `refresh`
 * and its outputs event says what the read found — `same`, `update` (with `diffs` and
 * `detailedDiff`) or `delete` — which the summary counts; default providers are not counted.
 * A real refresh saves what it read (a resource gone leaves the state); `--preview-only`
 * reports the same events with `planning` and leaves the state alone. Pending updates and
 * deletes resolve by that read; pending creates are dropped with `--clear-pending-creates`
 * and otherwise kept, with a warning.
 */
export function refresh(args: ParsedArgs, cwd: string, out: (line: string) => void): Promise<number> {
  rejectUnsupported("refresh", args, ["--client", "--event-log", "--preview-only", "--clear-pending-creates", "--expect-no-changes", "--run-program"]);
  requireConfirmation("refresh", args);
  if (flag(args, "--run-program") === "true") throw new CliError("the Pulumi CLI stand-in does not support --run-program=true for refresh");
  return stateOperation("refresh", args, cwd, out, async ({ ctx, stack, deployment, preview, events, changes, save }) => {
    const cloud = new CloudDrift(ctx.backend.blobs, ctx.project.name, stack);
    const planning = preview ? { planning: true } : {};
    const now = new Date().toISOString();
    const resources: ResourceState[] = [];
    const gone = new Set<string>();
    for (const r of deployment.resources ?? []) {
      events.emit({ resourcePreEvent: { metadata: refreshMetadata("refresh", r), ...planning } });
      const outcome = refreshResource(r, cloud, now);
      events.emit({ resOutputsEvent: { metadata: refreshMetadata(outcome.op, r, outcome), ...planning } });
      if (!isDefaultProvider(r)) changes[outcome.op] = (changes[outcome.op] ?? 0) + 1;
      if (outcome.op !== "same") out(` ${outcome.op === "update" ? "~" : "-"}  ${r.type} ${r.urn.split("::").pop()} ${outcome.op}${outcome.diffs.length ? ` [diff: ~${outcome.diffs.join(",")}]` : ""}`);
      if (outcome.next) resources.push(outcome.next);
      else gone.add(r.urn);
    }
    const pending = deployment.pending_operations ?? [];
    const clear = has(args, "--clear-pending-creates");
    const kept = pending.filter((p) => p.type === "creating" && !clear);
    for (const p of kept) {
      events.emit({ diagnosticEvent: { urn: p.resource.urn, prefix: "warning: ", message: `Attempting to refresh resource with a pending create; run refresh with --clear-pending-creates to drop it\n`, color: "never", severity: "warning" } });
    }
    const next = { ...deployment, resources: withoutDependenciesOn(resources, gone), pending_operations: kept };
    save(next);
    return next;
  });
}

/** `pulumi destroy`: deletes every resource in the saved state, dependents first. */
export function destroy(args: ParsedArgs, cwd: string, out: (line: string) => void): Promise<number> {
  rejectUnsupported("destroy", args, ["--client", "--event-log", "--preview-only", "--run-program"]);
  requireConfirmation("destroy", args);
  if (flag(args, "--run-program") === "true") throw new CliError("the Pulumi CLI stand-in does not support --run-program=true for destroy");
  return stateOperation("destroy", args, cwd, out, async ({ ctx, stack, deployment, preview, events, changes, save, stopped }) => {
    const provider = new StandinProvider(knobsFromEnv());
    const cloud = new CloudDrift(ctx.backend.blobs, ctx.project.name, stack);
    const remaining = [...(deployment.resources ?? [])];
    const pending: NonNullable<Deployment["pending_operations"]> = [];
    const snapshot = () => ({ ...deployment, resources: [...remaining], pending_operations: [...pending] });
    for (const r of [...remaining].reverse()) {
      const reason = stopped();
      if (reason) throw new Error(reason);
      if (r.protect) throw new Error(`unable to delete resource "${r.urn}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``);
      const ok = await deleteResource(r, {
        preview,
        provider,
        cloud,
        pre: () => events.emit({ resourcePreEvent: { metadata: stepMetadata("delete", r.urn, r.type, r), ...(preview ? { planning: true } : {}) } }),
        post: () => {
          events.emit({ resOutputsEvent: { metadata: stepMetadata("delete", r.urn, r.type, r), ...(preview ? { planning: true } : {}) } });
          if (!isDefaultProvider(r)) changes["delete"] = (changes["delete"] ?? 0) + 1;
          if (!isDefaultProvider(r)) out(` -  ${r.type} ${r.urn.split("::").pop()} ${preview ? "delete" : "deleted"}`);
        },
        begin: () => {
          pending.push({ resource: r, type: "deleting" });
          save(snapshot());
        },
        done: () => {
          const i = pending.findIndex((p) => p.resource.urn === r.urn);
          if (i >= 0) pending.splice(i, 1);
          if (!preview) remaining.splice(remaining.indexOf(r), 1);
          save(snapshot());
        },
        fail: (err) => {
          events.emit({ diagnosticEvent: { urn: r.urn, prefix: "error: ", message: `  ${err.message}\n`, color: "never", severity: "error" } });
          events.emit({ resOpFailedEvent: { metadata: stepMetadata("delete", r.urn, r.type, r), status: 0, steps: 0 } });
        },
      });
      if (!ok) {
        pending.length = 0;
        save(snapshot());
        throw new Error("destroy failed");
      }
    }
    return snapshot();
  });
}
