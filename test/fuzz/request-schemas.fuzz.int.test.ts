/**
 * Fuzzing every request the API accepts (issue 10). The platform runs whole (startPlatform, role
 * `all`) and the routes come from the server itself: every route it serves (`platform.routes`,
 * recorded by an onRoute hook) with, when the OpenAPI document at /docs/json describes it, the
 * JSON schemas of its params, querystring and body. A new route is therefore fuzzed without
 * touching this file; a served route can only be left out through `skipped`, with its reason.
 *
 * Each route is called by an actor that reaches it (OWNER cookie + CSRF, OPERATOR_TOKEN, the
 * candidate's credential of a fresh session, …) with real ids in its path, so inputs that pass
 * validation reach the services. Inputs: values of the schema's shape with hostile content,
 * schema-blind noise, one field of a wrong type, and fixed edge cases — invalid JSON, empty and
 * wrong content types, bodies over the limit (plain and chunked), 10 000 levels of nesting,
 * NUL and lone surrogates in every string, prototype keys, bad path params.
 *
 * Every answer must be under 500 and, when 4xx, the platform's error body
 * (`{ success: false, error: { code, message, requestId } }`, code matching the status). Inputs
 * that cannot be valid must be refused (4xx, or the exact status: 400, 413, 415).
 *
 * FUZZ_SEED reproduces a run (printed on failure with fast-check's path); FUZZ_RUNS changes the
 * number of runs per property and route (default 15).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorStatus } from '../../src/platform/errors.ts';
import { createTestMember } from '../support/accounts.ts';
import {
  assessmentBody,
  bearer,
  inviteToA,
  type PlatformWithActors,
  postAsOwner,
  startPlatformWithActors,
  startSessionInA,
} from '../support/platform-actors.ts';
import {
  anyJson,
  deepArrayText,
  deepObjectText,
  edgeOf,
  type JsonSchema,
  oddString,
  shaped,
  typedProperties,
  wrongType,
} from './schema-arbitraries.ts';

const seed = Number(process.env.FUZZ_SEED ?? 20_261_129);
const numRuns = Number(process.env.FUZZ_RUNS ?? 15);
/** The server's body limit (createHttpServer's default; the platform does not change it). */
const bodyLimitBytes = 1_048_576;
/** A request that takes longer than this is a hang. */
const requestTimeoutMs = 20_000;
/** Where free-form values get 10 000 levels of nesting (replaced in the JSON text). */
const deepMarker = '__fuzz_deep_marker__';

/** Served routes that are not fuzzed, with why (each pattern must match a served route). */
const skipped: Array<[RegExp, string]> = [
  [
    /^(PUT|POST|PATCH|DELETE) \/admin\/queues\//,
    // bull-board: a third-party plugin behind the operator guard, without request schemas of ours.
    'bull-board mutations act on the live queues of the platform under test (pause, empty, ' +
      'obliterate) and would break the jobs of the other routes; its read-only routes are fuzzed',
  ],
];
const isSkipped = (route: string) => skipped.some(([pattern]) => pattern.test(route));

/**
 * Served routes the OpenAPI document leaves out, with why. They are fuzzed without schemas (noise
 * in every param, the query and the body); a route missing here and from the document fails the
 * coverage test, so a hidden route with a schema cannot go unnoticed.
 */
const undocumented: Array<[RegExp, string]> = [
  [/^GET \/metrics$/, 'Prometheus text for scrapers (schema: hide), no input'],
  [/^GET \/(\*)?$/, 'the web application and its SPA fallback (web-app.ts, schema: hide)'],
  [/^[A-Z]+ \/admin\/queues(\/|$)/, 'bull-board, a third-party UI behind the operator guard'],
];

/**
 * Routes whose errors are not ours to shape: bull-board answers its own `{ error: { key } }`. They
 * must still never answer 5xx.
 */
const foreignErrorBodies = /^[A-Z]+ \/admin\/queues(\/|$)/;

/** Routes that read their body as raw bytes whatever its content type (no JSON parsing, no 415). */
const rawBodyRoutes: Record<string, string> = {
  'POST /api/webhooks/paddle':
    'verifies the Paddle-Signature over the exact bytes, so it accepts any content type',
};

