import { useState } from "preact/hooks";
import { api } from "../api";
import { RequestForm, type DeploymentRequest } from "../form/request-form";
import { ApiProblem } from "../problem";
import { href, navigate } from "../router";
import { Await, ErrorBanner } from "../status";
import type { Accepted, Blueprint, Deployment } from "../types";
import { useApi } from "../use-api";

/** A deployment's parameters and tags in its blueprint's form; "Update" queues the change. */
export function UpdateDeploymentPage({ name }: { name: string }) {
  const [deployment] = useApi<Deployment>(`/v1/deployments/${encodeURIComponent(name)}`);
  return <Await loaded={deployment}>{(d) => <WithBlueprint deployment={d} />}</Await>;
}

function WithBlueprint({ deployment }: { deployment: Deployment }) {
  const [blueprint] = useApi<Blueprint>(`/v1/blueprints/${encodeURIComponent(deployment.blueprint)}`);
  return <Await loaded={blueprint}>{(b) => <UpdateForm blueprint={b} deployment={deployment} />}</Await>;
}

function UpdateForm({ blueprint, deployment }: { blueprint: Blueprint; deployment: Deployment }) {
  const [request, setRequest] = useState<DeploymentRequest>(() => ({ name: deployment.name, team: deployment.team, region: deployment.region, params: structuredClone(deployment.params), tags: structuredClone(deployment.tags) }));
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const update = async () => {
    setBusy(true);
    try {
      const accepted = await api<Accepted>("PATCH", `/v1/deployments/${encodeURIComponent(deployment.name)}`, { params: request.params, tags: request.tags });
      navigate(href.operation(accepted.operation.id));
    } catch (error) {
      if (error instanceof ApiProblem && (error.problem.errors?.length ?? 0) > 0) setErrors(error.fieldErrors());
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <p class="crumbs">
        <a href={href.deployments()}>Deployments</a> / <a href={href.deployment(deployment.name)}>{deployment.name}</a> / update
      </p>
      <h1>Update {deployment.name}</h1>
      {failure !== undefined && <ErrorBanner error={failure} />}
      <RequestForm blueprint={blueprint} request={request} onChange={setRequest} errors={errors} fixedName onSubmit={update}>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Updating…" : "Update"}
        </button>
        <a class="button" href={href.deployment(deployment.name)}>
          Cancel
        </a>
      </RequestForm>
    </section>
  );
}
