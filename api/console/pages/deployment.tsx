import { useState } from "preact/hooks";
import { api } from "../api";
import { ConfirmDialog } from "../confirm-dialog";
import { href, navigate } from "../router";
import { Await, ErrorBanner, formatTime, StatusBadge } from "../status";
import type { Accepted, Deployment, Operation } from "../types";
import { UpgradeBanner } from "../upgrade/upgrade-banner";
import { useApi } from "../use-api";

/** How the API shows a secret output; the console masks it further rather than print the marker. */
const SECRET = "[secret]";

function OutputValue({ value }: { value: unknown }) {
  if (value === SECRET) return <span class="secret" title="A secret output: the API never returns its value">••••••••</span>;
  if (typeof value === "string") return <code>{value}</code>;
  return <code>{JSON.stringify(value)}</code>;
}

/** The queue-an-operation actions, in the order they show, with their routes. */
const QUEUED_ACTIONS = [
  { action: "preview", label: "Preview", path: "preview" },
  { action: "refresh", label: "Refresh", path: "refresh" },
  { action: "driftCheck", label: "Check drift", path: "drift-check" },
] as const;

/**
 * One deployment: its status, outputs (secrets masked), operations, and a button for each
 * action its `actions` flags allow now — the console never guesses the state machine.
 * Each queued action opens the operation's live log; destroy asks first.
 */
export function DeploymentPage({ name }: { name: string }) {
  const [deployment, reload] = useApi<Deployment>(`/v1/deployments/${encodeURIComponent(name)}`);
  const [history, reloadHistory] = useApi<{ operations: Operation[] }>(`/v1/deployments/${encodeURIComponent(name)}/operations?limit=20`);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [confirming, setConfirming] = useState(false);

  const queue = async (method: string, path: string) => {
    try {
      const accepted = await api<Accepted>(method, path);
      navigate(href.operation(accepted.operation.id));
    } catch (error) {
      setFailure(error);
      reload();
    }
  };
  const cancel = async (operation: Operation) => {
    try {
      await api("POST", `/v1/operations/${operation.id}/cancel`);
    } catch (error) {
      setFailure(error);
    }
    reload();
    reloadHistory();
  };

  return (
    <section>
      <p class="crumbs">
        <a href={href.deployments()}>Deployments</a> / {name}
      </p>
      {failure !== undefined && <ErrorBanner error={failure} />}
      <Await loaded={deployment}>
        {(d) => (
          <>
            <h1>
              {d.name} <StatusBadge status={d.status} />
            </h1>
            <p class="lead">
              <code>{d.blueprint}</code> <span data-testid="blueprint-version">{d.blueprintVersion}</span> in {d.region}, team {d.team}; created {formatTime(d.createdAt)}, updated {formatTime(d.updatedAt)}.
            </p>
            {d.lastError && (
              <div class="banner error">
                {d.lastError.title}: {d.lastError.detail} (<a href={href.operation(d.lastError.operationId)}>operation</a>)
              </div>
            )}
            <UpgradeBanner deployment={d} />
            <div class="actions" aria-label="Actions">
              {d.actions["update"] && (
                <a class="button primary" href={href.update(d.name)}>
                  Update
                </a>
              )}
              {QUEUED_ACTIONS.filter((a) => d.actions[a.action]).map((a) => (
                <button type="button" key={a.action} onClick={() => queue("POST", `/v1/deployments/${encodeURIComponent(d.name)}/${a.path}`)}>
                  {a.label}
                </button>
              ))}
              {d.actions["destroy"] && (
                <button type="button" class="danger" onClick={() => setConfirming(true)}>
                  Destroy
                </button>
              )}
            </div>
            {confirming && (
              <ConfirmDialog title={`Destroy ${d.name}?`} word={d.name} action="Destroy" onClose={() => setConfirming(false)} onConfirm={() => queue("DELETE", `/v1/deployments/${encodeURIComponent(d.name)}`)}>
                <p>Every resource of the deployment is deleted from AWS, data included. Its operations stay readable.</p>
              </ConfirmDialog>
            )}
            <section aria-labelledby="outputs-title">
              <h2 id="outputs-title">Outputs</h2>
              {Object.keys(d.outputs).length === 0 ? (
                <p class="muted">None yet: outputs appear once the deployment is up.</p>
              ) : (
                <dl class="outputs">
                  {Object.entries(d.outputs).map(([key, value]) => (
                    <div key={key}>
                      <dt>{key}</dt>
                      <dd>
                        <OutputValue value={value} />
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
            </section>
          </>
        )}
      </Await>
      <section aria-labelledby="operations-title">
        <h2 id="operations-title">Operations</h2>
        <Await loaded={history}>
          {({ operations }) => (
            <div class="table-scroll">
              <table class="operations">
                <thead>
                  <tr>
                    <th>Kind</th>
                    <th>Status</th>
                    <th>Changes</th>
                    <th>Requested by</th>
                    <th>Created</th>
                    <th>Finished</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {operations.map((o) => (
                    <tr key={o.id}>
                      <td>
                        <a href={href.operation(o.id)}>{o.kind}</a>
                      </td>
                      <td>
                        <StatusBadge status={o.status} />
                      </td>
                      <td>{o.summary ? Object.entries(o.summary).map(([k, n]) => `${k} ${n}`).join(", ") : ""}</td>
                      <td>{o.requestedBy.tokenName}</td>
                      <td>{formatTime(o.createdAt)}</td>
                      <td>{formatTime(o.finishedAt)}</td>
                      <td>
                        {o.actions["cancel"] && (
                          <button type="button" class="link" onClick={() => cancel(o)}>
                            Cancel
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Await>
      </section>
    </section>
  );
}
