import type { FieldError } from "./errors";

/** The slice of a zod issue that names fields (zod 4's `$ZodIssue`). */
interface Issue {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
}

/**
 * Field errors from zod issues. An unknown key is named as its own field
 * (`params.search.colour`), not as the object holding it, so every refused key is as
 * easy to find as a bad value. `root` names an issue about the whole input.
 */
export function issueFieldErrors(issues: readonly Issue[], root: string): FieldError[] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === "unrecognized_keys" && issue.keys?.length) {
      // An empty key would name nothing, or its parent: show it quoted.
      return issue.keys.map((key) => ({ field: [...at, key === "" ? '""' : key].join("."), message: "unknown field" }));
    }
    return [{ field: at.length ? at.join(".") : root, message: issue.message }];
  });
}
