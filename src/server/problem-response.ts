/**
 * @module server/problem-response
 * Every API error as RFC 9457 `application/problem+json`, built from the domain's {@link Problem} objects,
 * so the CLI, the API and the dashboard report the same codes, messages and positions.
 */
import { HTTPException } from 'hono/http-exception';
import { isAccordError, type Problem } from '../_lib/problem.js';

/** The problem+json body the API sends. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  problems: Problem[];
  instance?: string;
}

/** Standard titles by status, so a client without our codes still reads something useful. */
const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  421: 'Misdirected request',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** An HTTP failure carrying a stable code and the problems behind it. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly Problem[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Build the problem+json body for a status, code and message. */
export function problemBody(
  status: number,
  code: string,
  detail: string,
  problems: readonly Problem[] = [],
  instance?: string,
): ProblemBody {
  return {
    type: `https://accord.example/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    problems: problems.length > 0 ? [...problems] : [{ code, message: detail }],
    ...(instance ? { instance } : {}),
  };
}

/** Codes for the client errors the web framework itself raises (a body it cannot parse, a media type). */
const FRAMEWORK_CODES: Record<number, string> = {
  400: 'request-invalid',
  413: 'body-too-large',
  415: 'content-type-unsupported',
};

/**
 * Turn anything thrown by a handler into a problem body. User-fixable failures keep their code and
 * problems; the framework's own 4xx (a body it could not parse) keep their status; anything else is a 500
 * whose detail never leaks internals (the stack goes to the log only).
 */
export function toProblem(error: unknown, instance?: string): ProblemBody {
  if (error instanceof HttpProblem)
    return problemBody(error.status, error.code, error.message, error.problems, instance);
  if (isAccordError(error)) {
    const status = error.status >= 400 && error.status < 600 ? error.status : 400;
    return problemBody(status, error.code, error.message, error.problems, instance);
  }
  if (error instanceof HTTPException && error.status >= 400 && error.status < 500) {
    const code = FRAMEWORK_CODES[error.status] ?? 'request-invalid';
    const pointer =
      error.status === 415 ? { file: 'header', pointer: '/content-type' } : { file: 'body', pointer: '' };
    return problemBody(
      error.status,
      code,
      `the request could not be read: ${error.message || TITLES[error.status] || 'bad request'}`,
      [{ code, message: error.message || 'the request could not be read', where: pointer }],
      instance,
    );
  }
  return problemBody(
    500,
    'internal-error',
    'the server failed on this request; it has been logged',
    [],
    instance,
  );
}

/** A Response carrying a problem body. */
export function problemResponse(body: ProblemBody, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}
