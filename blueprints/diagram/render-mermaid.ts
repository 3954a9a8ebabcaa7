import type { ArchitectureGraph, ArchitectureNode } from "./architecture-graph";

/**
 * The architecture as a Mermaid flowchart (left to right): one subgraph per component,
 * nested as the components are; plumbing drawn in grey; alarm edges dotted. Mermaid ids are
 * generated (URNs hold characters Mermaid reads as syntax); labels are quoted and escaped.
 */
export function renderMermaid(graph: ArchitectureGraph): string {
  const ids = new Map<string, string>();
  graph.groups.forEach((g, i) => ids.set(g.id, `g${i}`));
  graph.nodes.forEach((n, i) => ids.set(n.id, `n${i}`));
  const childGroups = new Map<string | null, string[]>();
  for (const g of graph.groups) push(childGroups, g.parent ?? null, g.id);
  const nodesIn = new Map<string | null, ArchitectureNode[]>();
  for (const n of graph.nodes) push(nodesIn, n.group, n);
  const labelOf = new Map(graph.groups.map((g) => [g.id, g.label]));

  const lines = ["flowchart LR"];
  const emit = (group: string | null, depth: number) => {
    const indent = "  ".repeat(depth);
    for (const n of nodesIn.get(group) ?? []) lines.push(`${indent}${ids.get(n.id)}["${escape(n.label)}<br/><small>${escape(n.service)}</small>"]`);
    for (const child of childGroups.get(group) ?? []) {
      lines.push(`${indent}subgraph ${ids.get(child)}["${escape(labelOf.get(child) ?? child)}"]`);
      emit(child, depth + 1);
      lines.push(`${indent}end`);
    }
  };
  emit(null, 1);
  for (const e of graph.edges) {
    const arrow = e.label === "alarm" ? "-.->" : "-->";
    lines.push(`  ${ids.get(e.from)} ${arrow}${e.label ? `|"${escape(e.label)}"|` : ""} ${ids.get(e.to)}`);
  }
  const plumbing = graph.nodes.filter((n) => n.plumbing).map((n) => ids.get(n.id));
  lines.push("  classDef plumbing fill:#f4f4f4,stroke:#bbbbbb,color:#777777");
  if (plumbing.length > 0) lines.push(`  class ${plumbing.join(",")} plumbing`);
  return lines.join("\n") + "\n";
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Mermaid's quoted labels take HTML entities; a quote or angle bracket would end or break them. */
function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
