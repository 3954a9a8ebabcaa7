import type { UpgradePlan } from "../types";

export type ChangeKind = "add" | "change" | "remove";

/** One line of an upgrade's resource diff as the review page lists it. */
export interface DiffRow {
  change: ChangeKind;
  type: string;
  /** The resource's name: the URN's last `::` segment, what a reviewer recognises. */
  name: string;
  urn: string;
  /** The input property paths that change (only for "change"). */
  properties: string[];
}

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2) || urn;

/**
 * The diff in the order a reviewer weighs it — added, changed, removed, the same order the
 * CLI prints — each group sorted by URN so the page reads the same on every load.
 */
export function diffRows(diff: UpgradePlan["diff"]): DiffRow[] {
  const byUrn = (a: { urn: string }, b: { urn: string }) => a.urn.localeCompare(b.urn);
  return [
    ...[...diff.added].sort(byUrn).map((r) => ({ change: "add" as const, type: r.type, name: nameOf(r.urn), urn: r.urn, properties: [] })),
    ...[...diff.changed].sort(byUrn).map((r) => ({ change: "change" as const, type: r.type, name: nameOf(r.urn), urn: r.urn, properties: [...r.properties] })),
    ...[...diff.removed].sort(byUrn).map((r) => ({ change: "remove" as const, type: r.type, name: nameOf(r.urn), urn: r.urn, properties: [] })),
  ];
}

const count = (n: number, what: string) => `${n} ${what}`;

/** "1 to change, 0 to add, 0 to remove, 14 unchanged": the diff's size in one line. */
export function diffSummary(diff: UpgradePlan["diff"]): string {
  return [count(diff.added.length, "to add"), count(diff.changed.length, "to change"), count(diff.removed.length, "to remove"), count(diff.unchanged, "unchanged")].join(", ");
}
