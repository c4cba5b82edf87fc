/**
 * @module server/problem-answer
 * A problem in the form the client reads: problem+json for programs and on every machine path; on pages, a
 * fragment for htmx (sent as 200, since htmx swaps only 2xx by default) and a page for a browser that asked
 * for HTML.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { page, problemFragment } from './pages/layout.js';
import { type ProblemBody, problemResponse } from './problem-response.js';
import type { ApiEnv } from './routes/kit.js';

/** Paths only programs read: their problems are always problem+json, never a page. */
export function machinePath(path: string): boolean {
  return (
    path === '/api' || path.startsWith('/api/') || path === '/openapi.json' || path.startsWith('/static/')
  );
}

/** A problem's status as a response status (problem bodies carry 4xx and 5xx only). */
function contentful(status: number): ContentfulStatusCode {
  return status >= 400 && status <= 599 ? (status as ContentfulStatusCode) : 500;
}

/** Answer `body` as the client reads problems (see the module comment). */
export function answerProblem(
  c: Context<ApiEnv>,
  body: ProblemBody,
  headers: Record<string, string> = {},
): Response | Promise<Response> {
  const accept = c.req.header('accept') ?? '';
  if (machinePath(c.req.path) || accept.includes('application/problem+json'))
    return problemResponse(body, headers);
  if (c.req.header('hx-request')) return c.html(problemFragment(body), 200, headers);
  if (!accept.includes('text/html')) return problemResponse(body, headers);
  return c.html(
    page(body.title, '', html`<h1>${body.title}</h1>${problemFragment(body)}`),
    contentful(body.status),
    headers,
  );
}
