/**
 * @module server/api
 * The HTTP API under `/api/`, described by OpenAPI 3.1 (`/openapi.json`). Reads are open to anyone;
 * writes need a session token (`Authorization: Bearer …`) and a role that may make them. Every failure is
 * `application/problem+json` built from the domain's problems.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { TrieRouter } from 'hono/router/trie-router';
import { isAccordError, type Location, type Problem, toPointer } from '../_lib/problem.js';
import { toJson } from '../evaluation/index.js';
import { feedItems } from '../ledger/feed.js';
import {
  canonicalBytes,
  decodeEntry,
  fitsAgreement,
  receiptFor,
  statementHash,
  statementMessage,
  validateStatement,
} from '../ledger/index.js';
import { dutyToJson } from '../tariff/index.js';
import type { Account } from './actors.js';
import { limitsJson } from './assess-limits.js';
import { jobJson, type UploadBody, type UploadClient } from './assessments.js';
import { authorizeOperation, type OPERATIONS } from './authorize.js';
import {
  type DutyQuery as DutyQueryInput,
  dutyFor,
  dutyHistory,
  negotiationAnalysis,
  runNegotiation,
  runSimulation,
} from './compute.js';
import { LEDGER_AGREEMENT, type ServerContext } from './context.js';
import type { DutyFastPath } from './duty-fast-path.js';
import { renderAtom } from './feed-atom.js';
import { bodyGate } from './http-edge.js';
import { HttpProblem, problemBody, problemResponse } from './problem-response.js';
import { clientOfAddress } from './rate-limit.js';
import type { Session, SessionRefusal } from './sessions.js';

/** Hono variables the API sets per request. */
/**
 * What the edge learned about the caller: the account (from a bearer token or a session cookie), the
 * browser session when it came from a cookie, and why a cookie was refused (so a 401 can say "sign in again").
 */
export type ApiEnv = {
  Variables: { account?: Account; session?: Session; sessionRefused?: SessionRefusal };
};

/** Body limits, bytes. Statements are capped by the ledger at 64 KiB; uploads have their own (assess-limits). */
export const LIMITS = { json: 256 * 1024, statement: 80 * 1024 };

/** One positioned problem: its code, what is wrong and what to do, and where (a pointer, a line). */
const ProblemItem = z.object({
  code: z.string(),
  message: z.string(),
  where: z.record(z.string(), z.unknown()).optional(),
  severity: z.enum(['error', 'warning']).optional(),
});

const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    problems: z.array(ProblemItem),
  })
  .openapi('Problem');

/** What happened when a checkpoint was sent to a witness (server/witness-push). */
const WitnessOutcomeSchema = z.object({
  name: z.string(),
  url: z.string(),
  outcome: z.enum(['cosigned', 'refused', 'unreachable']),
  status: z.number().optional(),
  message: z.string(),
  size: z.number(),
  at: z.string(),
});

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [c, { description: problemBody(c, 'x', '').title, content: problemContent }]),
  );
const json = (description: string, schema: z.ZodType = z.record(z.string(), z.unknown())) => ({
  200: { description, content: { 'application/json': { schema } } },
});
const bearer = [{ bearer: [] }];

/** Zod issues → positioned problems (JSON pointers into the query, path or body). */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], target: string): Problem[] {
  return issues.map((i) => ({
    code: 'request-invalid',
    message: i.message,
    where: { file: target, pointer: toPointer(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))) },
  }));
}

/** Where the server mounts the API (paths in this module are relative to it). */
export const API_BASE = '/api';

/** An operation whose role rule is fixed by the route (statements are judged by their content instead). */
type Operation = keyof typeof OPERATIONS;

/** Per API app: the routes that need a session, and the role rule each applies (none for statements). */
const securedRoutes = new WeakMap<OpenAPIHono<ApiEnv>, TrieRouter<Operation | null>>();

/**
 * Register a route. Routes with `security` are recorded so that the session (401) and the role (403) are
 * checked before anything reads the body; routes with a JSON or text body get the body gate (415, or 400
 * for an empty or broken JSON body, with where) before their schema validates it.
 */
function def<R extends RouteConfig>(
  app: OpenAPIHono<ApiEnv>,
  route: R,
  handler: (c: Context<ApiEnv>) => Promise<Response> | Response,
  operation?: Operation,
): void {
  if ((route.security?.length ?? 0) > 0) {
    const path = route.path.replaceAll(/\/{(.+?)}/g, '/:$1');
    securedRoutes.get(app)?.add(route.method.toUpperCase(), path, operation ?? null);
  }
  const gates: MiddlewareHandler[] = [];
  const body = route.request?.body;
  const types = Object.keys(body?.content ?? {});
  if (types.some((t) => /json$/i.test(t) || t === 'text/plain'))
    gates.push(bodyGate({ types, required: body?.required === true }));
  const own = route.middleware === undefined ? [] : [route.middleware].flat();
  app.openapi({ ...route, middleware: [...gates, ...own] }, handler as never);
}

function valid<T>(c: Context<ApiEnv>, target: 'query' | 'param' | 'json'): T {
  return (c.req as unknown as { valid: (t: string) => T }).valid(target);
}

/**
 * Run `fn`; a user-fixable failure caused by one request field (a size beyond the log, an entry not yet
 * checkpointed) is given that field as its `where`, so an API problem always says where the input is wrong.
 */
