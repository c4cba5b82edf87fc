/**
 * @module server/routes/ledger
 * The log through the API: its state, decoded entries, signed submissions and unsigned drafts checked
 * before signing, checkpoints (listed, signed by a government, cosigned by witnesses) and the witnesses'
 * last outcomes. Statements are authorized by their content (the ledger's rules), not by the route.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Problem } from '../../_lib/problem.js';
import {
  canonicalBytes,
  decodeEntry,
  fitsAgreement,
  statementHash,
  statementMessage,
  validateStatement,
} from '../../ledger/index.js';
import { authorizeOperation } from '../authorize.js';
import type { EvaluationService } from '../evaluations.js';
import type { LedgerService } from '../ledger-service.js';
import { HttpProblem } from '../problem-response.js';
import { LEDGER_AGREEMENT } from '../served.js';
import { type ApiEnv, bearer, errors, newApiApp, ok, type RouteGuard } from './kit.js';
import {
  CheckpointListSchema,
  DraftVerdictSchema,
  EntryPageSchema,
  EntrySchema,
  LedgerStateSchema,
  SignedCheckpointSchema,
  SubmittedSchema,
  WitnessListSchema,
} from './ledger-schemas.js';
import { pointedAt, requireAccount } from './session-guard.js';

const Range = z.object({
  start: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const Index = z.object({ index: z.coerce.number().int().min(0) });
const Size = z.object({ size: z.coerce.number().int().min(0) });
const SignedStatement = z
  .object({
    statement: z.record(z.string(), z.unknown()),
    signature: z.object({ key: z.string(), sig: z.string() }),
  })
  .openapi('SignedStatement', {
    description: 'RFC 8785 canonical JSON of {statement, signature}, Ed25519-signed by the actor',
  });
const Draft = z
  .object({ statement: z.record(z.string(), z.unknown()) })
  .openapi('DraftStatement', { description: 'an unsigned statement, as it would be signed' });

/** What the ledger routes read besides the log: the recorded agreement, and the policy as published. */
export interface LedgerRouteDeps {
  ledger: LedgerService;
  evaluations: EvaluationService;
  policyText: string;
}