interface Parameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One route to fuzz, with what the OpenAPI document says about its inputs (nothing when undocumented). */
interface Target {
  route: string;
  method: string;
  path: string;
  documented: boolean;
  params: Parameter[];
  query: Parameter[];
  body: JsonSchema | undefined;
}

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Who calls a route and with which real path params. */
interface RouteContext {
  headers: Record<string, string>;
  params: Record<string, string>;
}

// Top-level await: the routes to fuzz come from the running server, and vitest needs the list
// of tests before it runs them. The platform is stopped in afterAll.
// Behind a "proxy", each request from its own random address: the per-address rate limits of
// sign-in, sign-up and the like would otherwise answer 429 before the input is even parsed.
const fixture: PlatformWithActors = await startPlatformWithActors('fuzz', { TRUST_PROXY: 'true' });
const openApi = (await (await fetch(`${fixture.url}/docs/json`)).json()) as OpenApiDocument;
const components = openApi.components?.schemas ?? {};
const served = [...new Set(fixture.platform.routes)];

afterAll(async () => {
  const total = [...requestsPerRoute.values()].reduce((sum, count) => sum + count, 0);
  console.info(`fuzz: seed ${seed}, ${requestsPerRoute.size} routes, ${total} requests`);
  await fixture.stop();
}, 120_000);

/** `METHOD /path/:param` of every documented operation. */
const documented = new Map<string, OpenApiOperation>();
for (const [openApiPath, operations] of Object.entries(openApi.paths)) {
  for (const [method, operation] of Object.entries(operations)) {
    documented.set(`${method.toUpperCase()} ${openApiPath.replace(/\{([^}]+)\}/g, ':$1')}`, operation);
  }
}

function targetOf(route: string): Target {
  const [method = 'GET', routePath = '/'] = route.split(' ');
  const operation = documented.get(route);
  const parameters = operation?.parameters ?? [];
  const declared = (where: string) =>
    parameters
      .filter((parameter) => parameter.in === where)
      .map((parameter) => ({
        name: parameter.name,
        required: parameter.required ?? false,
        schema: parameter.schema ?? {},
      }));
  // Undocumented routes: their path params are all we know.
  const pathNames = [...routePath.matchAll(/:([A-Za-z0-9_]+)|\*/g)].map((match) => match[1] ?? '*');
  return {
    route,
    method,
    path: routePath,
    documented: operation !== undefined,
    params: operation
      ? declared('path')
      : pathNames.map((name) => ({ name, required: true, schema: {} as JsonSchema })),
    query: declared('query'),
    body: operation?.requestBody?.content?.['application/json']?.schema,
  };
}

const targets = served.filter((route) => !isSkipped(route)).map(targetOf);
const requestsPerRoute = new Map<string, number>();

// --- Actors and real path params, by route prefix (so new routes under them get them too) ---------

const ownerHeaders = () => fixture.members.OWNER.headers(true);
const operatorHeaders = () => bearer(fixture.operatorToken);

async function createAssessment(): Promise<string> {
  const { answer } = await postAsOwner(fixture, '/api/assessments', assessmentBody());
  return (answer.assessment as { id: string }).id;
}

async function createSeed(): Promise<string> {
  const { answer } = await postAsOwner(fixture, '/api/seeds', {
    title: `Fuzz seed ${randomUUID().slice(0, 8)}`,
    description: 'Return the sum of the numbers in the list, 0 for an empty list.',
    difficulty: 'easy',
    topics: ['arrays'],
    languages: ['python'],
    starters: [],
    tests: [{ name: 'two', args: [[1, 2]], expected: 3, hidden: false }],
  });
  return (answer.seed as { id: string }).id;
}

async function createShare(): Promise<{ candidateId: string; shareId: string; token: string }> {
  const { candidateId } = await inviteToA(fixture);
  const { answer } = await postAsOwner(fixture, `/api/candidates/${candidateId}/report/share`, {
    expiresInHours: 1,
  });
  return { candidateId, shareId: String(answer.id), token: String(answer.token) };
}

