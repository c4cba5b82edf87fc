/**
 * @module server/routes/kit
 * What every API resource module shares: the Hono environment the edge fills in, the problem+json schema and
 * error responses, the validation hook that turns zod issues into positioned problems, and the route guard
 * that checks the session (401) and role (403) before anything reads a body, then gates the body (415, 400).
 * Resource modules build their own `OpenAPIHono` sub-apps with {@link newApiApp} and register each route
 * with `app.openapi(guard.route(createRoute(...)), handler)`, so handlers read typed input.
 */
import type { IncomingMessage } from 'node:http';
import { OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { MiddlewareHandler, TypedResponse } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import type { JSONParsed } from 'hono/utils/types';
import type { Problem } from '../../_lib/problem.js';
import { zodProblems } from '../../_lib/zod-problems.js';
import { authorizeOperation, type OPERATIONS } from '../authorize.js';
import { bodyGate } from '../http-edge.js';
import { problemBody, problemResponse } from '../problem-response.js';
import type { ApiEnv } from './env.js';
import { requireAccount } from './session-guard.js';

export type { ApiEnv } from './env.js';

/** Body limits, bytes. Statements are capped by the ledger at 64 KiB; uploads have their own (assess-limits). */
export const LIMITS = { json: 256 * 1024, statement: 80 * 1024 };

/** Where the server mounts the API (paths in the resource modules are relative to it). */
export const API_BASE = '/api';

/** One positioned problem: its code, what is wrong and what to do, and where (a pointer, a line). */
export const ProblemItem = z.object({
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

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** The problem+json responses a route may give, by status. */
export const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [c, { description: problemBody(c, 'x', '').title, content: problemContent }]),
  );

/** A 200 JSON response with its schema. */
export const ok = <S extends z.ZodType>(description: string, schema: S) => ({
  200: { description, content: { 'application/json': { schema } } },
});

/** The security requirement of routes that need a session token. */
export const bearer = [{ bearer: [] }];

/** A calendar date in a query. */
export const date = z.string().openapi({ example: '2026-06-30', description: 'a date YYYY-MM-DD' });

/** Zod issues → positioned problems (JSON pointers into the query, path or body). */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], target: string): Problem[] {
  return zodProblems(issues, { code: 'request-invalid', file: target });
}

/** A sub-app whose failed validations answer 400 problem+json saying which field is wrong. */
export function newApiApp(): OpenAPIHono<ApiEnv> {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      const target = result.target ?? 'request';
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
    },
  });
}

/** An operation whose role rule is fixed by the route (statements are judged by their content instead). */
export type Operation = keyof typeof OPERATIONS;

/**
 * The session and role rules of the secured routes, checked by one middleware before any limit or validator
 * reads the body, and the body gates of routes that read JSON or text.
 */
export class RouteGuard {
  private readonly secured = new TrieRouter<Operation | null>();

  /**
   * A route as registered: with `security`, recorded so that the session (401) and role (403) are checked
   * first; with a JSON or text body, given the body gate (415, or 400 for an empty or broken JSON body, with
   * where) before its schema validates it.
   */
  route<R extends RouteConfig>(
    route: R,
    operation?: Operation,
  ): Omit<R, 'middleware'> & { middleware: MiddlewareHandler<ApiEnv>[] } {
    if ((route.security?.length ?? 0) > 0) {
      const path = route.path.replaceAll(/\/{(.+?)}/g, '/:$1');
      this.secured.add(route.method.toUpperCase(), path, operation ?? null);
    }
    const gates: MiddlewareHandler<ApiEnv>[] = [];
    const body = route.request?.body;
    const types = Object.keys(body?.content ?? {});
    if (types.some((t) => /json$/i.test(t) || t === 'text/plain'))
      gates.push(bodyGate({ types, required: body?.required === true }));
    const own = route.middleware === undefined ? [] : [route.middleware].flat();
    return { ...route, middleware: [...gates, ...own] };
  }

  /** The middleware: who is asking, and may they (401, 403), for the routes recorded so far and later. */
  check(): MiddlewareHandler<ApiEnv> {
    return async (c, next) => {
      const path = c.req.path.startsWith(API_BASE) ? c.req.path.slice(API_BASE.length) : c.req.path;
      const [found] = this.secured.match(c.req.method, path);
      const first = found[0];
      if (first) {
        const account = requireAccount(c);
        if (first[0]) authorizeOperation(account, first[0]);
      }
      await next();
    };
  }
}

/** The Node request behind a Hono request, when served by the Node adapter (not in `app.request`). */
export function incomingOf(env: unknown): IncomingMessage | undefined {
  return (env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/** A 200 JSON response, by what it says of itself. */
function isJson200<T>(res: Response): res is Response & TypedResponse<T, 200, 'json'> {
  return res.status === 200 && (res.headers.get('content-type') ?? '').startsWith('application/json');
}

/**
 * A 200 JSON response whose body Hono cannot type (JSON text the duty memo keeps, an evaluation's generic
 * JSON form), tagged with the schema `S` its route declares. The tag is for the compiler only: that real
 * bodies conform to the declared schemas is what openapi-shapes.test.ts checks.
 */
export function declaredJson<S extends z.ZodType>(
  res: Response,
): Response & TypedResponse<JSONParsed<z.infer<S>>, 200, 'json'> {
  if (isJson200<JSONParsed<z.infer<S>>>(res)) return res;
  throw new Error(`a route declared 200 JSON but built ${res.status} ${res.headers.get('content-type')}`);
}
