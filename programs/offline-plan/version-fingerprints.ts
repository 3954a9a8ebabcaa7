import * as fs from "node:fs";
import * as path from "node:path";
import type { BlueprintDefinition } from "../../blueprints/blueprint";
import { latestVersion } from "../../blueprints/versions";
import { planFingerprint } from "./plan-fingerprint";
import { renderBlueprintPlan } from "./render-plan";

/** `fingerprints.json` next to each blueprint: version → the fingerprint of its example's plan at that version. */
export type CommittedFingerprints = Record<string, string>;

export const FINGERPRINTS_FILE = "fingerprints.json";
export const RECORD_COMMAND = "npx tsx programs/offline-plan/record-fingerprints.ts";

export function readFingerprints(blueprint: BlueprintDefinition): CommittedFingerprints {
  const file = path.join(blueprint.directory, FINGERPRINTS_FILE);
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, "utf8")) as CommittedFingerprints;
}

/** The fingerprint of what the blueprint's `example.json` renders to, in this release. */
export async function exampleFingerprint(blueprint: BlueprintDefinition): Promise<string> {
  const example: unknown = JSON.parse(fs.readFileSync(path.join(blueprint.directory, "example.json"), "utf8"));
  return planFingerprint(await renderBlueprintPlan(blueprint, example));
}

export type FingerprintVerdict = { ok: true } | { ok: false; message: string };

/**
 * Whether the release keeps its version's promise: the example renders to the fingerprint
 * committed for the blueprint's current version. A different one means the blueprint renders
 * something else for the same request — which only a new version may do.
 */
export function fingerprintVerdict(blueprint: BlueprintDefinition, rendered: string, committed: CommittedFingerprints): FingerprintVerdict {
  const version = latestVersion(blueprint.changelog);
  const expected = committed[version];
  const file = path.join("blueprints", path.basename(blueprint.directory), FINGERPRINTS_FILE);
  if (expected === undefined) {
    return { ok: false, message: `${blueprint.id} ${version} has no committed plan fingerprint in ${file}: run \`${RECORD_COMMAND}\` and commit it` };
  }
  if (expected === rendered) return { ok: true };
  return {
    ok: false,
    message:
      `${blueprint.id} renders a different plan for its example than version ${version} did (fingerprint ${rendered}, committed ${expected}). ` +
      `A change to what a blueprint renders needs a new version: bump it with a changelog entry in blueprints/${path.basename(blueprint.directory)}/changelog.ts ` +
      `saying what changes for deployments, then run \`${RECORD_COMMAND}\` and commit ${file}.`,
  };
}
