import type { ExportedResource, StackExport } from "./engineer-shell";

/** One resource as two deployments of the same request must agree on it. */
export interface ComparableResource {
  type: string;
  /** The URN's qualified type and name: parent chain and logical name. */
  urn: string;
  parent: string | null;
  custom: boolean;
  inputs: unknown;
}

const DEPLOYMENT = "<deployment>";

/**
 * A stack's resources with what legitimately differs between two deployments of the same
 * request spelled out and normalised: the stack and the deployment name, which URNs,
 * logical names, physical names, tags and ARNs embed — as written, and with underscores
 * for hyphens where a service allows no hyphen (Glue database names). The name is replaced
 * wherever it occurs in a string, and only there; everything else — types, parents, inputs —
 * must match as exported. Sorted by normalised URN.
 */
export function comparableResources(exported: StackExport, deployment: string): ComparableResource[] {
  const spellings = [deployment, deployment.replaceAll("-", "_")];
  const replace = (text: string) => spellings.reduce((t, spelling) => t.split(spelling).join(DEPLOYMENT), text);
  const normalise = (value: unknown): unknown => {
    if (typeof value === "string") return replace(value);
    if (Array.isArray(value)) return value.map(normalise);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [replace(k), normalise(v)]));
    return value;
  };
  const urn = (r: ExportedResource) => replace(r.urn);
  return (exported.deployment.resources ?? [])
    .map((r) => ({ type: r.type, urn: urn(r), parent: r.parent ? replace(r.parent) : null, custom: r.custom, inputs: normalise(r.inputs ?? {}) }))
    .sort((a, b) => a.urn.localeCompare(b.urn));
}

/** `pulumi config set --path` commands that build `value` under `key`, one per leaf, shell-quoted. */
export function configPathCommands(key: string, value: unknown): string[] {
  const commands: string[] = [];
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const walk = (path: string, node: unknown) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(`${path}[${i}]`, item));
    else if (node !== null && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) walk(/^[A-Za-z_][\w-]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, v);
    } else commands.push(`pulumi config set --path ${quote(path)} ${quote(String(node))}`);
  };
  walk(key, value);
  return commands;
}
