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
 * marker counts against it. `withExitRecord` is set for the result channel.
 */
export function createRunStream(marker: string, budget: { bytes: number }, withExitRecord: boolean): RunStream {
  const needle = Buffer.from(marker, 'ascii');
  let data = Buffer.alloc(0);
  let markerAt = -1;
  let exit: ZygoteExit | undefined;
  let trailing = 0;
  let counted = 0;
  let overBudget = false;

  const ended = () => markerAt >= 0 && (!withExitRecord || exit !== undefined);

  return {
    push(chunk) {
      if (ended()) {
        trailing += chunk.length;
        return !overBudget;
      }
      const searchFrom = Math.max(0, data.length - needle.length + 1);
      data = Buffer.concat([data, chunk]);
      if (markerAt < 0) markerAt = data.indexOf(needle, searchFrom);
      // Until the marker shows, the last marker-length bytes may be its beginning: not counted yet.
      const written = markerAt >= 0 ? markerAt : Math.max(0, data.length - needle.length + 1);
      if (written > counted) {
        const room = budget.bytes;
        const added = written - counted;
        if (added > room) {
          overBudget = true;
          budget.bytes = 0;
          data = data.subarray(0, counted + room);
          counted += room;
          markerAt = -1;
          return false;
        }
        budget.bytes = room - added;
        counted = written;
      }
      if (markerAt >= 0 && withExitRecord && exit === undefined) {
        const match = EXIT_RECORD.exec(data.subarray(markerAt + needle.length).toString('latin1'));
        if (match) {
          const [, exitCode, signalNumber] = match.map(Number);
          exit = {
            exitCode: exitCode !== undefined && exitCode >= 0 ? exitCode : null,
            signalNumber: signalNumber !== undefined && signalNumber >= 0 ? signalNumber : null,
          };
          trailing = data.length - (markerAt + needle.length + match[0].length);
        }
      } else if (markerAt >= 0 && !withExitRecord) {
        trailing = data.length - (markerAt + needle.length);
      }
      return true;
    },
    ended,
    content() {
      if (markerAt < 0) return data.subarray(0, counted);
      // The zygote puts a newline before the channel's exit record: it is not the run's.
      const end = withExitRecord && markerAt > 0 && data[markerAt - 1] === 0x0a ? markerAt - 1 : markerAt;
      return data.subarray(0, end);
    },
    exit: () => exit,
    trailing: () => trailing,
  };
}
