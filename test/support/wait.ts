/** Polling for integration tests: wait until a probe yields a value, or fail saying what was awaited. */

/**
 * Calls `probe` every 50 ms until it returns something other than undefined (a probe that throws
 * counts as "not yet"); after `timeoutMs` fails naming `what`, with `context()` (a process's
 * output, say) appended.
 */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
  context: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const details = context();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${details ? `\n${details}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
