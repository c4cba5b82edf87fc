/**
 * @module server/routes/assessments
 * Bulk assessment through the API: jobs whose CSV uploads stream to worker threads (server/assessments),
 * polled for progress, with results downloaded as CSV. The upload routes read the request body themselves,
 * as it arrives: no body limit or validator may buffer it first.
 */
import { Readable } from 'node:stream';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { limitsJson } from '../assess-limits.js';
import { type AssessmentService, jobJson, type UploadBody, type UploadClient } from '../assessments.js';
import { clientOfAddress } from '../rate-limit.js';
import { type ApiEnv, errors, incomingOf, newApiApp, ok, ProblemItem, type RouteGuard } from './kit.js';

const ClassLimits = z.object({
  maxBytes: z.number(),
  concurrentPerClient: z.number(),
  concurrentTotal: z.number(),
  keepSeconds: z.number(),
  resultsDiskBytes: z.number(),
});

/** The limits on uploads, per class of client. */
const LimitsSchema = z.object({
  anonymous: ClassLimits,
  signedIn: ClassLimits,
  idleSeconds: z.number(),
  requestSeconds: z.number(),
  startWithinSeconds: z.number(),
  threads: z.number(),
  jobsPerThread: z.number(),
});

/** A job: its state and progress, the links to follow next, its summary once done. */
const JobSchema = z
  .object({
    id: z.string(),
    state: z.enum(['created', 'queued', 'running', 'done', 'failed']),
    who: z.enum(['anonymous', 'signed-in']),
    file: z.string(),
    overlay: z.string().optional(),
    size: z.number().nullable(),
    bytesRead: z.number(),
    bytesAssessed: z.number(),
    lines: z.number(),
    badRows: z.number(),
    ahead: z.number().optional(),
    createdAt: z.string().optional(),
    finishedAt: z.string().optional(),
    expiresAt: z.string().optional(),
    status: z.string(),
    input: z.string().optional(),
    results: z.string().optional(),
    summary: z.record(z.string(), z.unknown()).optional(),
    problems: z.array(ProblemItem).optional(),
    error: z
      .object({ status: z.number(), code: z.string(), message: z.string(), problems: z.array(ProblemItem) })
      .optional(),
    limits: ClassLimits,
  })
  .openapi('AssessmentJob');

const jobContent = (description: string) => ({
  description,
  content: { 'application/json': { schema: JobSchema } },
});
const uploadErrors = errors(400, 403, 404, 408, 409, 413, 422, 429, 503);
const limitsNote =
  'Anonymous uploads: up to 64 MiB, 2 at a time per client, 24 per server, results kept 30 minutes; signed in (Authorization: Bearer): 512 MiB, 4, 16, 24 hours (GET /api/assessments/limits has the figures this server uses). Over a limit: 413, 429 or 503 problem+json saying which limit and what to do.';
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
const JobId = z.object({ id: z.string() });

/** Who is uploading: the session's account, else the peer address. */
function uploadClient(c: Context<ApiEnv>): UploadClient {
  const account = c.get('account');
  if (account) return { key: `acct:${account.id}`, who: 'signed-in' };
  return { key: clientOfAddress(incomingOf(c.env)?.socket?.remoteAddress), who: 'anonymous' };
}

/** A web stream's chunks, for a Node stream to read (the adapter keeps Node's and the DOM's stream types apart). */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The upload as a Node stream with the headers the limits read: Node's request, or the web body (tests). */
function uploadBody(c: Context<ApiEnv>): UploadBody {
  const incoming = incomingOf(c.env);
  if (incoming) return incoming;
  const body = c.req.raw.body
    ? Readable.from(chunksOf(c.req.raw.body), { objectMode: false })
    : Readable.from([]);
  return Object.assign(body, { headers: { 'content-length': c.req.header('content-length') } });
}

/** The assessment routes, over the assessment service. */
export function assessmentRoutes(assessments: AssessmentService, guard: RouteGuard): OpenAPIHono<ApiEnv> {
  const app = newApiApp();
  const jobAnswer = (rec: Parameters<typeof jobJson>[0]) => ({
    ...jobJson(rec),
    limits: limitsJson(assessments.limits)[rec.who === 'signed-in' ? 'signedIn' : 'anonymous'],
  });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/assessments/limits',
      summary: 'The limits on bulk-assessment uploads, anonymous and signed in',
      responses: ok('limits per class of client', LimitsSchema),
    }),
    (c) => c.json(limitsJson(assessments.limits), 200),
  );
  app.openapi(
    guard.route(
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
    ),
    async (c) => {
      const rec = await assessments.create(uploadClient(c), c.req.valid('json') ?? {});
      return c.json(jobAnswer(rec), 201, { location: `/api/assessments/${rec.id}` });
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/assessments/{id}/input',
      summary: "Send a job's CSV (streamed to the assessment as it arrives); answers when the job is done",
      description: limitsNote,
      request: {
        params: JobId,
        body: { content: { 'text/csv': { schema: z.string() } }, required: true },
      },
      responses: { 201: jobContent('the finished job: summary, bad rows, results link'), ...uploadErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const rec = await assessments.feed(id, uploadClient(c), uploadBody(c));
      return c.json(jobAnswer(rec), 201);
    },
  );
  app.openapi(
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
      const rec = await assessments.submit(uploadClient(c), c.req.valid('query'), uploadBody(c));
      return c.json(jobAnswer(rec), 201, { location: `/api/assessments/${rec.id}` });
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/assessments/{id}',
      summary: "A job's state and progress (bytes read, lines assessed), and its summary when done",
      request: { params: JobId },
      responses: { 200: jobContent('the job'), ...errors(404) },
    }),
    async (c) => {
      const rec = await assessments.status(c.req.valid('param').id);
      if (!rec) throw assessments.unknown();
      return c.json(jobAnswer(rec), 200, { 'cache-control': 'no-store' });
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/assessments/{id}/results.csv',
      summary:
        'Results of an assessment, streamed from disk (one row per line, MPF on the last line of each entry)',
      request: { params: JobId },
      responses: {
        200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
        ...errors(404),
      },
    }),
    async (c) => {
      const r = await assessments.results(c.req.valid('param').id);
      if (!r) throw assessments.unknown();
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
      return c.body(r.body, 200, headers);
    },
  );
  return app;
}
