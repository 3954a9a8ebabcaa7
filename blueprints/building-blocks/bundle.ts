import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { buildSync, version as esbuildVersion } from "esbuild";
import { BundleCache } from "./bundle-cache";

/** The Lambda runtime every Slipstream function runs on (Node.js 24, supported into 2028). */
export const LAMBDA_RUNTIME = "nodejs24.x";
const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..");
const bundles = new Map<string, string>();
const onDisk = new BundleCache(REPOSITORY_ROOT);

/** The build's settings: part of a cached bundle's key, with esbuild's version. */
const BUILD = { bundle: true, platform: "node", target: "node24", format: "cjs", external: ["@aws-sdk/*"], legalComments: "none" } as const;

/**
 * Bundles a handler written in TypeScript into one CommonJS file at program time, so the
 * code a deployment runs is always the code in the repository — no separate build step to
 * forget. The AWS SDK v3 stays external: the Lambda runtime provides it. Bundles are cached
 * per process, and on disk across processes and threads (bundle-cache.ts: reused only while
 * every file they were built from is unchanged), and built relative to the repository root,
 * so the archive (and therefore the function's code hash) is the same from any working
 * directory.
 */
export function bundleHandler(entry: string): pulumi.asset.AssetArchive {
  let code = bundles.get(entry);
  if (code === undefined) {
    const key = JSON.stringify({ entry, esbuild: esbuildVersion, ...BUILD });
    code = onDisk.get(key);
    if (code === undefined) {
      const result = buildSync({ entryPoints: [entry], absWorkingDir: REPOSITORY_ROOT, ...BUILD, external: [...BUILD.external], write: false, metafile: true, logLevel: "silent" });
      const output = result.outputFiles[0];
      if (!output) throw new Error(`bundling ${entry} produced no output`);
      code = output.text;
      onDisk.set(key, Object.keys(result.metafile.inputs), code);
    }
    bundles.set(entry, code);
  }
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(code) });
}
