/**
 * A failure's fingerprint: what makes two failed jobs "the same problem". Error class + message
 * with the parts that vary between occurrences removed (ids, numbers, uuids, paths, timestamps)
 * + the top stack frames without line numbers. Pure; the hash is FNV-1a (no crypto needed: the
 * fingerprint groups, it does not protect anything).
 */

/** The error of a failed job, as stored in the dead-letter queue. */
export interface JobErrorInfo {
  name: string;
  message: string;
  stack?: string | undefined;
}

/** How many stack frames take part in the fingerprint. */
export const FINGERPRINT_FRAMES = 3;

const replacements: Array<[RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\b/g, '<time>'],
  [/(?:[A-Za-z]:)?(?:[/\\][\w.@+-]+){2,}[/\\]?/g, '<path>'],
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{12,}\b/gi, '<id>'],
  [/\b(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{16,}\b/g, '<id>'],
  [/\d+(\.\d+)?/g, '<n>'],
];

/** The message with every occurrence-specific part replaced by a placeholder. */
export function normalizeMessage(message: string): string {
  let normalized = message;
  for (const [pattern, placeholder] of replacements) normalized = normalized.replace(pattern, placeholder);
  return normalized.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** The top `count` frames of a V8 stack as "function (file)", without paths or line numbers. */
export function topFrames(stack: string | undefined, count = FINGERPRINT_FRAMES): string[] {
  if (!stack) return [];
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    const match = /^\s*at (?:(.+?) \()?(.*?)(?::\d+)?(?::\d+)?\)?$/.exec(line);
    if (!match) continue;
    const location = match[2] ?? '';
    const file = location.split(/[/\\]/).pop() ?? location;
    frames.push(`${match[1] ?? '<anonymous>'} (${file})`);
    if (frames.length === count) break;
  }
  return frames;
}

/** 64-bit FNV-1a of `text`, as 16 hex digits. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** What the fingerprint is computed from; shown to operators next to it. */
export function failurePattern(error: JobErrorInfo): string {
  return [error.name, normalizeMessage(error.message), ...topFrames(error.stack)].join(' | ');
}

/** The fingerprint of `error`: stable across occurrences of the same problem. */
export function fingerprintOf(error: JobErrorInfo): string {
  return fnv1a64(failurePattern(error));
}

/**
 * The error of a failed BullMQ job from what BullMQ stored: `failedReason` is the message and
 * the last `stacktrace` entry the stack, whose first line starts with the error's class name.
 */
export function errorFromStoredJob(
  failedReason: string | undefined,
  stacktrace: string[] | undefined,
): JobErrorInfo {
  const stack = stacktrace?.at(-1);
  const name = /^([A-Za-z_$][\w$]*)(?::|$)/.exec(stack ?? '')?.[1] ?? 'Error';
  return { name, message: failedReason ?? '(no message)', ...(stack ? { stack } : {}) };
}
