/** One priced item of one resource: what it is, how much, at what price, on what assumption. */
export interface CostLine {
  urn: string;
  type: string;
  name: string;
  item: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  monthly: number;
  assumption: string;
  /** The AWS pricing page the unit price is published on, and the date it was read. */
  source: string;
}

/** A billable item the estimate could not price, and why (no figure for the Region, a mode outside the table). */
export interface NotPriced {
  urn: string;
  type: string;
  reason: string;
}

export interface CostEstimate {
  currency: "USD";
  region: string;
  priceDate: string;
  monthlyTotal: number;
  lines: CostLine[];
  notPriced: NotPriced[];
}
