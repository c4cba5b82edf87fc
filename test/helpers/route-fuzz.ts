/**
 * Hostile HTTP requests for every route, and what every answer must satisfy: the fast-check arbitraries
 * the route fuzz suite draws from (built from the OpenAPI document, plus the routes it does not describe:
 * pages, tiles, static files), and the checks the fuzz suite and the regression corpus apply to each answer.
 */
import fc from 'fast-check';

/** One request, as plain data (so a failing case prints, and the corpus stores it). */
export interface FuzzRequest {
  method: string;
  /** Path and query, exactly as sent. */
  url: string;
  headers: Record<string, string>;
  /** The body as text, or as base64 when `bodyBase64` is set (bytes that are not UTF-8). */
  body?: string;
  bodyBase64?: boolean;
}

/** The session tokens the generator may use (read from the seeded server's tokens.json). */
export interface Tokens {
  government: string;
  firm: string;
  auditor: string;
}

/** What went wrong with an answer, or undefined when it is fine. */
export function checkAnswer(
  req: FuzzRequest,
  status: number,
  headers: Headers,
  text: string,
): string | undefined {
  if (status >= 500) return `status ${status}`;
  if (STACK.test(text)) return 'a stack trace in the body';
  if (headers.get('x-content-type-options') !== 'nosniff') return 'no X-Content-Type-Options: nosniff';
  if (!headers.get('content-security-policy')?.includes("frame-ancestors 'none'")) return 'no CSP';
  if (status === 405 && !headers.get('allow')) return '405 without Allow';
  if (status < 400) return undefined;
  const type = headers.get('content-type') ?? '';
  // Only a browser that asked for HTML on a page gets an HTML page for an error.
  if (type.startsWith('text/html')) {
    const accept = req.headers.accept ?? '';
    if (!accept.includes('text/html') || req.url.startsWith('/api') || req.url.startsWith('/openapi'))
      return `an HTML ${status} to a client that did not ask for HTML`;
    return undefined;
  }
  if (!type.startsWith('application/problem+json')) return `a ${status} that is not problem+json (${type})`;
  // A HEAD answer has the headers of the GET without its body.
  if (req.method === 'HEAD') return undefined;
  let body: { status?: unknown; code?: unknown; problems?: { where?: { pointer?: unknown } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return 'problem+json that is not JSON';
  }
  if (body.status !== status) return `problem status ${String(body.status)} for HTTP ${status}`;
  if (typeof body.code !== 'string' || !Array.isArray(body.problems) || body.problems.length === 0)
    return 'a problem without code or problems';
  // Input errors from the API say where the input is wrong (a page shows the problem in place instead).
  if (
    POINTED.has(status) &&
    (req.url.startsWith('/api/') || req.url.startsWith('/openapi')) &&
    !body.problems.some((p) => typeof p.where?.pointer === 'string' || p.where !== undefined)
  )
    return `a ${status} problem (${body.code}) that does not say where`;
  return undefined;
}

/** Statuses whose problems must point into the request (body, query, path or header). */
const POINTED = new Set([400, 401, 415, 421]);

/** A stack frame, or a source position inside this program. */
export const STACK = /\n\s*at \S[^\n]*:\d+:\d+|(?:file:\/\/|node:internal|\/src\/[\w/-]+\.ts:\d+)/;

// ---- values

/** Strings that have broken parsers before, or could. */
const NASTY = [
  '',
  ' ',
  '0',
  '-0',
  '-1',
  '1e999',
  '1e-999',
  '0x10',
  '0b1',
  '1_000',
  '+5',
  '.5',
  '5.',
  'NaN',
  'Infinity',
  '-Infinity',
  '9'.repeat(40),
  '9'.repeat(400),
  `1.${'0'.repeat(300)}1`,
  'constructor',
  '1constructor',
  '40000constructor',
  '__proto__',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '1k',
  '1m',
  '1bn',
  '$40,000',
  '40 000',
  '2025-02-30',
  '2025-13-01',
  '0000-01-01',
  '9999-12-31',
  '2025-1-1',
  '20251001',
  '2025-10-01T00:00:00Z',
  '\u0000',
  '\ud800',
  '\u202e',
  '%',
  '%00',
  '%zz',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE entries; --",
  '=1+1',
  '@SUM(A1:A9)',
  'a'.repeat(5000),
  '🚗🇯🇵',
  'JP,CN',
  'us-japan-milestones/../x',
  '*',
  '\r\nX-Injected: 1',
];

const nasty = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** Plausible values per parameter name, so requests get past the first check often enough. */
const PLAUSIBLE: Record<string, readonly string[]> = {
  id: ['us-japan-milestones', 'us-japan-2025', 'nope'],
  hts: ['8703.23.01', '8703.23.0190', '8704.21.01', '7208.10.15', '0101.21.00', '8703', '9903.94.01'],
  origin: ['JP', 'CN', 'DE', 'jp', 'XX', 'JPN'],
  date: ['2025-10-01', '2025-03-01', '2025-04-05', '2026-03-01', '2024-12-31'],
  asOf: ['2026-06-30', '2025-10-01', '2040-01-01', '1999-01-01'],
  value: ['40000', '40000.50', '0.01', '0', '100000000', '1e3', '-40000', '40000.999'],
  overlay: ['us-japan-milestones', 'us-japan-2025', 'nope'],
  variant: ['japan-7y', 'us-15y', 'nope'],
  dates: ['2025-03-01,2025-04-05,2025-09-16', '2025-10-01', ',', '2025-10-01,,'],
  agreement: ['us-japan-milestones', 'us-japan-2025'],
  index: ['0', '12', '57', '58', '99999', '-1', '1.5'],
  size: ['1', '10', '57', '58', '0'],
  start: ['0', '10', '57', '1000000'],
  limit: ['1', '100', '1000', '1001', '0'],
  from: ['0', '1', '10', '58'],
  to: ['0', '10', '58', '59'],
  model: ['smart', 'gsim', 'ces', 'all'],
  runs: ['0', '2', '5'],
  seed: ['1', '42'],
  rounds: ['1', '10', '20'],
  first: ['boulware', 'conceder', 'linear', 'tit-for-tat'],
  second: ['boulware', 'conceder', 'hardliner'],
};

/** A value for a parameter: mostly plausible for its name, otherwise hostile. */
export function paramValue(name: string, example?: string): fc.Arbitrary<string> {
  const known = [...(PLAUSIBLE[name] ?? []), ...(example ? [example] : [])];
  if (known.length === 0) return nasty;
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 2, arbitrary: nasty });
}

