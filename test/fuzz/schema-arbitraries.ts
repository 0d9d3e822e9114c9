/**
 * fast-check arbitraries derived from the JSON schemas of the OpenAPI document (as
 * fastify-type-provider-zod writes them: OpenAPI 3.0 with `nullable`, formats, enums, lengths,
 * `anyOf`). Three kinds:
 *
 * - `shaped(schema)`: values of the schema's shape with hostile content (NUL, lone surrogates,
 *   right-to-left marks, boundary numbers), mostly valid, so they get past validation and into the
 *   services — where input is trusted;
 * - `wrongType(schema)`: a value of a JSON type the schema does not allow, so it must be refused;
 * - `oddString` / `anyJson`: schema-blind noise.
 */
import fc from 'fast-check';

/** The subset of JSON Schema the OpenAPI document uses. */
export interface JsonSchema {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  default?: unknown;
}

/** JSON value types (integer counts as number: JSON cannot tell them apart by type). */
export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
const jsonTypes: JsonType[] = ['string', 'number', 'boolean', 'null', 'array', 'object'];

/** Strings that break careless code: NUL, lone surrogates, BOM, bidi overrides, combining marks, injections. */
export const oddStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ufeff',
  '\u202e\u202dtxt.exe',
  'e\u0301\u0301\u0301',
  '🦄👩‍👩‍👧',
  '\r\n\t\u000b\u001b[31m',
  '%00%ZZ',
  '../../../../etc/passwd',
  "' OR '1'='1' --",
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally.
  '${{7*7}}',
  '__proto__',
  'null',
  '-1',
  '1e309',
  'NaN',
];

/** Any string, biased towards the hostile ones (fast-check's binary unit includes every code point). */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...oddStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

/** Any JSON value, with hostile strings as keys and values. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({
  maxDepth: 4,
  stringUnit: fc.oneof(fc.constantFrom('\u0000', '\ud800', '\u202e', '"', '\\'), fc.string({ maxLength: 1 })),
});

/** Numbers at and past the usual edges. */
const oddNumbers = [0, -0, -1, 1, 0.5, -1.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, Number.MIN_VALUE];

/** Resolves a local `$ref` against the document; an unresolvable one (recursive JSON value schemas) means "anything". */
export function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').at(-1) ?? '';
  return components[name] ?? {};
}

/** The JSON types a schema accepts; undefined when it accepts anything (or we cannot tell). */
export function allowedTypes(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
): Set<JsonType> | undefined {
  const resolved = resolve(schema, components);
  const alternatives = resolved.anyOf ?? resolved.oneOf;
  if (alternatives) {
    const union = new Set<JsonType>();
    for (const alternative of alternatives) {
      const types = allowedTypes(alternative, components);
      if (!types) return undefined;
      for (const type of types) union.add(type);
    }
    if (resolved.nullable) union.add('null');
    return union;
  }
  const values = resolved.enum ?? ('const' in resolved ? [resolved.const] : undefined);
  const declared = resolved.type === undefined ? [] : [resolved.type].flat();
  if (declared.length === 0 && !values) return undefined;
  const types = new Set<JsonType>(
    declared.map((type) => (type === 'integer' ? 'number' : (type as JsonType))),
  );
  for (const value of values ?? []) types.add(jsonTypeOf(value));
  if (resolved.nullable) types.add('null');
  return types;
}

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonType;
}

const valueOfType: Record<JsonType, fc.Arbitrary<unknown>> = {
  string: fc.oneof(fc.constantFrom('not-the-right-type', ''), oddString),
  number: fc.oneof(fc.constantFrom(...oddNumbers), fc.double({ noNaN: true, noDefaultInfinity: true })),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(anyJson, { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }),
};

/** A value whose JSON type the schema refuses; undefined when the schema accepts every type. */
export function wrongType(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
): fc.Arbitrary<unknown> | undefined {
  const allowed = allowedTypes(schema, components);
  if (!allowed) return undefined;
  const refused = jsonTypes.filter((type) => !allowed.has(type));
  return refused.length === 0 ? undefined : fc.oneof(...refused.map((type) => valueOfType[type]));
}

