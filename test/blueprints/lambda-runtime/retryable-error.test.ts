import { describe, expect, it } from "vitest";
import { isRetryableError } from "../../../blueprints/lambda-runtime/retryable-error";

describe("isRetryableError", () => {
  it.each([
    [{ name: "ServiceUnavailableException" }, true],
    [{ name: "ThrottlingException" }, true],
    [{ name: "SlowDown" }, true],
    [{ name: "Whatever", $metadata: { httpStatusCode: 502 } }, true],
    [{ name: "Whatever", $metadata: { httpStatusCode: 429 } }, true],
    [{ name: "Whatever", $retryable: { throttling: true } }, true],
    [{ name: "Error", code: "ECONNRESET" }, true],
    [{ name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } }, false],
    [{ name: "InvalidArgumentException", $metadata: { httpStatusCode: 400 } }, false],
    [{ name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } }, false],
    ["a string", false],
    [null, false],
  ])("classifies %j", (error, retryable) => {
    expect(isRetryableError(error)).toBe(retryable);
  });
});
