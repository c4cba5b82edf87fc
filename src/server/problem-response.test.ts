import { describe, expect, it } from 'vitest';
import { AccordError } from '../_lib/problem.js';
import { HttpProblem, problemResponse, toProblem } from './problem-response.js';

describe('toProblem', () => {
  it('keeps a user-fixable error’s code, status and positioned problems', () => {
    const p = toProblem(
      new AccordError('as-of-invalid', 'bad date', {
        problems: [{ code: 'as-of-invalid', message: 'x', where: { pointer: '/asOf' } }],
      }),
      '/api/x',
    );
    expect(p).toMatchObject({ status: 400, code: 'as-of-invalid', detail: 'bad date', instance: '/api/x' });
    expect(p.problems[0]?.where?.pointer).toBe('/asOf');
  });

  it('gives an HTTP problem without problems one problem restating it', () => {
    expect(toProblem(new HttpProblem(429, 'rate-limited', 'slow down')).problems).toEqual([
      { code: 'rate-limited', message: 'slow down' },
    ]);
  });

  it('never leaks an unexpected error’s message', () => {
    const p = toProblem(new Error('secret path /etc/x'));
    expect(p.status).toBe(500);
    expect(JSON.stringify(p)).not.toContain('/etc/x');
  });

  it('is sent as application/problem+json', () => {
    expect(
      problemResponse(toProblem(new HttpProblem(404, 'not-found', 'no'))).headers.get('content-type'),
    ).toContain('application/problem+json');
  });
});
