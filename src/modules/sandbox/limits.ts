/** Resource limits of one sandboxed run (SANDBOX.md "Limits"): defaults, overrides, hard maximums. */
import type { Language } from './sandbox.schema.ts';

export interface RunLimits {
  /** CPU time per test (tests) or for the whole program (ad hoc), in ms. */
  cpuPerTestMs: number;
  /** Wall-clock limit of the whole run, in ms. */
  wallMs: number;
  memoryBytes: number;
  processes: number;
  openFiles: number;
  fileSizeBytes: number;
  tmpfsBytes: number;
  /** Bytes of stdout and of stderr kept; more kills the run with output_limit. */
  outputBytes: number;
}

const MB = 1024 * 1024;

/** Time the program gets to load (imports, top-level code) before its first test. */
export const LOAD_BUDGET_MS = 2_000;

/** The largest values any override may reach. */
export const hardMaximums = { cpuPerTestMs: 10_000, wallMs: 20_000, memoryBytes: 1024 * MB } as const;

/** Default limits for `language`; Node needs more memory just to start. */
export function defaultLimits(language: Language): RunLimits {
  return {
    cpuPerTestMs: 2_000,
    wallMs: 5_000,
    memoryBytes: language === 'python' ? 256 * MB : 512 * MB,
    processes: 64,
    openFiles: 256,
    fileSizeBytes: 8 * MB,
    tmpfsBytes: 16 * MB,
    outputBytes: 64 * 1024,
  };
}

/**
 * Limits of one run: per-test timeouts (each test's own, or the default) raise the per-test CPU
 * budget; the wall limit is at least 2 × CPU + 1 s (SANDBOX.md) and never exceeds the hard maximum.
 */
export function limitsForRun(
  language: Language,
  testTimeoutsMs: number[],
  overrides: Partial<RunLimits> = {},
): RunLimits {
  const base = { ...defaultLimits(language), ...overrides };
  const cpuPerTestMs = Math.min(Math.max(base.cpuPerTestMs, ...testTimeoutsMs), hardMaximums.cpuPerTestMs);
  // Room for loading plus every test using its whole budget, so a slow test never starves later ones.
  const allTestsMs = LOAD_BUDGET_MS + testTimeoutsMs.reduce((sum, timeout) => sum + timeout, 0);
  const wallMs = Math.min(Math.max(base.wallMs, 2 * cpuPerTestMs + 1_000, allTestsMs), hardMaximums.wallMs);
  return { ...base, cpuPerTestMs, wallMs, memoryBytes: Math.min(base.memoryBytes, hardMaximums.memoryBytes) };
}
