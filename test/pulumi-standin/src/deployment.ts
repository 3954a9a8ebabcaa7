import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as langproto from "@pulumi/pulumi/proto/language_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { Backend, Deployment, PendingOperation, ResourceState } from "./backend";
import { CloudDrift } from "./cloud-drift";
import type { EventBody, EventSink } from "./events";
import type { PolicyRunner, Violation } from "./policy";
import { ProviderError, StandinProvider, deterministicId, type Knobs } from "./provider";
import { changedKeys, maskedMap, plainMap, type WireMap } from "./wire";
import type { StackSettings } from "./workspace";

const resrpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
const engrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const langrpc = require("@pulumi/pulumi/proto/language_grpc_pb");

const GRPC_OPTIONS = { "grpc.max_receive_message_length": 400 * 1024 * 1024, "grpc.max_send_message_length": 400 * 1024 * 1024 };
const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * What the stand-in's monitor tells the SDK it supports. Secrets travel as secrets; output
 * values and resource references are off, so the SDK sends plain values and URN strings;
 * transforms, hooks and parameterized packages are off, so a program that needs them fails
 * in the SDK with its own "not supported by the engine" message instead of misbehaving.
 */
const FEATURES: Record<string, boolean> = { secrets: true, resourceReferences: false, outputValues: false, deletedWith: true, aliasSpecs: true };

export type StepOp = "same" | "create" | "update" | "delete" | "refresh" | "read";

export interface RunOptions {
  kind: "update" | "preview";
  backend: Backend;
  settings: StackSettings;
  stack: string;
  clientAddress: string;
  /** Runs a program on disk instead of asking `clientAddress` (project-program.ts); `stopped` settles when the run is cancelled or failed. */
  launch?: (monitorAddress: string, stopped: Promise<void>) => Promise<string | undefined>;
  events: EventSink;
  knobs: Knobs;
  policy: PolicyRunner | undefined;
  parallel: number;
  out: (line: string) => void;
  cwd: string;
}

export interface RunResult {
  ok: boolean;
  error?: string;
  changes: Record<string, number>;
  resources: ResourceState[];
}

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;

function grpcError(code: grpc.status, message: string): grpc.ServiceError {
  return Object.assign(new Error(message), { code, details: message, metadata: new grpc.Metadata() });
}

function diagnostic(severity: "info" | "warning" | "error", message: string, urn?: string): EventBody {
  return { diagnosticEvent: { ...(urn ? { urn } : {}), prefix: severity === "info" ? "" : `${severity}: `, message: `${message}\n`, color: "never", severity } };
}

export function stateMetadata(r: ResourceState): Record<string, unknown> {
  return {
    type: r.type,
    urn: r.urn,
    custom: r.custom,
    id: r.id ?? "",
    parent: r.parent ?? "",
    inputs: maskedMap(r.inputs ?? {}),
    outputs: maskedMap(r.outputs ?? {}),
    provider: r.provider ?? "",
  };
}

export function stepMetadata(op: StepOp, urn: string, type: string, old?: ResourceState, next?: ResourceState, diffs?: string[]): Record<string, unknown> {
  return {
    op,
    urn,
    type,
    provider: next?.provider ?? old?.provider ?? "",
    ...(old ? { old: stateMetadata(old) } : {}),
    ...(next ? { new: stateMetadata(next) } : {}),
    ...(diffs && diffs.length > 0
      ? { diffs, detailedDiff: Object.fromEntries(diffs.map((k) => [k, { diffKind: !(k in (old?.inputs ?? {})) ? "add" : !(k in (next?.inputs ?? {})) ? "delete" : "update", inputDiff: true }])) }
      : {}),
    logical: true,
  };
}

const SYMBOL: Record<string, string> = { create: "+", update: "~", delete: "-", same: " ", refresh: " ", read: ">" };

/** Default providers are bookkeeping: the engine neither shows nor counts their steps. */
export function isDefaultProvider(r: { type: string; urn: string }): boolean {
  return r.type.startsWith("pulumi:providers:") && r.urn.split("::").pop()!.startsWith("default");
}

