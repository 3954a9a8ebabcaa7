import { CliError } from "./cli-args";

/**
 * `pulumi config set|get|rm --path` the way the CLI reads a key: `ns:name` whose name is a
 * property path — `a.b`, `a[0]`, `a["key.with.dots"]`. The first segment names the stored
 * config key; the rest walk into its object value.
 */
export type PathSegment = string | number;

export interface ConfigPath {
  /** The stored key: namespace and the path's first segment, e.g. `slipstream:tags`. */
  root: string;
  /** Segments below the root; empty for a plain key. */
  rest: PathSegment[];
}

export function parseConfigPath(fullKey: string): ConfigPath {
  const colon = fullKey.indexOf(":");
  const namespace = fullKey.slice(0, colon);
  const segments = parsePropertyPath(fullKey.slice(colon + 1), fullKey);
  const [first, ...rest] = segments;
  if (typeof first !== "string" || first === "") throw new CliError(`invalid config key path: the first segment of ${fullKey} must be a name`);
  return { root: `${namespace}:${first}`, rest };
}

function parsePropertyPath(text: string, key: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const invalid = (why: string) => new CliError(`invalid config key path ${key}: ${why}`);
  let i = 0;
  let current = "";
  const flush = () => {
    if (current === "") throw invalid("empty segment");
    segments.push(current);
    current = "";
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ".") {
      // A dot right after `]` only separates; anywhere else it ends a name.
      if (current !== "") flush();
      else if (text[i - 1] !== "]") throw invalid("empty segment");
      i++;
    } else if (c === "[") {
      if (current !== "") flush();
      const close = text.indexOf("]", i);
      if (close < 0) throw invalid("missing ]");
      const inner = text.slice(i + 1, close);
      if (/^"(.*)"$/.test(inner)) segments.push(inner.slice(1, -1));
      else if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else throw invalid(`[${inner}] is neither an index nor a quoted key`);
      i = close + 1;
    } else {
      current += c;
      i++;
    }
  }
  if (current !== "") flush();
  if (segments.length === 0) throw invalid("empty path");
  return segments;
}

/**
 * A value set below the root of a path is typed as the CLI types it: `true`/`false` become
 * booleans and integers become numbers (but not `0123`, which keeps its leading zero), so
 * `--path 'slipstream:params.indexer.batchSize' 500` stores the number 500. Secrets stay as
 * they are.
 */
export function adjustObjectValue(value: string): string | number | boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  if (value.length > 1 && value.startsWith("0")) return value;
  if (/^[+-]?\d+$/.test(value)) {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
  }
  return value;
}

type Tree = unknown;

/** Sets `value` at `path` in a copy of `node`, creating objects, or arrays for index segments. */
export function setAtPath(node: Tree, path: PathSegment[], value: unknown): Tree {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const child = (container: Tree) => setAtPath(container, rest, value);
  const fresh = () => (typeof rest[0] === "number" ? [] : {});
  if (typeof head === "number") {
    const list = Array.isArray(node) ? [...(node as unknown[])] : node === undefined ? [] : undefined;
    if (!list) throw new CliError(`invalid config key path: index [${head}] into a value that is not a list`);
    // Like the CLI, an index one past the end appends; further is out of range.
    if (head > list.length) throw new CliError(`invalid config key path: array index ${head} out of range`);
    list[head] = child(list[head] ?? fresh());
    return list;
  }
  if (Array.isArray(node) || (node !== undefined && (typeof node !== "object" || node === null || isSecure(node)))) {
    throw new CliError(`invalid config key path: key "${head}" into a value that is not an object`);
  }
  const object = { ...((node as Record<string, unknown>) ?? {}) };
  object[head] = child(object[head] ?? fresh());
  return object;
}

export function getAtPath(node: Tree, path: PathSegment[]): Tree {
  let value = node;
  for (const segment of path) {
    if (value === null || typeof value !== "object" || isSecure(value)) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

export function removeAtPath(node: Tree, path: PathSegment[]): Tree {
  const [head, ...rest] = path;
  if (head === undefined || node === null || typeof node !== "object") return node;
  if (Array.isArray(node)) {
    const list = [...(node as unknown[])];
    if (typeof head !== "number" || head >= list.length) return node;
    if (rest.length === 0) list.splice(head, 1);
    else list[head] = removeAtPath(list[head], rest);
    return list;
  }
  const object = { ...(node as Record<string, unknown>) };
  if (rest.length === 0) delete object[head];
  else if (head in object) object[head] = removeAtPath(object[head], rest);
  return object;
}

/** `{secure: "<ciphertext>"}`: how the stack settings file keeps one secret value. */
export function isSecure(node: unknown): node is { secure: string } {
  return typeof node === "object" && node !== null && !Array.isArray(node) && Object.keys(node).length === 1 && typeof (node as { secure?: unknown }).secure === "string";
}

/** Whether any value inside is a secret: then the CLI passes the whole key to the program as secret. */
export function containsSecure(node: unknown): boolean {
  if (isSecure(node)) return true;
  if (Array.isArray(node)) return node.some(containsSecure);
  if (node && typeof node === "object") return Object.values(node).some(containsSecure);
  return false;
}

/** The tree with every secure leaf replaced by `leaf(ciphertext)`. */
export function mapSecure(node: unknown, leaf: (ciphertext: string) => unknown): unknown {
  if (isSecure(node)) return leaf(node.secure);
  if (Array.isArray(node)) return node.map((x) => mapSecure(x, leaf));
  if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, mapSecure(v, leaf)]));
  return node;
}