// ---- JSON bodies from the OpenAPI schemas

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  items?: Schema;
  prefixItems?: Schema[];
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  additionalProperties?: Schema | boolean;
  pattern?: string;
};

/** Properties whose large values cost seconds of CPU: the fuzz keeps them small (inputs, not load). */
const COST_CAP: Record<string, number> = { runs: 5, rounds: 20 };

const anyJson = fc.jsonValue({ maxDepth: 3 });
const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', '$ref', 'a.b');

function fromSchema(
  s: Schema,
  components: Record<string, Schema>,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  if (s.$ref) return fromSchema(components[s.$ref.split('/').pop() ?? ''] ?? {}, components, name, depth);
  const wrong = fc.oneof(anyJson, nasty);
  if (s.enum)
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: wrong });
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      if (depth > 3) return fc.constant({});
      const props = Object.entries(s.properties ?? {});
      const shape = Object.fromEntries(props.map(([k, v]) => [k, fromSchema(v, components, k, depth + 1)]));
      const record =
        props.length > 0
          ? fc.record(shape, { requiredKeys: [] })
          : fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), hostileKey), anyJson, { maxKeys: 4 });
      return fc.oneof(
        { weight: 6, arbitrary: record },
        {
          weight: 1,
          arbitrary: fc
            .tuple(record, fc.dictionary(hostileKey, anyJson, { maxKeys: 2 }))
            .map(([a, b]) => Object.assign(Object.create(null), a, b)),
        },
        { weight: 1, arbitrary: wrong },
      );
    }
    case 'array': {
      if (s.prefixItems)
        return fc.oneof(
          fc.tuple(...s.prefixItems.map((p) => fromSchema(p, components, 'first', depth + 1))),
          fc.array(paramValue('second'), { maxLength: 4 }),
          wrong,
        );
      const items = s.items ? fromSchema(s.items, components, name, depth + 1) : anyJson;
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(items, { maxLength: Math.min(s.maxItems ?? 5, 5) }) },
        { weight: 1, arbitrary: wrong },
      );
    }
    case 'integer':
    case 'number': {
      const min = s.minimum ?? -1e6;
      const max = Math.min(s.maximum ?? 1e6, COST_CAP[name] ?? Number.POSITIVE_INFINITY);
      const over = s.maximum !== undefined ? [s.maximum + 1] : [];
      return fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) }) },
        { weight: 1, arbitrary: fc.constantFrom(min - 1, 0.5, -0, 1e308, -1e308, 2 ** 53 + 1, ...over) },
        { weight: 1, arbitrary: wrong },
      );
    }
    case 'string':
      return paramValue(name);
    case 'boolean':
      return fc.oneof(fc.boolean(), wrong);
    default:
      return anyJson;
  }
}

