import type { Plan, PlannedResource } from "./render-plan";

/** A plan as an indented tree: each resource under its parent, components first. */
export function formatPlanTable(plan: Plan): string {
  const children = new Map<string | null, PlannedResource[]>();
  for (const resource of plan.resources) {
    const siblings = children.get(resource.parent) ?? [];
    siblings.push(resource);
    children.set(resource.parent, siblings);
  }
  const rows: [string, string][] = [];
  const walk = (parent: string | null, depth: number) => {
    const siblings = [...(children.get(parent) ?? [])].sort((a, b) => Number(b.component) - Number(a.component) || a.name.localeCompare(b.name));
    for (const resource of siblings) {
      rows.push([`${"  ".repeat(depth)}${resource.name}`, resource.type]);
      walk(resource.urn, depth + 1);
    }
  };
  walk(null, 0);
  const width = Math.max(4, ...rows.map(([name]) => name.length));
  const lines = [`${"NAME".padEnd(width)}  TYPE`, ...rows.map(([name, type]) => `${name.padEnd(width)}  ${type}`)];
  const cloud = plan.resources.filter((r) => !r.component).length;
  lines.push("", `${plan.blueprint} "${plan.deployment}" in ${plan.region}: ${cloud} cloud resources in ${plan.resources.length - cloud} components`);
  return lines.join("\n");
}
