import type { PolicyReport as Report, PolicyViolation } from "../types";

const CATEGORIES: { id: PolicyViolation["category"]; title: string; about: string }[] = [
  { id: "security", title: "Security", about: "encryption, TLS, key rotation, logging — Security Hub and Checkov controls" },
  { id: "tagging", title: "Tagging", about: "the tags every resource must carry" },
  { id: "deployability", title: "Deployability", about: "rules AWS itself enforces: without them the deployment fails" },
];

const describe = (resource: { type: string; name: string } | null) => (resource ? `${resource.name} (${resource.type})` : "the stack");

/**
 * The policy pack's verdict on a plan, category by category: what it checked, each violation
 * with its level, resource, field and the controls or AWS document it comes from, and the
 * policies that did not apply with why.
 */
export function PolicyReport({ report }: { report: Report }) {
  const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  return (
    <section aria-labelledby="policy-title">
      <h2 id="policy-title">Policy and deployability</h2>
      <p class={`verdict ${report.passed ? "ok" : "bad"}`} data-testid="policy-verdict">
        {report.passed ? "Passed" : "Failed"}: {mandatory} mandatory and {report.violations.length - mandatory} advisory violations; {report.evaluated.policies} policies on {report.evaluated.resources} resources.
      </p>
      <div class="categories">
        {CATEGORIES.map((category) => {
          const found = report.violations.filter((v) => v.category === category.id);
          return (
            <article class={`category ${found.length === 0 ? "ok" : "bad"}`} key={category.id} aria-label={`${category.title} policies`}>
              <h3>
                {category.title} <span class="count">{found.length === 0 ? "no violations" : `${found.length} violation${found.length === 1 ? "" : "s"}`}</span>
              </h3>
              <p class="muted">{category.about}</p>
              {found.length > 0 && (
                <ul class="violations">
                  {found.map((v, i) => (
                    <li key={i}>
                      <span class={`badge ${v.enforcementLevel === "mandatory" ? "bad" : "busy"}`}>{v.enforcementLevel}</span> <strong>{v.policy}</strong> on {describe(v.resource)}
                      <div>
                        {v.field !== undefined && <code>{v.field}</code>} {v.message}
                      </div>
                      {v.controls.length > 0 && <div class="muted">{v.controls.join(", ")}</div>}
                      {v.document && (
                        <div class="muted">
                          see <a href={v.document}>{v.document}</a>
                        </div>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </article>
          );
        })}
      </div>
      {report.notApplicable.length > 0 && (
        <details>
          <summary>Not applicable ({report.notApplicable.length})</summary>
          <ul>
            {report.notApplicable.map((n, i) => (
              <li key={i}>
                <strong>{n.policy}</strong> on {describe(n.resource)}: {n.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