/** The actor and real params of a route: objects of its own, since fuzzed mutations change them. */
async function contextOf(target: Target): Promise<RouteContext> {
  const { path: routePath, route } = target;
  if (/^\/(api\/admin|admin|metrics)(\/|$)/.test(routePath))
    return { headers: operatorHeaders(), params: {} };
  if (routePath.startsWith('/api/interview/start/:token')) {
    return { headers: {}, params: { token: (await inviteToA(fixture)).token } };
  }
  if (routePath.startsWith('/api/interview/:id')) {
    const session = await startSessionInA(fixture);
    return { headers: bearer(session.credential), params: { id: session.id } };
  }
  if (routePath.startsWith('/api/sessions/:id'))
    return { headers: ownerHeaders(), params: { id: fixture.sessionA.id } };
  if (route === 'POST /api/auth/signout') {
    // Signing out ends the caller's session: a member of its own.
    const member = await createTestMember(fixture.platform.database.db, {
      role: 'VIEWER',
      organizationId: fixture.orgA,
    });
    return { headers: member.headers(true), params: {} };
  }
  if (routePath.startsWith('/api/assessments/:id/candidates')) {
    return { headers: ownerHeaders(), params: { id: fixture.assessmentA } };
  }
  if (routePath.startsWith('/api/assessments/:id'))
    return { headers: ownerHeaders(), params: { id: await createAssessment() } };
  if (routePath.startsWith('/api/seeds/:id'))
    return { headers: ownerHeaders(), params: { id: await createSeed() } };
  if (routePath.startsWith('/api/candidates/:id/report/shares/:shareId')) {
    const share = await createShare();
    return { headers: ownerHeaders(), params: { id: share.candidateId, shareId: share.shareId } };
  }
  if (routePath.startsWith('/api/candidates/:id')) {
    return { headers: ownerHeaders(), params: { id: (await inviteToA(fixture)).candidateId } };
  }
  if (routePath.startsWith('/api/reports/shared/:token'))
    return { headers: {}, params: { token: (await createShare()).token } };
  if (routePath.startsWith('/api/members/:userId')) {
    const viewer = await createTestMember(fixture.platform.database.db, {
      role: 'VIEWER',
      organizationId: fixture.orgA,
    });
    return { headers: ownerHeaders(), params: { userId: viewer.userId } };
  }
  // Everything else: A's OWNER (who holds every permission); params, if any, come from the schema.
  return { headers: ownerHeaders(), params: {} };
}

// --- Sending and judging ------------------------------------------------------------------------

interface Input {
  /** Path params; absent ones take the context's real value. */
  params?: Record<string, string>;
  /** Path params put in the URL as they are, unencoded (bad percent-encodings). */
  rawParams?: Record<string, string>;
  query?: Array<[string, string]>;
  /** JSON text, raw bytes or a stream; sent with `contentType` (default application/json). */
  body?: string | Uint8Array | ReadableStream<Uint8Array>;
  contentType?: string | null;
}

/** What an answer must be: under 500 (then 4xx is checked for shape), any 4xx, or one status. */
type Expectation = 'below500' | '4xx' | number;

interface Answer {
  status: number;
  text: string;
  requestId: string | null;
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) becomes the percent-encoded
 * bytes of its WTF-8 form: ill-formed UTF-8, which the server must refuse cleanly.
 */
function encodeComponent(value: string): string {
  return value.replace(/[\ud800-\udfff]|[^\ud800-\udfff]+/g, (part) => {
    const unit = part.charCodeAt(0);
    if (part.length > 1 || unit < 0xd800 || unit > 0xdfff) return encodeURIComponent(part);
    const bytes = [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)];
    return bytes.map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
  });
}

function urlOf(target: Target, context: RouteContext, input: Input): string {
  const pathName = target.path.replace(/:([A-Za-z0-9_]+)|\*/g, (_match, name: string | undefined) => {
    const key = name ?? '*';
    const raw = input.rawParams?.[key];
    if (raw !== undefined) return raw;
    const value = input.params?.[key] ?? context.params[key] ?? randomUUID();
    // The wildcard is a path: keep its slashes.
    return key === '*' ? value.split('/').map(encodeComponent).join('/') : encodeComponent(value);
  });
  const query = new URLSearchParams(input.query ?? []).toString();
  return `${fixture.url}${pathName}${query ? `?${query}` : ''}`;
}

