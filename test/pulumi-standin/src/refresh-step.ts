import type { ResourceState } from "./backend";
import type { CloudDrift } from "./cloud-drift";
import { stateMetadata } from "./deployment";
import { diffProperties, type PropertyDiff } from "./property-diff";
import { isSecret, secret, type Wire, type WireMap } from "./wire";

/**
 * One resource's refresh, as the engine's `RefreshStep` (pkg/resource/deploy/step.go) does it
 * since v3.120.0 (pulumi/pulumi#16146, "report diffs relative to desired state"):
 * - components and providers are never read: `same`;
 * - a custom resource is read from the provider; no id back means it is gone: `delete`;
 * - otherwise the engine diffs the read-back inputs against the saved inputs (the provider's
 *   `Diff`, here the engine's own fallback for a provider that leaves diffing to it) and
 *   inverts the result, so it reads "from the state to the cloud": `update` when inputs
 *   differ, else `same` — a change to computed outputs alone updates the state but is `same`.
 */
export interface RefreshOutcome {
  /** `RefreshStep.ResultOp()`: what the resource's outputs event and the summary report. */
  op: "same" | "update" | "delete";
  /** The state after the read; undefined when the resource is gone. */
  next: ResourceState | undefined;
  /** Top-level input keys that differ (`ChangedKeys`). */
  diffs: string[];
  /** Null when no diff was computed or nothing differs, as the engine's nil map. */
  detailedDiff: Record<string, PropertyDiff> | null;
}

export function refreshResource(old: ResourceState, cloud: CloudDrift, now: string): RefreshOutcome {
  const unchanged: RefreshOutcome = { op: "same", next: old, diffs: [], detailedDiff: null };
  if (!old.custom || old.type.startsWith("pulumi:providers:")) return unchanged;
  const copy = cloud.lookup(old.urn);
  if (!copy) return unchanged;
  if (copy.gone) return { op: "delete", next: undefined, diffs: [], detailedDiff: null };

  const savedInputs = old.inputs ?? {};
  const savedOutputs = old.outputs ?? {};
  const inputs = { ...savedInputs };
  const outputs = { ...savedOutputs };
  for (const [key, value] of Object.entries(copy.properties)) {
    // A bridged provider's Read extracts inputs from the state it reads: a property the program
    // set, or one new to the resource, is an input; a computed output (in the saved outputs,
    // never an input) stays an output only.
    const isInput = key in savedInputs || !(key in savedOutputs);
    set(outputs, key, value, savedOutputs[key]);
    if (isInput) set(inputs, key, value, savedInputs[key]);
  }
  const diff = diffProperties(savedInputs, inputs, true);
  const changedState = diffProperties(savedOutputs, outputs, false).changedKeys.length > 0 || diff.changedKeys.length > 0;
  // The engine stamps `modified` only when the read found something different.
  const next: ResourceState = { ...old, inputs, outputs, ...(changedState ? { modified: now } : {}) };
  if (diff.changedKeys.length === 0) return { op: "same", next, diffs: [], detailedDiff: null };
  return { op: "update", next, diffs: diff.changedKeys, detailedDiff: diff.detailedDiff };
}

/** A property read back from the cloud; one that was secret in the state stays secret. */
function set(target: WireMap, key: string, value: Wire, saved: Wire | undefined): void {
  if (value === null) delete target[key];
  else target[key] = isSecret(saved) ? secret(value) : value;
}

/**
 * The step's event metadata as the CLI's event log carries it (pkg/engine/events.go
 * `makeStepEventMetadata`, converted by pkg/backend/display/events.go to apitype.StepEventMetadata):
 * `old`/`new` always present (`new` null for a resource gone), `diffs` omitted when empty,
 * `detailedDiff` always present (null when none), no `logical` (a refresh step is not one).
 */
export function refreshMetadata(op: "refresh" | RefreshOutcome["op"], old: ResourceState, outcome?: RefreshOutcome): Record<string, unknown> {
  const next = outcome ? outcome.next : old;
  return {
    op,
    urn: old.urn,
    type: old.type,
    old: stateMetadata(old),
    new: next ? stateMetadata(next) : null,
    ...(outcome && outcome.diffs.length > 0 ? { diffs: outcome.diffs } : {}),
    detailedDiff: outcome?.detailedDiff ?? null,
    provider: old.provider ?? "",
  };
}

/**
 * The state after a refresh drops the resources found gone, and no one may still depend on
 * them: dependencies, property dependencies and `deletedWith` naming one are removed, as the
 * engine's `rebuildBaseState` (pkg/resource/deploy/deployment_executor.go) repairs them.
 */
export function withoutDependenciesOn(resources: ResourceState[], gone: Set<string>): ResourceState[] {
  if (gone.size === 0) return resources;
  return resources.map((r) => {
    const { deletedWith, ...rest } = r;
    return {
      ...rest,
      ...(r.dependencies ? { dependencies: r.dependencies.filter((u) => !gone.has(u)) } : {}),
      ...(r.propertyDependencies
        ? { propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, us]) => [k, us.filter((u) => !gone.has(u))])) }
        : {}),
      ...(deletedWith && !gone.has(deletedWith) ? { deletedWith } : {}),
    };
  });
}