async function pointedAt<T>(where: Location, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(isAccordError(e) || e instanceof HttpProblem) || e.status >= 500) throw e;
    const problems = e.problems.length > 0 ? e.problems : [{ code: e.code, message: e.message }];
    throw new HttpProblem(
      Math.max(e.status, 400),
      e.code,
      e.message,
      problems.map((p) => (p.where ? p : { ...p, where })),
      e instanceof HttpProblem ? e.headers : {},
    );
  }
}

/** The session's account, or 401. */
export function requireAccount(c: Context<ApiEnv>): Account {
  const a = c.get('account');
  const refused = c.get('sessionRefused');
  if (!a && (refused === 'csrf' || refused === 'cross-origin'))
    throw new HttpProblem(
      403,
      refused === 'csrf' ? 'csrf-invalid' : 'cross-origin',
      refused === 'csrf'
        ? 'a change made with a browser session needs its CSRF token (the x-csrf-token header the dashboard sends); reload the page and try again'
        : "a request from another site may not use this site's session",
      [
        {
          code: refused === 'csrf' ? 'csrf-invalid' : 'cross-origin',
          message: refused === 'csrf' ? 'missing or wrong CSRF token' : 'send it from this site',
          where: { file: 'header', pointer: refused === 'csrf' ? '/x-csrf-token' : '/origin' },
        },
      ],
    );
  if (!a && refused)
    throw new HttpProblem(
      401,
      refused === 'expired' ? 'session-expired' : 'session-invalid',
      refused === 'expired'
        ? 'your session has expired; sign in again at /signin'
        : refused === 'signed-out'
          ? 'this session was signed out; sign in again at /signin'
          : 'the session cookie is not valid here; sign in again at /signin',
      [
        {
          code: refused === 'expired' ? 'session-expired' : 'session-invalid',
          message: 'sign in again',
          where: { file: 'header', pointer: '/cookie' },
        },
      ],
    );
  if (!a)
    throw new HttpProblem(
      401,
      'unauthorized',
      'this route needs a session token: send Authorization: Bearer <token>',
      [
        {
          code: 'unauthorized',
          message: 'no session token',
          where: { file: 'header', pointer: '/authorization' },
        },
      ],
      {
        'www-authenticate': 'Bearer realm="accord"',
      },
    );
  return a;
}

const date = z.string().openapi({ example: '2026-06-30', description: 'a date YYYY-MM-DD' });

/** The OpenAPI document's header, served at /openapi.json and /api/openapi.json alike. */
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'accord API',
    version: '0.1.0',
    description:
      'Agreements, the verification ledger, evaluations, duty, simulations and negotiations. Errors are application/problem+json.',
  },
  servers: [{ url: '/api' }],
};

