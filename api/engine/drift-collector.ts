import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation";
import type { DriftChange } from "../domain/model";

/**
 * Gathers a preview-only refresh's findings from its engine events. How the engine reports a
 * refresh (pulumi/pulumi pkg/engine/update.go `OnResourceStepPost`, pkg/resource/deploy/step.go
 * `RefreshStep`, v3.120.0 onwards):
 * - every resource in the state gets a refresh step; its `resourcePreEvent` always says
 *   `op: "refresh"` with no diffs — the read has not happened yet — so it tells us nothing;
 * - its `resOutputsEvent` says what the read found (`RefreshStep.ResultOp()`): `same`,
 *   `update` (the cloud's inputs differ from the state's: `diffs` holds the top-level keys,
 *   `detailedDiff` property paths such as `tags.team`) or `delete` (the provider found no
 *   resource; `new` is null);
 * - the stack and providers are never read (always `same`), and default providers' steps are
 *   in the event stream too, so both are skipped by type.
 * The summary counts the same results (`{same: 2, update: 1}`), but only the events say which.
 */
export class DriftCollector {
  private readonly found = new Map<string, DriftChange>();

  observe(event: EngineEvent): void {
    const metadata = event.resOutputsEvent?.metadata;
    if (!metadata || !isManagedResource(metadata.type)) return;
    // `op` is typed as the engine's step ops; a refresh's result is one of these three.
    const op: string = metadata.op;
    if (op === "delete") {
      this.found.set(metadata.urn, { urn: metadata.urn, type: metadata.type, change: "delete", properties: [] });
    } else if (op === "update") {
      this.found.set(metadata.urn, { urn: metadata.urn, type: metadata.type, change: "update", properties: changedProperties(metadata) });
    }
  }

  get changes(): DriftChange[] {
    return [...this.found.values()].sort((a, b) => a.urn.localeCompare(b.urn));
  }
}

function isManagedResource(type: string): boolean {
  return type !== "pulumi:pulumi:Stack" && !type.startsWith("pulumi:providers:");
}

/**
 * Top-level property names that differ. `diffs` is what the provider's Diff (or the engine's
 * fallback) reports; a provider may give only `detailedDiff`, whose paths we cut to their first
 * name. With the legacy refresh diff (`PULUMI_ENABLE_LEGACY_REFRESH_DIFF`, or an external
 * resource) the engine compares outputs and sends neither, so we compare them ourselves.
 */
function changedProperties(metadata: StepEventMetadata): string[] {
  const named = metadata.diffs?.length ? metadata.diffs : Object.keys(metadata.detailedDiff ?? {}).map(topLevelName);
  const names = named.length > 0 ? named : differingKeys(metadata.old?.outputs ?? {}, metadata.new?.outputs ?? {});
  return [...new Set(names)].sort();
}

/** The first name of a `PropertyPath.String()` path: `tags.team` → tags, `["a-b"][0]` → a-b. */
export function topLevelName(path: string): string {
  const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(path);
  if (quoted) return quoted[1]!.replace(/\\"/g, '"');
  return path.split(/[.[]/)[0]!;
}

function differingKeys(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null));
}
