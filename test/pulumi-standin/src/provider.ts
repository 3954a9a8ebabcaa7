import { createHash } from "node:crypto";
import { mockCloud, DEFAULT_PLAN_REGION } from "../../../programs/offline-plan/mock-cloud";
import { plainMap, secret, UNKNOWN, type Wire, type WireMap } from "./wire";

/**
 * Test and benchmark knobs, read from the environment the SDK passes through (`envVars`
 * on the workspace). All default to off.
 */
export interface Knobs {
  /** PULUMI_STANDIN_DELAY_MS — how long each create, update or delete takes. */
  delayMs: number;
  /** PULUMI_STANDIN_FAIL_NTH — the Nth provider operation of a run (1-based) fails. */
  failNth?: number;
  /** PULUMI_STANDIN_FAIL_TYPE — every operation on this resource type fails. */
  failType?: string;
  /** PULUMI_STANDIN_CRASH_AFTER — SIGKILL the stand-in itself once N operations have begun. */
  crashAfter?: number;
}

export function knobsFromEnv(env: NodeJS.ProcessEnv = process.env): Knobs {
  const int = (name: string) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`error: ${name} must be a non-negative integer, not ${raw}`);
    return n;
  };
  const failType = env["PULUMI_STANDIN_FAIL_TYPE"];
  const failNth = int("PULUMI_STANDIN_FAIL_NTH");
  const crashAfter = int("PULUMI_STANDIN_CRASH_AFTER");
  return {
    delayMs: int("PULUMI_STANDIN_DELAY_MS") ?? 0,
    ...(failNth ? { failNth } : {}),
    ...(failType ? { failType } : {}),
    ...(crashAfter ? { crashAfter } : {}),
  };
}

export type ProviderOp = "create" | "update" | "delete";

/** A provider-style failure: the message reads like the AWS provider's. */
export class ProviderError extends Error {}

export interface ProviderResult {
  id: string;
  outputs: WireMap;
}

/**
 * Plays every provider plugin's part. `aws:*` and `awsx:*` reuse the offline plan's mock
 * cloud so ids and ARNs match what Slipstream's plans show; other packages echo their
 * inputs. Input secrets stay secret in the outputs, as real providers do.
 */
export class StandinProvider {
  private operations = 0;

  constructor(
    private readonly knobs: Knobs,
    private readonly region: string = DEFAULT_PLAN_REGION,
  ) {}

  /** Counts the operation, applies the delay and the failure knobs; throws ProviderError. */
  async begin(op: ProviderOp, type: string, name: string, signalCrash: () => void): Promise<void> {
    const n = ++this.operations;
    if (this.knobs.crashAfter !== undefined && n >= this.knobs.crashAfter) signalCrash();
    if (this.knobs.delayMs > 0) await new Promise((r) => setTimeout(r, this.knobs.delayMs));
    if (this.knobs.failNth === n || this.knobs.failType === type) {
      const service = type.split(":")[1]?.split("/")[0]?.toUpperCase() ?? "PROVIDER";
      const action = `${op[0]!.toUpperCase()}${op.slice(1)}${type.split(":").pop()}`;
      throw new ProviderError(
        `${op === "create" ? "creating" : op === "update" ? "updating" : "deleting"} ${type.split(":").pop()} (${name}): operation error ${service}: ${action}, ` +
          `https response error StatusCode: 400, RequestID: 00000000-0000-0000-0000-standin${String(n).padStart(5, "0")}, ` +
          `api error InvalidParameterValue: injected failure (PULUMI_STANDIN_FAIL_${this.knobs.failNth === n ? "NTH" : "TYPE"})`,
      );
    }
  }

  /**
   * Outputs for a create or update. During a preview, whatever the provider would compute
   * is unknown for a create, as with a real provider's `Check`/`Diff`.
   */
  async apply(type: string, name: string, inputs: WireMap, opts: { preview: boolean; oldId?: string; additionalSecretOutputs?: string[] }): Promise<ProviderResult> {
    const plain = plainMap(inputs);
    let id: string;
    let state: Record<string, unknown>;
    if (type.startsWith("pulumi:providers:")) {
      id = deterministicId(`${type}::${name}`);
      state = plain;
    } else if (type.startsWith("aws:") || type.startsWith("awsx:")) {
      const result = await mockCloud(this.region).newResource({ type, name, inputs: plain, custom: true });
      id = result.id ?? `${name}-id`;
      state = result.state;
    } else {
      id = `${name}-${deterministicId(type).slice(0, 8)}`;
      state = plain;
    }
    const outputs: WireMap = {};
    for (const [key, value] of Object.entries(state)) {
      if (value === undefined) continue;
      const computed = !(key in inputs);
      const v: Wire = opts.preview && computed && !opts.oldId ? UNKNOWN : (value as Wire);
      outputs[key] = key in inputs ? (inputs[key] as Wire) : v;
      if (opts.additionalSecretOutputs?.includes(key)) outputs[key] = secret(outputs[key]!);
    }
    return { id: opts.oldId ?? (opts.preview ? "" : id), outputs };
  }

  invoke(token: string, args: Record<string, unknown>): Record<string, unknown> {
    const result = mockCloud(this.region).call({ token, inputs: args });
    return result as Record<string, unknown>;
  }
}

/** A UUID-shaped id derived from a name: stable across runs, so tests can compare state. */
export function deterministicId(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
