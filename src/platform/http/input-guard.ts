/**
 * The input guard: refuses, before any schema sees them, request values that no route can use.
 *
 * - Text with a NUL character or a lone UTF-16 surrogate: valid in JSON and in URLs, but PostgreSQL
 *   stores neither in `text` nor in `jsonb` (the insert fails), and a lone surrogate is not Unicode
 *   text at all. Without this, such input passed validation and failed deep in a service as a 500.
 * - Nesting deeper than `maxInputDepth`: the zod schemas of recursive JSON values (test arguments,
 *   event data) validate recursively, and 10 000 levels overflowed the stack (a 500).
 *
 * Both are refused as VALIDATION_FAILED with the path of the offending field.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FieldProblem, ValidationError } from '../errors.ts';

/** Deepest nesting of arrays and objects accepted in a body, querystring or params. */
export const maxInputDepth = 256;

/** In unicode mode a surrogate pair is one code point, so this matches lone surrogates only. */
const loneSurrogate = /[\uD800-\uDFFF]/u;

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (loneSurrogate.test(text)) return 'must be valid Unicode text (it has a lone surrogate)';
  return undefined;
}

function childPath(parent: string, key: string | number): string {
  return typeof key === 'number' ? `${parent}[${key}]` : `${parent}.${key}`;
}

/**
 * The first value under `root` that no route can use, with its path (`body.tests[0].name`); pure.
 * Walks with an explicit stack: the input may be nested far deeper than the call stack allows.
 */
export function findUnusableInput(root: unknown, rootPath: string): FieldProblem | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: root, path: rootPath, depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === 'string') {
      const message = textProblem(value);
      if (message) return { path, message };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxInputDepth)
      return { path, message: `is nested too deeply (at most ${maxInputDepth} levels)` };
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) {
        stack.push({ value: value[index], path: childPath(path, index), depth: depth + 1 });
      }
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const keyMessage = textProblem(key);
      if (keyMessage) return { path: childPath(path, key), message: `has a key that ${keyMessage}` };
      stack.push({ value: child, path: childPath(path, key), depth: depth + 1 });
    }
  }
  return undefined;
}

/** The parts of a request a route's schema validates (the ones that reach our services). */
type GuardedParts = Partial<Record<'params' | 'querystring' | 'body', unknown>>;

/** Throws a ValidationError when a part holds something no route can use. */
export function assertUsableInput(parts: GuardedParts): void {
  for (const [where, value] of Object.entries(parts)) {
    const problem = findUnusableInput(value, where);
    if (problem)
      throw new ValidationError(`Invalid request — ${problem.path}: ${problem.message}`, [problem]);
  }
}

/**
 * Installs the guard on every route of `app`, before validation, for the parts the route has a
 * schema for. Routes without one (bull-board, with its own error handler; the Paddle webhook,
 * which verifies raw bytes) pass their input to nothing that stores it as text.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const schema = request.routeOptions.schema;
    if (!schema) return;
    assertUsableInput({
      ...(schema.params ? { params: request.params } : {}),
      ...(schema.querystring ? { querystring: request.query } : {}),
      ...(schema.body ? { body: request.body } : {}),
    });
  });
}
