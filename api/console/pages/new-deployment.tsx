import { useState } from "preact/hooks";
import { api } from "../api";
import { exampleOf, RequestForm, requestBody, type DeploymentRequest } from "../form/request-form";
import { PlanView } from "../plan/plan-view";
import { ApiProblem } from "../problem";
import { href, navigate } from "../router";
import { Await, ErrorBanner } from "../status";
import { ChangelogList } from "../upgrade/changelog-list";
import type { Accepted, Blueprint, Plan } from "../types";
import { useApi } from "../use-api";

/**
 * A new deployment: the blueprint's form, then its plan, then the create. "Plan" shows what
 * would be deployed and queues nothing; only "Create" does, with the same request.
 */
export function NewDeploymentPage({ blueprint: id }: { blueprint: string }) {
  const [blueprint] = useApi<Blueprint>(`/v1/blueprints/${encodeURIComponent(id)}`);
  return <Await loaded={blueprint}>{(b) => <NewDeployment blueprint={b} />}</Await>;
}

function NewDeployment({ blueprint }: { blueprint: Blueprint }) {
  const [request, setRequest] = useState<DeploymentRequest>(() => exampleOf(blueprint));
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [failure, setFailure] = useState<unknown>(undefined);
  const [plan, setPlan] = useState<Plan | undefined>(undefined);
  const [busy, setBusy] = useState<"planning" | "creating" | undefined>(undefined);

  // A refusal with field errors goes back to the form, each message under its field.
  const refused = (error: unknown) => {
    if (error instanceof ApiProblem && (error.problem.errors?.length ?? 0) > 0) {
      setErrors(error.fieldErrors());
      setFailure(undefined);
      setPlan(undefined);
    } else setFailure(error);
  };

  const planIt = async () => {
    setBusy("planning");
    try {
      // A plan names no team: it reads and changes nothing, and is the same for every team.
      const { team: _team, ...body } = requestBody(request);
      const result = await api<Plan>("POST", "/v1/plans", { blueprint: blueprint.id, ...body });
      setErrors(new Map());
      setFailure(undefined);
      setPlan(result);
      scrollTo(0, 0);
    } catch (error) {
      refused(error);
    } finally {
      setBusy(undefined);
    }
  };

  const create = async () => {
    setBusy("creating");
    try {
      const accepted = await api<Accepted>("POST", "/v1/deployments", { blueprint: blueprint.id, ...requestBody(request) });
      navigate(href.operation(accepted.operation.id));
    } catch (error) {
      refused(error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section>
      <p class="crumbs">
        <a href={href.catalogue()}>Catalogue</a> / {blueprint.title}
      </p>
      <h1>{plan ? `Plan of ${plan.deployment}` : `New ${blueprint.title} deployment`}</h1>
      {failure !== undefined && <ErrorBanner error={failure} />}
      {plan ? (
        <>
          <div class="actions">
            <button type="button" class="primary" disabled={busy !== undefined || !plan.policy.passed} onClick={create}>
              {busy === "creating" ? "Creating…" : "Create deployment"}
            </button>
            <button type="button" onClick={() => setPlan(undefined)}>
              Back to the form
            </button>
            {!plan.policy.passed && <span class="muted">The policy pack refuses this request: fix the violations first.</span>}
          </div>
          <PlanView plan={plan} />
        </>
      ) : (
        <>
          <p class="lead">
            {blueprint.description} <span class="muted">Version {blueprint.version}.</span>
          </p>
          <details class="changelog-details">
            <summary>Changelog ({blueprint.changelog.length} versions)</summary>
            <ChangelogList entries={blueprint.changelog} />
          </details>
          <RequestForm blueprint={blueprint} request={request} onChange={setRequest} errors={errors} onSubmit={planIt}>
            <button type="submit" class="primary" disabled={busy !== undefined}>
              {busy === "planning" ? "Planning…" : "Plan"}
            </button>
            <span class="muted">Plans offline: nothing is deployed until you create it.</span>
          </RequestForm>
        </>
      )}
    </section>
  );
}
