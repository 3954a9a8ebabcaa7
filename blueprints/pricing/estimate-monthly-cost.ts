import type { Plan, PlannedResource } from "../../programs/offline-plan/render-plan";
import type { CostEstimate, CostLine, NotPriced } from "./cost-estimate";
import { CURRENCY, isPrice, PRICE_TABLE_DATE } from "./price-table";
import { REGIONAL_PRICES } from "./regional-prices";
import { PRICERS, priceFor, type Charge, type PlanContext } from "./resource-pricers";
import { DEFAULT_USAGE, type UsageAssumptions } from "./usage-assumptions";

/** Regions the offline table has figures for. */
export const PRICED_REGIONS = Object.keys(REGIONAL_PRICES);

/**
 * What a plan would cost a month at on-demand list prices, under stated usage assumptions:
 * one line per billable item of each resource, each with its quantity, unit price, the
 * assumption behind the quantity and the pricing page behind the price. What cannot be priced
 * — a Region outside the table, a figure the table lacks, a billable type it does not cover —
 * is listed under `notPriced` with the reason and left out of the total, never counted as zero.
 */
export function estimateMonthlyCost(plan: Plan, usage: UsageAssumptions = DEFAULT_USAGE): CostEstimate {
  const prices = REGIONAL_PRICES[plan.region];
  const lines: CostLine[] = [];
  const notPriced: NotPriced[] = [];
  const context = planContext(plan.resources);
  for (const resource of plan.resources) {
    const pricer = PRICERS[resource.type];
    if (!pricer) continue;
    if (!prices) {
      notPriced.push({ urn: resource.urn, type: resource.type, reason: `no prices for Region ${plan.region}: the offline table covers ${PRICED_REGIONS.join(", ")}` });
      continue;
    }
    for (const charge of pricer(resource, usage, context)) {
      if (!("price" in charge)) {
        notPriced.push({ urn: resource.urn, type: resource.type, reason: charge.reason });
        continue;
      }
      const entry = priceFor(prices, charge.price);
      if (!isPrice(entry)) {
        notPriced.push({ urn: resource.urn, type: resource.type, reason: `${charge.item}: ${entry?.missing ?? `no ${plan.region} price for ${describe(charge.price)}`}` });
        continue;
      }
      lines.push({
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        item: charge.item,
        quantity: round(charge.quantity, 6),
        unit: entry.unit,
        unitPrice: entry.usd,
        monthly: round(charge.quantity * entry.usd, 2),
        assumption: charge.assumption,
        source: `${entry.source} (read ${entry.read}${entry.readFrom ? ` from ${entry.readFrom}` : ""})`,
      });
    }
  }
  const monthlyTotal = round(lines.reduce((sum, line) => sum + line.monthly, 0), 2);
  return { currency: CURRENCY, region: plan.region, priceDate: PRICE_TABLE_DATE, monthlyTotal, lines, notPriced };
}

function planContext(resources: PlannedResource[]): PlanContext {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return {
    resources,
    referencedBy(type, property) {
      const found = new Map<string, PlannedResource>();
      for (const r of resources) {
        if (r.type !== type) continue;
        for (const urn of r.propertyDependencies[property] ?? []) {
          const target = byUrn.get(urn);
          if (target) found.set(urn, target);
        }
      }
      return [...found.values()];
    },
  };
}

function describe(price: Charge["price"]): string {
  return typeof price === "string" ? price : `${price.table} ${price.instanceType}`;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
