import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { PolicyReport } from "../plan/policy-report";
import { ApiProblem } from "../problem";
import { href, navigate } from "../router";
import { ErrorBanner } from "../status";
import type { Accepted, UpgradePlan } from "../types";
import { ChangelogList } from "../upgrade/changelog-list";
import { UpgradeDiffTable } from "../upgrade/upgrade-diff-table";

type Review = { state: "planning" } | { state: "failed"; error: unknown } | { state: "ready"; plan: UpgradePlan };

/**
 * The review of a blueprint upgrade: the service plans it (POST …/upgrade-plan, a plan it
 * keeps), the page shows the diff and the policy report, and "Apply upgrade" applies exactly
 * that plan by its id. A 409 means the deployment or the catalogue moved since the plan was
 * made: the server's reason shows, and the review can be made again against what is there now.
 */
export function UpgradeDeploymentPage({ name }: { name: string }) {
  const [review, setReview] = useState<Review>({ state: "planning" });
  const [round, setRound] = useState(0);
  const [refused, setRefused] = useState<ApiProblem | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    setReview({ state: "planning" });
    api<UpgradePlan>("POST", `/v1/deployments/${encodeURIComponent(name)}/upgrade-plan`).then(
      (plan) => current && setReview({ state: "ready", plan }),
      (error: unknown) => current && setReview({ state: "failed", error }),
    );
    return () => {
      current = false;
    };
  }, [name, round]);

  const reviewAgain = () => {
    setRefused(undefined);
    setFailure(undefined);
    setRound((r) => r + 1);
  };
  const apply = async (plan: UpgradePlan) => {
    setBusy(true);
    try {
      const accepted = await api<Accepted>("POST", `/v1/deployments/${encodeURIComponent(name)}/upgrade`, { planId: plan.id });
      navigate(href.operation(accepted.operation.id));
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 409) setRefused(error);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p class="crumbs">
        <a href={href.deployments()}>Deployments</a> / <a href={href.deployment(name)}>{name}</a> / upgrade
      </p>
      {review.state === "ready" ? (
        <h1>
          Upgrade {name}: {review.plan.blueprint} {review.plan.fromVersion} → {review.plan.toVersion}
        </h1>
      ) : (
        <h1>Upgrade {name}</h1>
      )}
      {review.state === "planning" && (
        <p class="muted" role="status">
          Planning the upgrade…
        </p>
      )}
      {review.state === "failed" && <ErrorBanner error={review.error} />}
      {refused && (
        <div class="banner error" role="alert" data-testid="upgrade-refused">
          <strong>{refused.problem.title}</strong>
          {refused.problem.detail && <p>{refused.problem.detail}</p>}
          <button type="button" onClick={reviewAgain}>
            Review again
          </button>
        </div>
      )}
      {failure !== undefined && <ErrorBanner error={failure} />}
      {review.state === "ready" && (
        <div data-testid="upgrade-review" data-plan={review.plan.id}>
          <section aria-labelledby="changelog-title">
            <h2 id="changelog-title">What the new version changes</h2>
            <ChangelogList entries={review.plan.changes} />
          </section>
          <UpgradeDiffTable plan={review.plan} />
          <PolicyReport report={review.plan.policy} />
          <div class="actions">
            <button type="button" class="primary" disabled={busy || refused !== undefined} onClick={() => apply(review.plan)}>
              {busy ? "Applying…" : "Apply upgrade"}
            </button>
            <a class="button" href={href.deployment(name)}>
              Cancel
            </a>
          </div>
        </div>
      )}
    </section>
  );
}