/** Bodies that are not the JSON a route expects at all. */
const brokenJson = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '}',
    '{"a":',
    '[1,',
    'nul',
    'true false',
    '{"a":1}{',
    '\ufeff{}',
    '{"a":"\\u00"}',
  ),
  fc.constantFrom(
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    `{"statement":${'['.repeat(3000)}1${']'.repeat(3000)}}`,
  ),
  fc.string({ maxLength: 40 }),
);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/problem+json',
  'text/plain',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  'garbage',
  ';',
  'application/json; charset=latin1',
];

// ---- requests

interface Operation {
  method: string;
  /** Path template relative to the server, `{name}` for parameters. */
  path: string;
  params: { name: string; in: 'path' | 'query'; example?: string }[];
  /** Declared body media types and the JSON schema when there is one. */
  body?: { types: string[]; schema?: Schema };
  /** A route that answers a browser: an HTML error for a client that asks for HTML. */
  page?: boolean;
}

/** The operations of an OpenAPI 3.1 document, with its server prefix. */
export function operationsOf(doc: {
  servers?: { url: string }[];
  paths?: Record<string, Record<string, unknown>>;
}): Operation[] {
  const prefix = doc.servers?.[0]?.url ?? '';
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const [method, raw] of Object.entries(item)) {
      const op = raw as {
        parameters?: { name: string; in: string; schema?: { example?: unknown } }[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      };
      const content = op.requestBody?.content;
      const json = content ? Object.entries(content).find(([t]) => t.endsWith('json')) : undefined;
      out.push({
        method: method.toUpperCase(),
        path: `${prefix}${path}`,
        params: (op.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query')
          .map((p) => ({
            name: p.name,
            in: p.in as 'path' | 'query',
            ...(p.schema?.example !== undefined ? { example: String(p.schema.example) } : {}),
          })),
        ...(content
          ? { body: { types: Object.keys(content), ...(json?.[1].schema ? { schema: json[1].schema } : {}) } }
          : {}),
      });
    }
  return out;
}

/** Routes the OpenAPI document does not describe: the dashboard, tiles, the document itself, static files. */
export const EXTRA_OPERATIONS: Operation[] = [
  ...['/', '/ledger', '/duty', '/assess', '/simulate', '/negotiation', '/docs', '/signin', '/act'].map(
    (path) => ({
      method: 'GET',
      path,
      params: [],
      page: true,
    }),
  ),
  ...['/timeline', '/milestones'].map((path) => ({
    method: 'GET',
    path,
    params: [
      { name: 'agreement', in: 'query' as const },
      { name: 'asOf', in: 'query' as const },
      { name: 'variant', in: 'query' as const },
    ],
    page: true,
  })),
  { method: 'GET', path: '/ledger/entries/{index}', params: [{ name: 'index', in: 'path' }], page: true },
  {
    method: 'GET',
    path: '/duty/result',
    // The line, and the declared facts the form sends.
    params: [
      'hts',
      'origin',
      'date',
      'value',
      'overlay',
      'usmca',
      'metalShare',
      'loaded',
      'quota',
      'transshipped',
    ].map((name) => ({ name, in: 'query' as const })),
    page: true,
  },
  {
    method: 'POST',
    path: '/simulate/run',
    params: [],
    body: { types: ['application/x-www-form-urlencoded'] },
    page: true,
  },
  {
    method: 'POST',
    path: '/negotiation/run',
    params: [],
    body: { types: ['application/x-www-form-urlencoded'] },
    page: true,
  },
  ...['/signin', '/signout'].map((path) => ({
    method: 'POST',
    path,
    params: [],
    body: { types: ['application/x-www-form-urlencoded'] },
    page: true,
  })),
  { method: 'GET', path: '/assess/jobs/{id}', params: [{ name: 'id', in: 'path' }], page: true },
  { method: 'GET', path: '/openapi.json', params: [] },
  { method: 'GET', path: '/api/openapi.json', params: [] },
  { method: 'GET', path: '/api/accounts', params: [] },
  { method: 'GET', path: '/api/ledger/checkpoint', params: [] },
  { method: 'GET', path: '/api/ledger/tile/{tile}', params: [{ name: 'tile', in: 'path' }] },
  { method: 'GET', path: '/static/{file}', params: [{ name: 'file', in: 'path' }] },
];

PLAUSIBLE.tile = ['0/000', '0/000.p/58', '1/000.p/1', 'entries/000.p/58', 'entries/000', '0/x999', '9/000'];
PLAUSIBLE.file = ['htmx.min.js', 'verify.js', 'assess.js', 'act.js', 'nope.js', '..%2fpackage.json'];

/** The form fields the dashboard's POST routes read. */
const FORM_FIELDS = [
  'runs',
  'seed',
  'model',
  'first',
  'second',
  'rounds',
  'agents',
  'overlay',
  'file',
  'token',
  '_csrf',
];

function formBody(multipart: boolean): fc.Arbitrary<{ body: string; type: string }> {
  const fields = fc.dictionary(fc.constantFrom(...FORM_FIELDS), fc.string({ maxLength: 12 }), { maxKeys: 4 });
  if (!multipart)
    return fields.map((f) => ({
      body: new URLSearchParams(f).toString(),
      type: 'application/x-www-form-urlencoded',
    }));
  return fc
    .tuple(
      fc.oneof(
        fc.constant('entry_id,line,hts,origin,entry_date,value\nE1,1,8703.23.01,JP,2025-10-01,40000\n'),
        fc.constant(
          'entry_id,line,hts,origin,entry_date,value\nE1,1,8703.23.01,JP,2025-10-01,1constructor\n',
        ),
        fc.string({ maxLength: 60 }),
      ),
      fc.constantFrom('a.csv', '', '../x.csv', 'é.csv'),
      fc.boolean(),
    )
    .map(([csv, name, broken]) => ({
      body: broken
        ? `--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\n${csv}`
        : `--xyz\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--xyz--\r\n`,
      type: 'multipart/form-data; boundary=xyz',
    }));
}

/** A body for an operation, with the content type it claims. */
function bodyFor(
  op: Operation,
  components: Record<string, Schema>,
): fc.Arbitrary<{ body?: string; type?: string }> {
  const types = op.body?.types ?? [];
  if (types.includes('application/x-www-form-urlencoded')) return formBody(false);
  if (types.includes('multipart/form-data')) return formBody(true);
  const schema = op.body?.schema;
  const declared = types[0];
  const good: fc.Arbitrary<{ body?: string; type?: string }> = schema
    ? fromSchema(schema, components).map((v) => ({ body: JSON.stringify(v) ?? 'null', type: declared }))
    : declared === 'text/csv'
      ? formBody(true).map((f) => ({ body: f.body.split('\r\n\r\n')[1] ?? '', type: declared }))
      : fc.string({ maxLength: 80 }).map((b) => ({ body: b, type: declared }));
  return fc.oneof(
    { weight: 6, arbitrary: good },
    { weight: 2, arbitrary: brokenJson.map((b) => ({ body: b, type: declared ?? 'application/json' })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.oneof(
            good,
            brokenJson.map((b) => ({ body: b })),
          ),
          fc.option(fc.constantFrom(...CONTENT_TYPES)),
        )
        .map(([b, t]) => ({ body: b.body, ...(t ? { type: t } : {}) })),
    },
    { weight: 1, arbitrary: fc.constant({}) },
  );
}

/** Headers beyond the body's: a session (valid, foreign or garbage), a Host, an Accept, htmx. */
function headersFor(tokens: Tokens, base: string): fc.Arbitrary<Record<string, string>> {
  const auth = fc.oneof(
    { weight: 10, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constant(`Bearer ${tokens.government}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${tokens.firm}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${tokens.auditor}`) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'bearer acc_x',
          'Basic dXNlcjpwYXNz',
          `Bearer ${tokens.firm}x`,
          '',
        ),
        nasty.map((s) => `Bearer ${s}`),
      ),
    },
  );
  const host = fc.oneof(
    { weight: 10, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        base,
        'evil.example',
        `evil.example:${base.split(':')[1]}`,
        'a b',
        '[::1',
        '',
      ),
    },
  );
  const accept = fc.option(
    fc.constantFrom('text/html', 'application/json', 'application/problem+json', '*/*'),
    {
      freq: 3,
    },
  );
  const hx = fc.option(fc.constant('true'), { freq: 6 });
  return fc.tuple(auth, host, accept, hx).map(([a, h, ac, x]) => ({
    ...(a !== undefined ? { authorization: a } : {}),
    ...(h !== undefined ? { host: h } : {}),
    ...(ac !== null ? { accept: ac } : {}),
    ...(x !== null ? { 'hx-request': x } : {}),
  }));
}