async function send(target: Target, context: RouteContext, input: Input): Promise<Answer> {
  requestsPerRoute.set(target.route, (requestsPerRoute.get(target.route) ?? 0) + 1);
  const hasBody = input.body !== undefined && target.method !== 'GET';
  const contentType = input.contentType === undefined ? 'application/json' : input.contentType;
  const response = await fetch(urlOf(target, context, input), {
    method: target.method,
    headers: {
      ...context.headers,
      'x-forwarded-for': `10.${randomBytes(3).join('.')}`,
      ...(hasBody && contentType ? { 'content-type': contentType } : {}),
    },
    ...(hasBody ? { body: input.body, duplex: 'half' } : {}),
    signal: AbortSignal.timeout(requestTimeoutMs),
  } as RequestInit);
  return {
    status: response.status,
    text: await response.text(),
    requestId: response.headers.get('x-request-id'),
  };
}

/** Why an answer breaks the rules, or undefined when it keeps them. */
function problemWith(target: Target, answer: Answer, expectation: Expectation): string | undefined {
  const { status } = answer;
  if (status >= 500) return `answered ${status}`;
  if (expectation === '4xx' && (status < 400 || status >= 500)) return `answered ${status}, expected a 4xx`;
  if (typeof expectation === 'number' && status !== expectation)
    return `answered ${status}, expected ${expectation}`;
  if (status < 400 || foreignErrorBodies.test(target.route)) return undefined;
  let body: { success?: unknown; error?: { code?: unknown; message?: unknown; requestId?: unknown } };
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `answered ${status} without a JSON body`;
  }
  const code = body.error?.code;
  if (body.success !== false || typeof code !== 'string' || !(code in errorStatus)) {
    return `answered ${status} without the error shape`;
  }
  if (errorStatus[code as keyof typeof errorStatus] !== status) return `answered ${status} with code ${code}`;
  if (typeof body.error?.message !== 'string' || body.error.requestId !== answer.requestId) {
    return `answered ${status} without a message or with a request id other than its header's`;
  }
  return undefined;
}

function describeInput(input: Input): string {
  const body =
    typeof input.body === 'string'
      ? JSON.stringify(
          input.body.length > 300 ? `${input.body.slice(0, 300)}… (${input.body.length} chars)` : input.body,
        )
      : input.body instanceof Uint8Array
        ? `<${input.body.byteLength} bytes>`
        : input.body
          ? '<stream>'
          : 'none';
  return `params ${JSON.stringify(input.params ?? {})}, raw params ${JSON.stringify(input.rawParams ?? {})}, query ${JSON.stringify(input.query ?? [])}, content-type ${input.contentType ?? 'application/json'}, body ${body}`;
}

/** Sends one input and throws (for fast-check and vitest) when the answer breaks the rules. */
async function check(
  target: Target,
  context: RouteContext,
  input: Input,
  expectation: Expectation,
): Promise<void> {
  const answer = await send(target, context, input);
  const problem = problemWith(target, answer, expectation);
  if (problem) {
    throw new Error(
      `${target.route} ${problem}: ${answer.text.slice(0, 400)}\n  input: ${describeInput(input)}`,
    );
  }
}

// --- Inputs from the schemas --------------------------------------------------------------------

/** A query value as the URL carries it. */
function asQueryValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/** Query pairs of the schema's shape (each optional parameter present or not). */
function shapedQuery(target: Target): fc.Arbitrary<Array<[string, string]>> {
  return fc
    .tuple(
      ...target.query.map((parameter) =>
        fc.option(shaped(parameter.schema, components).map(asQueryValue), {
          nil: undefined,
          freq: parameter.required ? 10 : 2,
        }),
      ),
    )
    .map((values) =>
      values.flatMap((value, index) => {
        const name = target.query[index]?.name;
        return value === undefined || !name ? [] : [[name, value] as [string, string]];
      }),
    );
}

/**
 * A query value the parameter cannot accept, or undefined when any string is acceptable: a word
 * for a number, a fraction for an integer, a number out of range, a value out of an enum, a
 * non-UUID, a non-date, a string over its maximum length.
 */
