import { describe, expect, it } from "vitest";
import { newId } from "../../api/store/ids";
import { deliveryId } from "../../api/webhooks/delivery-id";

describe("delivery ids", () => {
  it("are the same for the same event and webhook, differ between webhooks, and sort as their events do", () => {
    const events = Array.from({ length: 200 }, () => newId());
    const webhooks = [newId(), newId(), newId()];
    expect(deliveryId(events[0]!, webhooks[0]!)).toBe(deliveryId(events[0]!, webhooks[0]!));
    expect(new Set(webhooks.map((w) => deliveryId(events[0]!, w))).size).toBe(3);
    for (const webhook of webhooks) {
      const ids = events.map((e) => deliveryId(e, webhook));
      expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
      // newId() is monotonic within a process, even within one millisecond: so are the deliveries.
      expect([...ids].sort()).toEqual(ids);
    }
  });
});