/** Percent-encode, a lone surrogate as the bytes a careless client would send (%ED%A0%80). */
function encode(v: string): string {
  let out = '';
  for (const ch of v) {
    const c = ch.charCodeAt(0);
    out +=
      ch.length === 1 && c >= 0xd800 && c <= 0xdfff
        ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
            .map((b) => `%${b.toString(16).toUpperCase()}`)
            .join('')
        : encodeURIComponent(ch);
  }
  return out;
}

/** Encode a value for a URL: mostly properly, sometimes raw (broken percent-encoding included). */
const encodeArb = (v: string) =>
  fc.constantFrom(
    encode(v),
    encode(v),
    encode(v),
    v.replace(/[\s#?/]|[\ud800-\udfff]/g, (ch) => encode(ch)),
  );

/** A request for one operation (sometimes with another method, sometimes with extra query keys). */
export function requestFor(
  op: Operation,
  components: Record<string, Schema>,
  tokens: Tokens,
  base: string,
): fc.Arbitrary<FuzzRequest> {
  const values = fc.tuple(
    ...op.params.map((p) =>
      fc.option(paramValue(p.name, p.example).chain(encodeArb), { freq: p.in === 'path' ? 50 : 4 }),
    ),
  );
  const extra = fc.array(
    fc.tuple(fc.oneof(hostileKey, fc.string({ maxLength: 6 })), nasty.chain(encodeArb)),
    {
      maxLength: 2,
    },
  );
  const method = fc.oneof(
    { weight: 12, arbitrary: fc.constant(op.method) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
  );
  return fc
    .tuple(values, extra, method, bodyFor(op, components), headersFor(tokens, base))
    .map(([vals, more, m, b, h]) => {
      let path = op.path;
      const query: string[] = [];
      op.params.forEach((p, i) => {
        const v = vals[i];
        if (p.in === 'path') path = path.replace(`{${p.name}}`, v ?? '');
        else if (v !== null && v !== undefined) query.push(`${p.name}=${v}`);
      });
      for (const [k, v] of more) query.push(`${encode(k)}=${v}`);
      const headers: Record<string, string> = { ...h };
      const hasBody = m !== 'GET' && m !== 'HEAD' && b.body !== undefined;
      if (hasBody && b.type !== undefined) headers['content-type'] = b.type;
      return {
        method: m,
        url: `${path}${query.length > 0 ? `?${query.join('&')}` : ''}`,
        headers,
        ...(hasBody ? { body: b.body } : {}),
      };
    });
}
