/**
 * The diff stored with each `file.changed` event: one splice (keep a common prefix and suffix,
 * replace what lies between). Editors change one region at a time, so one splice is as small as
 * a line diff there, it applies exactly (no fuzz), and replay rebuilds any file by applying the
 * splices in order. Pure.
 */

/** Replace `deleteCount` characters at `at` (UTF-16 offsets) by `insert`. */
export interface TextSplice {
  at: number;
  deleteCount: number;
  insert: string;
}

/** The one splice that turns `before` into `after`. */
export function spliceBetween(before: string, after: string): TextSplice {
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix += 1;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix += 1;
  }
  return {
    at: prefix,
    deleteCount: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/** `text` with `splice` applied; throws when the splice does not fit (a broken timeline). */
export function applySplice(text: string, splice: TextSplice): string {
  if (splice.at < 0 || splice.deleteCount < 0 || splice.at + splice.deleteCount > text.length) {
    throw new Error(`splice at ${splice.at} (-${splice.deleteCount}) does not fit a text of ${text.length}`);
  }
  return text.slice(0, splice.at) + splice.insert + text.slice(splice.at + splice.deleteCount);
}

/** Lines added and removed by a change, for the timeline and analytics. */
export function lineStats(before: string, after: string): { added: number; removed: number } {
  const splice = spliceBetween(before, after);
  const removedText = before.slice(splice.at, splice.at + splice.deleteCount);
  const count = (text: string) => (text.length === 0 ? 0 : text.split('\n').length);
  return { added: count(splice.insert), removed: count(removedText) };
}
