import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";

/** The Lambda runtime every Slipstream function runs on (Node.js 24, supported into 2028). */
export const LAMBDA_RUNTIME = "nodejs24.x";
const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..");
const bundles = new Map<string, string>();

/**
 * Bundles a handler written in TypeScript into one CommonJS file at program time, so the
 * code a deployment runs is always the code in the repository — no separate build step to
 * forget. The AWS SDK v3 stays external: the Lambda runtime provides it. Bundles are cached
 * per process and built relative to the repository root, so the archive (and therefore the
 * function's code hash) is the same from any working directory.
 */
export function bundleHandler(entry: string): pulumi.asset.AssetArchive {
  let code = bundles.get(entry);
  if (code === undefined) {
    const result = buildSync({
      entryPoints: [entry],
      absWorkingDir: REPOSITORY_ROOT,
      bundle: true,
      platform: "node",
      target: "node24",
      format: "cjs",
      external: ["@aws-sdk/*"],
      legalComments: "none",
      write: false,
      logLevel: "silent",
    });
    const output = result.outputFiles[0];
    if (!output) throw new Error(`bundling ${entry} produced no output`);
    code = output.text;
    bundles.set(entry, code);
  }
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(code) });
}