/**
 * One `up` or `preview` of an inline program: serves the ResourceMonitor and Engine over
 * gRPC, asks the SDK's LanguageRuntime (`--client`) to run the program against them, and
 * turns each registration into a step against the saved state.
 */
export class ProgramRun {
  private readonly preview: boolean;
  private readonly old: Deployment;
  private readonly oldByUrn: Map<string, ResourceState>;
  private readonly news = new Map<string, ResourceState>();
  private readonly seen = new Set<string>();
  private readonly deleted = new Set<string>();
  private readonly pending = new Map<string, PendingOperation>();
  private readonly changes: Record<string, number> = {};
  private readonly defaultProviders = new Map<string, Promise<string>>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly provider: StandinProvider;
  private readonly cloud: CloudDrift;
  private readonly config: Record<string, { value: string; secret: boolean }>;
  private rootUrn = "";
  private failure: string | undefined;
  private stopping = false;
  private stopped!: () => void;
  private readonly stoppedPromise = new Promise<void>((r) => (this.stopped = r));
  private slots: number;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly opts: RunOptions) {
    this.preview = opts.kind === "preview";
    this.old = opts.backend.read(opts.stack, () => opts.settings.secrets());
    this.oldByUrn = new Map((this.old.resources ?? []).map((r) => [r.urn, r]));
    this.config = opts.settings.all();
    this.provider = new StandinProvider(opts.knobs, this.config["aws:region"]?.value);
    this.cloud = new CloudDrift(opts.backend.blobs, opts.backend.project.name, opts.stack);
    this.slots = opts.parallel;
  }

  get project(): string {
    return this.opts.backend.project.name;
  }

  /** Stops the run as a first Ctrl-C does: finish in-flight steps, start no new ones. */
  cancel(reason: string): void {
    if (this.failure) return;
    this.failure = reason;
    this.stopping = true;
    this.stopped();
  }

  async run(): Promise<RunResult> {
    const { events } = this.opts;
    const started = Date.now();
    events.emit({ preludeEvent: { config: Object.fromEntries(Object.entries(this.config).map(([k, v]) => [k, v.secret ? "[secret]" : v.value])) } });
    this.opts.out(`${this.preview ? "Previewing update" : "Updating"} (${this.opts.stack}):`);

    const server = new grpc.Server(GRPC_OPTIONS);
    server.addService(resrpc.ResourceMonitorService, this.monitor() as unknown as grpc.UntypedServiceImplementation);
    server.addService(engrpc.EngineService, this.engine() as unknown as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    const address = `127.0.0.1:${port}`;
    try {
      const programError = await this.runProgram(address);
      if (programError !== undefined && !this.failure) {
        if (programError) events.emit(diagnostic("error", `an unhandled error occurred: ${programError}`, this.rootUrn || undefined));
        this.failure = "update failed";
      }
      await this.drain();
      if (!this.failure) await this.deleteUnregistered();
      if (!this.failure && this.opts.policy) await this.analyzeStack();
    } finally {
      server.forceShutdown();
    }
    if (!this.preview) this.persist();
    const resources = this.snapshot().resources ?? [];
    events.emit({
      summaryEvent: {
        maybeCorrupt: false,
        durationSeconds: Math.round((Date.now() - started) / 1000),
        resourceChanges: this.changes,
        PolicyPacks: Object.fromEntries((this.opts.policy?.packs ?? []).map((p) => [p.name, p.version])),
      },
    });
    this.printSummary(resources, started);
    return { ok: !this.failure, ...(this.failure ? { error: this.failure } : {}), changes: this.changes, resources };
  }

  // --- the program ---------------------------------------------------------------------------

  /** Runs the program; resolves to its error text, "" when it bailed, undefined on success. */
  private async runProgram(monitorAddress: string): Promise<string | undefined> {
    if (this.opts.launch) return this.untilStopped(this.opts.launch(monitorAddress, this.stoppedPromise));
    const client = new langrpc.LanguageRuntimeClient(this.opts.clientAddress, grpc.credentials.createInsecure(), GRPC_OPTIONS);
    const req = new langproto.RunRequest();
    req.setProject(this.project);
    req.setStack(this.opts.stack);
    req.setPwd(this.opts.cwd);
    req.setProgram(".");
    req.setArgsList([monitorAddress]);
    const configMap = req.getConfigMap();
    for (const [k, v] of Object.entries(this.config)) configMap.set(k, v.value);
    req.setConfigsecretkeysList(Object.entries(this.config).filter(([, v]) => v.secret).map(([k]) => k));
    req.setDryrun(this.preview);
    req.setParallel(this.opts.parallel);
    req.setMonitorAddress(monitorAddress);
    req.setOrganization("organization");
    const ran = new Promise<string | undefined>((resolve) => {
      client.run(req, (err: grpc.ServiceError | null, resp?: langproto.RunResponse) => {
        if (err) resolve(err.details || err.message);
        else if (resp?.getBail()) resolve("");
        else resolve(resp?.getError() || undefined);
      });
    });
    const result = await this.untilStopped(ran);
    client.close();
    return result;
  }

  /**
   * A failed step or a cancel stops the engine without waiting for the program, as the
   * real engine does; the SDK sees the monitor go away and winds the program down.
   */
  private untilStopped(ran: Promise<string | undefined>): Promise<string | undefined> {
    return Promise.race([ran, this.stoppedPromise.then(() => Promise.race([ran, delay(2_000).then(() => undefined)]))]);
  }

  private async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p)).catch(() => undefined);
    return p;
  }

  private async slot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.slots <= 0) await new Promise<void>((r) => this.queue.push(r));
    else this.slots--;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.slots++;
    }
  }

  // --- ResourceMonitor -----------------------------------------------------------------------

  private monitor() {
    return {
      supportsFeature: (call: { request: resproto.SupportsFeatureRequest }, cb: Callback<resproto.SupportsFeatureResponse>) => {
        const resp = new resproto.SupportsFeatureResponse();
        resp.setHassupport(FEATURES[call.request.getId()] ?? false);
        cb(null, resp);
      },
      registerResource: (call: { request: resproto.RegisterResourceRequest }, cb: Callback<resproto.RegisterResourceResponse>) => {
        this.track(this.registerResource(call.request)).then(
          (resp) => cb(null, resp),
          (err: grpc.ServiceError) => cb(err.code !== undefined ? err : grpcError(grpc.status.UNKNOWN, String(err.message))),
        );
      },
      registerResourceOutputs: (call: { request: resproto.RegisterResourceOutputsRequest }, cb: Callback<Empty>) => {
        const urn = call.request.getUrn();
        const r = this.news.get(urn);
        if (!r) return cb(grpcError(grpc.status.NOT_FOUND, `unknown resource ${urn}`));
        r.outputs = (call.request.getOutputs()?.toJavaScript() ?? {}) as WireMap;
        if (!this.preview) this.persist();
        cb(null, new Empty());
      },
      readResource: (call: { request: resproto.ReadResourceRequest }, cb: Callback<resproto.ReadResourceResponse>) => {
        this.track(this.readResource(call.request)).then(
          (resp) => cb(null, resp),
          (err: Error) => cb(grpcError(grpc.status.UNKNOWN, err.message)),
        );
      },
      invoke: (call: { request: resproto.ResourceInvokeRequest }, cb: Callback<provproto.InvokeResponse>) => {
        const req = call.request;
        const args = plainMap((req.getArgs()?.toJavaScript() ?? {}) as WireMap);
        const resp = new provproto.InvokeResponse();
        try {
          if (req.getTok() === "pulumi:pulumi:getResource") {
            const r = this.news.get(String(args["urn"])) ?? this.oldByUrn.get(String(args["urn"]));
            if (!r) throw new Error(`unknown resource ${String(args["urn"])}`);
            resp.setReturn(Struct.fromJavaScript({ urn: r.urn, id: r.id ?? "", state: (r.outputs ?? {}) as never }));
          } else {
            resp.setReturn(Struct.fromJavaScript(this.provider.invoke(req.getTok(), args) as never));
          }
          cb(null, resp);
        } catch (err) {
          const failure = new provproto.CheckFailure();
          failure.setReason(`the Pulumi CLI stand-in cannot invoke ${req.getTok()}: ${(err as Error).message}`);
          resp.setFailuresList([failure]);
          cb(null, resp);
        }
      },
      call: (_call: unknown, cb: Callback<never>) => cb(grpcError(grpc.status.UNIMPLEMENTED, "the Pulumi CLI stand-in does not support method calls on resources")),
      signalAndWaitForShutdown: (_call: unknown, cb: Callback<Empty>) => cb(null, new Empty()),
    };
  }

  private urnFor(parent: string, type: string, name: string): string {
    let qualified = type;
    if (parent) {
      const parentType = parent.split("::")[2]!;
      // The engine leaves the root stack's type out of its children's URNs.
      if (parentType !== STACK_TYPE) qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${this.opts.stack}::${this.project}::${qualified}::${name}`;
  }

  private async registerResource(req: resproto.RegisterResourceRequest): Promise<resproto.RegisterResourceResponse> {
    if (this.stopping) throw grpcError(grpc.status.UNAVAILABLE, "resource monitor shut down while waiting on step's done channel");
    const type = req.getType();
    const name = req.getName();
    const parent = req.getParent();
    const urn = this.urnFor(parent, type, name);
    if (this.seen.has(urn)) {
      this.opts.events.emit(diagnostic("error", `Duplicate resource URN '${urn}'; try giving it a unique name`, urn));
      this.cancel("update failed");
      throw grpcError(grpc.status.INVALID_ARGUMENT, `Duplicate resource URN '${urn}'`);
    }
    this.seen.add(urn);
    const custom = req.getCustom();
    const remote = req.getRemote();
    const inputs = (req.getObject()?.toJavaScript() ?? {}) as WireMap;
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => (propertyDependencies[key] = deps.getUrnsList()));
    const isProvider = type.startsWith("pulumi:providers:");
    let provider: string | undefined;
    if (custom && !isProvider) provider = req.getProvider() || (await this.defaultProvider(type.split(":")[0]!, req.getVersion()));

    const old = this.oldByUrn.get(urn);
    const next: ResourceState = {
      urn,
      custom,
      type,
      inputs,
      ...(parent ? { parent } : {}),
      ...(provider ? { provider } : {}),
      dependencies: req.getDependenciesList(),
      propertyDependencies,
      ...(req.getProtect() ? { protect: true } : {}),
      ...(req.getDeletedwith() ? { deletedWith: req.getDeletedwith() } : {}),
    };
    if (type === STACK_TYPE && !parent) this.rootUrn = urn;

    if (this.opts.policy) {
      const violations = await this.opts.policy.analyzeResource({ urn, type, name, inputs: plainMap(inputs), custom, parent });
      if (this.reportViolations(violations)) {
        this.failPolicy(urn);
        throw grpcError(grpc.status.UNAVAILABLE, "resource monitor shut down while waiting on step's done channel");
      }
    }

    const diffs = old ? changedKeys(old.inputs ?? {}, inputs) : [];
    const op: StepOp = !old ? "create" : diffs.length > 0 ? "update" : "same";
    const managed = custom || remote;
    if (op === "same" || !managed) {
      // Components keep the outputs they register; a same custom resource keeps its state.
      next.id = old?.id ?? (managed ? "" : undefined);
      next.outputs = op === "same" ? (old?.outputs ?? {}) : managed ? inputs : (old?.outputs ?? {});
      if (!managed) delete next.id;
      this.step(op, next, old, diffs);
      this.finish(next);
      return this.response(next);
    }

    return this.slot(async () => {
      if (this.stopping) throw grpcError(grpc.status.UNAVAILABLE, "resource monitor shut down while waiting on step's done channel");
      if (old?.id) next.id = old.id;
      this.pre(op, next, old, diffs);
      if (!this.preview) this.begin(op === "create" ? "creating" : "updating", { ...next, ...(old?.id ? { id: old.id } : {}) });
      try {
        if (!this.preview) await this.provider.begin(op, type, name, () => process.kill(process.pid, "SIGKILL"));
        const result = await this.provider.apply(type, name, inputs, {
          preview: this.preview,
          ...(old?.id ? { oldId: old.id } : {}),
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        });
        next.id = result.id;
        next.outputs = result.outputs;
        // The provider wrote the cloud's copy: drift described for it is gone.
        if (!this.preview) this.cloud.wrote(urn);
        if (managed && !custom) delete next.id;
      } catch (err) {
        this.pending.delete(urn);
        this.failStep(op, next, old, err as Error);
        throw grpcError(grpc.status.UNAVAILABLE, "resource monitor shut down while waiting on step's done channel");
      }
      this.pending.delete(urn);
      this.post(op, next, old, diffs);
      this.finish(next);
      return this.response(next);
    });
  }

  private async readResource(req: resproto.ReadResourceRequest): Promise<resproto.ReadResourceResponse> {
    const type = req.getType();
    const urn = this.urnFor(req.getParent(), type, req.getName());
    const provider = req.getProvider() || (await this.defaultProvider(type.split(":")[0]!, req.getVersion()));
    const inputs = (req.getProperties()?.toJavaScript() ?? {}) as WireMap;
    const result = await this.provider.apply(type, req.getName(), inputs, { preview: false, oldId: req.getId() });
    const state: ResourceState = { urn, custom: true, type, id: req.getId(), inputs, outputs: result.outputs, provider, ...(req.getParent() ? { parent: req.getParent() } : {}) };
    this.seen.add(urn);
    this.step("read", state, undefined, []);
    this.finish(state);
    const resp = new resproto.ReadResourceResponse();
    resp.setUrn(urn);
    resp.setProperties(Struct.fromJavaScript(state.outputs as never));
    return resp;
  }

  /** The engine's default provider for a package: one per package and version, created on first use. */
  private defaultProvider(pkg: string, version: string): Promise<string> {
    const key = `${pkg}@${version}`;
    let ref = this.defaultProviders.get(key);
    if (!ref) {
      ref = (async () => {
        const name = version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
        const type = `pulumi:providers:${pkg}`;
        const urn = this.urnFor("", type, name);
        const old = this.oldByUrn.get(urn);
        const inputs: WireMap = version ? { version } : {};
        const state: ResourceState = { urn, custom: true, id: old?.id ?? deterministicId(urn), type, inputs, outputs: inputs };
        this.seen.add(urn);
        this.step(old ? "same" : "create", state, old, []);
        this.finish(state);
        return `${urn}::${state.id}`;
      })();
      this.defaultProviders.set(key, ref);
    }
    return ref;
  }

  private response(r: ResourceState): resproto.RegisterResourceResponse {
    const resp = new resproto.RegisterResourceResponse();
    resp.setUrn(r.urn);
    resp.setId(r.id ?? "");
    resp.setObject(Struct.fromJavaScript((r.outputs ?? {}) as never));
    return resp;
  }

  // --- Engine --------------------------------------------------------------------------------

  private engine() {
    const severities = ["debug", "info", "warning", "error"] as const;
    return {
      log: (call: { request: engproto.LogRequest }, cb: Callback<Empty>) => {
        const severity = severities[call.request.getSeverity()] ?? "info";
        if (severity !== "debug") {
          const urn = call.request.getUrn();
          this.opts.events.emit({
            diagnosticEvent: {
              ...(urn ? { urn } : {}),
              prefix: severity === "info" ? "" : `${severity}: `,
              message: `${call.request.getMessage()}\n`,
              color: "never",
              severity,
              ...(call.request.getStreamid() ? { streamID: call.request.getStreamid() } : {}),
              ...(call.request.getEphemeral() ? { ephemeral: true } : {}),
            },
          });
          this.opts.out(`    ${severity}: ${call.request.getMessage()}`);
        }
        cb(null, new Empty());
      },
      getRootResource: (_call: unknown, cb: Callback<engproto.GetRootResourceResponse>) => {
        const resp = new engproto.GetRootResourceResponse();
        resp.setUrn(this.rootUrn);
        cb(null, resp);
      },
      setRootResource: (call: { request: engproto.SetRootResourceRequest }, cb: Callback<engproto.SetRootResourceResponse>) => {
        this.rootUrn = call.request.getUrn();
        cb(null, new engproto.SetRootResourceResponse());
      },
      requirePulumiVersion: (_call: unknown, cb: Callback<engproto.RequirePulumiVersionResponse>) => cb(null, new engproto.RequirePulumiVersionResponse()),
    };
  }

  // --- steps and state -----------------------------------------------------------------------

  private count(op: StepOp, r: ResourceState): void {
    if (isDefaultProvider(r)) return;
    const key = op === "refresh" || op === "read" ? (op === "read" ? "read" : "same") : op;
    this.changes[key] = (this.changes[key] ?? 0) + 1;
  }

  private pre(op: StepOp, next: ResourceState | undefined, old: ResourceState | undefined, diffs: string[]): void {
    const r = (next ?? old)!;
    this.opts.events.emit({ resourcePreEvent: { metadata: stepMetadata(op, r.urn, r.type, old, next, diffs), ...(this.preview ? { planning: true } : {}) } });
  }

  private post(op: StepOp, next: ResourceState | undefined, old: ResourceState | undefined, diffs: string[]): void {
    const r = (next ?? old)!;
    this.opts.events.emit({ resOutputsEvent: { metadata: stepMetadata(op, r.urn, r.type, old, next, diffs), ...(this.preview ? { planning: true } : {}) } });
    this.count(op, r);
    if (!isDefaultProvider(r) && op !== "same") {
      const verb = this.preview ? { create: "create", update: "update", delete: "delete", read: "read" }[op as string] : { create: "created", update: "updated", delete: "deleted", read: "read" }[op as string];
      this.opts.out(` ${SYMBOL[op] ?? " "}  ${r.type} ${r.urn.split("::").pop()} ${verb ?? op}${diffs.length ? ` [diff: ~${diffs.join(",")}]` : ""}`);
    }
  }

  private step(op: StepOp, next: ResourceState | undefined, old: ResourceState | undefined, diffs: string[]): void {
    this.pre(op, next, old, diffs);
    this.post(op, next, old, diffs);
  }

  private begin(type: PendingOperation["type"], r: ResourceState): void {
    this.pending.set(r.urn, { resource: r, type });
    this.persist();
  }

  private finish(r: ResourceState): void {
    const now = new Date().toISOString();
    const old = this.oldByUrn.get(r.urn);
    r.created = old?.created ?? now;
    r.modified = old && JSON.stringify(old.inputs) === JSON.stringify(r.inputs) ? (old.modified ?? now) : now;
    this.news.set(r.urn, r);
    if (!this.preview) this.persist();
  }

  private failStep(op: StepOp, next: ResourceState, old: ResourceState | undefined, err: Error): void {
    const message = err instanceof ProviderError ? err.message : `unexpected error: ${err.message}`;
    this.opts.events.emit(diagnostic("error", `  ${message}`, next.urn));
    this.opts.events.emit({ resOpFailedEvent: { metadata: stepMetadata(op, next.urn, next.type, old, next), status: 0, steps: 0 } });
    this.opts.out(`    error: ${message}`);
    this.cancel("update failed");
  }

  private failPolicy(urn: string): void {
    this.opts.events.emit(diagnostic("error", "one or more mandatory policy violations were found", urn));
    this.cancel(this.preview ? "preview failed" : "update failed");
  }

  /** Emits policy events; true when one of them is mandatory. */
  private reportViolations(violations: Violation[]): boolean {
    let mandatory = false;
    for (const v of violations) {
      mandatory ||= v.enforcementLevel === "mandatory";
      this.opts.events.emit({
        policyEvent: {
          ...(v.urn ? { resourceUrn: v.urn } : {}),
          message: v.message,
          color: "never",
          policyName: v.policyName,
          policyPackName: v.packName,
          policyPackVersion: v.packVersion,
          policyPackVersionTag: v.packVersion,
          enforcementLevel: v.enforcementLevel === "mandatory" ? "mandatory" : "warning",
        },
      });
      this.opts.out(`    ${v.enforcementLevel === "mandatory" ? "mandatory" : "advisory"}: [${v.policyName}] ${v.message}`);
    }
    return mandatory;
  }

  private async analyzeStack(): Promise<void> {
    const resources = [...this.news.values()].filter((r) => !r.type.startsWith("pulumi:providers:"));
    if (this.reportViolations(await this.opts.policy!.analyzeStack(resources))) this.failPolicy(this.rootUrn);
  }

  /** Resources the program no longer registers are deleted, dependents first. */
  private async deleteUnregistered(): Promise<void> {
    const gone = (this.old.resources ?? []).filter((r) => !this.seen.has(r.urn)).reverse();
    for (const r of gone) {
      if (this.failure) return;
      await deleteResource(r, {
        preview: this.preview,
        provider: this.provider,
        cloud: this.cloud,
        pre: () => this.pre("delete", undefined, r, []),
        post: () => this.post("delete", undefined, r, []),
        begin: () => !this.preview && this.begin("deleting", r),
        done: () => {
          this.pending.delete(r.urn);
          this.deleted.add(r.urn);
          if (!this.preview) this.persist();
        },
        fail: (err) => {
          this.pending.delete(r.urn);
          this.failStep("delete", r, r, err);
        },
      });
    }
  }

  /** The checkpoint as it stands: finished steps, then old resources not yet touched. */
  private snapshot(): Deployment {
    const resources = [...this.news.values()];
    for (const r of this.old.resources ?? []) if (!this.news.has(r.urn) && !this.deleted.has(r.urn)) resources.push(r);
    return {
      ...this.old,
      manifest: { ...this.old.manifest, time: new Date().toISOString() },
      secrets_providers: { type: "passphrase", state: { salt: this.opts.settings.encryptionSalt() } },
      resources,
      ...(this.pending.size > 0 ? { pending_operations: [...this.pending.values()] } : { pending_operations: [] }),
    };
  }

  private persist(): void {
    this.opts.backend.write(this.opts.stack, this.snapshot(), () => this.opts.settings.secrets());
  }

  private printSummary(resources: ResourceState[], started: number): void {
    const out = this.opts.out;
    const stack = resources.find((r) => r.type === STACK_TYPE && !r.parent);
    if (stack && Object.keys(stack.outputs ?? {}).length > 0 && !this.failure) {
      out("");
      out("Outputs:");
      for (const [k, v] of Object.entries(maskedMap(stack.outputs ?? {}))) out(`    ${k}: ${JSON.stringify(v)}`);
    }
    out("");
    out("Resources:");
    const words: Record<string, string> = this.preview
      ? { create: "to create", update: "to update", delete: "to delete", same: "unchanged", read: "to read" }
      : { create: "created", update: "updated", delete: "deleted", same: "unchanged", read: "read" };
    for (const [op, n] of Object.entries(this.changes)) out(`    ${op === "same" ? "" : `${SYMBOL[op]} `}${n} ${words[op] ?? op}`);
    out("");
    out(`Duration: ${Math.max(1, Math.round((Date.now() - started) / 1000))}s`);
  }
}

export interface DeleteHooks {
  preview: boolean;
  provider: StandinProvider;
  /** The cloud's copy the delete removes (drift described for the resource goes with it). */
  cloud: CloudDrift;
  pre(): void;
  post(): void;
  begin(): void;
  done(): void;
  fail(err: Error): void;
}

/** One delete step; shared by `up` (removed resources) and `destroy`. */
export async function deleteResource(r: ResourceState, hooks: DeleteHooks): Promise<boolean> {
  hooks.pre();
  const providerBacked = r.custom && !r.type.startsWith("pulumi:providers:");
  if (providerBacked && !hooks.preview) {
    hooks.begin();
    try {
      await hooks.provider.begin("delete", r.type, r.urn.split("::").pop()!, () => process.kill(process.pid, "SIGKILL"));
      hooks.cloud.wrote(r.urn);
    } catch (err) {
      hooks.fail(err as Error);
      return false;
    }
  }
  hooks.done();
  hooks.post();
  return true;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