function wrongQueryValue(schema: JsonSchema): fc.Arbitrary<string> | undefined {
  const outside = (accepted: (value: string) => boolean) =>
    fc.oneof(oddString, fc.string({ minLength: 1 })).filter((value) => value.length > 0 && !accepted(value));
  if (schema.enum) return outside((value) => (schema.enum ?? []).map(String).includes(value));
  if (schema.type === 'integer' || schema.type === 'number') {
    const bad = ['abc', '1e999', '--1', '0x1g'];
    if (schema.type === 'integer') bad.push('1.5');
    if (typeof schema.maximum === 'number') bad.push(String(schema.maximum + 1));
    if (typeof schema.minimum === 'number') bad.push(String(schema.minimum - 1));
    return fc.constantFrom(...bad);
  }
  if (schema.format === 'uuid') return outside((value) => /^[0-9a-f-]{36}$/i.test(value));
  if (schema.format === 'date-time')
    return fc.constantFrom('yesterday', '2026-13-01T00:00:00Z', '2026-01-01T25:00:00Z');
  if (schema.type === 'boolean') return outside((value) => value === 'true' || value === 'false');
  if (typeof schema.maxLength === 'number') return fc.constant('z'.repeat(schema.maxLength + 1));
  return undefined;
}

/** A path param the route cannot accept: not a UUID, too long, badly encoded, NUL, traversal. */
const badPathParam = fc.constantFrom(
  'not-a-uuid',
  '00000000-0000-0000-0000-00000000000g',
  'x'.repeat(5_000),
  '\u0000',
  '\ud800',
  '../..',
  ' ',
  '%',
  '🦄'.repeat(40),
);

/**
 * Inputs with exactly one part that cannot be valid (a body field or the body itself of a refused
 * type, a refused query value, a bad UUID in the path); undefined when the route has no such part.
 */
function wrongInput(target: Target): fc.Arbitrary<Input> | undefined {
  const options: Array<fc.Arbitrary<Input>> = [];
  const { body } = target;
  if (body) {
    const validBody = shaped(body, components);
    const rootWrong = wrongType(body, components);
    if (rootWrong) options.push(rootWrong.map((value) => ({ body: JSON.stringify(value) })));
    const fields = typedProperties(body, components);
    if (fields.length > 0) {
      options.push(
        fc
          .tuple(validBody, fc.constantFrom(...fields))
          .chain(([valid, field]) => {
            const schema = body.properties?.[field] ?? {};
            const wrong = wrongType(schema, components) ?? fc.constant(null);
            return wrong.map((value) => ({ ...(valid as object), [field]: value }));
          })
          .map((value) => ({ body: JSON.stringify(value) })),
      );
    }
  }
  for (const parameter of target.query) {
    const wrong = wrongQueryValue(parameter.schema);
    if (wrong) {
      options.push(
        fc.tuple(shapedQuery(target), wrong).map(([query, value]) => ({
          query: [
            ...query.filter(([name]) => name !== parameter.name),
            [parameter.name, value] as [string, string],
          ],
          ...(body ? { body: '{}' } : {}),
        })),
      );
    }
  }
  for (const parameter of target.params) {
    if (parameter.schema.format === 'uuid') {
      options.push(
        badPathParam.map((value) => ({
          params: { [parameter.name]: value },
          ...(body ? { body: '{}' } : {}),
        })),
      );
    }
  }
  return options.length > 0 ? fc.oneof(...options) : undefined;
}

/** A body of the schema's shape as JSON text, free-form values replaced with deep nesting when asked. */
function shapedBodyText(value: unknown): string {
  return JSON.stringify(value).replaceAll(`"${deepMarker}"`, deepObjectText(10_000));
}

/** One deterministic sample of an arbitrary (fixed edge cases built from a schema). */
function sampleOf<T>(arbitrary: fc.Arbitrary<T>): T {
  const [value] = fc.sample(arbitrary, { seed, numRuns: 1 });
  return value as T;
}

/**
 * fast-check options for a route: `numRuns` for routes with schemas; a third of that for the
 * undocumented ones (bull-board's reads, the web app), which have no schema to aim at. No
 * shrinking (endOnFailure): each step is a request, and the failing input is printed whole.
 */
const assertOptions = (target: Target) =>
  ({ numRuns: target.documented ? numRuns : Math.ceil(numRuns / 3), seed, endOnFailure: true }) as const;

// --- The tests ----------------------------------------------------------------------------------

