import { useState } from "preact/hooks";
import { api } from "../api";
import { OperationLog } from "../log/operation-log";
import { href } from "../router";
import { Await, ErrorBanner, formatTime, StatusBadge } from "../status";
import type { Operation } from "../types";
import { useApi } from "../use-api";

/** One operation: its kind, status and outcome, a cancel while it may, and its live log. */
export function OperationPage({ id }: { id: string }) {
  const [operation, reload] = useApi<Operation>(`/v1/operations/${encodeURIComponent(id)}`);
  const [failure, setFailure] = useState<unknown>(undefined);
  const cancel = async () => {
    try {
      await api("POST", `/v1/operations/${encodeURIComponent(id)}/cancel`);
    } catch (error) {
      setFailure(error);
    }
    reload();
  };
  return (
    <section>
      {failure !== undefined && <ErrorBanner error={failure} />}
      <Await loaded={operation}>
        {(o) => (
          <>
            <p class="crumbs">
              <a href={href.deployments()}>Deployments</a> / <a href={href.deployment(o.deployment)}>{o.deployment}</a> / {o.kind}
            </p>
            <h1>
              {o.kind} of {o.deployment} <StatusBadge status={o.status} />
            </h1>
            <p class="lead">
              Requested by {o.requestedBy.tokenName} at {formatTime(o.createdAt)}
              {o.finishedAt && `, finished ${formatTime(o.finishedAt)}`}
              {o.summary && `: ${Object.entries(o.summary).map(([k, n]) => `${k} ${n}`).join(", ")}`}.
            </p>
            {o.error && (
              <div class="banner error">
                <strong>{o.error.title}</strong> {o.error.detail}
              </div>
            )}
            <div class="actions">
              {o.actions["cancel"] && (
                <button type="button" class="danger" onClick={cancel}>
                  Cancel
                </button>
              )}
              <a class="button" href={href.deployment(o.deployment)}>
                Back to {o.deployment}
              </a>
            </div>
          </>
        )}
      </Await>
      <OperationLog id={id} onEnd={reload} />
    </section>
  );
}
