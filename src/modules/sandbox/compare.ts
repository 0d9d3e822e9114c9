/**
 * Compares a value returned by candidate code with the expected value, outside the sandbox.
 * Deep equality over JSON values; numbers compare with a tolerance so 0.1 + 0.2 equals 0.3.
 */
import type { JsonValue } from './sandbox.schema.ts';

/** Relative/absolute tolerance for numbers that are not both integers. */
export const FLOAT_TOLERANCE = 1e-6;

function numbersMatch(actual: number, expected: number): boolean {
  if (Number.isInteger(actual) && Number.isInteger(expected)) return actual === expected;
  const scale = Math.max(1, Math.abs(expected));
  return Math.abs(actual - expected) <= FLOAT_TOLERANCE * scale;
}

/** True when `actual` deep-equals `expected` (object key order ignored, array order kept). */
export function valuesMatch(actual: JsonValue | undefined, expected: JsonValue): boolean {
  if (actual === undefined) return false;
  if (typeof expected === 'number') return typeof actual === 'number' && numbersMatch(actual, expected);
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => valuesMatch(actual[i], item))
    );
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const expectedKeys = Object.keys(expected);
  if (Object.keys(actual).length !== expectedKeys.length) return false;
  return expectedKeys.every(
    (key) => Object.hasOwn(actual, key) && valuesMatch(actual[key], expected[key] as JsonValue),
  );
}
