import { FirehoseClient } from "@aws-sdk/client-firehose";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { S3Client } from "@aws-sdk/client-s3";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { RetryPolicy } from "../../../lambda-runtime/retry-policy";
import { sleep } from "../../../lambda-runtime/sleep";
import { mapWithConcurrency } from "./bounded-concurrency";
import { ConfigError, loadConfig, type ForwarderConfig } from "./config";
import { invocationDeadline, type Deadline } from "./deadline";
import { createFirehoseSink } from "./firehose-sink";
import { forwardObject } from "./forward-object";
import { createKinesisSink } from "./kinesis-sink";
import { LOG_FORMAT_DEFINITIONS } from "./log-formats";
import { createConsoleLogger, describeError, type Logger } from "./logger";
import type { RecordSink } from "./record-sink";
import { MalformedMessageError, parseS3Notification } from "./s3-notification";

/** What the forwarder runs with; tests point the clients at local servers. */
export interface ForwarderDeps {
  readonly s3: S3Client;
  readonly firehose: FirehoseClient;
  /** Required when `config.anomalyStreamName` is set. */
  readonly kinesis?: KinesisClient;
  readonly config: ForwarderConfig;
  /** Default: JSON lines on stdout. */
  readonly logger?: Logger;
  /** Wait between retries. Default: a real timer. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /** Jitter source in [0, 1). Default: Math.random. */
  readonly random?: () => number;
  /**
   * Time kept back from the invocation to answer Lambda. Default: a tenth of the time left when
   * the invocation starts, at most `MAX_RESERVE_MS`.
   */
  readonly reserveMs?: number;
}

/** The parts of the Lambda context the handler reads; tests may leave it out. */
export type ForwarderContext = Pick<Context, "getRemainingTimeInMillis">;

export type ForwarderHandler = (event: SQSEvent, context?: ForwarderContext) => Promise<SQSBatchResponse>;

/** The most time kept back to answer: enough for the response and the last put calls to return. */
export const MAX_RESERVE_MS = 5_000;

/**
 * Builds the SQS handler. Each message is an S3 event notification; every object it names is
 * read, parsed and delivered to each Firehose delivery stream (and the anomaly stream, when
 * configured). The response lists exactly the messages whose objects were not fully delivered,
 * so SQS redelivers only those and, after `maxReceiveCount`, moves them to the DLQ. The event
 * source mapping must enable `ReportBatchItemFailures`, or a partial failure retries the batch.
 *
 * A time guard (deadline.ts) keeps the invocation from timing out: no message starts, no retry
 * waits and no download runs past the invocation's remaining time less a reserve; messages cut
 * short are reported as failed, so the ones forwarded in full are not delivered again.
 */
export function createHandler(deps: ForwarderDeps): ForwarderHandler {
  const { s3, firehose, kinesis, config } = deps;
  const logger = deps.logger ?? createConsoleLogger({ logFormat: config.logFormat });
  if (config.anomalyStreamName !== undefined && kinesis === undefined) {
    throw new ConfigError("`kinesis` is required when `anomalyStreamName` is set");
  }
  if (!Number.isInteger(config.maxAttempts) || config.maxAttempts < 1) throw new ConfigError("`maxAttempts` must be a whole number of at least 1");
  if (!Number.isInteger(config.concurrency) || config.concurrency < 1) throw new ConfigError("`concurrency` must be a whole number of at least 1");

  const retry: RetryPolicy = { maxAttempts: config.maxAttempts, sleep: deps.sleep ?? sleep, random: deps.random ?? Math.random };
  const sinks: RecordSink[] = config.deliveryStreamNames.map((name) => createFirehoseSink(firehose, name, retry, logger));
  if (config.anomalyStreamName !== undefined && kinesis !== undefined) {
    sinks.push(createKinesisSink(kinesis, config.anomalyStreamName, retry, logger));
  }
  const format = LOG_FORMAT_DEFINITIONS[config.logFormat];

  /** Whether every object the message names was delivered in full. */
  const processMessage = async (message: SQSRecord, deadline: Deadline): Promise<boolean> => {
    const messageId = message.messageId;
    try {
      const notification = parseS3Notification(message.body);
      if (notification.kind === "test-event") {
        logger.info("s3:TestEvent ignored", { messageId });
        return true;
      }
      if (notification.ignoredRecords > 0) logger.info("non-create records ignored", { messageId, ignored: notification.ignoredRecords });
      // S3 puts one record in each message; objects are still taken one at a time so that a
      // failure stops the message before more duplicates are sent.
      for (const object of notification.objects) {
        const outcome = await forwardObject(object, { s3, sinks, format, logger, deadline });
        if (!outcome.delivered) return false;
      }
      return true;
    } catch (error) {
      if (error instanceof MalformedMessageError) {
        // Reported as failed, not dropped: after maxReceiveCount it lands in the DLQ for a person to look at.
        logger.error("malformed message", { messageId, reason: error.message });
      } else {
        logger.error("message failed", { messageId, ...describeError(error) });
      }
      return false;
    }
  };

  return async function forwardAccessLogs(event: SQSEvent, context?: ForwarderContext): Promise<SQSBatchResponse> {
    const records = event.Records ?? [];
    const reserveMs = deps.reserveMs ?? Math.min(MAX_RESERVE_MS, (context?.getRemainingTimeInMillis() ?? 0) / 10);
    const deadline = invocationDeadline(context, reserveMs);
    let notStarted = 0;
    const outcomes = await mapWithConcurrency(records, config.concurrency, async (message) => {
      if (deadline.remainingMs() <= 0) {
        notStarted += 1;
        return false;
      }
      return processMessage(message, deadline);
    });
    const batchItemFailures = records.filter((_, index) => !outcomes[index]).map((record) => ({ itemIdentifier: record.messageId }));
    if (deadline.remainingMs() <= 0) {
      logger.warn("the invocation's time ran out: unfinished messages are left for SQS to redeliver", { notStarted, reserveMs: Math.round(reserveMs) });
    }
    logger.info("batch processed", { messages: records.length, failed: batchItemFailures.length });
    return { batchItemFailures };
  };
}

/** Builds the production dependencies from the Lambda environment; throws a ConfigError naming a bad variable. */
export function createDepsFromEnvironment(env: Readonly<Record<string, string | undefined>>): ForwarderDeps {
  const config = loadConfig(env);
  // The put calls are retried by the forwarder itself, record by record, so the SDK's own
  // retries are switched off: otherwise MAX_ATTEMPTS would not bound the number of calls.
  return {
    config,
    s3: new S3Client({}),
    firehose: new FirehoseClient({ maxAttempts: 1 }),
    kinesis: config.anomalyStreamName === undefined ? undefined : new KinesisClient({ maxAttempts: 1 }),
  };
}

let productionHandler: ForwarderHandler | undefined;

/**
 * The Lambda entry point. Configuration is read on the first invocation of an execution
 * environment (its cold start) rather than at import, so importing this module never throws;
 * a bad variable fails every invocation with a message naming it until it is fixed.
 */
export async function handler(event: SQSEvent, context?: ForwarderContext): Promise<SQSBatchResponse> {
  productionHandler ??= createHandler(createDepsFromEnvironment(process.env));
  return productionHandler(event, context);
}
