import type { S3Client } from "@aws-sdk/client-s3";
import type { DeliveryReport } from "./batch-sender";
import { NO_DEADLINE, type Deadline } from "./deadline";
import { encodeRecord, MAX_RECORD_BYTES, type ForwardRecord } from "./forward-record";
import type { LogFormatDefinition } from "./log-formats";
import { describeError, type Logger } from "./logger";
import { readObjectLines } from "./object-reader";
import type { RecordSink } from "./record-sink";
import type { CreatedObject } from "./s3-notification";

// Records are sent in rounds of at most one full PutRecordBatch call, so memory stays bounded
// however large the object is.
const FLUSH_RECORDS = 500;
const FLUSH_BYTES = 4 * 1024 * 1024;
// A line this long cannot become a record within MAX_RECORD_BYTES; it is not even buffered.
const MAX_LINE_BYTES = 2 * MAX_RECORD_BYTES;

export interface ForwardObjectDeps {
  readonly s3: S3Client;
  readonly sinks: readonly RecordSink[];
  readonly format: LogFormatDefinition;
  readonly logger: Logger;
  /** When the invocation must stop working on the object. Default: no limit. */
  readonly deadline?: Deadline;
}

/** What became of one object's lines. */
export interface ObjectCounts {
  lines: number;
  records: number;
  skipped: number;
  invalid: number;
  oversize: number;
}

/** True when every record of the object reached every destination. */
export type ObjectOutcome = { readonly delivered: true } | { readonly delivered: false; readonly reason: string };

/**
 * Reads one object, parses its lines and delivers the records to every sink. Stops at the first
 * round a sink could not take in full: the message is then retried whole, so sending the rest
 * would only add duplicates. Delivery is at least once: records of rounds that succeeded
 * before a failure are sent again when the message is retried. When the invocation's deadline
 * comes first, reading stops and the object counts as not delivered, so that the invocation
 * answers in time and only this message is retried.
 */
export async function forwardObject(object: CreatedObject, deps: ForwardObjectDeps): Promise<ObjectOutcome> {
  const { s3, sinks, format, logger } = deps;
  const deadline = deps.deadline ?? NO_DEADLINE;
  const started = Date.now();
  const where = { bucket: object.bucket, key: object.key };
  const counts: ObjectCounts = { lines: 0, records: 0, skipped: 0, invalid: 0, oversize: 0 };
  const delivered: Record<string, number> = {};
  const invalidReasons: Record<string, number> = {};
  const parser = format.createParser();
  let pending: ForwardRecord[] = [];
  let pendingBytes = 0;

  const flush = async (): Promise<string | undefined> => {
    const round = pending;
    pending = [];
    pendingBytes = 0;
    if (round.length === 0) return undefined;
    if (deadline.remainingMs() <= 0) return OUT_OF_TIME;
    return deliverRound(round, sinks, delivered, logger, where, deadline);
  };

  const remaining = deadline.remainingMs();
  if (remaining <= 0) return failed(OUT_OF_TIME);
  const download = Number.isFinite(remaining) ? AbortSignal.timeout(remaining) : undefined;
  try {
    for await (const line of readObjectLines(s3, object, MAX_LINE_BYTES, download)) {
      counts.lines += 1;
      if (line.kind === "too-long") {
        counts.oversize += 1;
        logger.warn("line dropped: longer than a record may be", { ...where, line: counts.lines, bytes: line.bytes });
        continue;
      }
      const parsed = parser.parseLine(line.text);
      if (parsed.kind === "skip") {
        counts.skipped += 1;
        continue;
      }
      if (parsed.kind === "invalid") {
        counts.invalid += 1;
        invalidReasons[parsed.reason] = (invalidReasons[parsed.reason] ?? 0) + 1;
        continue;
      }
      // The source object travels with every record so a document can be traced to its file.
      const record = encodeRecord({ ...parsed.record, bucket: object.bucket, key: object.key }, format.partitionKeyFields);
      if (record === undefined) {
        counts.oversize += 1;
        logger.warn("record dropped: larger than a Firehose record may be", { ...where, line: counts.lines, limitBytes: MAX_RECORD_BYTES });
        continue;
      }
      counts.records += 1;
      pending.push(record);
      pendingBytes += record.data.length;
      if (pending.length >= FLUSH_RECORDS || pendingBytes >= FLUSH_BYTES) {
        const failure = await flush();
        if (failure !== undefined) return failed(failure);
      }
    }
    const failure = await flush();
    if (failure !== undefined) return failed(failure);
  } catch (error) {
    if (download?.aborted === true) return failed(OUT_OF_TIME);
    return failed(`object could not be read: ${describeError(error).errorName}`, error);
  }

  logger.info("object forwarded", { ...where, ...counts, delivered, invalidReasons, durationMs: Date.now() - started });
  return { delivered: true };

  function failed(reason: string, error?: unknown): ObjectOutcome {
    logger.error("object not fully delivered", {
      ...where,
      reason,
      ...(error === undefined ? {} : describeError(error)),
      ...counts,
      delivered,
      durationMs: Date.now() - started,
    });
    return { delivered: false, reason };
  }
}

/** Why an object stopped when the invocation's time ran out. */
export const OUT_OF_TIME = "the invocation's time ran out";

/** Sends one round to every sink at once; the reason it failed, or undefined. */
async function deliverRound(
  round: readonly ForwardRecord[],
  sinks: readonly RecordSink[],
  delivered: Record<string, number>,
  logger: Logger,
  where: { bucket: string; key: string },
  deadline: Deadline,
): Promise<string | undefined> {
  // allSettled, not all: every sink finishes its retries before the outcome is decided, so no
  // put call is left running into the next message.
  const results = await Promise.allSettled(sinks.map((sink) => sink.deliver(round, deadline)));
  const failures: string[] = [];
  results.forEach((result, index) => {
    const destination = sinks[index]?.destination ?? "unknown";
    if (result.status === "rejected") {
      logger.error("destination rejected the records", { ...where, destination, ...describeError(result.reason) });
      failures.push(destination);
      return;
    }
    const report: DeliveryReport = result.value;
    delivered[destination] = (delivered[destination] ?? 0) + report.delivered;
    if (report.failed > 0) {
      const message = report.outOfTime === true ? "records not delivered before the invocation's time ran out" : "records still failing after retries";
      logger.error(message, { ...where, destination, failed: report.failed, attempts: report.attempts, errorCodes: report.errorCodes });
      failures.push(destination);
    }
  });
  return failures.length === 0 ? undefined : `not delivered to ${failures.join(", ")}`;
}
