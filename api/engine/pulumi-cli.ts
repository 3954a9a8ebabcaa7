import * as fs from "node:fs";
import * as path from "node:path";

export const INSTALL_HINT =
  "Install the Pulumi CLI (https://www.pulumi.com/docs/iac/download-install/) and put it on PATH, or set SLIPSTREAM_PULUMI_ROOT to a folder whose bin/pulumi is the CLI.";

/** Where the `pulumi` executable is: `<root>/bin/pulumi` when a root is configured, else PATH. */
export function locatePulumi(root: string | undefined, searchPath = process.env["PATH"] ?? ""): string | undefined {
  const candidates = root ? [path.join(root, "bin", "pulumi")] : searchPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, "pulumi"));
  return candidates.find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}
