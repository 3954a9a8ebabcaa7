import type { CostEstimate } from "../../../blueprints/pricing/cost-estimate";

/**
 * The monthly cost estimate of a plan: each priced item with its quantity, unit price and the
 * assumption behind the quantity, the total, and what could not be priced with why.
 */
export function CostTable({ cost }: { cost: CostEstimate }) {
  const money = new Intl.NumberFormat("en-US", { style: "currency", currency: cost.currency, maximumFractionDigits: 2 });
  const unitPrice = new Intl.NumberFormat("en-US", { style: "currency", currency: cost.currency, maximumSignificantDigits: 4 });
  return (
    <section aria-labelledby="cost-title">
      <h2 id="cost-title">Monthly cost estimate</h2>
      <p class="total">
        <span data-testid="cost-total">{money.format(cost.monthlyTotal)}</span> per month <span class="muted">in {cost.region}, prices of {cost.priceDate}</span>
      </p>
      <div class="table-scroll">
        <table class="cost">
          <thead>
            <tr>
              <th>Resource</th>
              <th>Item</th>
              <th class="number">Quantity</th>
              <th class="number">Unit price</th>
              <th class="number">Monthly</th>
              <th>Assumption</th>
            </tr>
          </thead>
          <tbody>
            {cost.lines.map((line, i) => (
              <tr key={i}>
                <td>
                  {line.name} <span class="muted">{line.type}</span>
                </td>
                <td>{line.item}</td>
                <td class="number">
                  {line.quantity.toLocaleString("en-US")} {line.unit}
                </td>
                <td class="number">{unitPrice.format(line.unitPrice)}</td>
                <td class="number">{money.format(line.monthly)}</td>
                <td class="muted">{line.assumption}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={4}>Total</th>
              <th class="number">{money.format(cost.monthlyTotal)}</th>
              <th />
            </tr>
          </tfoot>
        </table>
      </div>
      {cost.notPriced.length > 0 && (
        <details>
          <summary>Not priced ({cost.notPriced.length})</summary>
          <ul>
            {cost.notPriced.map((n) => (
              <li key={n.urn}>
                <code>{n.type}</code>: {n.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
