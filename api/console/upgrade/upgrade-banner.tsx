import { href } from "../router";
import type { Deployment } from "../types";
import { ChangelogList } from "./changelog-list";

/**
 * Shown on a deployment this release runs a newer blueprint version of: from → to, the
 * changelog between, and the way to the review — ordinary updates wait until it is applied.
 */
export function UpgradeBanner({ deployment }: { deployment: Deployment }) {
  const upgrade = deployment.upgradeAvailable;
  if (!upgrade) return null;
  return (
    <section class="banner upgrade" aria-labelledby="upgrade-title" data-testid="upgrade-banner">
      <h2 id="upgrade-title">
        Upgrade available: {upgrade.from} → {upgrade.to}
      </h2>
      <ChangelogList entries={upgrade.changes} />
      {/* An upgrade is an update: it can be reviewed when the deployment's flags allow one. */}
      {deployment.actions["update"] ? (
        <a class="button primary" href={href.upgrade(deployment.name)}>
          Review upgrade
        </a>
      ) : (
        <p class="muted">It can be reviewed once the deployment allows an update again.</p>
      )}
    </section>
  );
}
