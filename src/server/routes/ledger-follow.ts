/**
 * @module server/routes/ledger-follow
 * Following and verifying the log from outside: the feed of new entries (JSON and Atom, for the whole log or
 * one commitment), inclusion and consistency proofs, and receipts an auditor verifies offline.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { feedItems, receiptFor } from '../../ledger/index.js';
import type { EvaluationService } from '../evaluations.js';
import { renderAtom } from '../feed-atom.js';
import type { LedgerService } from '../ledger-service.js';
import { HttpProblem } from '../problem-response.js';
import { LEDGER_AGREEMENT } from '../served.js';
import { type ApiEnv, errors, newApiApp, ok } from './kit.js';
import { ConsistencyProofSchema, FeedSchema, InclusionProofSchema } from './ledger-schemas.js';
import { pointedAt } from './session-guard.js';

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
type FeedQuery = z.infer<typeof FeedQuery>;
const ProofQuery = z.object({
  index: z.coerce.number().int().min(0),
  size: z.coerce.number().int().min(1).optional(),
});
const ConsQuery = z.object({ from: z.coerce.number().int().min(0), to: z.coerce.number().int().min(0) });
const Index = z.object({ index: z.coerce.number().int().min(0) });

/** The feed routes, over the log and the agreement it records (whose commitments a feed may follow). */
export function ledgerFeedRoutes(ledger: LedgerService, evaluations: EvaluationService): OpenAPIHono<ApiEnv> {
  const app = newApiApp();
  /** The feed items for a query, after checking the commitment names one of the agreement's. */
  const feed = async (q: FeedQuery) => {
    const known = evaluations.agreement(LEDGER_AGREEMENT).agreement.commitments.map((m) => m.id);
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
    await ledger.sync();
    const { replay, size, root } = ledger.view();
    return { size, root, items: feedItems(replay.entries, q) };
  };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/feed.json',
      summary: 'New entries, newest first, for the log or one commitment (follow with ?after=LAST_INDEX)',
      request: { query: FeedQuery },
      responses: {
        ...ok('the entries after `after`, newest first, at most `limit` (default 50)', FeedSchema),
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const f = await feed(q);
      c.header('ETag', `"${f.size}-${f.root}"`);
      return c.json(
        {
          origin: ledger.store.origin,
          size: f.size,
          root: f.root,
          commitment: q.commitment ?? null,
          items: f.items,
        },
        200,
      );
    },
  );
  app.openapi(
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
      const q = c.req.valid('query');
      const f = await feed(q);
      const url = new URL(c.req.url);
      const body = renderAtom({
        origin: ledger.store.origin,
        base: `${url.origin}/`,
        self: url.href,
        ...(q.commitment !== undefined ? { commitment: q.commitment } : {}),
        items: f.items,
      });
      return c.body(body, 200, {
        'content-type': 'application/atom+xml; charset=utf-8',
        ETag: `"${f.size}-${f.root}"`,
      });
    },
  );
  return app;
}

/** The routes that prove what the log holds: inclusion and consistency proofs, and receipts. */
export function ledgerProofRoutes(ledger: LedgerService): OpenAPIHono<ApiEnv> {
  const app = newApiApp();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/proofs/inclusion',
      summary: 'Inclusion proof of an entry in a checkpointed tree (default: the latest checkpoint)',
      request: { query: ProofQuery },
      responses: { ...ok('the proof', InclusionProofSchema), ...errors(400, 404) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const store = ledger.store;
      const cp = q.size === undefined ? await store.latestCheckpoint() : await store.checkpoint(q.size);
      if (!cp)
        throw new HttpProblem(
          404,
          'checkpoint-unknown',
          q.size === undefined ? 'no checkpoint is recorded yet' : `no checkpoint of size ${q.size}`,
        );
      const entry = q.index < cp.size ? await store.entry(q.index) : undefined;
      if (!entry)
        throw new HttpProblem(
          400,
          'ledger-index',
          `entry ${q.index} is not in the checkpoint of size ${cp.size}`,
          [{ code: 'ledger-index', message: 'index beyond the checkpoint', where: { pointer: '/index' } }],
        );
      const proof = await store.inclusionProof(q.index, cp.size);
      const root = await store.root(cp.size);
      return c.json(
        {
          index: q.index,
          size: cp.size,
          entry: entry.toString('base64'),
          proof: proof.map((h) => h.toString('base64')),
          root: root.toString('base64'),
          checkpoint: cp.note,
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/proofs/consistency',
      summary: 'Consistency proof between two tree sizes',
      request: { query: ConsQuery },
      responses: { ...ok('the proof', ConsistencyProofSchema), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const proof = await pointedAt({ file: 'query', pointer: q.from > q.to ? '/from' : '/to' }, () =>
        ledger.store.consistencyProof(q.from, q.to),
      );
      return c.json({ from: q.from, to: q.to, proof: proof.map((h) => h.toString('base64')) }, 200);
    },
  );
  app.openapi(
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
      const { index } = c.req.valid('param');
      return c.text(
        await pointedAt({ file: 'param', pointer: '/index' }, () => receiptFor(ledger.store, index)),
        200,
      );
    },
  );
  return app;
}
