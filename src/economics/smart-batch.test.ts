import { describe, expect, it } from 'vitest';
import { smart } from './smart.js';
import { smartBatch } from './smart-batch.js';

describe('SMART in columns', () => {
  it('equals smart() line by line, with finite and infinite supply', () => {
    const lines = [
      {
        Em: -1.2,
        Es: 1.5,
        Ex: 99,
        partners: [
          [100, 0.1, 0.05],
          [300, 0.1, 0.1],
          [50, 0.2, 0.0],
        ],
      },
      {
        Em: -0.8,
        Es: 3,
        Ex: 2,
        partners: [
          [10, 0.25, 0.15],
          [20, 0.25, 0.25],
        ],
      },
    ];
    const lineStart = new Int32Array([0, 3, 5]);
    const flat = lines.flatMap((l) => l.partners);
    const r = smartBatch({
      lineStart,
      imports: Float64Array.from(flat.map((p) => p[0]!)),
      t0: Float64Array.from(flat.map((p) => p[1]!)),
      t1: Float64Array.from(flat.map((p) => p[2]!)),
      Em: Float64Array.from(lines.map((l) => l.Em)),
      Es: Float64Array.from(lines.map((l) => l.Es)),
      Ex: Float64Array.from(lines.map((l) => l.Ex)),
    });
    let row = 0;
    for (const l of lines) {
      const one = smart({
        Em: l.Em,
        Es: l.Es,
        Ex: l.Ex,
        partners: l.partners.map(([imports, t0, t1], k) => ({
          partner: `P${k}`,
          imports: imports!,
          t0: t0!,
          t1: t1!,
        })),
      });
      for (const p of one.partners) {
        expect(r.tradeCreation[row]).toBeCloseTo(p.tradeCreation, 10);
        expect(r.tradeDiversion[row]).toBeCloseTo(p.tradeDiversion, 10);
        expect(r.revenueChange[row]).toBeCloseTo(p.revenueChange, 10);
        expect(r.welfare[row]).toBeCloseTo(p.welfare, 10);
        row++;
      }
    }
    expect(r.model).toBe('SMART');
  });
});