/** The log's reads: its state, entries and checkpoints, witnesses and tiles. */
export function ledgerReadRoutes({ ledger, policyText }: LedgerRouteDeps): OpenAPIHono<ApiEnv> {
  const app = newApiApp();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger',
      summary: 'The log: origin, the agreement it records, size, latest checkpoint, trust policy',
      responses: ok('log state', LedgerStateSchema),
    }),
    async (c) => {
      const store = ledger.store;
      const latest = await store.latestCheckpoint();
      return c.json(
        {
          origin: store.origin,
          agreement: LEDGER_AGREEMENT,
          size: await store.size(),
          checkpoint: latest ?? null,
          policy: policyText,
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/entries',
      summary: 'Entries [start, start+limit), decoded',
      request: { query: Range },
      responses: { ...ok('entries', EntryPageSchema), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      await ledger.sync();
      // Everything below reads one committed size, without awaiting.
      const { replay, size, root } = ledger.view();
      const start = Math.min(q.start ?? 0, size);
      const end = Math.min(size, start + (q.limit ?? 100));
      return c.json(
        {
          size,
          root,
          start,
          entries: replay.entries.slice(start, end).map((r) => ({
            index: r.index,
            leafHash: r.leafHash,
            status: r.status,
            counts: r.counts,
            problems: r.problems,
            ...(r.signed ? { statement: r.signed.statement, signature: r.signed.signature } : {}),
            ...(r.decision
              ? { approvals: r.decision.approvals, effective: r.decision.effective ?? null }
              : {}),
          })),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/entries/{index}',
      summary: 'One entry: its bytes (base64), leaf hash and statement',
      request: { params: Index },
      responses: { ...ok('the entry', EntrySchema), ...errors(400, 404) },
    }),
    async (c) => {
      const { index } = c.req.valid('param');
      const e = await ledger.store.entry(index);
      if (!e)
        throw new HttpProblem(
          404,
          'entry-unknown',
          `no entry ${index}; the log has ${await ledger.store.size()}`,
        );
      const d = decodeEntry(e);
      return c.json(
        {
          index,
          leafHash: statementHash(e),
          entry: e.toString('base64'),
          ...(d.ok ? { statement: d.value.statement } : {}),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/checkpoints',
      summary: 'Every recorded checkpoint note',
      responses: ok('checkpoints', CheckpointListSchema),
    }),
    async (c) => c.json({ checkpoints: await ledger.store.checkpoints() }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/witnesses',
      summary:
        'The witnesses of the trust policy: where checkpoints are sent (c2sp.org/tlog-witness) and the last outcome',
      responses: ok(
        'each witness, its URL (null: it cosigns out of band) and what happened last time',
        WitnessListSchema,
      ),
    }),
    async (c) => c.json({ witnesses: ledger.witnesses() }, 200),
  );
  // Tiles as static paths (tlog-tiles), for verifiers that fetch the log without the API.
  app.get('/ledger/checkpoint', async (c) => {
    const cp = await ledger.store.latestCheckpoint();
    if (!cp) throw new HttpProblem(404, 'checkpoint-unknown', 'no checkpoint is recorded yet');
    return c.text(cp.note);
  });
  app.get('/ledger/tile/*', async (c) => {
    const path = c.req.path.slice(c.req.path.indexOf('tile/'));
    const bytes = (await ledger.tiles()).get(path);
    if (!bytes) throw new HttpProblem(404, 'tile-unknown', `no tile ${path} in the latest checkpoint`);
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'application/octet-stream',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });
  return app;
}

/** The log's writes: signed statements, drafts checked before signing, checkpoints and cosignatures. */
export function ledgerWriteRoutes(
  { ledger, evaluations }: LedgerRouteDeps,
  guard: RouteGuard,
): OpenAPIHono<ApiEnv> {
  const app = newApiApp();
  app.openapi(
    guard.route(
      createRoute({
        method: 'post',
        path: '/ledger/statements',
        summary: 'Submit a signed statement (acknowledged once durable)',
        security: bearer,
        request: { body: { content: { 'application/json': { schema: SignedStatement } }, required: true } },
        responses: {
          ...ok('already in the log: acknowledged as it was, not logged again', SubmittedSchema),
          201: {
            description: 'logged (durable)',
            content: { 'application/json': { schema: SubmittedSchema } },
          },
          ...errors(400, 401, 403, 413, 422, 429),
        },
      }),
    ),
    async (c) => {
      const account = requireAccount(c);
      const raw = Buffer.from(await c.req.arrayBuffer());
      const r = await ledger.submit(account, raw);
      return r.existed ? c.json(r, 200) : c.json(r, 201);
    },
  );
  app.openapi(
    guard.route(
      createRoute({
        method: 'post',
        path: '/ledger/statements/check',
        summary:
          'Check an unsigned statement before signing it: its shape, the log rules R1 and R3–R9 as if signed by the session now, and what the agreement will say of it; returns the exact bytes to sign',
        security: bearer,
        request: { body: { content: { 'application/json': { schema: Draft } }, required: true } },
        responses: {
          ...ok(
            'the verdict: ok when nothing stops it counting (warnings may remain); canonical and signingInput only when the statement is well-formed',
            DraftVerdictSchema,
          ),
          ...errors(400, 401, 403, 413),
        },
      }),
    ),
    async (c) => {
      const account = requireAccount(c);
      const body = c.req.valid('json');
      const at = (p: Problem): Problem => ({
        ...p,
        where: { ...p.where, pointer: `/statement${p.where?.pointer ?? ''}` },
      });
      const v = validateStatement(body.statement);
      if (!v.ok) return c.json({ ok: false, problems: v.problems.map(at) }, 200);
      const trial = await ledger.check(account, v.value);
      const fit = fitsAgreement(v.value, evaluations.agreement(LEDGER_AGREEMENT).agreement);
      const problems = [...trial.problems, ...fit].map(at);
      return c.json(
        {
          ok: trial.status !== 'not-counted' && !fit.some((p) => p.severity !== 'warning'),
          status: trial.status,
          problems,
          canonical: canonicalBytes(v.value).toString('utf8'),
          signingInput: statementMessage(v.value).toString('base64'),
        },
        200,
      );
    },
  );
  app.openapi(
    guard.route(
      createRoute({
        method: 'post',
        path: '/ledger/checkpoints',
        summary: 'Sign a checkpoint of the current tree (governments)',
        security: bearer,
        responses: {
          201: { description: 'signed', content: { 'application/json': { schema: SignedCheckpointSchema } } },
          ...errors(401, 403, 429),
        },
      }),
      'checkpoint',
    ),
    async (c) => {
      authorizeOperation(requireAccount(c), 'checkpoint');
      return c.json(await ledger.checkpoint(), 201);
    },
  );
  app.openapi(
    guard.route(
      createRoute({
        method: 'post',
        path: '/ledger/checkpoints/{size}/cosignatures',
        summary: "Add witness cosignature lines to a checkpoint (governments' witnesses)",
        security: bearer,
        request: {
          params: Size,
          body: { content: { 'text/plain': { schema: z.string() } }, required: true },
        },
        responses: {
          200: { description: 'the cosigned note', content: { 'text/plain': { schema: z.string() } } },
          ...errors(400, 401, 403, 404, 422),
        },
      }),
      'cosign',
    ),
    async (c) => {
      authorizeOperation(requireAccount(c), 'cosign');
      const { size } = c.req.valid('param');
      const lines = await c.req.text();
      return c.text(await pointedAt({ file: 'body', pointer: '' }, () => ledger.cosign(size, lines)), 200);
    },
  );
  return app;
}
