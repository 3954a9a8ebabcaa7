/**
 * Engine events as an operation's history keeps them. Pulumi's resource events carry whole
 * input and output values — a Lambda function's bundled code among them, hundreds of
 * kilobytes, twice (old and new) in an update — which no reader of a progress log needs and
 * which a DynamoDB item (400 KB at most) cannot hold. Long strings keep their head and say
 * how much was left out; an event still too large keeps only its size.
 */
export const MAX_EVENT_STRING = 4096;
export const MAX_EVENT_BYTES = 64 * 1024;
const KEPT_HEAD = 256;

export function compactEventData(data: unknown): unknown {
  const compacted = compactValue(data);
  const bytes = Buffer.byteLength(JSON.stringify(compacted) ?? "null");
  return bytes > MAX_EVENT_BYTES ? { omitted: `event data of ${bytes} bytes is over the ${MAX_EVENT_BYTES}-byte limit of an operation's history` } : compacted;
}

function compactValue(value: unknown): unknown {
  if (typeof value === "string") return value.length > MAX_EVENT_STRING ? `${value.slice(0, KEPT_HEAD)}… [${value.length - KEPT_HEAD} more characters omitted]` : value;
  if (Array.isArray(value)) return value.map(compactValue);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, compactValue(item)]));
}