/** Mount every API route on a new OpenAPIHono app (mounted at `/api` by the server). */
export function apiRoutes(ctx: ServerContext, fastPath?: DutyFastPath): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const target = (result as { target?: string }).target ?? 'request';
        const problems = issuesToProblems(result.error.issues, target);
        return problemResponse(
          problemBody(
            400,
            'request-invalid',
            `the request's ${target} is invalid: ${problems[0]?.message ?? ''}`,
            problems,
            c.req.path,
          ),
        );
      }
      return undefined;
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  // First, before any limit or validator reads the body: who is asking, and may they (401, 403).
  const secured = new TrieRouter<Operation | null>();
  securedRoutes.set(app, secured);
  app.use('*', async (c, next) => {
    const path = c.req.path.startsWith(API_BASE) ? c.req.path.slice(API_BASE.length) : c.req.path;
    const [found] = secured.match(c.req.method, path);
    const first = found[0];
    if (first) {
      const account = requireAccount(c);
      if (first[0]) authorizeOperation(account, first[0]);
    }
    await next();
  });
  const tooLarge = (max: number) =>
    bodyLimit({
      maxSize: max,
      onError: (c) =>
        problemResponse(
          problemBody(
            413,
            'body-too-large',
            `the request body is larger than ${max} bytes`,
            [
              {
                code: 'body-too-large',
                message: `at most ${max} bytes`,
                where: { file: 'body', pointer: '' },
              },
            ],
            c.req.path,
          ),
          // The rest of the body is never read, so the connection cannot be reused.
          { connection: 'close' },
        ),
    });
  app.use('/ledger/statements', tooLarge(LIMITS.statement));
  // Built once, not per request; GET and HEAD carry no body (the Node adapter never reads one).
  const jsonLimit = tooLarge(LIMITS.json);
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // Uploads are read as a stream under the assessment limits (server/assessments), not buffered here.
    if (c.req.path.endsWith('/statements') || /\/assessments(\/[^/]+\/input)?$/.test(c.req.path))
      return next();
    return jsonLimit(c, next);
  });

  // ---- agreements, evaluations and schedules
  def(
    app,
    createRoute({
      method: 'get',
      path: '/agreements',
      summary: 'List the agreements served',
      responses: json('agreements'),
    }),
    (c) =>
      c.json({
        agreements: [...ctx.agreements.values()].map((s) => ({
          id: s.agreement.id,
          title: s.agreement.title,
          status: s.agreement.status,
          file: s.file,
          factsFrom: s.factsFrom,
        })),
      }),
  );
  const AgreementId = z.object({ id: z.string().openapi({ example: 'us-japan-milestones' }) });
  def(
    app,
    createRoute({
      method: 'get',
      path: '/agreements/{id}',
      summary: 'An agreement as loaded (parties, tracks, commitments, milestones)',
      request: { params: AgreementId },
      responses: { ...json('the agreement'), ...errors(404) },
    }),
    (c) => {
      const s = ctx.agreement(valid<{ id: string }>(c, 'param').id);
      return c.json(
        JSON.parse(JSON.stringify(s.agreement, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))),
      );
    },
  );
  const EvalQuery = z.object({ asOf: date.optional(), variant: z.string().optional() });
  def(
    app,
    createRoute({
      method: 'get',
      path: '/agreements/{id}/evaluation',
      summary: 'Milestone status and tariff schedule, from the log (or the shipped facts)',
      request: { params: AgreementId, query: EvalQuery },
      responses: { ...json('the evaluation'), ...errors(400, 404) },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const q = valid<{ asOf?: string; variant?: string }>(c, 'query');
      return c.json(toJson(await ctx.evaluation(id, q.asOf, q.variant)) as Record<string, unknown>);
    },
  );
  def(
    app,
    createRoute({
      method: 'get',
      path: '/agreements/{id}/schedule',
      summary: 'The tariff schedule per track: rates in force and planned steps',
      request: { params: AgreementId, query: EvalQuery },
      responses: { ...json('the schedule'), ...errors(400, 404) },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const q = valid<{ asOf?: string; variant?: string }>(c, 'query');
      const ev = toJson(await ctx.evaluation(id, q.asOf, q.variant)) as {
        hypothetical?: true;
        agreement: { status: string };
        asOf: string;
        tracks: unknown;
        ledger?: { size: number; root: string };
      };
      // A schedule read from the log names the tree size and root it was computed at.
      const basis = ev.ledger ? { ledger: { size: ev.ledger.size, root: ev.ledger.root } } : {};
      // Rates of an agreement that is not enacted are hypothetical, and the answer says so beside them.
      const status = { status: ev.agreement.status, ...(ev.hypothetical && { hypothetical: true }) };
      return c.json({ agreement: id, ...status, asOf: ev.asOf, ...basis, tracks: ev.tracks });
    },
  );

  // ---- the ledger
  def(
    app,
    createRoute({
      method: 'get',
      path: '/ledger',
      summary: 'The log: origin, the agreement it records, size, latest checkpoint, trust policy',
      responses: json('log state'),
    }),
    async (c) => {
      const store = ctx.ledger.store;
      const latest = await store.latestCheckpoint();
      return c.json({
        origin: store.origin,
        agreement: LEDGER_AGREEMENT,
        size: await store.size(),
        checkpoint: latest ?? null,
        policy: ctx.policyText,
      });
    },
  );
  const Range = z.object({
    start: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  });
  def(
    app,
    createRoute({
      method: 'get',
      path: '/ledger/entries',
      summary: 'Entries [start, start+limit), decoded',
      request: { query: Range },
      responses: { ...json('entries'), ...errors(400) },
    }),
    async (c) => {
      const q = valid<{ start?: number; limit?: number }>(c, 'query');
      await ctx.ledger.sync();
      // Everything below reads one committed size, without awaiting.
      const { replay, size, root } = ctx.ledger.view();
      const start = Math.min(q.start ?? 0, size);
      const end = Math.min(size, start + (q.limit ?? 100));
      return c.json({
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
          ...(r.decision ? { approvals: r.decision.approvals, effective: r.decision.effective ?? null } : {}),
        })),
      });
    },
  );
  const Index = z.object({ index: z.coerce.number().int().min(0) });
  def(
    app,
    createRoute({
      method: 'get',
      path: '/ledger/entries/{index}',
      summary: 'One entry: its bytes (base64), leaf hash and statement',
      request: { params: Index },
      responses: { ...json('the entry'), ...errors(400, 404) },
    }),
    async (c) => {
      const { index } = valid<{ index: number }>(c, 'param');
      const e = await ctx.ledger.store.entry(index);
      if (!e)
        throw new HttpProblem(
          404,
          'entry-unknown',
          `no entry ${index}; the log has ${await ctx.ledger.store.size()}`,
        );
      const d = decodeEntry(e);
      return c.json({
        index,
        leafHash: statementHash(e),
        entry: e.toString('base64'),
        ...(d.ok ? { statement: d.signed.statement } : {}),
      });
    },
  );
  const SignedStatement = z
    .object({
      statement: z.record(z.string(), z.unknown()),
      signature: z.object({ key: z.string(), sig: z.string() }),
    })
    .openapi('SignedStatement', {
      description: 'RFC 8785 canonical JSON of {statement, signature}, Ed25519-signed by the actor',
    });
  def(
    app,
    createRoute({
      method: 'post',
      path: '/ledger/statements',
      summary: 'Submit a signed statement (acknowledged once durable)',
      security: bearer,
      request: { body: { content: { 'application/json': { schema: SignedStatement } }, required: true } },
      responses: {
        201: {
          description: 'logged (durable)',
          content: {
            'application/json': {
              schema: z.object({
                index: z.number(),
                leafHash: z.string(),
                existed: z.boolean(),
                status: z.enum(['counts', 'pending', 'not-counted']),
                problems: z.array(z.record(z.string(), z.unknown())),
                size: z.number(),
              }),
            },
          },
        },
        ...errors(400, 401, 403, 413, 422, 429),
      },
    }),
    async (c) => {
      const account = requireAccount(c);
      const raw = Buffer.from(await c.req.arrayBuffer());
      const r = await ctx.ledger.submit(account, raw);
      return c.json(r, r.existed ? 200 : 201);
    },
  );
  def(
    app,
    createRoute({
      method: 'get',
      path: '/ledger/checkpoints',
      summary: 'Every recorded checkpoint note',
      responses: json('checkpoints'),
    }),
    async (c) => c.json({ checkpoints: await ctx.ledger.store.checkpoints() }),
  );
  const Draft = z
    .object({ statement: z.record(z.string(), z.unknown()) })
    .openapi('DraftStatement', { description: 'an unsigned statement, as it would be signed' });
  def(
    app,
    createRoute({
      method: 'post',
      path: '/ledger/statements/check',
      summary:
        'Check an unsigned statement before signing it: its shape, the log rules R1 and R3–R9 as if signed by the session now, and what the agreement will say of it; returns the exact bytes to sign',
      security: bearer,
      request: { body: { content: { 'application/json': { schema: Draft } }, required: true } },
      responses: {
        200: {
          description:
            'the verdict: ok when nothing stops it counting (warnings may remain); canonical and signingInput only when the statement is well-formed',
          content: {
            'application/json': {
              schema: z.object({
                ok: z.boolean(),
                status: z.enum(['counts', 'pending', 'not-counted']).optional(),
                problems: z.array(ProblemItem),
                canonical: z.string().optional().openapi({
                  description: 'RFC 8785 canonical JSON of the statement, which the actor signs',
                }),
                signingInput: z.string().optional().openapi({
                  description:
                    'base64 of the exact bytes an Ed25519 signature covers: "accord-statement/v1\\n" + canonical',
                }),
              }),
            },
          },
        },
        ...errors(400, 401, 403, 413),
      },
    }),
    async (c) => {
      const account = requireAccount(c);
      const body = valid<{ statement: Record<string, unknown> }>(c, 'json');
      const at = (p: Problem): Problem => ({
        ...p,
        where: { ...p.where, pointer: `/statement${p.where?.pointer ?? ''}` },
      });
      const v = validateStatement(body.statement);
      if (!v.ok) return c.json({ ok: false, problems: v.problems.map(at) });
      const trial = await ctx.ledger.check(account, v.statement);
      const fit = fitsAgreement(v.statement, ctx.agreement(LEDGER_AGREEMENT).agreement);
      const problems = [...trial.problems, ...fit].map(at);
      return c.json({
        ok: trial.status !== 'not-counted' && !fit.some((p) => p.severity !== 'warning'),
        status: trial.status,
        problems,
        canonical: canonicalBytes(v.statement).toString('utf8'),
        signingInput: statementMessage(v.statement).toString('base64'),
      });
    },
  );
  const ChangesQuery = z.object({
    from: z.coerce.number().int().min(0).openapi({ description: 'the log size before', example: 50 }),
    to: z.coerce
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: 'the log size after (default: now)' }),
    asOf: date.optional(),
  });
  def(
    app,
    createRoute({
      method: 'get',
      path: '/agreements/{id}/changes',
      summary:
        "What changed in an agreement's evaluation between two log sizes, both evaluated on one date: milestones, tariff steps, decisions, facts, disputes",
      request: { params: AgreementId, query: ChangesQuery },
      responses: {
        ...json(
          'the changes',
          z.object({
            from: z.object({ size: z.number(), root: z.string() }),
            to: z.object({ size: z.number(), root: z.string() }),
            asOf: z.string(),
            changes: z.array(
              z.object({
                kind: z.enum(['milestone', 'tariff', 'relief', 'decision', 'fact', 'dispute']),
                id: z.string(),
                before: z.string(),
                after: z.string(),
                text: z.string(),
              }),
            ),
          }),
        ),
        ...errors(400, 404, 422),
      },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const q = valid<{ from: number; to?: number; asOf?: string }>(c, 'query');
      return c.json(await ctx.changes(id, q.from, q.to, q.asOf));
    },
  );
  def(
    app,
    createRoute({
      method: 'post',
      path: '/ledger/checkpoints',
      summary: 'Sign a checkpoint of the current tree (governments)',
      security: bearer,
      responses: {
        201: {
          description: 'signed',
          content: {
            'application/json': {
              schema: z.object({
                size: z.number(),
                note: z.string(),
                witnesses: z.array(WitnessOutcomeSchema),
              }),
            },
          },
        },
        ...errors(401, 403, 429),
      },
    }),
    async (c) => {
      authorizeOperation(requireAccount(c), 'checkpoint');
      return c.json(await ctx.ledger.checkpoint(), 201);
    },
    'checkpoint',
  );
  def(
    app,
    createRoute({
      method: 'get',
      path: '/ledger/witnesses',
      summary:
        'The witnesses of the trust policy: where checkpoints are sent (c2sp.org/tlog-witness) and the last outcome',
      responses: {
        200: {
          description: 'each witness, its URL (null: it cosigns out of band) and what happened last time',
          content: {
            'application/json': {
              schema: z.object({
                witnesses: z.array(
                  z.object({
                    name: z.string(),
                    url: z.string().nullable(),
                    last: WitnessOutcomeSchema.nullable(),
                  }),
                ),
              }),
            },
          },
        },
      },
    }),
    async (c) => c.json({ witnesses: ctx.ledger.witnesses() }),
  );
  const FeedQuery = z.object({
    commitment: z.string().max(100).optional().openapi({
      description: 'only entries concerning this commitment (directly or through their subject)',
    }),
    after: z.coerce
      .number()
      .int()
      .min(-1)
      .optional()
      .openapi({ description: 'only entries with a larger index: the last index a follower has seen' }),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  });
  /** The feed items for a query, after checking the commitment names one of the agreement's. */
  const feed = async (c: Context<ApiEnv>) => {
    const q = valid<{ commitment?: string; after?: number; limit?: number }>(c, 'query');
    const known = ctx.agreement(LEDGER_AGREEMENT).agreement.commitments.map((m) => m.id);
    if (q.commitment !== undefined && !known.includes(q.commitment))
      throw new HttpProblem(
        404,
        'commitment-unknown',
        `${LEDGER_AGREEMENT} has no commitment ${q.commitment}`,
        [
          {
            code: 'commitment-unknown',
            message: `use one of ${known.join(', ')}`,
            where: { pointer: '/commitment' },
          },
        ],
      );
    await ctx.ledger.sync();
    const { replay, size, root } = ctx.ledger.view();
    return { q, size, root, items: feedItems(replay.entries, q) };
  };
  const FeedItemSchema = z.object({
    index: z.number(),
    leafHash: z.string(),
    type: z.string(),
    actor: z.string().nullable(),
    issued: z.string().nullable(),
    commitment: z.string().nullable(),
    subject: z.string().nullable(),
    status: z.string(),
    problems: z.array(z.object({ code: z.string(), message: z.string() })),
    title: z.string(),
  });
  def(
    app,
    createRoute({
      method: 'get',
      path: '/ledger/feed.json',
      summary: 'New entries, newest first, for the log or one commitment (follow with ?after=LAST_INDEX)',
      request: { query: FeedQuery },
      responses: {
        200: {
          description: 'the entries after `after`, newest first, at most `limit` (default 50)',
          content: {
            'application/json': {
              schema: z.object({
                origin: z.string(),
                size: z.number(),
                root: z.string(),
                commitment: z.string().nullable(),
                items: z.array(FeedItemSchema),
              }),
            },
          },
        },
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const f = await feed(c);
      c.header('ETag', `"${f.size}-${f.root}"`);
      return c.json({
        origin: ctx.ledger.store.origin,
        size: f.size,
        root: f.root,
        commitment: f.q.commitment ?? null,
        items: f.items,
      });
    },
  );
  def(
    app,
    createRoute({
      method: 'get',
      path: '/ledger/feed.atom',
      summary: 'The same feed as Atom (RFC 4287), for feed readers',
      request: { query: FeedQuery },
      responses: {
        200: { description: 'an Atom feed', content: { 'application/atom+xml': { schema: z.string() } } },
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const f = await feed(c);
      const url = new URL(c.req.url);
      const body = renderAtom({
        origin: ctx.ledger.store.origin,
        base: `${url.origin}/`,
        self: url.href,
        ...(f.q.commitment !== undefined ? { commitment: f.q.commitment } : {}),
        items: f.items,
      });
      return c.body(body, 200, {
        'content-type': 'application/atom+xml; charset=utf-8',
        ETag: `"${f.size}-${f.root}"`,
      });
    },
  );
  const Size = z.object({ size: z.coerce.number().int().min(0) });
  def(
    app,
    createRoute({
      method: 'post',
      path: '/ledger/checkpoints/{size}/cosignatures',
      summary: "Add witness cosignature lines to a checkpoint (governments' witnesses)",
      security: bearer,
      request: { params: Size, body: { content: { 'text/plain': { schema: z.string() } }, required: true } },
      responses: {
        200: { description: 'the cosigned note', content: { 'text/plain': { schema: z.string() } } },
        ...errors(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      authorizeOperation(requireAccount(c), 'cosign');
      const { size } = valid<{ size: number }>(c, 'param');
      const lines = await c.req.text();
      return c.text(await pointedAt({ file: 'body', pointer: '' }, () => ctx.ledger.cosign(size, lines)));
    },
    'cosign',
  );
  const ProofQuery = z.object({
    index: z.coerce.number().int().min(0),
    size: z.coerce.number().int().min(1).optional(),
  });
  def(
    app,
    createRoute({
      method: 'get',
      path: '/ledger/proofs/inclusion',
      summary: 'Inclusion proof of an entry in a checkpointed tree (default: the latest checkpoint)',
      request: { query: ProofQuery },
      responses: { ...json('the proof'), ...errors(400, 404) },
    }),
    async (c) => {
      const q = valid<{ index: number; size?: number }>(c, 'query');
      const store = ctx.ledger.store;
      const cp = q.size === undefined ? await store.latestCheckpoint() : await store.checkpoint(q.size);
      if (!cp)
        throw new HttpProblem(
          404,
          'checkpoint-unknown',
          q.size === undefined ? 'no checkpoint is recorded yet' : `no checkpoint of size ${q.size}`,
        );
      if (q.index >= cp.size)
        throw new HttpProblem(
          400,
          'ledger-index',
          `entry ${q.index} is not in the checkpoint of size ${cp.size}`,
          [{ code: 'ledger-index', message: 'index beyond the checkpoint', where: { pointer: '/index' } }],
        );
      const entry = (await store.entry(q.index))!;
      const proof = await store.inclusionProof(q.index, cp.size);
      const root = await store.root(cp.size);
      return c.json({
        index: q.index,
        size: cp.size,
        entry: entry.toString('base64'),
        proof: proof.map((h) => h.toString('base64')),
        root: root.toString('base64'),
        checkpoint: cp.note,
      });
    },
  );
  const ConsQuery = z.object({ from: z.coerce.number().int().min(0), to: z.coerce.number().int().min(0) });
  def(
    app,
    createRoute({
      method: 'get',
      path: '/ledger/proofs/consistency',
      summary: 'Consistency proof between two tree sizes',
      request: { query: ConsQuery },
      responses: { ...json('the proof'), ...errors(400) },
    }),
    async (c) => {
      const q = valid<{ from: number; to: number }>(c, 'query');
      const proof = await pointedAt({ file: 'query', pointer: q.from > q.to ? '/from' : '/to' }, () =>
        ctx.ledger.store.consistencyProof(q.from, q.to),
      );
      return c.json({ from: q.from, to: q.to, proof: proof.map((h) => h.toString('base64')) });
    },
  );
  def(
    app,
    createRoute({
      method: 'get',
      path: '/ledger/receipts/{index}',
      summary: 'A receipt (entry, proof, checkpoint) for offline verification',
      request: { params: Index },
      responses: {
        200: { description: 'the receipt', content: { 'text/plain': { schema: z.string() } } },
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const { index } = valid<{ index: number }>(c, 'param');
      return c.text(
        await pointedAt({ file: 'param', pointer: '/index' }, () => receiptFor(ctx.ledger.store, index)),
      );
    },
  );

  // ---- accounts
  const NewAccount = z.object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, 'expected an actor id (letters, digits, . _ : / -)'),
    name: z.string().min(1).max(200),
    role: z.enum(['government', 'firm', 'auditor', 'observer']),
    commitments: z.array(z.string()).max(64).default([]),
  });
  def(
    app,
    createRoute({
      method: 'post',
      path: '/accounts',
      summary: "Create an actor's account and session token (governments); the token is shown once",
      security: bearer,
      request: { body: { content: { 'application/json': { schema: NewAccount } }, required: true } },
      responses: {
        201: {
          description: 'the account and its token',
          content: {
            'application/json': { schema: z.object({ id: z.string(), role: z.string(), token: z.string() }) },
          },
        },
        ...errors(400, 401, 403, 409, 422),
      },
    }),
    async (c) => {
      authorizeOperation(requireAccount(c), 'create-account');
      const body = valid<z.infer<typeof NewAccount>>(c, 'json');
      if (ctx.directory.get(body.id))
        throw new HttpProblem(409, 'account-exists', `${body.id} already has an account`, [
          { code: 'account-exists', message: 'choose another id', where: { pointer: '/id' } },
        ]);
      const token = ctx.createAccount(body);
      return c.json({ id: body.id, role: body.role, token }, 201);
    },
    'create-account',
  );
  def(
    app,
    createRoute({
      method: 'get',
      path: '/session',
      summary: "The session's account: who the token belongs to, its role and the commitments it reports on",
      security: bearer,
      responses: {
        200: {
          description: 'the account',
          content: {
            'application/json': {
              schema: z.object({
                id: z.string(),
                name: z.string(),
                role: z.string(),
                commitments: z.array(z.string()),
              }),
            },
          },
        },
        ...errors(401),
      },
    }),
    (c) => {
      const a = requireAccount(c);
      return c.json({ id: a.id, name: a.name, role: a.role, commitments: ctx.commitmentsOf(a.id) });
    },
  );
  app.get('/accounts', (c) =>
    c.json({
      accounts: ctx.directory
        .list()
        // Which commitments a firm reports on is the agreement's (R5), whatever an older state file says.
        .map((a) => ({ id: a.id, name: a.name, role: a.role, commitments: ctx.commitmentsOf(a.id) })),
    }),
  );

  // ---- duty lookups and bulk assessment
  const DutyQuery = z.object({
    hts: z.string().openapi({ example: '8703.23.01' }),
    origin: z.string().openapi({ example: 'JP' }),
    date: date,
    value: z.string().openapi({ example: '40000', description: 'customs value, US dollars' }),
    overlay: z.string().optional().openapi({
      description: "an agreement whose tracks (as evaluated now) overlay the law, e.g. 'us-japan-milestones'",
    }),
    transport: z.string().optional().openapi({
      example: 'ocean',
      description: 'ocean, air or other; the harbor maintenance fee applies to ocean shipments only',
    }),
    importer: z.string().max(100).optional().openapi({
      description: "the importer's id, for an agreement's importer-scoped relief (e.g. 'honda')",
    }),
  });
  def(
    app,
    createRoute({
      method: 'get',
      path: '/duty',
      summary: 'Duty on one entry line: every layer considered, why, its source; MPF and HMF',
      request: { query: DutyQuery },
      responses: { ...json('the duty'), ...errors(400) },
    }),
    async (c) => {
      const q = valid<DutyQueryInput>(c, 'query');
      const key = `${q.hts}|${q.origin}|${q.date}|${q.value}|${q.transport ?? ''}|${q.importer ?? ''}`;
      // An overlay read from the log depends on what is committed now, perhaps by another process.
      if (q.overlay) await ctx.ledger.sync();
      const body = await ctx.memoDuty(key, q.overlay, async () => {
        const r = await dutyFor(ctx, q);
        return JSON.stringify(dutyToJson(r, r.overlay));
      });
      // The raw URL passed validation: the next identical request can skip the framework entirely (only when
      // the answer depends on no log, since the fast path does not ask the store what is committed).
      const raw = (c.env as { incoming?: { url?: string } } | undefined)?.incoming?.url;
      if (fastPath && raw && !q.overlay) fastPath.remember(raw, q.overlay, body);
      return c.body(body, 200, { 'content-type': 'application/json' });
    },
  );
  const HistoryQuery = DutyQuery.omit({ date: true }).extend({
    dates: z
      .string()
      .optional()
      .openapi({ description: 'comma-separated dates; default: one per era of the rule base' }),
  });
  def(
    app,
    createRoute({
      method: 'get',
      path: '/duty/history',
      summary: 'The same line across eras (dates)',
      request: { query: HistoryQuery },
      responses: { ...json('one result per date'), ...errors(400) },
    }),
    async (c) =>
      c.json({ results: (await dutyHistory(ctx, valid(c, 'query'))).map((r) => dutyToJson(r, r.overlay)) }),
  );
  // Bulk assessment: jobs whose uploads stream to a worker thread (server/assessments). The upload routes
  // read the request body themselves, as it arrives: no body limit or validator may buffer it first.
  const uploadClient = (c: Context<ApiEnv>): UploadClient => {
    const account = c.get('account');
    if (account) return { key: `acct:${account.id}`, who: 'signed-in' };
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    return { key: clientOfAddress(incoming?.socket?.remoteAddress), who: 'anonymous' };
  };
  const uploadBody = (c: Context<ApiEnv>): UploadBody => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming) return incoming;
    // Without Node's request (app.request in tests): the web body, with the header the limits read.
    const body = c.req.raw.body
      ? Readable.fromWeb(c.req.raw.body as unknown as WebReadableStream<Uint8Array>)
      : Readable.from([]);
    return Object.assign(body, { headers: { 'content-length': c.req.header('content-length') } });
  };
  const jobAnswer = (rec: Parameters<typeof jobJson>[0]) => ({
    ...jobJson(rec),
    limits: limitsJson(ctx.assessments.limits)[rec.who === 'signed-in' ? 'signedIn' : 'anonymous'],
  });
  const Job = z.record(z.string(), z.unknown()).openapi('AssessmentJob');
  const jobContent = (description: string) => ({
    description,
    content: { 'application/json': { schema: Job } },
  });
  const uploadErrors = errors(400, 403, 404, 408, 409, 413, 422, 429, 503);
  const limitsNote =
    'Anonymous uploads: up to 64 MiB, 2 at a time per client, 24 per server, results kept 30 minutes; signed in (Authorization: Bearer): 512 MiB, 4, 16, 24 hours (GET /api/assessments/limits has the figures this server uses). Over a limit: 413, 429 or 503 problem+json saying which limit and what to do.';
  def(
    app,
    createRoute({
      method: 'get',
      path: '/assessments/limits',
      summary: 'The limits on bulk-assessment uploads, anonymous and signed in',
      responses: json('limits per class of client'),
    }),
    (c) => c.json(limitsJson(ctx.assessments.limits)),
  );
  const NewJob = z.object({
    file: z.string().max(1000).optional().openapi({ description: "the file's name, to show" }),
    size: z
      .number()
      .int()
      .min(0)
      .max(2 ** 50)
      .optional()
      .openapi({ description: "the file's size in bytes; checked against the limit before it is sent" }),
    overlay: z.string().max(200).optional().openapi({
      description: "an agreement whose tracks (as evaluated now) overlay the law, e.g. 'us-japan-milestones'",
    }),
  });
  def(
    app,
    createRoute({
      method: 'post',
      path: '/assessments/jobs',
      summary: 'Create an assessment job (then PUT the CSV to its input and poll its status for progress)',
      description: limitsNote,
      request: { body: { content: { 'application/json': { schema: NewJob } }, required: false } },
      responses: {
        201: jobContent('the job: its status, input and (when done) results links'),
        ...uploadErrors,
      },
    }),
    async (c) => {
      const body = ((c.req as unknown as { valid: (t: string) => unknown }).valid('json') ?? {}) as z.infer<
        typeof NewJob
      >;
      const rec = await ctx.assessments.create(uploadClient(c), body);
      return c.json(jobAnswer(rec), 201, { location: `/api/assessments/${rec.id}` });
    },
  );
  def(
    app,
    createRoute({
      method: 'put',
      path: '/assessments/{id}/input',
      summary: "Send a job's CSV (streamed to the assessment as it arrives); answers when the job is done",
      description: limitsNote,
      request: {
        params: z.object({ id: z.string() }),
        body: { content: { 'text/csv': { schema: z.string() } }, required: true },
      },
      responses: { 201: jobContent('the finished job: summary, bad rows, results link'), ...uploadErrors },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const rec = await ctx.assessments.feed(id, uploadClient(c), uploadBody(c));
      return c.json(jobAnswer(rec), 201);
    },
  );
  def(
    app,
    createRoute({
      method: 'post',
      path: '/assessments',
      summary: 'Assess a CSV of entry lines in one request (streamed); results downloadable as CSV',
      description: limitsNote,
      request: {
        body: { content: { 'text/csv': { schema: z.string() } }, required: true },
        query: z.object({ overlay: z.string().optional(), file: z.string().max(1000).optional() }),
      },
      responses: { 201: jobContent('summary, bad rows and the results link'), ...uploadErrors },
    }),
    async (c) => {
      const q = valid<{ overlay?: string; file?: string }>(c, 'query');
      const rec = await ctx.assessments.submit(uploadClient(c), q, uploadBody(c));
      return c.json(jobAnswer(rec), 201, { location: `/api/assessments/${rec.id}` });
    },
  );
  def(
    app,
    createRoute({
      method: 'get',
      path: '/assessments/{id}',
      summary: "A job's state and progress (bytes read, lines assessed), and its summary when done",
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: jobContent('the job'), ...errors(404) },
    }),
    async (c) => {
      const rec = await ctx.assessments.status(valid<{ id: string }>(c, 'param').id);
      if (!rec) throw ctx.assessments.unknown();
      return c.json(jobAnswer(rec), 200, { 'cache-control': 'no-store' });
    },
  );
  def(
    app,
    createRoute({
      method: 'get',
      path: '/assessments/{id}/results.csv',
      summary:
        'Results of an assessment, streamed from disk (one row per line, MPF on the last line of each entry)',
      request: { params: z.object({ id: z.string() }) },
      responses: {
        200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
        ...errors(404),
      },
    }),
    async (c) => {
      const id = valid<{ id: string }>(c, 'param').id;
      const r = await ctx.assessments.results(id);
      if (!r) throw ctx.assessments.unknown();
      const headers = {
        'content-type': 'text/csv; charset=utf-8',
        'content-length': String(r.size),
        'content-disposition': `attachment; filename="duties-${r.rec.id}.csv"`,
      };
      // HEAD sends no body: close the file now rather than when the unread stream is collected.
      if (c.req.method === 'HEAD') {
        await r.body.cancel();
        return c.body(null, 200, headers);
      }
      return c.body(r.body as unknown as ReadableStream, 200, headers);
    },
  );

  // ---- simulations and negotiations
  const SimBody = z.object({
    model: z.enum(['smart', 'gsim', 'ces', 'all']).default('all'),
    runs: z.number().int().min(0).max(2000).default(200),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1),
  });
  def(
    app,
    createRoute({
      method: 'post',
      path: '/simulations',
      summary:
        'Simulate the milestone compromise: 7- vs 15-year paths under SMART, GSIM and CES, Monte Carlo bands',
      request: { body: { content: { 'application/json': { schema: SimBody } } } },
      responses: { ...json('per variant and model: yearly paths, totals, bands'), ...errors(400) },
    }),
    async (c) => c.json(await runSimulation(valid(c, 'json'))),
  );
  def(
    app,
    createRoute({
      method: 'get',
      path: '/negotiations/us-japan',
      summary: 'The US–Japan negotiation: frontier, Nash and Kalai–Smorodinsky points, the rounds history',
      responses: json('analysis'),
    }),
    (c) => c.json(negotiationAnalysis()),
  );
  const RunBody = z.object({
    agents: z.tuple([z.string(), z.string()]).default(['boulware', 'conceder']),
    rounds: z.number().int().min(1).max(1000).default(40),
  });
  def(
    app,
    createRoute({
      method: 'post',
      path: '/negotiations/us-japan/runs',
      summary: 'Run two agents under the alternating-offers protocol; the trace',
      request: { body: { content: { 'application/json': { schema: RunBody } } } },
      responses: { ...json('the run'), ...errors(400) },
    }),
    async (c) => c.json(runNegotiation(valid(c, 'json')) as unknown as Record<string, unknown>),
  );

  // ---- tiles as static paths (tlog-tiles), for verifiers that fetch the log without the API
  app.get('/ledger/checkpoint', async (c) => {
    const cp = await ctx.ledger.store.latestCheckpoint();
    if (!cp) throw new HttpProblem(404, 'checkpoint-unknown', 'no checkpoint is recorded yet');
    return c.text(cp.note);
  });
  app.get('/ledger/tile/*', async (c) => {
    const path = c.req.path.slice(c.req.path.indexOf('tile/'));
    const bytes = (await ctx.tiles()).get(path);
    if (!bytes) throw new HttpProblem(404, 'tile-unknown', `no tile ${path} in the latest checkpoint`);
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'application/octet-stream',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });

  app.doc31('/openapi.json', OPENAPI_DOCUMENT);
  return app;
}
