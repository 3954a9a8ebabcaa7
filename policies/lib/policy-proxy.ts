import type * as policy from "@pulumi/policy";

/**
 * The two values the pack needs from @pulumi/policy at run time, taken from its proxy module:
 * the package's index also loads the analyzer server and the whole Pulumi SDK, about a second
 * on every offline check, plan gate start and stand-in run. The index re-exports this same
 * module, so `instanceof UnknownValueError` holds for errors the analyzer's proxies throw.
 * The module ships no typings of its own (they are internal), hence the index's types.
 */
const proxy = require("@pulumi/policy/proxy") as Pick<typeof policy, "unknownCheckingProxy" | "UnknownValueError">;

export const { unknownCheckingProxy, UnknownValueError } = proxy;
