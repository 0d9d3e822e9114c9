import { describe, expect, it } from 'vitest';
import { createSseParser, readSseStream, type SseFrame, toAssistantEvent } from './sse.ts';

function parseChunks(chunks: string[]): SseFrame[] {
  const frames: SseFrame[] = [];
  const parser = createSseParser((frame) => frames.push(frame));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return frames;
}

const stream =
  'event: content\ndata: {"type":"content","text":"Hello "}\n\n' +
  ': keep-alive\n\n' +
  'event: content\ndata: {"type":"content","text":"wörld 🎉"}\n\n' +
  'event: done\ndata: {"type":"done","turnIndex":1}\n\n';

describe('createSseParser', () => {
  it('parses whole frames and skips comments', () => {
    const frames = parseChunks([stream]);
    expect(frames.map((frame) => frame.event)).toEqual(['content', 'content', 'done']);
    expect(JSON.parse(frames[1]?.data ?? '')).toEqual({ type: 'content', text: 'wörld 🎉' });
  });

  it('gives the same frames for every split of the stream into two chunks', () => {
    const whole = parseChunks([stream]);
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(parseChunks([stream.slice(0, cut), stream.slice(cut)])).toEqual(whole);
    }
  });

  it('gives the same frames when fed one character at a time', () => {
    expect(parseChunks([...stream])).toEqual(parseChunks([stream]));
  });

  it('accepts CRLF and CR line ends, including a CRLF split across chunks', () => {
    const crlf = 'event: content\r\ndata: {"type":"content","text":"a"}\r\n\r\n';
    const cr = 'event: done\rdata: {"type":"done","turnIndex":0}\r\r';
    expect(parseChunks([crlf, cr]).map((frame) => frame.event)).toEqual(['content', 'done']);
    const split = ['event: usage\r', '\ndata: 1\r', '\n\r', '\n'];
    expect(parseChunks(split)).toEqual([{ event: 'usage', data: '1' }]);
  });

  it('joins several data lines, defaults the event name and keeps the id', () => {
    expect(parseChunks(['id: 7\ndata: a\ndata:b\n\n'])).toEqual([
      { event: 'message', data: 'a\nb', id: '7' },
    ]);
  });

  it('does not dispatch an event without data or one cut off by the end of the stream', () => {
    expect(parseChunks(['event: content\n\n', 'event: done\ndata: {}'])).toEqual([]);
  });
});

describe('toAssistantEvent', () => {
  it('accepts the known event types and rejects the rest', () => {
    expect(toAssistantEvent({ event: 'content', data: '{"type":"content","text":"x"}' })).toEqual({
      type: 'content',
      text: 'x',
    });
    expect(toAssistantEvent({ event: 'x', data: '{"type":"surprise"}' })).toBeNull();
    expect(toAssistantEvent({ event: 'x', data: 'not json' })).toBeNull();
    expect(toAssistantEvent({ event: 'x', data: 'null' })).toBeNull();
  });
});

describe('readSseStream', () => {
  it('decodes multi-byte characters split across network chunks', async () => {
    const bytes = new TextEncoder().encode(stream);
    // Cut inside the 4-byte emoji and inside the 2-byte ö.
    const emoji = stream.indexOf('🎉');
    const emojiByte = new TextEncoder().encode(stream.slice(0, emoji)).length + 2;
    const oByte = new TextEncoder().encode(stream.slice(0, stream.indexOf('ö'))).length + 1;
    const cuts = [0, oByte, emojiByte, bytes.length];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i + 1 < cuts.length; i++) controller.enqueue(bytes.slice(cuts[i], cuts[i + 1]));
        controller.close();
      },
    });
    const frames: SseFrame[] = [];
    await readSseStream(body, (frame) => frames.push(frame));
    expect(frames.map((frame) => toAssistantEvent(frame))).toEqual([
      { type: 'content', text: 'Hello ' },
      { type: 'content', text: 'wörld 🎉' },
      { type: 'done', turnIndex: 1 },
    ]);
  });

  it('rejects when the connection drops mid-stream, after reporting what arrived', async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(
          new TextEncoder().encode('event: content\ndata: {"type":"content","text":"a"}\n\n'),
        );
        controller.error(new TypeError('network error'));
      },
    });
    const frames: SseFrame[] = [];
    await expect(readSseStream(body, (frame) => frames.push(frame))).rejects.toThrow('network error');
    expect(frames).toHaveLength(1);
  });
});
