import type { ResourceCheck, ResourceContext } from "./deployability";
import { isUnknown, listAt, numberAt, plainAt, stringAt } from "./property-values";

// Small builders for the constraints AWS documents on one property. Every builder checks a value
// only when it is set and known: an unset property takes AWS's default, an unknown one is checked
// again when it is known.

const show = (value: unknown) => JSON.stringify(value);

/** An integer in [min, max]. */
export function integerBetween(path: string, min: number, max: number, unit = ""): ResourceCheck {
  const suffix = unit ? ` ${unit}` : "";
  return (resource, report) => {
    const value = numberAt(resource.props, path);
    if (typeof value !== "number") return;
    if (!Number.isInteger(value)) report(path, `${value} is not a whole number; AWS takes integers from ${min} to ${max}${suffix}.`);
    else if (value < min || value > max) report(path, `${value}${suffix} is outside AWS's range of ${min} to ${max}${suffix}.`);
  };
}

/** An integer of at least `min`, where AWS documents no maximum. */
export function integerAtLeast(path: string, min: number, unit = ""): ResourceCheck {
  const suffix = unit ? ` ${unit}` : "";
  return (resource, report) => {
    const value = numberAt(resource.props, path);
    if (typeof value === "number" && (!Number.isInteger(value) || value < min)) report(path, `${value}${suffix}; AWS takes a whole number of at least ${min}${suffix}.`);
  };
}

/** A number that is one of `allowed`. */
export function numberOneOf(path: string, allowed: readonly number[], unit = ""): ResourceCheck {
  return (resource, report) => {
    const value = numberAt(resource.props, path);
    if (typeof value === "number" && !allowed.includes(value)) report(path, `${value}${unit ? ` ${unit}` : ""} is not a value AWS accepts; use one of ${allowed.join(", ")}.`);
  };
}

/** A string that is one of `allowed` (AWS enums are case-sensitive). */
export function oneOf(path: string, allowed: readonly string[]): ResourceCheck {
  return (resource, report) => {
    const value = stringAt(resource.props, path);
    if (typeof value === "string" && !allowed.includes(value)) report(path, `${show(value)} is not a value AWS accepts; use one of ${allowed.join(", ")}.`);
  };
}

/** Every item of a list is one of `allowed`. */
export function eachOneOf(path: string, allowed: readonly string[]): ResourceCheck {
  return (resource, report) => {
    const items = listAt(resource.props, path);
    if (!Array.isArray(items)) return;
    for (const item of items) {
      if (typeof item === "string" && !allowed.includes(item)) report(path, `${show(item)} is not a value AWS accepts; use any of ${allowed.join(", ")}.`);
    }
  };
}

/** A string of `min` to `max` characters. */
export function lengthBetween(path: string, min: number, max: number): ResourceCheck {
  return (resource, report) => {
    const value = stringAt(resource.props, path);
    if (typeof value !== "string") return;
    // AWS counts Unicode characters, not UTF-16 units.
    const length = [...value].length;
    if (length < min || length > max) report(path, `${show(value)} has ${length} characters; AWS takes ${min} to ${max}.`);
  };
}

/** A string that matches `pattern`; `rule` says the pattern in words. */
export function matches(path: string, pattern: RegExp, rule: string): ResourceCheck {
  return (resource, report) => {
    const value = stringAt(resource.props, path);
    if (typeof value === "string" && !pattern.test(value)) report(path, `${show(value)} breaks AWS's rule: ${rule}.`);
  };
}

/** A list of at most `max` items. */
export function atMostItems(path: string, max: number, what = "items"): ResourceCheck {
  return (resource, report) => {
    const items = listAt(resource.props, path);
    if (Array.isArray(items) && items.length > max) report(path, `${items.length} ${what}; AWS allows at most ${max}.`);
  };
}

/** Byte length of a string as AWS measures document sizes (UTF-8). */
export const utf8Length = (text: string): number => Buffer.byteLength(text, "utf8");

/** A document (a string, or JSON given as an object) of at most `max` bytes. */
export function documentAtMost(path: string, max: number, what: string): ResourceCheck {
  return (resource, report) => {
    const value = plainAt(resource.props, path);
    if (value === undefined || value === null || isUnknown(value)) return;
    const text = typeof value === "string" ? value : JSON.stringify(value);
    const size = utf8Length(text);
    if (size > max) report(path, `the ${what} is ${size} bytes; AWS allows at most ${max}.`);
  };
}

/** Runs `checks` only on resources for which `condition` holds (it returns false while unknown). */
export function when(condition: (resource: ResourceContext) => boolean, ...checks: ResourceCheck[]): ResourceCheck {
  return (resource, report) => {
    if (!condition(resource)) return;
    for (const check of checks) check(resource, report);
  };
}
