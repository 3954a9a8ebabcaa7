import type { CostEstimate } from "./cost-estimate";

/**
 * A cost estimate as a terminal reads it: one row per priced item with its assumption, the
 * monthly total, then what was not priced and why — the total is only as complete as that list.
 */
export function formatCostTable(estimate: CostEstimate): string {
  const rows = estimate.lines.map((l) => [l.name, l.item, `${formatQuantity(l.quantity)} ${l.unit}`, `$${l.unitPrice}`, `$${l.monthly.toFixed(2)}`, l.assumption]);
  const header = ["RESOURCE", "ITEM", "QUANTITY", "UNIT PRICE", "MONTHLY", "ASSUMPTION"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  const out = [line(header), ...rows.map(line), "", `Monthly total: $${estimate.monthlyTotal.toFixed(2)} ${estimate.currency} in ${estimate.region} (on-demand list prices read ${estimate.priceDate})`];
  if (estimate.notPriced.length > 0) {
    out.push("", `Not priced (${estimate.notPriced.length}, not in the total):`);
    for (const n of estimate.notPriced) out.push(`  ${n.urn.split("::").pop()} (${n.type}): ${n.reason}`);
  }
  const sources = [...new Set(estimate.lines.map((l) => l.source))];
  if (sources.length > 0) out.push("", "Prices from:", ...sources.map((s) => `  ${s}`));
  return out.join("\n");
}

function formatQuantity(q: number): string {
  return Number.isInteger(q) ? q.toLocaleString("en-US") : q.toLocaleString("en-US", { maximumSignificantDigits: 6 });
}
