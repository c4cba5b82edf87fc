import { describe, expect, it } from 'vitest';
import { isoDate } from '../_lib/date.js';
import { engine, extractCodes } from './_test/duty-helpers.js';
import { computeDuty } from './engine.js';
import { type Cached, makePlan, PLAN_SLOW, type Plan, PlanIndex } from './plan-index.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');
const JP = [74, 80] as const;

function newIndex() {
  const headings: string[] = [];
  const slotOf = (h: string) => {
    if (!headings.includes(h)) headings.push(h);
    return headings.indexOf(h);
  };
  return { index: new PlanIndex(engine, slotOf), headings };
}

/** The flat arrays' view of a plan: (rate, heading slot, CSV prefix) per layer. */
function flat(index: PlanIndex, id: number) {
  const out: [number, number, string][] = [];
  for (let r = index.rateStart[id]!; r < index.rateStart[id]! + index.rateCount[id]!; r++) {
    const { bytes, start } = index.csvPrefix;
    const prefix = Buffer.from(bytes.subarray(start[r]!, start[r + 1]!));
    out.push([index.rates[r]!, index.slots[r]!, prefix.toString('latin1')]);
  }
  return out;
}

describe('PlanIndex', () => {
  it('keeps a refusal for its own origin: origins of one class share plans, not the words of a refusal', () => {
    const { index } = newIndex();
    const key = bytes('2202.99.36');
    const date = isoDate('2025-10-01');
    // Cuba and Belarus pay column 2 alike, and column 2 of 2202.99.36 is a rate by reference.
    for (const [o0, o1, name] of [
      [67, 85, 'CU (Cuba)'],
      [66, 89, 'BY (Belarus)'],
      [67, 85, 'CU (Cuba)'],
    ] as const) {
      expect(index.planIdOfBytes(key, 0, key.length, o0, o1, 20251001)).toBe(PLAN_SLOW);
      const refused = index.planFor('2202.99.36', o0, o1, date) as { error: string };
      expect(refused.error).toContain(`paid by products of ${name}`);
    }
  });

  it('finds the same plan from text and from bytes, with the engine’s rates', () => {
    const { index, headings } = newIndex();
    const plan = index.planFor('8703.23.01', ...JP, isoDate('2025-10-01')) as Plan;
    expect(plan.ok).toBe(true);
    const duty = computeDuty(engine, {
      hts: '8703.23.01',
      origin: 'JP',
      date: isoDate('2025-10-01'),
      value: 1_000_000_00n,
    });
    expect(plan.rates).toEqual(duty.lines.filter((l) => l.applied).map((l) => l.rate));
    const id = index.planIdOfBytes(bytes('x,8703.23.01,'), 2, 12, ...JP, 20251001);
    expect(id).toBe(plan.id);
    expect(flat(index, id)).toEqual(
      plan.rates.map((r, i) => [r, headings.indexOf(plan.headings[i]!), plan.csvPrefix[i]]),
    );
    expect(index.size).toBe(1);
  });

  it('plans every kind of code as the whole engine assesses it (the layers that can reach a code found by list)', () => {
    const { index } = newIndex();
    const codes = new Set<string>();
    // A prefix of every shipped list, at the depth the list gives it and as the lines around it, and the lines
    // of the schedule at a fixed stride: codes that lists hold, partly hold (8 digits over 10-digit rows), or miss.
    const scopes = engine.ruleBase.scopes;
    for (const id of scopes.ids()) {
      const prefix = scopes.get(id)!.prefixes[0];
      if (prefix) for (const near of engine.hts.latest().nearest(prefix.padEnd(8, '0'), 2)) codes.add(near);
    }
    const lines = engine.hts.latest().codes();
    for (let i = 0; i < lines.length; i += 53) codes.add(lines[i]!);
    const dates = ['2025-03-01', '2025-06-10', '2026-03-15', '2026-08-01', '2026-11-20'].map((d) =>
      isoDate(d),
    );
    const origins = [
      [74, 80],
      [67, 78],
      [77, 88],
      [82, 85],
    ] as const;
    let checked = 0;
    for (const code of codes)
      for (const [o0, o1] of origins) {
        const date = dates[checked++ % dates.length]!;
        const planned = index.planFor(code, o0, o1, date);
        const made = makePlan(engine, {
          hts: code,
          origin: String.fromCharCode(o0, o1),
          date,
          value: 1_000_000_00n,
        });
        if (planned === 'slow' || made === 'slow' || 'error' in planned || 'error' in made)
          expect(planned, `${code} ${String.fromCharCode(o0, o1)} ${date}`).toEqual(made);
        else
          expect([planned.rates, planned.headings], `${code} ${String.fromCharCode(o0, o1)} ${date}`).toEqual(
            [made.rates, made.headings],
          );
      }
    expect(checked).toBeGreaterThan(3_000);
  });

  it('changes plan exactly at an era boundary and reuses it within the era', () => {
    const { index } = newIndex();
    const at = (d: number) => index.planIdOfBytes(bytes('8703.23.01'), 0, 10, ...JP, d);
    const before = at(20250402);
    const after = at(20250403); // §232 autos from 2025-04-03
    expect(after).not.toBe(before);
    expect(at(20250101)).toBe(before);
    expect(at(20250404)).toBe(after);
    expect(flat(index, before).map(([rate]) => rate)).toEqual([25_000]);
    expect(flat(index, after).map(([rate]) => rate)).toEqual([250_000, 25_000]);
  });

  it('sends lines it cannot plan to the general path', () => {
    const { index } = newIndex();
    const unknown = index.planFor('1234.56.78', ...JP, isoDate('2025-10-01'));
    expect(unknown).toMatchObject({ code: 'hts-unknown' });
    expect(index.planIdOfBytes(bytes('1234.56.78'), 0, 10, ...JP, 20251001)).toBe(PLAN_SLOW);
    // A Chapter 99 number is refused too (accord files those itself).
    expect(index.planFor('9903.88.03', ...JP, isoDate('2025-10-01'))).toMatchObject({
      code: 'hts-chapter-99',
    });
    expect(index.planIdOfBytes(bytes('9903.88.03'), 0, 10, ...JP, 20251001)).toBe(PLAN_SLOW);
    expect(index.planIdOfBytes(bytes('8703-23-01'), 0, 10, ...JP, 20251001)).toBe(-1);
  });

  it('keeps every plan right as its arrays grow', () => {
    const { index } = newIndex();
    const codes = extractCodes();
    const origins = ['JP', 'CN', 'DE', 'MX', 'CA', 'GB', 'KR', 'VN'];
    const dates = [20250101, 20250405, 20250901, 20251020, 20260301, 20260801];
    const seen: [number, Cached][] = [];
    for (const code of codes) {
      for (const origin of origins) {
        for (const d of dates) {
          const o = [origin.charCodeAt(0), origin.charCodeAt(1)] as const;
          const id = index.planIdOfBytes(bytes(code), 0, code.length, ...o, d);
          const iso = isoDate(`${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6)}`);
          seen.push([id, index.planFor(code, ...o, iso)]);
        }
      }
    }
    expect(index.size).toBeGreaterThan(1024); // past the first size of the per-plan arrays
    for (const [id, plan] of seen) {
      if (id < 0) {
        expect(plan === 'slow' || !plan.ok).toBe(true);
        continue;
      }
      expect(plan !== 'slow' && plan.ok && plan.id).toBe(id);
      expect(flat(index, id).map(([rate]) => rate)).toEqual((plan as Plan).rates);
    }
  });

  it('keeps plans for a bounded number of codes, and still answers for the rest', () => {
    const slotOf = () => 0;
    const small = new PlanIndex(engine, slotOf, { maxCodes: 2 });
    const whole = new PlanIndex(engine, slotOf);
    const codes = ['8703.23.01', '8704.21.01', '8708.29.51', '87032301'];
    for (const code of codes) {
      const at = isoDate('2025-10-01');
      const bounded = small.planFor(code, ...JP, at) as Plan;
      expect(bounded.rates).toEqual((whole.planFor(code, ...JP, at) as Plan).rates);
      expect(small.eraOf(code, ...JP, at)).toBe(whole.eraOf(code, ...JP, at));
    }
    // The first two codes are kept (and found from bytes); the others go to the general path every time.
    expect(small.planIdOfBytes(bytes('8703.23.01'), 0, 10, ...JP, 20251001)).toBeGreaterThanOrEqual(0);
    expect(small.planIdOfBytes(bytes('8708.29.51'), 0, 10, ...JP, 20251001)).toBe(-1);
    expect(small.size).toBe(2);
    expect(whole.size).toBe(4);
  });
});
