import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { DriftChange } from "../domain/model";

/**
 * Gathers a preview-only refresh's findings from its engine events: each resource step whose
 * refreshed state differs from the stack's. The engine reports them as step metadata (`op`,
 * `diffs`); a step whose op is `same` found nothing, and a refresh whose resource is gone
 * reports it as a delete.
 */
export class DriftCollector {
  private readonly found = new Map<string, DriftChange>();

  observe(event: EngineEvent): void {
    const metadata = event.resourcePreEvent?.metadata;
    if (!metadata || metadata.urn.includes("pulumi:pulumi:Stack")) return;
    const op = String(metadata.op);
    const properties = metadata.diffs ?? Object.keys(metadata.detailedDiff ?? {});
    if (op === "delete" || op === "discard" || op === "read-discard") {
      this.found.set(metadata.urn, { urn: metadata.urn, type: metadata.type, change: "delete", properties: [] });
    } else if ((op === "update" || op === "refresh") && properties.length > 0) {
      this.found.set(metadata.urn, { urn: metadata.urn, type: metadata.type, change: "update", properties: [...new Set(properties.map((p) => p.split(/[.[]/)[0]!))].sort() });
    }
  }

  get changes(): DriftChange[] {
    return [...this.found.values()].sort((a, b) => a.urn.localeCompare(b.urn));
  }
}
