/**
 * Blueprint versions. A blueprint's version (semver) names what it renders: a release that
 * changes the resources or inputs a request renders to — a default, a building block, a
 * policy fix — bumps it and says why in a changelog entry. A deployment is pinned to the
 * version it was last applied with and moves only by a reviewed upgrade.
 */
export interface ChangelogEntry {
  /** `MAJOR.MINOR.PATCH`. */
  version: string;
  /** What changed for deployments, one line each: what an upgrade reviewer reads. */
  changes: readonly string[];
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b`. */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

function parse(version: string): number[] {
  const match = SEMVER.exec(version);
  if (!match) throw new Error(`"${version}" is not a version MAJOR.MINOR.PATCH`);
  return match.slice(1).map(Number);
}

/** The newest entry's version: what this release of the blueprint renders. */
export function latestVersion(changelog: readonly ChangelogEntry[]): string {
  const last = changelog[changelog.length - 1];
  if (!last) throw new Error("a blueprint's changelog has at least its first version");
  return last.version;
}

/** The entries after `from` up to and including `to`, oldest first: what an upgrade from `from` to `to` carries. */
export function changesBetween(changelog: readonly ChangelogEntry[], from: string, to: string): ChangelogEntry[] {
  return changelog.filter((e) => compareVersions(e.version, from) > 0 && compareVersions(e.version, to) <= 0);
}

/** Why a changelog is not usable (versions out of order, repeated or not semver), or undefined. */
export function changelogProblem(changelog: readonly ChangelogEntry[]): string | undefined {
  if (changelog.length === 0) return "the changelog is empty";
  for (const [i, entry] of changelog.entries()) {
    if (!isSemver(entry.version)) return `"${entry.version}" is not a version MAJOR.MINOR.PATCH`;
    if (entry.changes.length === 0) return `version ${entry.version} says nothing about what changed`;
    const previous = changelog[i - 1];
    if (previous && compareVersions(previous.version, entry.version) >= 0) return `version ${entry.version} follows ${previous.version}: the changelog lists versions oldest first, each newer than the last`;
  }
  return undefined;
}
