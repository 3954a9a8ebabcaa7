import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { CreatedObject } from "./s3-notification";
import { splitLines, type ObjectLine } from "./line-splitter";

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * Streams the lines of one S3 object, gunzipping it when the key ends in `.gz` or the bytes
 * start with the gzip magic number (CloudFront and ALB write `.gz` files; other producers gzip
 * without the suffix). The object is never held in memory whole: log files can be hundreds of
 * megabytes while the function has a fraction of that. Stopping the iteration early aborts the
 * download. Errors (missing object, broken stream, corrupt gzip) are thrown from the iteration.
 */
export async function* readObjectLines(s3: S3Client, object: CreatedObject, maxLineBytes: number, abortSignal?: AbortSignal): AsyncGenerator<ObjectLine> {
  // The signal ends a download that would outlast the invocation (deadline.ts).
  const response = await s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId }), { abortSignal });
  const body = response.Body;
  if (body === undefined) return;
  if (!isAsyncIterable(body)) throw new TypeError("GetObject returned a body that is not a Node.js stream");

  const { head, rest } = await peek(body, GZIP_MAGIC.length);
  const isGzip = object.key.endsWith(".gz") || GZIP_MAGIC.every((byte, index) => head[index] === byte);
  const raw = Readable.from(replay(head, rest), { objectMode: false });
  let bytes: AsyncIterable<Uint8Array> = raw;
  if (isGzip) {
    // pipeline() destroys every stage with the first error, so a broken download or corrupt
    // gzip surfaces as a rejection of the iteration below instead of a silent truncation.
    bytes = pipeline(raw, createGunzip(), () => undefined);
  }
  try {
    yield* splitLines(bytes, maxLineBytes);
  } finally {
    raw.destroy();
  }
}

/** Reads chunks until at least `count` bytes are in hand (or the stream ends). */
async function peek(body: AsyncIterable<Uint8Array>, count: number): Promise<{ head: Buffer; rest: AsyncIterator<Uint8Array> }> {
  const rest = body[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < count) {
    const next = await rest.next();
    if (next.done) break;
    chunks.push(Buffer.from(next.value));
    length += next.value.byteLength;
  }
  return { head: Buffer.concat(chunks), rest };
}

async function* replay(head: Buffer, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (head.length > 0) yield head;
  try {
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    // Closes the HTTP response when reading stops early.
    await rest.return?.();
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}
