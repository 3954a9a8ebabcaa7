/**
 * The one shape for a child a caller may replace or leave out (as awsx does):
 * `{ skip: true }` creates nothing, `{ existing }` uses the caller's resource,
 * `{ args }` (or nothing) creates one with the args merged over the secure defaults.
 */
export interface OptionalResource<TExisting, TArgs> {
  skip?: boolean;
  existing?: TExisting;
  args?: TArgs;
}

export type Resolved<TExisting, TArgs> =
  | { kind: "skip" }
  | { kind: "existing"; existing: TExisting }
  | { kind: "create"; args: TArgs | undefined };

export function resolveOptional<TExisting, TArgs>(
  argName: string,
  value: OptionalResource<TExisting, TArgs> | undefined,
): Resolved<TExisting, TArgs> {
  const chosen = [value?.skip ? "skip" : undefined, value?.existing !== undefined ? "existing" : undefined, value?.args !== undefined ? "args" : undefined].filter(Boolean);
  if (chosen.length > 1) {
    throw new Error(`only one of \`skip\`, \`existing\` and \`args\` may be set on \`${argName}\` (got ${chosen.join(", ")})`);
  }
  if (value?.skip) return { kind: "skip" };
  if (value?.existing !== undefined) return { kind: "existing", existing: value.existing };
  return { kind: "create", args: value?.args };
}
