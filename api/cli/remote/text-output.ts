/** Columns of `rows` padded to their widest cell, a header first: what `list` commands print. */
export function table(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ");
  return [line(columns), ...rows.map(line)].join("\n");
}

/** `key: value` lines, for one record. */
export function fields(entries: readonly [string, unknown][]): string {
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join("\n");
}

export interface OperationEventView {
  sequence: number;
  time: string;
  type: string;
  data: unknown;
}

const lastSegment = (urn: unknown) => (typeof urn === "string" ? urn.slice(urn.lastIndexOf("::") + 2) : "");

/**
 * One line per event, as a person following a run wants it: Slipstream's milestones, each
 * resource step, diagnostics, policy findings and the summary; other engine events by type.
 */
export function eventLine(event: OperationEventView): string {
  const time = event.time.slice(11, 19);
  const data = (event.data ?? {}) as Record<string, unknown>;
  const metadata = (data["metadata"] ?? {}) as Record<string, unknown>;
  let text: string;
  if (event.type.startsWith("slipstream.")) {
    const error = data["error"] as { title?: string; detail?: string } | undefined;
    text = `${event.type}${error ? ` — ${error.title ?? ""}: ${error.detail ?? ""}` : ""}`;
  } else if (event.type === "resourcePreEvent") {
    text = `${String(metadata["op"])} ${String(metadata["type"])} ${lastSegment(metadata["urn"])}`;
  } else if (event.type === "resOutputsEvent") {
    text = `done ${String(metadata["op"])} ${lastSegment(metadata["urn"])}`;
  } else if (event.type === "resOpFailedEvent") {
    text = `failed ${String(metadata["op"])} ${lastSegment(metadata["urn"])}`;
  } else if (event.type === "diagnosticEvent") {
    text = `${String(data["severity"])}: ${String(data["message"] ?? "").trim()}`;
  } else if (event.type === "policyEvent") {
    text = `policy ${String(data["policyName"])} (${String(data["enforcementLevel"])}): ${String(data["message"] ?? "").trim()}`;
  } else if (event.type === "summaryEvent") {
    text = `summary ${JSON.stringify(data["resourceChanges"] ?? {})}`;
  } else {
    text = event.type;
  }
  return `${time} ${text}`;
}
