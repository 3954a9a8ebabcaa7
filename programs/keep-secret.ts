import * as pulumi from "@pulumi/pulumi";

/**
 * Values at least this long are also found inside longer strings (a JSON policy, a URL); a
 * shorter one only as a whole value, or a secret `dev` would mark half the stack secret.
 */
export const MIN_EMBEDDED_SECRET_LENGTH = 8;

/**
 * Keeps request values the stack holds as secrets secret in the deployment. Blueprints take
 * plain values (their schema validates them before any resource exists), so a secret read
 * from stack config arrives in resource inputs as plain text and would be saved unencrypted
 * in the state. This registers a stack transformation — applied by the SDK, before a
 * resource is registered — that marks every input holding one of `values` as a secret, does
 * the same to components' registered outputs, and returns the marking for the program's
 * stack outputs. Call it once, inside the program.
 */
export function keepSecret(values: readonly string[]): <T>(outputs: T) => T {
  const secrets = values.filter((v) => v !== "");
  if (secrets.length === 0) return (outputs) => outputs;
  const reveals = (text: string) => secrets.some((s) => text === s || (s.length >= MIN_EMBEDDED_SECRET_LENGTH && text.includes(s)));
  const revealsAny = (value: unknown): boolean => {
    if (typeof value === "string") return reveals(value);
    if (Array.isArray(value)) return value.some(revealsAny);
    if (isPlainObject(value)) return Object.values(value).some(revealsAny);
    return false;
  };
  const mark = (value: unknown): unknown => {
    if (typeof value === "string") return reveals(value) ? pulumi.secret(value) : value;
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
      // Known only once resolved: the whole value turns secret if any part of it reveals one.
      return pulumi.output(value).apply((resolved) => (revealsAny(resolved) ? pulumi.secret(resolved) : resolved));
    }
    if (Array.isArray(value)) return value.map(mark);
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mark(v)]));
    return value;
  };
  pulumi.runtime.registerStackTransformation(({ props, opts }) => ({ props: mark(props) as pulumi.Inputs, opts }));
  // A component's registered outputs go to the engine without any transformation, and a
  // blueprint component registers the same outputs the stack returns (indexName, say). The
  // `pulumi up` entry runs alone in its process, so patching them here reaches nothing else.
  const components = pulumi.ComponentResource.prototype as unknown as { registerOutputs(outputs?: unknown): void };
  const registerOutputs = components.registerOutputs;
  components.registerOutputs = function (outputs?: unknown) {
    registerOutputs.call(this, outputs === undefined ? undefined : mark(outputs));
  };
  return <T>(outputs: T) => mark(outputs) as T;
}

/** Objects built from literals; resources, assets and other class instances pass untouched. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
