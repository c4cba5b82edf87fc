import { describe, expect, it } from 'vitest';
import { parseGsimInput } from './gsim-input.js';

const good = {
  regions: ['A', 'B'],
  M: [
    [0, 10],
    [5, 0],
  ],
  T0: [
    [1, 1.1],
    [1.2, 1],
  ],
  T1: [
    [1, 1],
    [1.2, 1],
  ],
  Em: [-1, -1],
  Es: [2, 2],
  Ex: [1, 1],
};

function problems(doc: unknown) {
  const r = parseGsimInput(JSON.stringify(doc, null, 1), 'g.json');
  return r.ok ? [] : r.problems;
}

describe('parseGsimInput', () => {
  it('accepts a well-formed input', () => {
    const r = parseGsimInput(JSON.stringify(good), 'g.json');
    expect(r.ok).toBe(true);
  });

  it('points at a row of the wrong length (non-square matrix)', () => {
    const p = problems({
      ...good,
      M: [
        [0, 10, 3],
        [5, 0],
      ],
    });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ code: 'gsim-matrix-shape', where: { pointer: '/M/0' } });
  });

  it('points at a negative flow and at a non-number', () => {
    const p = problems({
      ...good,
      M: [
        [0, -1],
        [5, 'x'],
      ],
    });
    expect(p.map((x) => [x.code, x.where?.pointer])).toEqual([
      ['gsim-out-of-range', '/M/0/1'],
      ['gsim-not-number', '/M/1/1'],
    ]);
  });

  it('points at a vector with the wrong length and a missing key', () => {
    const { Ex: _omit, ...rest } = good;
    const p = problems({ ...rest, Em: [-1] });
    expect(p.map((x) => [x.code, x.where?.pointer])).toEqual([
      ['gsim-missing', '/Ex'],
      ['gsim-vector-length', '/Em'],
    ]);
  });

  it('rejects a non-positive tariff power and a positive import elasticity', () => {
    const p = problems({
      ...good,
      T1: [
        [1, 0],
        [1.2, 1],
      ],
      Em: [1, -1],
    });
    expect(p.map((x) => x.where?.pointer)).toEqual(['/T1/0/1', '/Em/0']);
  });

  it('reports JSON syntax errors with a line and column', () => {
    const r = parseGsimInput('{\n  "regions": [,]\n}', 'g.json');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]!.code).toBe('json-syntax');
      expect(r.problems[0]!.where?.line).toBe(2);
    }
  });
});
