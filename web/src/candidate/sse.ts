/**
 * A server-sent events reader for `fetch` responses (EventSource cannot POST). It follows the
 * WHATWG parsing rules that matter here: lines end in LF, CRLF or CR (a CRLF may be split across
 * chunks), `:` starts a comment (the server's keep-alives), `data:` lines of one event are joined
 * with LF, a blank line dispatches, and an event without data is dropped. Pure apart from the
 * stream reading in `readSseStream`.
 */
import type { AssistantStreamEvent } from '../../../src/modules/assistant/assistant.schema.ts';

/** One dispatched SSE event. */
export interface SseFrame {
  /** The `event:` field, `message` when absent. */
  event: string;
  /** The `data:` lines joined with LF. */
  data: string;
  /** The last `id:` seen, if any. */
  id?: string;
}

/** An incremental parser: feed it decoded text in any chunking; it calls `onFrame` per event. */
export interface SseParser {
  push(text: string): void;
  /** The stream ended: a trailing event without its blank line is not dispatched (per spec). */
  end(): void;
}

/** Creates an incremental SSE parser. */
export function createSseParser(onFrame: (frame: SseFrame) => void): SseParser {
  let buffer = '';
  // A chunk that ended in CR: an LF at the start of the next chunk belongs to the same line end.
  let skipLeadingLf = false;
  let eventType = '';
  let dataLines: string[] = [];
  let lastId: string | undefined;

  const dispatch = () => {
    if (dataLines.length > 0) {
      const frame: SseFrame = { event: eventType || 'message', data: dataLines.join('\n') };
      if (lastId !== undefined) frame.id = lastId;
      onFrame(frame);
    }
    eventType = '';
    dataLines = [];
  };

  const processLine = (line: string) => {
    if (line === '') {
      dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventType = value;
    else if (field === 'data') dataLines.push(value);
    else if (field === 'id' && !value.includes('\u0000')) lastId = value;
    // `retry` and unknown fields are ignored: the client does not reconnect a POST.
  };

  return {
    push(text) {
      let chunk = text;
      if (skipLeadingLf && chunk.startsWith('\n')) chunk = chunk.slice(1);
      skipLeadingLf = false;
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        processLine(buffer.slice(start, i));
        if (c === 13) {
          if (i + 1 < buffer.length) {
            if (buffer.charCodeAt(i + 1) === 10) i++;
          } else {
            skipLeadingLf = true;
          }
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    end() {
      buffer = '';
      eventType = '';
      dataLines = [];
    },
  };
}

const STREAM_EVENT_TYPES = new Set(['content', 'tool_use', 'tool_result', 'usage', 'done', 'error']);

/** The assistant event a frame carries, or null for frames this client does not know. */
export function toAssistantEvent(frame: SseFrame): AssistantStreamEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame.data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const type = (parsed as { type?: unknown }).type;
  if (typeof type !== 'string' || !STREAM_EVENT_TYPES.has(type)) return null;
  return parsed as AssistantStreamEvent;
}

/**
 * Reads a response body to its end, decoding UTF-8 across chunk boundaries, and reports each
 * frame. Resolves when the stream ends; rejects when reading fails (a dropped connection).
 */
export async function readSseStream(
  body: ReadableStream<Uint8Array>,
  onFrame: (frame: SseFrame) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = createSseParser(onFrame);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    const rest = decoder.decode();
    if (rest) parser.push(rest);
    parser.end();
  } finally {
    reader.releaseLock();
  }
}
