import * as fs from "node:fs";
import * as path from "node:path";
import { cloudDriftKey, type CloudDriftFile } from "./src/cloud-drift";

/**
 * Changes resources "behind the stand-in's back": writes what the cloud now holds differently
 * into the file the stand-in's provider reads on refresh (src/cloud-drift.ts), beside the
 * stack's state in a `file://` backend folder. Replaces any drift written before.
 */
export function setCloudDrift(backendDir: string, project: string, stack: string, drift: CloudDriftFile): void {
  const file = path.join(backendDir, cloudDriftKey(project, stack));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(drift, null, 2));
}

/** The drift file as the stand-in left it (its provider's writes remove entries), if any. */
export function readCloudDrift(backendDir: string, project: string, stack: string): CloudDriftFile | undefined {
  const file = path.join(backendDir, cloudDriftKey(project, stack));
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as CloudDriftFile) : undefined;
}
