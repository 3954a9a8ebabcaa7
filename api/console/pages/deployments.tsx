import { useState } from "preact/hooks";
import { LIVE_DEPLOYMENT_STATUSES } from "../../domain/model";
import { href, navigate } from "../router";
import { Await, formatTime, StatusBadge } from "../status";
import type { BlueprintSummary, Deployment } from "../types";
import { useApi } from "../use-api";

const FILTERS = ["blueprint", "status", "environment", "owner"] as const;

/** The caller's deployments (every team's for the service admin), filtered as the API filters them. */
export function DeploymentsPage({ query }: { query: URLSearchParams }) {
  const [blueprints] = useApi<{ blueprints: BlueprintSummary[] }>("/v1/blueprints");
  const [page, reload] = useApi<{ deployments: Deployment[]; next: string | null }>(`/v1/deployments${query.size > 0 ? `?${query}` : ""}`);
  const [draft, setDraft] = useState(() => Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ""])));
  const apply = (e: Event) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const f of FILTERS) if (draft[f]) next.set(f, draft[f]!);
    navigate(href.deployments(next));
  };
  const ids = blueprints.state === "ready" ? blueprints.value.blueprints.map((b) => b.id) : [];
  return (
    <section>
      <h1>Deployments</h1>
      <form class="filters" onSubmit={apply} aria-label="Filters">
        <label>
          Blueprint
          <select name="blueprint" value={draft["blueprint"]} onChange={(e) => setDraft({ ...draft, blueprint: e.currentTarget.value })}>
            <option value="">any</option>
            {ids.map((id) => (
              <option key={id}>{id}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select name="status" value={draft["status"]} onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value })}>
            <option value="">any</option>
            {LIVE_DEPLOYMENT_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Environment
          <select name="environment" value={draft["environment"]} onChange={(e) => setDraft({ ...draft, environment: e.currentTarget.value })}>
            <option value="">any</option>
            {["dev", "staging", "prod"].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Owner
          <input name="owner" value={draft["owner"]} onInput={(e) => setDraft({ ...draft, owner: e.currentTarget.value })} />
        </label>
        <button type="submit">Filter</button>
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </form>
      <Await loaded={page}>
        {({ deployments }) =>
          deployments.length === 0 ? (
            <p class="muted">
              No deployments{query.size > 0 ? " match these filters" : " yet"}. <a href={href.catalogue()}>Start from the catalogue.</a>
            </p>
          ) : (
            <div class="table-scroll">
              <table class="deployments">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Status</th>
                    <th>Blueprint</th>
                    <th>Team</th>
                    <th>Environment</th>
                    <th>Owner</th>
                    <th>Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {deployments.map((d) => (
                    <tr key={d.name}>
                      <td>
                        <a href={href.deployment(d.name)}>{d.name}</a>
                      </td>
                      <td>
                        <StatusBadge status={d.status} />
                      </td>
                      <td>{d.blueprint}</td>
                      <td>{d.team}</td>
                      <td>{d.tags["environment"]}</td>
                      <td>{d.tags["owner"]}</td>
                      <td>{formatTime(d.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Await>
    </section>
  );
}
