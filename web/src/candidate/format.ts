/** Small display helpers. Pure. */

/** A JSON value on one line (test arguments, expected values). */
export function formatJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
