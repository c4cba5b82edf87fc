/**
 * The OpenAPI document says what every JSON success looks like, and real answers fit it: each 2xx
 * application/json response has a concrete schema (an object with properties, or an array of such), and
 * TypeScript types generated from the served /openapi.json (openapi-typescript) accept real responses of a
 * seeded server, checked by compiling them as literals of those types under strict mode.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './server.js';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, unknown>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Doc = {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
  >;
  components?: { schemas?: Record<string, Schema> };
};

let dir: string;
let server: RunningServer;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-openapi-shapes-'));
  server = await startServer({ db: join(dir, 'accord.sqlite'), port: 0, rateLimit: false });
  const tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as Record<string, string>;
  token = tokens['us-gov'] ?? '';
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function json(
  path: string,
  init: { method?: string; body?: string; token?: string } = {},
): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await server.app.request(path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  expect(res.status, path).toBe(200);
  return res.json();
}

/** Whether a schema says what its value holds: an object with properties, or an array or union of such. */
function concrete(schema: Schema | undefined, doc: Doc): boolean {
  if (!schema) return false;
  if (schema.$ref)
    return concrete(doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')], doc);
  for (const parts of [schema.anyOf, schema.oneOf, schema.allOf])
    if (parts) return parts.length > 0 && parts.every((p) => concrete(p, doc) || p.type === 'null');
  if (schema.type === 'array') return concrete(schema.items, doc);
  return Object.keys(schema.properties ?? {}).length > 0;
}

describe('/openapi.json', () => {
  it('gives every 2xx JSON response a concrete schema', async () => {
    const doc = (await json('/openapi.json')) as Doc;
    const vague: string[] = [];
    let seen = 0;
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item))
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          const media = response.content?.['application/json'];
          if (!/^2/.test(status) || !media) continue;
          seen++;
          if (!concrete(media.schema, doc)) vague.push(`${method.toUpperCase()} ${path} ${status}`);
        }
    expect(seen).toBeGreaterThan(20);
    expect(vague).toEqual([]);
  });

  it('types real responses: generated types accept them under strict compilation', async () => {
    const doc = await json('/openapi.json');
    const types = astToString(await openapiTS(JSON.stringify(doc)));
    const samples: [path: string, method: 'get' | 'post', status: number, value: unknown][] = [
      ['/agreements', 'get', 200, await json('/api/agreements')],
      ['/agreements/{id}', 'get', 200, await json('/api/agreements/us-japan-milestones')],
      [
        '/agreements/{id}/evaluation',
        'get',
        200,
        await json('/api/agreements/us-japan-milestones/evaluation'),
      ],
      ['/agreements/{id}/evaluation', 'get', 200, await json('/api/agreements/us-japan-2025/evaluation')],
      ['/agreements/{id}/schedule', 'get', 200, await json('/api/agreements/us-japan-milestones/schedule')],
      [
        '/agreements/{id}/changes',
        'get',
        200,
        await json('/api/agreements/us-japan-milestones/changes?from=10'),
      ],
      ['/duty', 'get', 200, await json('/api/duty?hts=8703.23.01&origin=JP&date=2025-10-01&value=40000')],
      [
        '/duty',
        'get',
        200,
        await json(
          '/api/duty?hts=7326.90.86&origin=CA&date=2025-07-01&value=10000&metalShare=40&usmca=false',
        ),
      ],
      [
        '/duty',
        'get',
        200,
        await json(
          '/api/duty?hts=8703.23.01&origin=JP&date=2026-03-01&value=40000&overlay=us-japan-milestones',
        ),
      ],
      ['/duty/history', 'get', 200, await json('/api/duty/history?hts=8703.23.01&origin=JP&value=40000')],
      [
        '/simulations',
        'post',
        200,
        await json('/api/simulations', { method: 'POST', body: '{"runs":5,"model":"all"}' }),
      ],
      ['/ledger', 'get', 200, await json('/api/ledger')],
      ['/ledger/entries', 'get', 200, await json('/api/ledger/entries?limit=1000')],
      ['/ledger/entries/{index}', 'get', 200, await json('/api/ledger/entries/2')],
      ['/ledger/feed.json', 'get', 200, await json('/api/ledger/feed.json')],
      ['/ledger/checkpoints', 'get', 200, await json('/api/ledger/checkpoints')],
      ['/ledger/witnesses', 'get', 200, await json('/api/ledger/witnesses')],
      ['/ledger/proofs/inclusion', 'get', 200, await json('/api/ledger/proofs/inclusion?index=1')],
      ['/ledger/proofs/consistency', 'get', 200, await json('/api/ledger/proofs/consistency?from=3&to=9')],
      ['/negotiations/us-japan', 'get', 200, await json('/api/negotiations/us-japan')],
      [
        '/negotiations/us-japan/runs',
        'post',
        200,
        await json('/api/negotiations/us-japan/runs', { method: 'POST', body: '{"rounds":20}' }),
      ],
      ['/session', 'get', 200, await json('/api/session', { token })],
      ['/assessments/limits', 'get', 200, await json('/api/assessments/limits')],
    ];
    const check = samples
      .map(
        ([path, method, status, value], i) =>
          `export const sample${i}: paths[${JSON.stringify(path)}][${JSON.stringify(method)}]['responses'][${status}]['content']['application/json'] = ${JSON.stringify(value)};`,
      )
      .join('\n');
    const out = mkdtempSync(join(tmpdir(), 'accord-openapi-types-'));
    try {
      writeFileSync(join(out, 'api.ts'), types);
      writeFileSync(join(out, 'check.ts'), `import type { paths } from './api';\n${check}\n`);
      // A control the types must refuse, so a schema that accepted anything could not pass unnoticed.
      writeFileSync(
        join(out, 'control.ts'),
        `import type { paths } from './api';\nexport const wrong: paths['/duty']['get']['responses'][200]['content']['application/json'] = { hts: 1 };\n`,
      );
      const program = ts.createProgram([join(out, 'check.ts'), join(out, 'control.ts')], {
        noEmit: true,
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        types: [],
        skipLibCheck: true,
      });
      const diagnostics = ts.getPreEmitDiagnostics(program);
      const text = (d: ts.Diagnostic) => ts.flattenDiagnosticMessageText(d.messageText, '\n').slice(0, 600);
      const inControl = (d: ts.Diagnostic) => d.file?.fileName.endsWith('control.ts') === true;
      expect(diagnostics.filter((d) => !inControl(d)).map(text)).toEqual([]);
      expect(diagnostics.filter(inControl).length).toBeGreaterThan(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
