/**
 * Keeps a bounded amount of one output stream of a shell command: its beginning and its end.
 * Both halves matter to the assistant: a test runner prints what it ran first and its verdict
 * last, and a cut in the middle keeps both. Pure: bytes in, text out.
 */

/** A capture of one stream. */
export interface OutputCapture {
  push(chunk: Buffer): void;
  /** Bytes received so far, kept or not. */
  total(): number;
  /** The text kept: whole when it fit, else head + a one-line note + tail (each on UTF-8 boundaries). */
  result(): { text: string; truncated: boolean };
}

const isContinuation = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;

/** Drops an incomplete UTF-8 sequence at the end of `bytes`. */
function cutIncompleteEnd(bytes: Buffer): Buffer {
  let start = bytes.length - 1;
  // A sequence is at most 4 bytes: find the lead byte of the last one.
  while (start > 0 && bytes.length - start < 4 && isContinuation(bytes[start])) start -= 1;
  const lead = bytes[start];
  if (lead === undefined || lead < 0xc0) return bytes;
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return bytes.length - start < length ? bytes.subarray(0, start) : bytes;
}

/** Drops continuation bytes at the start of `bytes` (the rest of a character cut off before it). */
function cutIncompleteStart(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length && start < 3 && isContinuation(bytes[start])) start += 1;
  return bytes.subarray(start);
}

/** Captures at most `limitBytes` of a stream: the first half and the last half. */
export function createOutputCapture(limitBytes: number): OutputCapture {
  const headLimit = Math.ceil(limitBytes / 2);
  const tailLimit = limitBytes - headLimit;
  const head: Buffer[] = [];
  let headBytes = 0;
  // The last bytes seen after the head filled up; trimmed as it grows, so memory stays bounded.
  const tail: Buffer[] = [];
  let tailBytes = 0;
  let total = 0;

  return {
    push(chunk) {
      total += chunk.length;
      let rest = chunk;
      if (headBytes < headLimit) {
        const taken = rest.subarray(0, headLimit - headBytes);
        head.push(taken);
        headBytes += taken.length;
        rest = rest.subarray(taken.length);
      }
      if (rest.length === 0 || tailLimit === 0) return;
      tail.push(rest);
      tailBytes += rest.length;
      while (tail.length > 1 && tailBytes - (tail[0]?.length ?? 0) >= tailLimit) {
        tailBytes -= tail.shift()?.length ?? 0;
      }
    },
    total: () => total,
    result() {
      const headBuffer = Buffer.concat(head);
      const tailAll = Buffer.concat(tail);
      if (total <= limitBytes)
        return { text: Buffer.concat([headBuffer, tailAll]).toString('utf8'), truncated: false };
      const headKept = cutIncompleteEnd(headBuffer);
      const tailKept = cutIncompleteStart(tailAll.subarray(Math.max(0, tailAll.length - tailLimit)));
      const omitted = total - headKept.length - tailKept.length;
      const note = `\n[... ${omitted} bytes omitted: output limit ${limitBytes} bytes ...]\n`;
      return { text: headKept.toString('utf8') + note + tailKept.toString('utf8'), truncated: true };
    },
  };
}
