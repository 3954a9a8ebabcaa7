import { describe, expect, it } from "vitest";
import { createKafkaBatchHandler } from "../../../blueprints/lambda-runtime/kafka-batch-handler";
import { recordsOf, UnsupportedEventError } from "../../../blueprints/lambda-runtime/kafka-records";
import { DOCUMENTED_EVENT, mskEvent } from "./msk-events";

// A Kafka partial batch response names each failed record by the key it came under in
// `event.records` ("<topic>-<partition>") and its offset: { partition, offset }. Lambda treats
// an identifier with any other key name as a failure of the whole batch.
describe("Kafka records and partial batch responses", () => {
  it("identifies the documented MSK event's record as { partition: 'mytopic-0', offset: 15 }", () => {
    expect(recordsOf(DOCUMENTED_EVENT).map(({ id }) => id)).toEqual([{ partition: "mytopic-0", offset: 15 }]);
  });

  it("answers a failure of the documented event's record in the documented response shape", async () => {
    const handle = createKafkaBatchHandler({
      maxAttempts: 1,
      limits: { maxRecords: 500, maxBytes: 1024, maxRecordBytes: 1024, sizeOf: (i) => i.data.length },
      message: "test batch",
      itemsOf: (records) => ({ items: records.map(({ id }) => ({ id, data: Buffer.from("x") })), fields: {} }),
      put: async (batch) => batch.map(() => "ServiceUnavailableException"),
      log: () => undefined,
    });
    const response = await handle(DOCUMENTED_EVENT);
    expect(JSON.parse(JSON.stringify(response))).toEqual({ batchItemFailures: [{ itemIdentifier: { partition: "mytopic-0", offset: 15 } }] });
    // No other key may appear in an identifier.
    for (const { itemIdentifier } of response.batchItemFailures) expect(Object.keys(itemIdentifier).sort()).toEqual(["offset", "partition"]);
  });

  it("lists every record by topic-partition key, offsets ascending, even for topics with dashes", () => {
    const event = mskEvent([
      { topic: "plant-a.readings", partition: 10, offset: 8, value: "b" },
      { topic: "plant-a.readings", partition: 10, offset: 7, value: "a" },
      { topic: "orders", partition: 0, offset: 1, value: "c" },
    ]);
    expect(recordsOf(event).map(({ id }) => id)).toEqual([
      { partition: "plant-a.readings-10", offset: 7 },
      { partition: "plant-a.readings-10", offset: 8 },
      { partition: "orders-0", offset: 1 },
    ]);
  });

  it("refuses events that are not from Kafka", () => {
    expect(() => recordsOf({ Records: [] } as never)).toThrow(UnsupportedEventError);
    expect(() => recordsOf({ eventSource: "aws:kinesis", records: {} } as never)).toThrow(UnsupportedEventError);
  });
});
