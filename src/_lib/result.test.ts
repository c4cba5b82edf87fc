import { describe, expect, it } from 'vitest';
import type { Problem } from './problem.js';
import { fail, ok, type Result } from './result.js';

function half(n: number): Result<number> {
  return n % 2 === 0 ? ok(n / 2) : fail([{ code: 'odd', message: `${n} is odd` }]);
}

describe('results', () => {
  it('holds a value or the problems that prevented it', () => {
    expect(half(4)).toEqual({ ok: true, value: 2 });
    expect(half(3)).toEqual({ ok: false, problems: [{ code: 'odd', message: '3 is odd' }] });
  });

  it('narrows on ok', () => {
    const r = half(3);
    const problems: Problem[] = r.ok ? [] : r.problems;
    expect(problems.map((p) => p.code)).toEqual(['odd']);
  });
});
