import { describe, expect, it } from "vitest";
import { catalogue, getBlueprint } from "../../blueprints/catalogue";
import { changelogProblem, latestVersion } from "../../blueprints/versions";
import { exampleFingerprint, fingerprintVerdict, readFingerprints } from "../../programs/offline-plan/version-fingerprints";
import { withChangedDefault } from "../support/newer-release";

/**
 * A blueprint version is a promise: the same request renders the same resources. Each
 * blueprint's example is rendered and its plan's fingerprint compared with the one committed
 * for the blueprint's current version — a change to a default, a building block or a policy
 * fix that alters the plan fails here until the version is bumped with a changelog entry.
 */
describe("blueprint versions", () => {
  for (const blueprint of catalogue.values()) {
    describe(blueprint.id, () => {
      it("lists its versions in order, each with what changed", () => {
        expect(changelogProblem(blueprint.changelog)).toBeUndefined();
      });

      it("renders its example as its current version's committed fingerprint says", async () => {
        const verdict = fingerprintVerdict(blueprint, await exampleFingerprint(blueprint), readFingerprints(blueprint));
        if (!verdict.ok) expect.fail(verdict.message);
      });

      it("renders its example the same way twice", async () => {
        expect(await exampleFingerprint(blueprint)).toBe(await exampleFingerprint(blueprint));
      });
    });
  }

  it("fails a changed default without a version bump, telling the developer to bump it", async () => {
    const current = getBlueprint("dynamodb-search");
    const changed = withChangedDefault(current, { path: ["params", "indexer", "memoryMiB"], value: 2048 });
    const verdict = fingerprintVerdict(changed, await exampleFingerprint(changed), readFingerprints(current));
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? "" : verdict.message).toMatch(new RegExp(`different plan for its example than version ${latestVersion(current.changelog).replace(/\./g, "\\.")}.*bump it with a changelog entry in blueprints/dynamodb-search/changelog\\.ts`));
  });

  it("asks for the fingerprint of a bumped version that has none committed yet", async () => {
    const current = getBlueprint("dynamodb-search");
    const bumped = withChangedDefault(current, { path: ["params", "indexer", "memoryMiB"], value: 2048 }, { version: "1.1.0", changes: ["Indexer memory defaults to 2048 MiB"] });
    const verdict = fingerprintVerdict(bumped, await exampleFingerprint(bumped), readFingerprints(current));
    expect(verdict).toEqual({ ok: false, message: expect.stringContaining("dynamodb-search 1.1.0 has no committed plan fingerprint in blueprints/dynamodb-search/fingerprints.json") });
  });

  it("refuses a changelog whose versions go backwards", () => {
    expect(changelogProblem([{ version: "1.1.0", changes: ["a"] }, { version: "1.0.0", changes: ["b"] }])).toMatch(/1\.0\.0 follows 1\.1\.0/);
    expect(changelogProblem([{ version: "1.0", changes: ["a"] }])).toMatch(/not a version/);
  });
});
