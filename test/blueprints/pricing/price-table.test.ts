import { describe, expect, it } from "vitest";
import { isPrice, PRICE_TABLE_DATE, type PriceEntry } from "../../../blueprints/pricing/price-table";
import { REGIONAL_PRICES } from "../../../blueprints/pricing/regional-prices";
import { MSK_BROKER_TYPES } from "../../../blueprints/building-blocks/kafka-defaults";
import { MSK_BROKERS } from "../../../blueprints/building-blocks/msk-cluster";

const entries = (): [string, string, PriceEntry][] =>
  Object.entries(REGIONAL_PRICES).flatMap(([region, p]) =>
    [...Object.entries(p.prices), ...Object.entries(p.mskBrokerHour), ...Object.entries(p.opensearchInstanceHour)].map(([key, entry]): [string, string, PriceEntry] => [region, key, entry]),
  );

describe("the offline price table", () => {
  it("covers us-east-1 and eu-west-1 and is dated", () => {
    expect(Object.keys(REGIONAL_PRICES).sort()).toEqual(["eu-west-1", "us-east-1"]);
    expect(PRICE_TABLE_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(entries())("%s %s cites its AWS pricing page and the date read, or says why it has no figure", (_region, _key, entry) => {
    if (isPrice(entry)) {
      expect(entry.usd).toBeGreaterThan(0);
      expect(entry.unit.length).toBeGreaterThan(1);
      expect(entry.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9/-]+\/pricing\//);
      expect(entry.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    } else {
      expect(entry.missing).toMatch(/no published .* figure/);
    }
  });

  it("has a us-east-1 entry, a figure or a reason, for every MSK broker size a request may name", () => {
    for (const type of MSK_BROKER_TYPES) expect(REGIONAL_PRICES["us-east-1"]!.mskBrokerHour[type], type).toBeDefined();
  });

  it("prices the broker size staging and prod default to in us-east-1", () => {
    expect(isPrice(REGIONAL_PRICES["us-east-1"]!.mskBrokerHour[MSK_BROKERS.staging.instanceType])).toBe(true);
    expect(isPrice(REGIONAL_PRICES["us-east-1"]!.mskBrokerHour[MSK_BROKERS.prod.instanceType])).toBe(true);
  });
});
