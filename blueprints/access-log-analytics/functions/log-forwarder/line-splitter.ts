/** A line of an object, or the size of one that was too long to keep. */
export type ObjectLine = { readonly kind: "line"; readonly text: string } | { readonly kind: "too-long"; readonly bytes: number };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into UTF-8 lines (`\n` or `\r\n`). Splitting on bytes is safe because
 * 0x0a never occurs inside a multi-byte UTF-8 sequence, so a character cut between two chunks is
 * decoded whole. A line longer than `maxLineBytes` is not buffered: its bytes are counted and
 * dropped, so one runaway line cannot exhaust the function's memory.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<ObjectLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let discarding = false;

  const take = (segment: Buffer) => {
    pendingBytes += segment.length;
    if (discarding) return;
    if (pendingBytes > maxLineBytes) {
      discarding = true;
      pending = [];
      return;
    }
    if (segment.length > 0) pending.push(segment);
  };
  const finishLine = (): ObjectLine => {
    const line: ObjectLine = discarding ? { kind: "too-long", bytes: pendingBytes } : { kind: "line", text: decode(pending) };
    pending = [];
    pendingBytes = 0;
    discarding = false;
    return line;
  };

  for await (const chunk of chunks) {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    let newline = buffer.indexOf(NEWLINE, start);
    while (newline !== -1) {
      take(buffer.subarray(start, newline));
      yield finishLine();
      start = newline + 1;
      newline = buffer.indexOf(NEWLINE, start);
    }
    take(buffer.subarray(start));
  }
  if (pendingBytes > 0) yield finishLine();
}

function decode(parts: Buffer[]): string {
  let bytes = parts.length === 1 && parts[0] !== undefined ? parts[0] : Buffer.concat(parts);
  if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1);
  return bytes.toString("utf8");
}