/** Options of `shaped`. */
export interface ShapedOptions {
  /** Every free-form value (no type: `{}` or an unresolvable `$ref`) becomes this one. */
  freeForm?: unknown;
  /** Every string becomes this one (ignoring formats and lengths). */
  everyString?: string;
  /** Every number takes the edge of its allowed range (unbounded: ±2^53 - 1), where columns overflow. */
  everyNumber?: 'maximum' | 'minimum';
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.oneof({ weight: 4, arbitrary: fc.uuid({ version: 4 }) }, { weight: 1, arbitrary: oddString });
    case 'date-time':
      return fc.oneof(
        { weight: 4, arbitrary: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-02-30'),
        },
      );
    case 'email':
      return fc.oneof(
        { weight: 4, arbitrary: fc.emailAddress() },
        {
          weight: 1,
          arbitrary: fc.constantFrom('a@b', 'a\u0000@example.test', `${'x'.repeat(300)}@example.test`),
        },
      );
    default: {
      const maxLength = Math.min(schema.maxLength ?? 60, 60);
      const minLength = Math.min(schema.minLength ?? 0, maxLength);
      return fc.oneof(
        { weight: 3, arbitrary: fc.string({ minLength, maxLength, unit: 'binary' }) },
        { weight: 2, arbitrary: oddString },
        // Exactly at the length limits, where off-by-one errors live.
        {
          weight: 1,
          arbitrary: fc.constantFrom('x'.repeat(minLength), 'y'.repeat(schema.maxLength ?? 2_000)),
        },
      );
    }
  }
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -1e12;
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1e12;
  const edges = [min, max, Math.floor((min + max) / 2), ...oddNumbers].filter(
    (n) => !integer || Number.isInteger(n),
  );
  const inRange = integer
    ? fc.integer({
        min: Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER),
        max: Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER),
      })
    : fc.double({ min, max, noNaN: true });
  return fc.oneof({ weight: 3, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
}

/** The largest or smallest number a schema allows (exclusive bounds are not used by our schemas). */
export function edgeOf(schema: JsonSchema, edge: 'maximum' | 'minimum'): number {
  const bound = schema[edge];
  if (typeof bound === 'number') return bound;
  return edge === 'maximum' ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
}

/** Values of the schema's shape, with hostile content. */
export function shaped(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  options: ShapedOptions = {},
  depth = 0,
): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, components);
  const self = (inner: JsonSchema) => shaped(inner, components, options, depth + 1);
  const withNull = (arbitrary: fc.Arbitrary<unknown>) =>
    resolved.nullable
      ? fc.oneof({ weight: 5, arbitrary }, { weight: 1, arbitrary: fc.constant(null) })
      : arbitrary;
  const alternatives = resolved.anyOf ?? resolved.oneOf;
  if (alternatives) return withNull(fc.oneof(...alternatives.map(self)));
  if (resolved.allOf?.[0]) return self(resolved.allOf[0]);
  if (resolved.enum) return withNull(fc.constantFrom(...resolved.enum));
  if ('const' in resolved) return fc.constant(resolved.const);
  const type = [resolved.type].flat().find((candidate) => candidate !== 'null');
  if (type === undefined) {
    if ('freeForm' in options) return fc.constant(options.freeForm);
    return depth > 6 ? fc.constant({}) : anyJson;
  }
  switch (type) {
    case 'string':
      return withNull(
        options.everyString !== undefined ? fc.constant(options.everyString) : stringFor(resolved),
      );
    case 'integer':
    case 'number':
      if (options.everyNumber) return fc.constant(edgeOf(resolved, options.everyNumber));
      return withNull(numberFor(resolved, type === 'integer'));
    case 'boolean':
      return withNull(fc.boolean());
    case 'array': {
      const minLength = Math.min(resolved.minItems ?? 0, 5);
      const maxLength = Math.max(minLength, Math.min(resolved.maxItems ?? 3, 3));
      return withNull(fc.array(self(resolved.items ?? {}), { minLength, maxLength }));
    }
    case 'object': {
      const properties = resolved.properties ?? {};
      const required = new Set(resolved.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties)) record[name] = self(property);
      const requiredKeys = Object.keys(properties).filter((name) => required.has(name));
      let object: fc.Arbitrary<Record<string, unknown>> = fc.record(record, { requiredKeys });
      // A free-form map (`z.record`, `data: {}`): a few entries of whatever it holds.
      if (Object.keys(properties).length === 0 && resolved.additionalProperties !== false) {
        const values =
          typeof resolved.additionalProperties === 'object' ? self(resolved.additionalProperties) : anyJson;
        object =
          'freeForm' in options
            ? fc.constant({ deep: options.freeForm })
            : fc.dictionary(oddString, values, { maxKeys: 3 });
      }
      return withNull(object);
    }
    default:
      return anyJson;
  }
}

/** The names of an object schema's properties whose types are known (candidates for a wrong-type swap). */
export function typedProperties(schema: JsonSchema, components: Record<string, JsonSchema>): string[] {
  const resolved = resolve(schema, components);
  return Object.entries(resolved.properties ?? {})
    .filter(([, property]) => wrongType(property, components) !== undefined)
    .map(([name]) => name);
}

/** Nested arrays `depth` levels deep, as JSON text (built as text: JSON.stringify would recurse). */
export function deepArrayText(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Nested objects `depth` levels deep, as JSON text. */
export function deepObjectText(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
