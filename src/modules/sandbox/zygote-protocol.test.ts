import { describe, expect, it } from 'vitest';
import { createRunStream, zygoteRunInput } from './zygote-protocol.ts';

const marker = '0123456789abcdef0123456789abcdef';

/** Feeds `text` to a stream in pieces of `size` bytes; returns what push answered last. */
function feed(stream: ReturnType<typeof createRunStream>, text: string, size: number): boolean {
  const bytes = Buffer.from(text, 'utf8');
  let accepted = true;
  for (let at = 0; at < bytes.length; at += size) accepted = stream.push(bytes.subarray(at, at + size));
  return accepted;
}

/** What a stream says about itself, in one value, so a failed check shows all of it. */
function stateOf(stream: ReturnType<typeof createRunStream>) {
  return { ended: stream.ended(), content: stream.content().toString(), trailing: stream.trailing() };
}

describe('zygoteRunInput', () => {
  it('frames the header, the spec (byte length, not characters) and the marker, in that order', () => {
    const spec = '{"files":[{"content":"é"}]}';
    const input = zygoteRunInput({ cpuSeconds: 7, spec }, marker);
    expect(input).toBe(
      `0000000016{"cpuSeconds":7}${String(Buffer.byteLength(spec)).padStart(10, '0')}${spec}` +
        `0000000042{"end":"${marker}"}`,
    );
    expect(Buffer.byteLength(spec)).toBe(spec.length + 1);
  });
});

describe('createRunStream', () => {
  it.each([1, 3, 31, 1024])('finds the marker however the bytes are split (pieces of %i)', (size) => {
    const stream = createRunStream(marker, { bytes: 1000 }, false);
    feed(stream, `hello\nworld${marker}`, size);
    expect(stateOf(stream)).toEqual({ ended: true, content: 'hello\nworld', trailing: 0 });
  });

  it('is not ended before the marker, and keeps what arrived', () => {
    const stream = createRunStream(marker, { bytes: 1000 }, false);
    feed(stream, `partial ${marker.slice(0, 10)}`, 4);
    // A run whose zygote died mid-run keeps all it wrote, even what looked like a marker's start.
    expect(stateOf(stream)).toEqual({ ended: false, content: `partial ${marker.slice(0, 10)}`, trailing: 0 });
  });

  it('reads the exit record after the channel marker and drops the newline the zygote put before it', () => {
    const channel = createRunStream(marker, { bytes: 1000 }, true);
    feed(channel, `{"i":0}\n\n${marker} 0 -1`, 5);
    // The record's newline has not arrived: not ended, no exit yet.
    expect({ ...stateOf(channel), exit: channel.exit() }).toMatchObject({ ended: false, exit: undefined });
    channel.push(Buffer.from('\n'));
    expect({ ...stateOf(channel), exit: channel.exit() }).toEqual({
      ended: true,
      content: '{"i":0}\n',
      trailing: 0,
      exit: { exitCode: 0, signalNumber: null },
    });
  });

  it('reports a run killed by a signal', () => {
    const channel = createRunStream(marker, { bytes: 1000 }, true);
    channel.push(Buffer.from(`\n${marker} -1 9\n`));
    expect(channel.exit()).toEqual({ exitCode: null, signalNumber: 9 });
    expect(channel.content().toString()).toBe('');
  });

  it('keeps a partial last line partial, as a one-shot run would leave it', () => {
    const channel = createRunStream(marker, { bytes: 1000 }, true);
    channel.push(Buffer.from(`{"i":0}\n{"i":1,"sta\n${marker} 0 -1\n`));
    expect(channel.content().toString()).toBe('{"i":0}\n{"i":1,"sta');
  });

  it('counts bytes after the end as trailing (never written by an honest zygote)', () => {
    const stream = createRunStream(marker, { bytes: 1000 }, false);
    stream.push(Buffer.from(`out${marker}`));
    stream.push(Buffer.from('late'));
    expect(stream.trailing()).toBe(4);
    const channel = createRunStream(marker, { bytes: 1000 }, true);
    channel.push(Buffer.from(`\n${marker} 0 -1\nextra`));
    expect(channel.trailing()).toBe(5);
  });

  it('stops at the budget shared by two streams, keeping exactly what fits', () => {
    const budget = { bytes: 10 };
    const stdout = createRunStream(marker, budget, false);
    const stderr = createRunStream(marker, budget, false);
    const accepted = [feed(stdout, 'abcdef', 2), feed(stderr, `ghijklmnop${'x'.repeat(40)}`, 7)];
    expect(accepted).toEqual([true, false]);
    expect([stateOf(stdout), stateOf(stderr)]).toEqual([
      { ended: false, content: 'abcdef', trailing: 0 },
      { ended: false, content: 'ghij', trailing: 0 },
    ]);
    expect(budget.bytes).toBe(0);
  });

  it('output of exactly the budget followed by the marker is within it', () => {
    const stream = createRunStream(marker, { bytes: 5 }, false);
    const accepted = feed(stream, `12345${marker}`, 3);
    expect({ accepted, ...stateOf(stream) }).toEqual({
      accepted: true,
      ended: true,
      content: '12345',
      trailing: 0,
    });
  });
});
