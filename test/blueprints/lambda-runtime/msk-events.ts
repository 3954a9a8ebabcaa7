import type { MSKEvent, MSKRecord } from "aws-lambda";

export const CLUSTER_ARN = "arn:aws:kafka:us-east-1:123456789012:cluster/orders-kafka/751d2973-a626-431c-9d4e-d7975eb44dd7-2";

export interface KafkaMessage {
  topic: string;
  partition: number;
  offset: number;
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
  timestamp?: number;
}

const b64 = (v: string | Buffer) => (typeof v === "string" ? Buffer.from(v, "utf8") : v).toString("base64");

/**
 * An event exactly as Lambda's MSK event source delivers it (Lambda developer guide, "Using
 * Lambda with Amazon MSK"): records grouped under "<topic>-<partition>", keys and values
 * base64, headers as lists of one-entry objects whose values are byte arrays.
 */
export function mskEvent(messages: readonly KafkaMessage[]): MSKEvent {
  const records: Record<string, MSKRecord[]> = {};
  for (const m of messages) {
    const record = {
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      timestamp: m.timestamp ?? 1_545_084_650_987 + m.offset,
      timestampType: "CREATE_TIME",
      ...(m.key === undefined || m.key === null ? {} : { key: b64(m.key) }),
      value: m.value === null ? (null as unknown as string) : b64(m.value),
      headers: Object.entries(m.headers ?? {}).map(([name, value]) => ({ [name]: [...Buffer.from(value, "utf8")] })),
    } as MSKRecord;
    (records[`${m.topic}-${m.partition}`] ??= []).push(record);
  }
  return {
    eventSource: "aws:kafka",
    eventSourceArn: CLUSTER_ARN,
    bootstrapServers: "b-2.orders-kafka.a1bcde.c1.kafka.us-east-1.amazonaws.com:9098,b-1.orders-kafka.a1bcde.c1.kafka.us-east-1.amazonaws.com:9098",
    records,
  };
}

/** The sample event of the Lambda developer guide, verbatim in shape and values. */
export const DOCUMENTED_EVENT: MSKEvent = {
  eventSource: "aws:kafka",
  eventSourceArn: "arn:aws:kafka:us-east-1:123456789012:cluster/vpc-2priv-2pub/751d2973-a626-431c-9d4e-d7975eb44dd7-2",
  bootstrapServers: "b-2.demo-cluster-1.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092,b-1.demo-cluster-1.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092",
  records: {
    "mytopic-0": [
      {
        topic: "mytopic",
        partition: 0,
        offset: 15,
        timestamp: 1545084650987,
        timestampType: "CREATE_TIME",
        key: "abcDEFghiJKLmnoPQRstuVWXyz1234==",
        value: "SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==",
        headers: [{ headerKey: [104, 101, 97, 100, 101, 114, 86, 97, 108, 117, 101] }],
      },
    ],
  },
};
