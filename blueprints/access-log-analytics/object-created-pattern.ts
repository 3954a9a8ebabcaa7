/**
 * The EventBridge event pattern for "Object Created" events of one bucket, filtered by key
 * prefix and suffix the way an S3 notification's filter rules would be.
 *
 * S3 user guide, "Using EventBridge" and "EventBridge event message structure": S3 sends
 * `source: aws.s3`, `detail-type: Object Created`, with `detail.bucket.name` and
 * `detail.object.key`. EventBridge user guide, "Content filtering in Amazon EventBridge event
 * patterns": `prefix` and `suffix` match one end of a string; several filters in one array are
 * ORed, so prefix AND suffix is a `wildcard` ("*" matches any run of characters; a literal `*`
 * or `\` is escaped with a backslash).
 */
export function objectCreatedPattern(bucketName: string, prefix: string, suffix: string): Record<string, unknown> {
  const detail: Record<string, unknown> = { bucket: { name: [bucketName] } };
  const keyFilter = keyFilterOf(prefix, suffix);
  if (keyFilter !== undefined) detail["object"] = { key: [keyFilter] };
  return { source: ["aws.s3"], "detail-type": ["Object Created"], detail };
}

function keyFilterOf(prefix: string, suffix: string): Record<string, string> | undefined {
  if (prefix !== "" && suffix !== "") return { wildcard: `${escapeWildcard(prefix)}*${escapeWildcard(suffix)}` };
  if (prefix !== "") return { prefix };
  if (suffix !== "") return { suffix };
  return undefined;
}

function escapeWildcard(text: string): string {
  return text.replace(/[\\*]/g, (c) => `\\${c}`);
}
