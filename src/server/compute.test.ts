import { describe, expect, it } from 'vitest';
import { AccordError } from '../_lib/problem.js';
import { withPointer } from './compute.js';

const thrown = (fn: () => unknown): AccordError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AccordError) return e;
    throw e;
  }
  throw new Error('expected a throw');
};

describe('withPointer', () => {
  it('points a duty-engine failure without problems at the fallback field', () => {
    const e = thrown(() =>
      withPointer(() => {
        throw new AccordError('hts-unknown', 'no such code');
      }, '/hts'),
    );
    expect(e.problems).toEqual([
      { code: 'hts-unknown', message: 'no such code', where: { pointer: '/hts' } },
    ]);
  });

  it("keeps each problem's own pointer and gives the fallback only to those without one", () => {
    const e = thrown(() =>
      withPointer(() => {
        throw new AccordError('duty-input-invalid', 'two fields are wrong', {
          status: 422,
          problems: [
            { code: 'duty-input-invalid', message: 'bad date', where: { pointer: '/entryDate' } },
            { code: 'duty-input-invalid', message: 'bad something' },
          ],
        });
      }, '/hts'),
    );
    expect(e.status).toBe(422);
    expect(e.problems.map((p) => p.where?.pointer)).toEqual(['/entryDate', '/hts']);
  });

  it('passes through a failure whose problems all say where, and anything that is not a domain error', () => {
    const own = new AccordError('duty-input-invalid', 'bad origin', {
      problems: [{ code: 'duty-input-invalid', message: 'bad origin', where: { pointer: '/origin' } }],
    });
    expect(
      thrown(() =>
        withPointer(() => {
          throw own;
        }, '/hts'),
      ),
    ).toBe(own);
    expect(() =>
      withPointer(() => {
        throw new TypeError('bug');
      }, '/hts'),
    ).toThrow(TypeError);
  });
});
