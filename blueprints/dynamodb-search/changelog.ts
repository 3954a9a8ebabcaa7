import type { ChangelogEntry } from "../versions";

/** What each version changed for deployments, oldest first (see ../versions.ts). */
export const changelog: readonly ChangelogEntry[] = [{ version: "1.0.0", changes: ["First versioned release: deployments made before versions were recorded are at this version."] }];
