import { href } from "../router";
import type { UpgradePlan } from "../types";
import { diffRows, diffSummary } from "./upgrade-diff";

const SIGN = { add: "+", change: "~", remove: "−" } as const;

/**
 * The resources an upgrade adds, changes (with each input property path that changes) and
 * removes, against the plan the deployment was last applied with — the diff the CLI prints.
 */
export function UpgradeDiffTable({ plan }: { plan: UpgradePlan }) {
  const rows = diffRows(plan.diff);
  return (
    <section aria-labelledby="diff-title">
      <h2 id="diff-title">Resource changes</h2>
      <p class="muted" data-testid="diff-summary">
        {diffSummary(plan.diff)}
        {plan.baseline ? (
          <>
            ; compared with the plan <a href={href.operation(plan.baseline)}>its last applied operation</a> ran
          </>
        ) : (
          "; no applied plan was kept (a deployment from before versions), so every resource shows as added"
        )}
        .
      </p>
      {rows.length === 0 ? (
        <p>No resource changes: the new version deploys this deployment as it is.</p>
      ) : (
        <div class="table-scroll">
          <table class="upgrade-diff" data-testid="upgrade-diff">
            <thead>
              <tr>
                <th>Change</th>
                <th>Resource</th>
                <th>Type</th>
                <th>Properties</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.change}:${r.urn}`} class={`diff-${r.change}`} data-change={r.change}>
                  <td>
                    {SIGN[r.change]} {r.change}
                  </td>
                  <td title={r.urn}>{r.name}</td>
                  <td>
                    <code>{r.type}</code>
                  </td>
                  <td>
                    {r.properties.map((p) => (
                      <code class="property" key={p}>
                        {p}
                      </code>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