describe('fuzzing every request schema', () => {
  it('covers every served route: fuzzed, or skipped with a reason', () => {
    expect(served.length).toBeGreaterThan(50);
    // Stale entries would hide a route that changed name.
    expect(skipped.filter(([pattern]) => !served.some((route) => pattern.test(route))).map(String)).toEqual(
      [],
    );
    // A route whose schemas the document shows is never skipped.
    expect(served.filter((route) => isSkipped(route) && documented.has(route))).toEqual([]);
    // A route the document leaves out has its reason here; its schema (if any) is fuzzed blind.
    const hidden = targets.filter((target) => !target.documented).map((target) => target.route);
    expect(hidden.filter((route) => !undocumented.some(([pattern]) => pattern.test(route)))).toEqual([]);
    expect(
      undocumented.filter(([pattern]) => !hidden.some((route) => pattern.test(route))).map(String),
    ).toEqual([]);
    // Every documented operation is served (the document and the server agree).
    expect([...documented.keys()].filter((route) => !served.includes(route))).toEqual([]);
    expect(Object.keys(rawBodyRoutes).filter((route) => !served.includes(route))).toEqual([]);
  });

  describe.concurrent.each(targets.map((target) => [target.route, target] as const))(
    '%s',
    (_route, target) => {
      const hasBody = target.method !== 'GET';
      const jsonBody = hasBody && !(target.route in rawBodyRoutes);
      // One caller and one set of real objects per route, shared by its tests (the route's fuzzed
      // mutations may change them: that is part of the fuzzing).
      let context: RouteContext;
      beforeAll(async () => {
        context = await contextOf(target);
      });

      it('answers inputs of its schema with hostile content below 500', async () => {
        const params = fc.record(
          Object.fromEntries(
            target.params.map((parameter) => [
              parameter.name,
              // Mostly the real object (so the handler runs), sometimes another value of the shape.
              fc.oneof(
                { weight: 3, arbitrary: fc.constant(context.params[parameter.name]) },
                { weight: 1, arbitrary: shaped(parameter.schema, components).map(asQueryValue) },
              ),
            ]),
          ),
        );
        const body = target.body ? shaped(target.body, components) : fc.constant(undefined);
        await fc.assert(
          fc.asyncProperty(params, shapedQuery(target), body, async (pathParams, query, value) => {
            const clean = Object.fromEntries(
              Object.entries(pathParams).filter(
                (entry): entry is [string, string] => typeof entry[1] === 'string',
              ),
            );
            await check(
              target,
              context,
              { params: clean, query, ...(hasBody ? { body: JSON.stringify(value ?? {}) } : {}) },
              'below500',
            );
          }),
          assertOptions(target),
        );
      });

      it('answers schema-blind noise below 500', async () => {
        const params = fc.record(
          Object.fromEntries(target.params.map((parameter) => [parameter.name, oddString])),
        );
        const query = fc.array(
          fc.tuple(fc.oneof(oddString, fc.constantFrom(...target.query.map((q) => q.name), 'x')), oddString),
          {
            maxLength: 4,
          },
        );
        await fc.assert(
          fc.asyncProperty(params, query, anyJson, async (pathParams, pairs, value) => {
            await check(
              target,
              context,
              { params: pathParams, query: pairs, ...(hasBody ? { body: JSON.stringify(value) } : {}) },
              'below500',
            );
          }),
          assertOptions(target),
        );
      });

      const wrong = wrongInput(target);
      if (wrong)
        it('refuses an input with one part of a wrong type (4xx)', async () => {
          if (!wrong) return;
          await fc.assert(
            fc.asyncProperty(wrong, (input) => check(target, context, input, '4xx')),
            assertOptions(target),
          );
        });

      if (hasBody)
        it('refuses malformed, mistyped and oversized bodies', async () => {
          const refused = jsonBody ? 400 : '4xx';
          await check(target, context, { body: '{"a": ' }, refused);
          await check(target, context, { body: '{"a": 1} trailing' }, refused);
          await check(target, context, { body: '' }, refused);
          // fastify refuses prototype keys rather than building poisoned objects.
          await check(target, context, { body: '{"__proto__": {"admin": true}}' }, refused);
          await check(target, context, { body: '{"constructor": {"prototype": {"admin": true}}}' }, refused);
          await check(
            target,
            context,
            { body: '<a/>', contentType: 'application/xml' },
            jsonBody ? 415 : '4xx',
          );
          await check(
            target,
            context,
            { body: '{}', contentType: 'application/x-made-up' },
            jsonBody ? 415 : '4xx',
          );
          // Over the body limit: refused whole, whether its length is announced or streamed.
          const huge = (bytes: number) => `{"x":"${'a'.repeat(bytes)}"}`;
          await check(target, context, { body: huge(bodyLimitBytes + 1) }, 413);
          await check(target, context, { body: huge(5 * 1024 * 1024) }, 413);
          const chunk = new TextEncoder().encode('a'.repeat(64 * 1024));
          let sent = 0;
          const stream = new ReadableStream<Uint8Array>({
            pull(controller) {
              if (sent === 0) controller.enqueue(new TextEncoder().encode('{"x":"'));
              if (sent > 3 * bodyLimitBytes) return controller.close();
              sent += chunk.byteLength;
              controller.enqueue(chunk);
            },
          });
          await check(target, context, { body: stream }, 413);
          // 10 000 levels of nesting, as the whole body.
          await check(target, context, { body: deepArrayText(10_000) }, 'below500');
          await check(target, context, { body: deepObjectText(10_000) }, 'below500');
        });

      if (target.body)
        it('answers bodies of its shape with extreme content below 500', async () => {
          const body = target.body ?? {};
          // Deep nesting inside the free-form values (event data, test arguments…) that pass validation.
          await check(
            target,
            context,
            { body: shapedBodyText(sampleOf(shaped(body, components, { freeForm: deepMarker }))) },
            'below500',
          );
          // NUL, lone surrogates, bidi marks and a near-limit string in every string field.
          for (const text of ['a\u0000b', 'x\ud800y', '\udfff', '\u202e\ufeff', 'é'.repeat(400_000)]) {
            await check(
              target,
              context,
              { body: JSON.stringify(sampleOf(shaped(body, components, { everyString: text }))) },
              'below500',
            );
          }
          // Every number at the edge of its range: a schema allowing more than its column holds.
          for (const edge of ['maximum', 'minimum'] as const) {
            await check(
              target,
              context,
              { body: JSON.stringify(sampleOf(shaped(body, components, { everyNumber: edge }))) },
              'below500',
            );
          }
          // Unknown fields next to valid ones.
          const value = sampleOf(shaped(body, components));
          if (value && typeof value === 'object' && !Array.isArray(value)) {
            await check(
              target,
              context,
              {
                body: JSON.stringify({
                  ...value,
                  [`extra_${randomBytes(2).toString('hex')}`]: [1, { a: null }],
                }),
              },
              'below500',
            );
          }
        });

      if (target.query.length > 0 || target.params.length > 0)
        it('answers odd query strings and path params below 500', async () => {
          const body = hasBody ? { body: '{}' } : {};
          for (const text of ['\u0000', '\ud800', 'x'.repeat(4_000), '%', '[]', '{}']) {
            await check(
              target,
              context,
              { query: target.query.map((q) => [q.name, text] as [string, string]), ...body },
              'below500',
            );
          }
          // Numbers at the edges of their ranges, one parameter at a time, the others left out.
          for (const parameter of target.query) {
            const { type } = parameter.schema;
            if (type !== 'integer' && type !== 'number') continue;
            for (const edge of ['maximum', 'minimum'] as const) {
              const value = String(edgeOf(parameter.schema, edge));
              await check(target, context, { query: [[parameter.name, value]], ...body }, 'below500');
            }
          }
          // The same parameter twice (becomes an array in fastify's querystring parser).
          const repeated = target.query.flatMap((q) => [
            [q.name, '1'] as [string, string],
            [q.name, '2'] as [string, string],
          ]);
          await check(target, context, { query: repeated, ...body }, 'below500');
          const paramExpectation = target.documented ? '4xx' : 'below500';
          for (const parameter of target.params) {
            for (const text of [
              'not-a-uuid',
              'x'.repeat(5_000),
              '\u0000',
              '\ud800',
              '../../etc/passwd',
              '%',
            ]) {
              await check(target, context, { params: { [parameter.name]: text }, ...body }, paramExpectation);
            }
            // Bad percent-encodings, put in the URL as they are.
            for (const raw of ['%ZZ', '%00', '%ED%A0%80', '%C0%AF', '..%2F..']) {
              await check(
                target,
                context,
                { rawParams: { [parameter.name]: raw }, ...body },
                paramExpectation,
              );
            }
          }
        });
    },
  );

  it('still answers its health check after everything', async () => {
    const response = await fetch(`${fixture.url}/api/health`);
    expect(response.status).toBeLessThan(500);
  });
});
