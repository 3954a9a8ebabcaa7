/** One S3 object a notification says was created. */
export interface CreatedObject {
  readonly bucket: string;
  /** Decoded: the notification's URL encoding (`+` for spaces) is undone. */
  readonly key: string;
  /** Set when the bucket is versioned: read exactly the version that triggered the event. */
  readonly versionId?: string;
  readonly size?: number;
}

/** What one SQS message body announces. */
export type S3Notification =
  /** Sent once by S3 when the notification configuration is saved; carries no object. */
  | { readonly kind: "test-event" }
  | { readonly kind: "objects"; readonly objects: readonly CreatedObject[]; readonly ignoredRecords: number };

/** A message body that is not an S3 event notification; retrying cannot fix it. */
export class MalformedMessageError extends Error {
  override readonly name = "MalformedMessageError";
}

/**
 * Parses an SQS message body holding an S3 event notification, or the EventBridge event S3
 * sends for the same object (a bucket the deployment does not own reaches the queue through an
 * EventBridge rule). A body wrapped in an SNS envelope (S3 → SNS → SQS without raw message
 * delivery) is unwrapped first, so the forwarder also works behind a fan-out topic. Records and
 * events other than "object created" are counted and skipped.
 */
export function parseS3Notification(body: string): S3Notification {
  let message = parseJsonObject(body, "the message body");
  if (message.Type === "Notification" && typeof message.Message === "string") {
    message = parseJsonObject(message.Message, "the SNS envelope's Message");
  }
  if (message.Event === "s3:TestEvent") return { kind: "test-event" };
  if (message.source === "aws.s3" && typeof message["detail-type"] === "string") return fromEventBridge(message);

  const records = message.Records;
  if (!Array.isArray(records)) throw new MalformedMessageError("no Records array: not an S3 event notification");

  const objects: CreatedObject[] = [];
  let ignoredRecords = 0;
  records.forEach((record: unknown, index) => {
    const eventName = isObject(record) ? record.eventName : undefined;
    if (typeof eventName !== "string") throw new MalformedMessageError(`Records[${index}] has no eventName`);
    if (!eventName.startsWith("ObjectCreated:")) {
      ignoredRecords += 1;
      return;
    }
    objects.push(createdObject(record as Record<string, unknown>, index));
  });
  return { kind: "objects", objects, ignoredRecords };
}

/**
 * An S3 event as EventBridge delivers it (S3 user guide, "EventBridge event message structure"):
 * `detail-type` "Object Created", `detail.bucket.name`, `detail.object.key`, `size` and, in a
 * versioned bucket, `version-id`. Unlike a notification's, this key is not URL-encoded.
 */
function fromEventBridge(event: Record<string, unknown>): S3Notification {
  if (event["detail-type"] !== "Object Created") return { kind: "objects", objects: [], ignoredRecords: 1 };
  const detail = isObject(event.detail) ? event.detail : {};
  const bucket = isObject(detail.bucket) ? detail.bucket.name : undefined;
  const object = isObject(detail.object) ? detail.object : {};
  if (typeof bucket !== "string" || bucket === "") throw new MalformedMessageError("the EventBridge event has no detail.bucket.name");
  if (typeof object.key !== "string" || object.key === "") throw new MalformedMessageError("the EventBridge event has no detail.object.key");
  const versionId = object["version-id"];
  return {
    kind: "objects",
    objects: [{ bucket, key: object.key, versionId: typeof versionId === "string" && versionId !== "" ? versionId : undefined, size: typeof object.size === "number" ? object.size : undefined }],
    ignoredRecords: 0,
  };
}

function createdObject(record: Record<string, unknown>, index: number): CreatedObject {
  const s3 = isObject(record.s3) ? record.s3 : {};
  const bucket = isObject(s3.bucket) ? s3.bucket.name : undefined;
  const object = isObject(s3.object) ? s3.object : {};
  if (typeof bucket !== "string" || bucket === "") throw new MalformedMessageError(`Records[${index}] has no s3.bucket.name`);
  if (typeof object.key !== "string" || object.key === "") throw new MalformedMessageError(`Records[${index}] has no s3.object.key`);
  return {
    bucket,
    key: decodeObjectKey(object.key, index),
    versionId: typeof object.versionId === "string" && object.versionId !== "" ? object.versionId : undefined,
    size: typeof object.size === "number" ? object.size : undefined,
  };
}

// S3 encodes keys in notifications like an HTML form: spaces become `+`, a literal `+` becomes
// `%2B`. decodeURIComponent alone would leave the `+` signs in place.
function decodeObjectKey(encoded: string, index: number): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, " "));
  } catch {
    throw new MalformedMessageError(`Records[${index}] has an s3.object.key that is not URL-encoded`);
  }
}

function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedMessageError(`${what} is not JSON`);
  }
  if (!isObject(value)) throw new MalformedMessageError(`${what} is not a JSON object`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
