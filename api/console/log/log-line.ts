import type { OperationEvent } from "../types";

/** The last part of a URN: the resource's name. */
const nameOf = (urn: unknown) => (typeof urn === "string" ? urn.slice(urn.lastIndexOf("::") + 2) : "");

const changes = (summary: unknown) =>
  summary && typeof summary === "object"
    ? Object.entries(summary as Record<string, number>)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(", ")
    : "";

/**
 * One event as a line of the log: what happened to which resource, the engine's messages, and
 * Slipstream's own milestones (started, jobs, the outcome) in words.
 */
export function logLine(event: OperationEvent): { tone: "info" | "warning" | "error" | "milestone"; text: string } {
  const data = event.data;
  const metadata = (data["metadata"] ?? {}) as Record<string, unknown>;
  switch (event.type) {
    case "preludeEvent":
      return { tone: "info", text: "engine started" };
    case "resourcePreEvent":
      return { tone: "info", text: `${String(metadata["op"])} ${String(metadata["type"])} ${nameOf(metadata["urn"])}…` };
    case "resOutputsEvent":
      return { tone: "info", text: `${String(metadata["op"])} ${String(metadata["type"])} ${nameOf(metadata["urn"])} done` };
    case "resOpFailedEvent":
      return { tone: "error", text: `${String(metadata["op"])} ${String(metadata["type"])} ${nameOf(metadata["urn"])} failed` };
    case "diagnosticEvent": {
      const severity = String(data["severity"] ?? "info");
      return { tone: severity === "error" ? "error" : severity === "warning" ? "warning" : "info", text: `${severity}: ${String(data["message"] ?? "").trim()}` };
    }
    case "policyEvent":
      return { tone: "warning", text: `policy ${String(data["policyName"] ?? "")}: ${String(data["message"] ?? "").trim()}` };
    case "summaryEvent":
      return { tone: "milestone", text: `summary: ${changes(data["resourceChanges"])} in ${String(data["durationSeconds"] ?? "?")} s` };
    case "cancelEvent":
      return { tone: "info", text: "engine finished" };
  }
  if (event.type.startsWith("slipstream.")) {
    const what = event.type.slice("slipstream.".length);
    const detail = data["error"] ?? changes(data["summary"]) ?? "";
    const tone = what.endsWith("failed") ? "error" : "milestone";
    const subject = typeof data["id"] === "string" ? ` ${data["id"]}` : typeof data["kind"] === "string" ? ` ${data["kind"]}` : "";
    return { tone, text: `${what}${subject}${detail ? `: ${String(detail)}` : ""}` };
  }
  return { tone: "info", text: `${event.type} ${JSON.stringify(data).slice(0, 200)}` };
}
