import * as fs from "node:fs";
import * as path from "node:path";
import { catalogue } from "../../blueprints/catalogue";
import { latestVersion } from "../../blueprints/versions";
import { exampleFingerprint, FINGERPRINTS_FILE, readFingerprints } from "./version-fingerprints";

/**
 * Records each blueprint's current-version fingerprint in its `fingerprints.json`. A version
 * already recorded keeps its fingerprint: a released version's plan never changes, so a
 * different one is refused here as the fingerprint test refuses it — bump the version.
 */
async function main(): Promise<void> {
  let refused = false;
  for (const blueprint of catalogue.values()) {
    const version = latestVersion(blueprint.changelog);
    const committed = readFingerprints(blueprint);
    const rendered = await exampleFingerprint(blueprint);
    if (committed[version] === rendered) continue;
    if (committed[version] !== undefined) {
      console.error(`${blueprint.id} ${version} is recorded with another plan: bump the version in its changelog.ts first`);
      refused = true;
      continue;
    }
    fs.writeFileSync(path.join(blueprint.directory, FINGERPRINTS_FILE), JSON.stringify({ ...committed, [version]: rendered }, null, 2) + "\n");
    console.log(`${blueprint.id} ${version}: ${rendered}`);
  }
  if (refused) process.exitCode = 1;
}

void main();
