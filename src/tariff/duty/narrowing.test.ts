/**
 * The narrowed engines bulk assessment makes its plans with (narrowToOrigin, narrowInteractions, after the
 * engine's narrowToCode) charge every line of the shipped extract exactly as the whole engine does, on every
 * era boundary and for origins with and without their own layers; their eras are the whole engine's or fewer,
 * and origins that pay column 2 are never grouped with those that pay column 1.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engine } from '../_test/duty-helpers.js';
import { computeDuty, type DutyResult, eraBoundaries, narrowToCode, originClass } from '../engine.js';
import { htsDigits } from '../hts-code.js';
import { narrowToOrigin } from './eligibility.js';
import { narrowInteractions } from './interactions.js';
import type { TariffEngine } from './types.js';

const extract = JSON.parse(
  readFileSync(new URL('../../../data/tariff/hts-extract.json', import.meta.url), 'utf8'),
) as { htsno: string; general: string }[];
// Every ad valorem line of the extract the schedule has (as bench/assess draws them), 8 and 10 digits.
const codes = extract
  .filter(
    (c) =>
      c.general !== '' && !c.general.includes('/') && engine.hts.latest().has(c.htsno.replace(/\./g, '')),
  )
  .map((c) => c.htsno);
const origins = ['JP', 'DE', 'CN', 'MX', 'CA', 'KR', 'GB', 'VN', 'IN', 'BR', 'CH', 'RU', 'AU'];

/** What a plan keeps of a result: the charged lines, in filing order, and the total. */
function charged(e: TariffEngine, hts: string, origin: string, date: string): string {
  let r: DutyResult;
  try {
    r = computeDuty(
      e,
      { hts, origin, date: date as DutyResult['date'], value: 123_456_78n },
      { explain: false },
    );
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
  const lines = r.lines
    .filter((l) => l.applied)
    .map((l) => `${l.layer} ${l.heading} ${l.rate} ${l.base} ${l.duty}`);
  return `${lines.join('; ')} = ${r.totalDuty}`;
}

describe('the engines plans are made with', () => {
  it('has lines to check', () => {
    expect(codes.length).toBeGreaterThan(50);
  });

  it('charge what the whole engine charges, on every era of every code and origin', () => {
    let checked = 0;
    for (const hts of codes) {
      const byCode = narrowToCode(engine, hts);
      for (const origin of origins) {
        const narrowed = narrowInteractions(narrowToOrigin(byCode, origin).engine, htsDigits(hts)!);
        const whole = eraBoundaries(engine, hts, { origin, fees: false, transit: false });
        const fewer = eraBoundaries(narrowed, hts, { origin, fees: false, transit: false });
        expect(fewer.every((d) => whole.includes(d))).toBe(true);
        for (const date of whole) {
          expect(charged(narrowed, hts, origin, date)).toBe(charged(engine, hts, origin, date));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('set apart the origins that pay column 2, whose column-1 line differs though their layers may not', () => {
    for (const hts of codes) {
      const byCode = narrowToCode(engine, hts);
      expect(originClass(byCode, 'RU'), hts).not.toBe(originClass(byCode, 'AU'));
      // Two member states the law treats alike (Italy is not one: its steel melted in the UK could use the UK's
      // quota before 2025-03-12, France's could not).
      expect(originClass(byCode, 'FR'), hts).toBe(originClass(byCode, 'AT'));
    }
  });
});
