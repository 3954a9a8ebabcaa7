import { describe, expect, it } from "vitest";
import { parseBlock } from "../../api/console/log/event-stream";

// The console reads the operation's server-sent events itself (fetch, to send the token).
describe("the console's server-sent event parsing", () => {
  it("reads a message, the end event, multi-line data, and skips keep-alive comments", () => {
    expect(parseBlock('id: 7\ndata: {"sequence":7}')).toEqual({ event: "message", data: '{"sequence":7}' });
    expect(parseBlock('event: end\r\ndata: {"status":"succeeded"}')).toEqual({ event: "end", data: '{"status":"succeeded"}' });
    expect(parseBlock("data: a\ndata:b")).toEqual({ event: "message", data: "a\nb" });
    expect(parseBlock(": keep-alive")).toBeUndefined();
    expect(parseBlock("")).toBeUndefined();
  });
});
