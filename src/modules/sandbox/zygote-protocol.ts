/**
 * The wire format between the server and a session zygote (harness/python_zygote.py). Pure.
 *
 * The server sends, per run, three frames (10 ASCII digits of length in bytes, then the body): a
 * header, the harness's spec and the end marker. The forked run reads the spec itself; the zygote
 * reads the marker only after the run has ended, so the run never knows it. Once the run and
 * everything it started are dead, the zygote writes the marker on
 * stdout and stderr, and "\n<marker> <exit code> <signal number>\n" on the result channel. Each
 * stream of a run is therefore "what the run wrote, then the marker".
 */

/** What one run of a zygote needs besides the harness spec. */
export interface ZygoteRunHeader {
  /** RLIMIT_CPU of the forked run, in seconds. */
  cpuSeconds: number;
  /** The harness's spec as JSON text (the same a one-shot harness reads on stdin). */
  spec: string;
}

function frame(body: string): string {
  return `${String(Buffer.byteLength(body, 'utf8')).padStart(10, '0')}${body}`;
}

/** The frames of one run, in the order they are read. */
export function zygoteRunInput(header: ZygoteRunHeader, marker: string): string {
  return (
    frame(JSON.stringify({ cpuSeconds: header.cpuSeconds })) +
    frame(header.spec) +
    frame(JSON.stringify({ end: marker }))
  );
}

/** How a run's process ended, as the zygote saw it (null for whichever does not apply). */
export interface ZygoteExit {
  exitCode: number | null;
  signalNumber: number | null;
}

/** One stream of one run, collected until the marker arrives. */
export interface RunStream {
  /** Adds bytes; returns false once the run wrote more than its budget (the stream stops growing). */
  push(chunk: Buffer): boolean;
  /** True once the marker (and, with an exit record, the whole record) has arrived. */
  ended(): boolean;
  /** What the run wrote before the marker, at most the budget. */
  content(): Buffer;
  /** The exit record after the marker (result channel only), once ended. */
  exit(): ZygoteExit | undefined;
  /** Bytes after the end: the zygote never writes them, so any means the stream cannot be trusted. */
  trailing(): number;
}

const EXIT_RECORD = /^ (-?\d+) (-?\d+)\n/;

/**
 * Collects one stream of a run until `marker`. `budget.bytes` is shared by the streams given the
 * same object (stdout and stderr share one, as in a one-shot run); what the run wrote before the
 * marker counts against it. Until the marker shows, the stream's last bytes may be its beginning,
 * so a stream is over budget only by more than that; once the marker is there the count is exact.
 * `withExitRecord` is set for the result channel.
 */
export function createRunStream(
  marker: string,
  budget: { bytes: number },
  withExitRecord: boolean,
): RunStream {
  const needle = Buffer.from(marker, 'ascii');
  let data = Buffer.alloc(0);
  let markerAt = -1;
  let exit: ZygoteExit | undefined;
  /** Bytes of `data` charged to the budget: what the run wrote, as far as is known. */
  let charged = 0;
  let overBudget = false;

  const ended = () => markerAt >= 0 && (!withExitRecord || exit !== undefined);
  const endOfRecord = () => {
    if (markerAt < 0) return data.length;
    if (!withExitRecord) return markerAt + needle.length;
    const match = EXIT_RECORD.exec(data.subarray(markerAt + needle.length).toString('latin1'));
    return match ? markerAt + needle.length + match[0].length : data.length;
  };

  return {
    push(chunk) {
      if (overBudget) return false;
      if (ended()) {
        data = Buffer.concat([data, chunk]);
        return true;
      }
      const searchFrom = Math.max(0, data.length - needle.length + 1);
      data = Buffer.concat([data, chunk]);
      if (markerAt < 0) markerAt = data.indexOf(needle, searchFrom);
      const written = markerAt >= 0 ? markerAt : data.length;
      const chargedBefore = charged;
      const roomBefore = budget.bytes;
      budget.bytes -= written - charged;
      charged = written;
      const slack = markerAt >= 0 ? 0 : needle.length - 1;
      if (budget.bytes < -slack) {
        // Keep exactly what fitted, then stop: "exactly the limit, then more" is over the limit.
        overBudget = true;
        data = data.subarray(0, Math.max(0, chargedBefore + roomBefore));
        charged = data.length;
        budget.bytes = 0;
        markerAt = -1;
        return false;
      }
      if (markerAt >= 0 && withExitRecord && exit === undefined) {
        const match = EXIT_RECORD.exec(data.subarray(markerAt + needle.length).toString('latin1'));
        if (match) {
          const [, exitCode, signalNumber] = match.map(Number);
          exit = {
            exitCode: exitCode !== undefined && exitCode >= 0 ? exitCode : null,
            signalNumber: signalNumber !== undefined && signalNumber >= 0 ? signalNumber : null,
          };
        }
      }
      return true;
    },
    ended,
    content() {
      const end = markerAt >= 0 ? markerAt : charged;
      // The zygote puts a newline before the channel's exit record: it is not the run's.
      const own = withExitRecord && markerAt > 0 && data[markerAt - 1] === 0x0a ? end - 1 : end;
      return data.subarray(0, own);
    },
    exit: () => exit,
    trailing: () => (ended() ? data.length - endOfRecord() : 0),
  };
}
