import { describe, expect, it } from 'vitest';
import { isoDate } from '../_lib/date.js';
import { formatCents } from '../_lib/money.js';
import type { AccordError } from '../_lib/problem.js';
import { appliedHeadings, byLayer, duty, engine, extractCodes, total } from './_test/duty-helpers.js';
import {
  computeDuty,
  type DutyInput,
  type DutyResult,
  eraBoundaries,
  narrowToCode,
  originClass,
} from './engine.js';
import { filedLines } from './filed-lines.js';

const line = (r: DutyResult, heading: string) => r.lines.find((l) => l.heading === heading);
function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as AccordError).code;
  }
  return 'no error';
}

const CAR = '8703.23.01';
const TRUCK = '8704.21.01';
const CONSOLE = '9504.50.00'; // column 1 Free, no Section 301 or 232, not in Annex II (laptops are: 9903.01.32)
const STEEL = '7326.90.86';

describe('Section 232 autos, Japan (tariff-law.md a.1)', () => {
  it('charges column 1 only before 2025-04-03 and 25% + 2.5% from that day', () => {
    expect(total(duty(CAR, 'JP', '2025-04-02', 40_000_00n))).toBe('1000.00');
    expect(appliedHeadings(duty(CAR, 'JP', '2025-04-03', 40_000_00n))).toEqual([
      '9903.94.01=10000.00',
      '8703.23.01=1000.00',
    ]);
  });

  it('keeps the reciprocal baseline off 232 vehicles (9903.01.33)', () => {
    const r = duty(CAR, 'JP', '2025-05-01', 40_000_00n);
    expect(total(r)).toBe('11000.00');
    expect(line(r, '9903.01.25')?.reason).toMatch(/9903\.01\.33/);
  });

  it('drops a Japanese car from 27.5% to 15% on 2025-09-16, not before (not retroactive)', () => {
    expect(duty(CAR, 'JP', '2025-09-15', 40_000_00n).effectiveRate).toBe(275_000);
    const after = duty(CAR, 'JP', '2025-09-16', 40_000_00n);
    expect(after.effectiveRate).toBe(150_000);
    expect(appliedHeadings(after)).toEqual(['9903.94.41=5000.00', '8703.23.01=1000.00']);
    expect(line(after, '9903.94.01')?.applied).toBe(false);
  });

  it('files a light truck (column 1 25%, above the cap) under 9903.94.40 at zero: 50% before, 25% after', () => {
    expect(duty(TRUCK, 'JP', '2025-09-15', 10_000_00n).effectiveRate).toBe(500_000);
    const after = duty(TRUCK, 'JP', '2025-09-16', 10_000_00n);
    expect(appliedHeadings(after)).toEqual(['9903.94.40=0.00', '8704.21.01=2500.00']);
  });

  it('keeps Japanese cars at 15% in the section 122 window and after the forced-labor action (232 goods skipped)', () => {
    const s122 = duty(CAR, 'JP', '2026-03-01', 40_000_00n);
    expect(s122.effectiveRate).toBe(150_000);
    expect(line(s122, '9903.03.01')?.reason).toMatch(/9903\.03\.06/);
    const fl = duty(CAR, 'JP', '2026-08-01', 40_000_00n);
    expect(fl.effectiveRate).toBe(150_000);
    expect(fl.lines.find((l) => l.program === 's301-fl')?.reason).toMatch(/9903\.05\.90/);
  });

  it('charges other origins 25% + column 1 throughout', () => {
    expect(duty(CAR, 'TH', '2025-09-16', 40_000_00n).effectiveRate).toBe(275_000);
    // A German car was 27.5% here until the US–EU framework notice (FR Doc. 2025-18660) capped EU vehicles at
    // 15% inclusive under 9903.94.51, retroactive to 2025-08-01 (src/tariff/s232-country-caps.test.ts).
    expect(duty(CAR, 'DE', '2025-09-16', 40_000_00n).effectiveRate).toBe(150_000);
  });
});

describe('Section 232 auto parts and EO 14289 non-stacking', () => {
  it('starts parts on 2025-05-03', () => {
    expect(
      duty('8708.99.68', 'DE', '2025-05-02', 1_000_00n).lines.some(
        (l) => l.heading === '9903.94.05' && l.applied,
      ),
    ).toBe(false);
    expect(total(duty('8708.99.68', 'DE', '2025-05-03', 1_000_00n))).toBe('275.00');
  });

  it('keeps 8708.99.81 off the parts list: U.S. note 33(g) names 8708.99.53, .55, .58 and .68 only (issue 13)', () => {
    // This test used 8708.99.81 as a part until the list was read from the note (HTSUS 2026 Rev 6, note 33(g)).
    const r = duty('8708.99.81', 'TH', '2025-06-01', 1_000_00n);
    expect(r.lines.some((l) => l.heading === '9903.94.05')).toBe(false);
    expect(appliedHeadings(r)).toEqual(['9903.01.25=100.00', '8708.99.81=25.00']);
    // A laptop is not a vehicle part: 8471 is one of the note's general provisions, applied only on request.
    expect(
      duty('8471.30.01', 'TH', '2025-06-01', 1_000_00n).lines.some((l) => l.program === 's232-auto-parts'),
    ).toBe(false);
  });

  it('charges no aluminum 232 on a part under the autos action', () => {
    // 8708.29.51.60 is a derivative aluminum article of U.S. note 19(k) (9903.85.08) and an auto part.
    const r = duty('8708.29.51.60', 'DE', '2025-07-01', 1_000_00n);
    expect(appliedHeadings(r)).toEqual(['9903.94.05=250.00', '8708.29.51.60=25.00']);
    expect(line(r, '9903.85.08')?.reason).toMatch(/EO 14289/);
  });

  it('gives Japanese parts the inclusive 15% from 2025-09-16 (9903.94.43)', () => {
    expect(appliedHeadings(duty('8708.29.51', 'JP', '2025-09-16', 1_000_00n))).toEqual([
      '9903.94.43=125.00',
      '8708.29.51=25.00',
    ]);
  });
});

describe('IEEPA reciprocal and the Japan inclusive 15% (EO 14345)', () => {
  it('charges the 10% baseline from 2025-04-05, not on 2025-04-04', () => {
    expect(total(duty(CONSOLE, 'JP', '2025-04-04', 10_000_00n))).toBe('0.00');
    expect(appliedHeadings(duty(CONSOLE, 'JP', '2025-04-05', 10_000_00n))).toEqual([
      '9903.01.25=1000.00',
      '9504.50.00=0.00',
    ]);
  });

  it('charges Japan 24% on 2025-04-09 only, marked uncertain', () => {
    const day = duty(CONSOLE, 'JP', '2025-04-09', 10_000_00n);
    expect(total(day)).toBe('2400.00');
    expect(day.lines.find((l) => l.layer === 'ieepa-jp-0409')?.reason).toMatch(/uncertain: .*not verified/);
    expect(total(duty(CONSOLE, 'JP', '2025-04-10', 10_000_00n))).toBe('1000.00');
  });

  it('makes Japan inclusive 15% from 2025-08-07, retroactively replacing 9903.02.30 (shown, not charged)', () => {
    expect(total(duty(CONSOLE, 'JP', '2025-08-06', 10_000_00n))).toBe('1000.00');
    const r = duty(CONSOLE, 'JP', '2025-08-07', 10_000_00n);
    expect(appliedHeadings(r)).toEqual(['9903.02.73=1500.00', '9504.50.00=0.00']);
    const retro = line(r, '9903.02.30');
    expect(retro?.applied).toBe(false);
    expect(retro?.reason).toMatch(/retroactively.*would have been \$1,500\.00/);
  });

  it('tops column 1 below 15% up to 15% and adds nothing at or above 15% (9903.02.72)', () => {
    expect(appliedHeadings(duty(CONSOLE, 'JP', '2025-10-01', 10_000_00n, { mfn: '14.9%' }))).toEqual([
      '9903.02.73=10.00',
      '9504.50.00=1490.00',
    ]);
    expect(appliedHeadings(duty(CONSOLE, 'JP', '2025-10-01', 10_000_00n, { mfn: '15%' }))).toEqual([
      '9903.02.72=0.00',
      '9504.50.00=1500.00',
    ]);
    expect(appliedHeadings(duty(CONSOLE, 'JP', '2025-10-01', 10_000_00n, { mfn: '20%' }))).toEqual([
      '9903.02.72=0.00',
      '9504.50.00=2000.00',
    ]);
  });

  it('uses the ad valorem equivalent of a specific rate (CBP: 50¢/kg, 1 kg, $10 → AVE 5%, +10%)', () => {
    const r = duty(CONSOLE, 'JP', '2025-10-01', 10_00n, { mfn: '50¢/kg', weightKg: '1' });
    expect(appliedHeadings(r)).toEqual(['9903.02.73=1.00', '9504.50.00=0.50']);
    expect(line(r, '9504.50.00')?.reason).toMatch(/ad valorem equivalent 5%/);
    // A heavier shipment has a higher AVE, so a smaller top-up: 50¢/kg × 2.5 kg on $10 = $1.25 (12.5%).
    expect(
      line(duty(CONSOLE, 'JP', '2025-10-01', 10_00n, { mfn: '50¢/kg', weightKg: '2.5' }), '9903.02.73')?.duty,
    ).toBe(25n);
  });

  it('keeps in-transit goods (loaded before 2025-08-07, entered before 2025-10-05) on the baseline', () => {
    const transit = duty(CONSOLE, 'JP', '2025-10-04', 10_000_00n, { loaded: isoDate('2025-08-06') });
    expect(appliedHeadings(transit)).toEqual(['9903.01.25=1000.00', '9504.50.00=0.00']);
    expect(line(transit, '9903.02.73')?.reason).toMatch(/in transit/);
    expect(total(duty(CONSOLE, 'JP', '2025-10-05', 10_000_00n, { loaded: isoDate('2025-08-06') }))).toBe(
      '1500.00',
    );
    expect(total(duty(CONSOLE, 'JP', '2025-10-04', 10_000_00n, { loaded: isoDate('2025-08-07') }))).toBe(
      '1500.00',
    );
    expect(total(duty(CONSOLE, 'JP', '2025-10-04', 10_000_00n))).toBe('1500.00');
  });

  it('charges an in-transit line of another origin the baseline once, not twice', () => {
    const r = duty(CONSOLE, 'DE', '2025-08-20', 1_000_00n, { loaded: isoDate('2025-08-01') });
    expect(appliedHeadings(r)).toEqual(['9903.01.25=100.00', '9504.50.00=0.00']);
    // Germany now has its own EO 14326 layer (EU inclusive 15%, 9903.02.20), which yields in transit.
    expect(r.lines.find((l) => l.layer === 'ieepa-eu-inclusive')?.reason).toMatch(/in transit/);
    const th = duty(CONSOLE, 'TH', '2025-08-20', 1_000_00n, { loaded: isoDate('2025-08-01') });
    expect(appliedHeadings(th)).toEqual(['9903.01.25=100.00', '9504.50.00=0.00']);
    // Thailand's EO 14326 rate (9903.02.61, 19%) yields in transit to the 10% in force when it was loaded.
    expect(th.lines.find((l) => l.layer === 'ieepa-th-eo14326')?.reason).toMatch(/in transit/);
  });

  it('charges the reciprocal duty on non-US content only when US content is at least 20% (9903.01.34)', () => {
    expect(total(duty(CONSOLE, 'DE', '2025-05-01', 10_000_00n, { usContentShare: 200_000 }))).toBe('800.00');
    expect(total(duty(CONSOLE, 'DE', '2025-05-01', 10_000_00n, { usContentShare: 199_999 }))).toBe('1000.00');
  });

  it('ends IEEPA duties for entries from 2026-02-24', () => {
    expect(total(duty(CONSOLE, 'JP', '2026-02-23', 10_000_00n))).toBe('1500.00');
    expect(
      duty(CONSOLE, 'JP', '2026-02-24', 10_000_00n).lines.some((l) => l.program === 'ieepa-reciprocal'),
    ).toBe(false);
  });

  it('repeats the IEEPA refund caveat in every explanation that uses it', () => {
    const r = duty(CONSOLE, 'DE', '2025-05-01', 10_000_00n);
    expect(line(r, '9903.01.25')?.reason).toMatch(/uncertain: IEEPA duties/);
    expect(line(r, '9903.01.25')?.uncertain.length).toBe(1);
  });
});

describe('Section 122 surcharge 2026-02-24 → 2026-07-23', () => {
  it('charges Japan column 1 + 10% with no 15% floor, inside the window only', () => {
    expect(appliedHeadings(duty(CONSOLE, 'JP', '2026-02-24', 10_000_00n))).toEqual([
      '9903.03.01=1000.00',
      '9504.50.00=0.00',
    ]);
    expect(total(duty(CONSOLE, 'JP', '2026-07-23', 10_000_00n))).toBe('1000.00');
    expect(duty(CONSOLE, 'DE', '2026-07-24', 10_000_00n).lines.some((l) => l.heading === '9903.03.01')).toBe(
      false,
    );
  });

  it('exempts civil aircraft, USMCA goods, in-transit goods and 232 goods', () => {
    expect(line(duty('8802.40.01', 'FR', '2026-03-01', 10_000_00n), '9903.03.01')?.reason).toMatch(
      /9903\.03\.05/,
    );
    // U.S. note 2(aa)(vii) (9903.03.08): only goods of Mexico entered free under the USMCA are exempt, and the
    // preference is claimed on the entry: without the claim (by default) the surcharge is owed.
    expect(
      line(duty(CONSOLE, 'MX', '2026-03-01', 10_000_00n, { usmca: true }), '9903.03.01')?.reason,
    ).toMatch(/USMCA.*9903\.03\.08/);
    expect(line(duty(CONSOLE, 'MX', '2026-03-01', 10_000_00n), '9903.03.01')?.applied).toBe(true);
    // In transit (9903.03.02): loaded before 2026-02-24 AND entered before 2026-02-28.
    expect(
      line(duty(CONSOLE, 'DE', '2026-02-27', 10_000_00n, { loaded: isoDate('2026-02-23') }), '9903.03.01')
        ?.applied,
    ).toBe(false);
    expect(
      line(duty(CONSOLE, 'DE', '2026-03-01', 10_000_00n, { loaded: isoDate('2026-02-23') }), '9903.03.01')
        ?.applied,
    ).toBe(true);
    expect(
      line(duty(CONSOLE, 'DE', '2026-03-01', 10_000_00n, { loaded: isoDate('2026-02-24') }), '9903.03.01')
        ?.applied,
    ).toBe(true);
    expect(line(duty(CAR, 'DE', '2026-03-01', 10_000_00n), '9903.03.01')?.reason).toMatch(/9903\.03\.06/);
  });

  it('marks the forced-labor rate for Japan from 2026-07-24 as unverified', () => {
    const r = duty(CONSOLE, 'JP', '2026-07-24', 10_000_00n);
    expect(total(r)).toBe('1250.00');
    expect(r.lines.find((l) => l.program === 's301-fl')?.reason).toMatch(/Revision 13/);
    expect(total(duty(CONSOLE, 'JP', '2026-07-23', 10_000_00n))).toBe('1000.00');
  });
});

describe('Section 232 metals: content splits and the 2026 annex', () => {
  it('charges 25% on the full value from 2025-03-12 (none the day before)', () => {
    expect(total(duty(STEEL, 'DE', '2025-03-11', 10_000_00n))).toBe('290.00');
    expect(appliedHeadings(duty(STEEL, 'DE', '2025-03-12', 10_000_00n))).toEqual([
      '9903.81.90=2500.00',
      '7326.90.86=290.00',
    ]);
  });

  it('from 2025-06-04 charges 50% on the metal content and the reciprocal on the rest', () => {
    expect(total(duty(STEEL, 'DE', '2025-06-03', 10_000_00n, { metalContent: 4_000_00n }))).toBe('2790.00');
    const r = duty(STEEL, 'DE', '2025-06-04', 10_000_00n, { metalContent: 4_000_00n });
    expect(appliedHeadings(r)).toEqual(['9903.01.25=600.00', '9903.81.90=2000.00', '7326.90.86=290.00']);
    // --metal-share gives the same split.
    expect(total(duty(STEEL, 'DE', '2025-06-04', 10_000_00n, { metalShare: 400_000 }))).toBe('2890.00');
  });

  it('treats the whole value as metal when no content is given, and says so', () => {
    const r = duty(STEEL, 'DE', '2025-07-01', 10_000_00n);
    expect(line(r, '9903.81.90')?.reason).toMatch(/whole value is treated as metal/);
    expect(line(r, '9903.01.25')?.applied).toBe(false);
  });

  it('keeps the United Kingdom at 25%', () => {
    expect(appliedHeadings(duty(STEEL, 'GB', '2025-07-01', 10_000_00n, { metalContent: 4_000_00n }))[1]).toBe(
      '9903.81.97=1000.00',
    );
  });

  it('charges the note 16 tiers on the full value from 2026-04-06, with no section 122 surcharge', () => {
    expect(total(duty(STEEL, 'DE', '2026-04-05', 10_000_00n, { metalContent: 4_000_00n }))).toBe('2890.00');
    // From 2026-04-06 note 16(c) lists statistical numbers under 7326.90.86 in different tiers, so the 8-digit
    // code no longer decides the duty: the engine asks for the 10-digit one.
    const eight = duty(STEEL, 'DE', '2026-04-06', 10_000_00n);
    expect(line(eight, '9903.82.02')?.reason).toMatch(
      /7326\.90\.86\.88 of 7326\.90\.86; give the 10-digit HTS code/,
    );
    // Not silent: the total leaves those layers out, and the result says so among its assumptions.
    expect(eight.assumptions.find((a) => a.fact === 'hts-statistical')?.used).toMatch(/7326\.90\.86\.88/);
    expect(
      duty('7326.90.86.88', 'DE', '2026-04-06', 10_000_00n).assumptions.map((a) => a.fact),
    ).not.toContain('hts-statistical');
    // 7326.90.86.88 is in the 50% lists (c)(i)–(iv); 7326.90.86.60 only from 2026-06-08 in the 25% lists.
    const r = duty('7326.90.86.88', 'DE', '2026-04-06', 10_000_00n, { metalContent: 4_000_00n });
    expect(appliedHeadings(r)).toEqual(['9903.82.02=5000.00', '7326.90.86.88=290.00']);
    expect(line(r, '9903.82.02')?.source).toMatch(/U\.S\. note 16\(a\)–\(c\)/);
    expect(appliedHeadings(duty('7326.90.86.60', 'DE', '2026-06-08', 10_000_00n))[0]).toBe(
      '9903.82.09=2500.00',
    );
  });

  it('places each list of note 16(c) in its tier, and lifts Annex II goods out of Section 232', () => {
    // (vi)–(vii), 25% (9903.82.09); from 2026-06-08 8415.10.60 moves to the 15% tier: column 1 (1%) and
    // 9903.82.10 together 15%. 8486.90.00 was a 2025 aluminum derivative (note 19(k)) and is in no list of
    // note 16(c): from 2026-04-06 it owes no metals duty.
    const ac = { metalWeightShare: 400_000 };
    expect(appliedHeadings(duty('8415.10.60', 'DE', '2026-05-01', 10_000_00n, ac))[0]).toBe(
      '9903.82.09=2500.00',
    );
    expect(appliedHeadings(duty('8415.10.60', 'DE', '2026-06-10', 10_000_00n, ac))[0]).toBe(
      '9903.82.10=1400.00',
    );
    const annexII = duty('8486.90.00', 'DE', '2026-05-01', 10_000_00n);
    expect(annexII.lines.some((l) => l.applied && l.heading.startsWith('9903.82'))).toBe(false);
  });

  it('applies the tiers outside chapters 72/73/74/76 only from 15% metal by weight (9903.82.03)', () => {
    const below = line(
      duty('8415.10.60', 'DE', '2026-05-01', 10_000_00n, { metalWeightShare: 149_999 }),
      '9903.82.09',
    );
    expect(below?.applied).toBe(false);
    expect(below?.reason).toMatch(/9903\.82\.03/);
    // The entry reports the article under 9903.82.03 at $0.00 (and Section 122 applies to it, not being a 232 good).
    expect(
      filedLines(duty('8415.10.60', 'DE', '2026-05-01', 10_000_00n, { metalWeightShare: 149_999 })).map(
        (l) => l.heading,
      ),
    ).toEqual(['9903.03.01', '9903.82.03', '8415.10.60']);
    expect(
      line(duty('8415.10.60', 'DE', '2026-05-01', 10_000_00n, { metalWeightShare: 150_000 }), '9903.82.09')
        ?.duty,
    ).toBe(2_500_00n);
  });
});

describe('timber, aircraft and Section 301', () => {
  it('charges upholstered wood seats 25% from 2025-10-14 (30% only from 2027-01-01) and Japan 15% inclusive', () => {
    const seat = '9401.61.40.11';
    // Before the timber action a German seat (column 1 Free) pays the EU inclusive 15% (EO 14326), not 10%.
    expect(total(duty(seat, 'DE', '2025-10-13', 1_000_00n))).toBe('150.00');
    // From 2025-10-14 EU seats file 9903.76.22 at 15% inclusive (Proc. 10976, CSMS #66492057), not the 25% of
    // 9903.76.02 this test expected before the EU cap was encoded; a Thai seat shows the general rate.
    expect(total(duty(seat, 'DE', '2025-10-14', 1_000_00n))).toBe('150.00');
    expect(total(duty(seat, 'TH', '2025-10-14', 1_000_00n))).toBe('250.00');
    // The 30% step was postponed from 2026-01-01 to 2027-01-01 (proclamation of 2025-12-31 amending Proc. 10976;
    // HTSUS 2026 Rev 6 9903.76.02 is + 25%): this test expected 30% from 2026-01-01 before issue 13.
    expect(total(duty(seat, 'TH', '2026-01-01', 1_000_00n))).toBe('250.00');
    expect(total(duty(seat, 'TH', '2026-12-31', 1_000_00n))).toBe('250.00');
    expect(line(duty(seat, 'TH', '2027-01-01', 1_000_00n), '9903.76.02')?.reason).toMatch(/^30%.*2027-01-01/);
    expect(appliedHeadings(duty(seat, 'JP', '2025-10-14', 1_000_00n))).toEqual([
      '9903.76.21=150.00',
      '9401.61.40.11=0.00',
    ]);
  });

  it('asks for the 10-digit code when a list covers only some statistical lines', () => {
    expect(line(duty('9401.61.40', 'DE', '2025-11-01', 1_000_00n), '9903.76.02')?.reason).toMatch(
      /give the 10-digit/,
    );
  });

  it('relieves Japanese civil aircraft of the reciprocal from 2025-09-16 (9903.96.02)', () => {
    expect(total(duty('8802.40.01', 'JP', '2025-09-15', 1_000_000_00n))).toBe('150000.00');
    expect(appliedHeadings(duty('8802.40.01', 'JP', '2025-09-16', 1_000_000_00n))).toEqual([
      '9903.96.02=0.00',
      '8802.40.01=0.00',
    ]);
  });

  it('lets the four-year-review rate replace the list rate for Chinese EVs', () => {
    const r = duty('8703.80.00', 'CN', '2025-05-01', 10_000_00n);
    // The China fentanyl tariff (EO 14228, 9903.01.24 at 20%) is not an EO 14289 action: it stacks on 232 autos.
    expect(appliedHeadings(r)).toEqual([
      '9903.91.03=10000.00',
      '9903.01.24=2000.00',
      '9903.94.01=2500.00',
      '8703.80.00=250.00',
    ]);
    // 8703.80.00 is on none of lists 1–4A (U.S. note 20 of HTSUS 2026 Rev 6): this test expected a list line
    // replaced by the four-year-review rate before the lists were read from the note.
    expect(r.lines.some((l) => l.program === 's301')).toBe(false);
    // A hybrid car (8703.40.00) is on list 1 (9903.88.01) and not in note 31(d): the list rate applies.
    expect(appliedHeadings(duty('8703.40.00', 'CN', '2025-05-01', 10_000_00n))[0]).toBe('9903.88.01=2500.00');
  });
});

describe('rounding and a full entry reconciled to the cent', () => {
  it('rounds each layer to the cent before adding', () => {
    // 25% of $0.30 = 7.5¢ → 8¢; 2.9% of $0.30 = 0.87¢ → 1¢; total 9¢ (not round(8.37¢) = 8¢).
    expect(appliedHeadings(duty(STEEL, 'DE', '2025-05-01', 30n))).toEqual([
      '9903.81.90=0.08',
      '7326.90.86=0.01',
    ]);
    expect(total(duty(STEEL, 'DE', '2025-05-01', 30n))).toBe('0.09');
  });

  it('reconciles a Chinese semiconductor entry: 301 + fentanyl + column 1 (reciprocal exempt), MPF and HMF', () => {
    const r = duty('8542.31.00', 'CN', '2025-05-01', 123_456_78n, { transport: 'ocean' });
    // On 2025-05-01 China's reciprocal rate was 125% (EO 14266, 9903.01.63), but 8542.31.00 is exempt under
    // 9903.01.32 from 2025-04-05 (U.S. note 2(v)(iii)(a); memorandum of 2025-04-11): this test charged the 125%
    // before issue 13. The fentanyl tariff (EO 14228, 9903.01.24) adds 20%: 50% + 20% + Free.
    expect(appliedHeadings(r)).toEqual(['9903.91.05=61728.39', '9903.01.24=24691.36', '8542.31.00=0.00']);
    // Two layers file 9903.01.63 that day (the 125%, and the 84% for goods loaded on 2025-04-09): the 125% says why.
    expect(r.lines.find((l) => l.layer === 'ieepa-cn-125')?.reason).toMatch(/9903\.01\.32/);
    expect(total(r)).toBe('86419.75');
    expect(r.effectiveRate).toBe(700_000);
    expect(formatCents(r.fees.mpf.amount)).toBe('427.65');
    expect(formatCents(r.fees.hmf)).toBe('154.32');
  });

  it('reconciles a Japanese steel article with metal and US content, in transit, to the cent', () => {
    const r = duty(STEEL, 'JP', '2025-08-20', 10_000_00n, {
      metalContent: 4_000_00n,
      usContentShare: 250_000,
      loaded: isoDate('2025-08-01'),
    });
    // 50% × $4,000 + 10% × ($10,000 − $4,000 − $2,500) + 2.9% × $10,000
    expect(appliedHeadings(r)).toEqual(['9903.01.25=350.00', '9903.81.90=2000.00', '7326.90.86=290.00']);
    expect(total(r)).toBe('2640.00');
  });
});

describe('bad input', () => {
  it('rejects an unknown HTS code with the nearest lines, and a hint to --hts-file for a revision not installed', () => {
    expect(errorCode(() => duty('1234.56.78', 'JP', '2025-05-01', 100n))).toBe('hts-unknown');
    // 8708.29.50 was renumbered 8708.29.51 before 2025: not a line on any date accord covers.
    expect(() => duty('8708.29.50', 'JP', '2026-07-01', 100n)).toThrow(
      /^HTS 8708\.29\.50 is not a line of the HTS 2026 Revision 10; nearest: 8708\.29\.51 \(/,
    );
    expect(() => duty('8708.29.50', 'JP', '2026-07-01', 100n)).not.toThrow(/import-hts/);
    // Before the earliest installed revision, the one in force may have had it: say how to install it.
    expect(() => duty('1234.56.78', 'JP', '2025-05-01', 100n)).toThrow(
      /nearest: 1214\.90\.00 .*not installed.*import-hts FILE --effective DATE.*--hts-file FILE/,
    );
    // The code must be a line even when the user gives its rate.
    expect(errorCode(() => duty('1234.56.78', 'DE', '2025-05-01', 100_00n, { mfn: '5%' }))).toBe(
      'hts-unknown',
    );
    expect(errorCode(() => duty('9903.88.03', 'CN', '2025-05-01', 100n))).toBe('hts-chapter-99');
  });

  it('asks for --mfn when column 1 sets the rate by reference, and computes with it', () => {
    expect(errorCode(() => duty('2106.90.52.00', 'DE', '2026-07-01', 100_00n))).toBe('hts-rate-unreadable');
    expect(() => duty('2106.90.52.00', 'DE', '2026-07-01', 100_00n)).toThrow(
      /"The rate applicable to the natural juice in heading 2009".*--mfn RATE/,
    );
    const r = duty('2106.90.52.00', 'DE', '2026-07-01', 100_00n, { mfn: '5%' });
    expect(byLayer(r, 'mfn')?.duty).toBe(5_00n);
  });

  it('rejects impossible dates, dates before the rule base, negative values and bad origins', () => {
    expect(
      errorCode(() =>
        computeDuty(engine, { hts: CAR, origin: 'JP', date: '2025-02-30' as never, value: 1n }),
      ),
    ).toBe('duty-input-invalid');
    expect(errorCode(() => duty(CAR, 'JP', '2024-12-31', 1n))).toBe('duty-input-invalid');
    expect(errorCode(() => duty(CAR, 'JP', '2025-05-01', -1n))).toBe('duty-input-invalid');
    expect(errorCode(() => duty(CAR, 'Japan', '2025-05-01', 1n))).toBe('duty-input-invalid');
    expect(errorCode(() => duty(CAR, 'JP', '2025-05-01', 1n, { loaded: isoDate('2025-06-01') }))).toBe(
      'duty-input-invalid',
    );
    expect(errorCode(() => duty(CAR, 'JP', '2025-05-01', 100n, { metalContent: 200n }))).toBe(
      'duty-input-invalid',
    );
  });

  it('asks for a weight for a specific rate and rejects an unreadable --mfn', () => {
    expect(errorCode(() => duty(CONSOLE, 'JP', '2025-05-01', 100n, { mfn: '4.4¢/kg' }))).toBe(
      'mfn-needs-input',
    );
    expect(errorCode(() => duty(CONSOLE, 'JP', '2025-05-01', 100n, { mfn: 'cheap' }))).toBe('mfn-invalid');
    expect(errorCode(() => duty(CONSOLE, 'JP', '2025-05-01', 100n, { mfn: '4.4¢/kg', weightKg: '-1' }))).toBe(
      'weight-invalid',
    );
  });
});

describe('narrowToCode', () => {
  it('gives the same duty and eras as the whole engine, with fewer layers', () => {
    // Every rated line without a specific rate (those need a weight).
    const codes = extractCodes({ adValoremOnly: true });
    expect(codes.length).toBeGreaterThan(40);
    for (const hts of codes) {
      const narrow = narrowToCode(engine, hts);
      expect(narrow.layers.length).toBeLessThan(engine.layers.length);
      for (const origin of ['JP', 'CN', 'DE', 'MX', 'GB']) {
        const eras = eraBoundaries(engine, hts, { origin });
        expect(eraBoundaries(narrow, hts, { origin })).toEqual(eras);
        for (const date of eras.filter((d) => d >= engine.ruleBase.coverageFrom)) {
          const input = { hts, origin, date, value: 12_345_67n, transport: 'ocean' as const };
          expect(computeDuty(narrow, input)).toEqual(computeDuty(engine, input));
        }
      }
    }
  });
});

describe('originClass', () => {
  it('groups only origins that get the same eras and the same charged layers and rates', () => {
    const codes = extractCodes({ adValoremOnly: true });
    const origins = [
      'JP',
      'CN',
      'HK',
      'DE',
      'FR',
      'IT',
      'NL',
      'ES',
      'GB',
      'CA',
      'MX',
      'KR',
      'VN',
      'IN',
      'BR',
      'AU',
      'CH',
    ];
    const charged = (hts: string, origin: string, date: string) =>
      computeDuty(engine, { hts, origin, date: isoDate(date), value: 12_345_67n })
        .lines.filter((l) => l.applied)
        .map((l) => `${l.heading}@${l.rate}`);
    let shared = 0;
    for (const hts of codes) {
      const narrow = narrowToCode(engine, hts);
      const byClass = new Map<string, string>();
      for (const origin of origins) {
        const key = originClass(narrow, origin);
        const first = byClass.get(key);
        if (first === undefined) {
          byClass.set(key, origin);
          continue;
        }
        shared++;
        const eras = eraBoundaries(narrow, hts, { origin: first });
        expect(eraBoundaries(narrow, hts, { origin })).toEqual(eras);
        for (const date of eras.filter((d) => d >= engine.ruleBase.coverageFrom)) {
          expect(charged(hts, origin, date)).toEqual(charged(hts, first, date));
        }
      }
      // Japan's deal and the CA/MX exemptions set those origins apart wherever a layer names them.
      expect(originClass(narrow, 'JP') === originClass(narrow, 'DE')).toBe(
        narrow.layers.every((l) => !l.countries.only?.includes('JP') && !l.countries.except?.includes('JP')),
      );
    }
    // Since every EO 14326 country rate is its own layer, most origins stand alone; the EU members still share
    // one class (four shared per code) and so do China and Hong Kong.
    expect(shared).toBeGreaterThan(codes.length * 3);
  });
});

describe('layers listed', () => {
  it('leaves out layers written for other countries only, and keeps those that name the origin as an exception', () => {
    for (const origin of ['DE', 'JP', 'CN', 'CA', 'TH']) {
      const r = duty(CAR, origin, '2025-10-01', 40_000_00n);
      for (const l of r.lines) {
        const layer = engine.layers.find((x) => x.id === l.layer);
        if (layer?.countries.only) expect(layer.countries.only).toContain(origin);
      }
    }
    const german = duty(CAR, 'DE', '2025-10-01', 40_000_00n);
    expect(german.lines.map((l) => l.layer)).not.toContain('ieepa-jp-inclusive');
    // The baseline for other origins names the EU members as exceptions: it is listed, with why.
    expect(german.lines.find((l) => l.layer === 'ieepa-baseline-others')?.reason).toMatch(
      /does not apply to goods of DE/,
    );
  });
});

describe('computeDuty without explanations', () => {
  it('charges the same layers, rates, bases and duties, with the sentences left empty', () => {
    const codes = extractCodes({ adValoremOnly: true });
    const amounts = (r: DutyResult) =>
      r.lines.map((l) => [l.layer, l.heading, l.rate, l.base, l.duty, l.applied, l.filingOrder]);
    const inputs: DutyInput[] = [];
    for (const hts of codes) {
      for (const origin of ['JP', 'CN', 'DE', 'CA', 'MX', 'GB', 'KR', 'TH']) {
        for (const date of [
          '2025-03-05',
          '2025-04-09',
          '2025-06-04',
          '2025-08-07',
          '2025-10-14',
          '2026-03-01',
        ]) {
          inputs.push({ hts, origin, date: isoDate(date), value: 98_765_43n, transport: 'ocean' });
        }
      }
    }
    // Content splits, in-transit entries and metal-weight tests take the sentences' other branches.
    inputs.push(
      { hts: STEEL, origin: 'DE', date: isoDate('2025-07-01'), value: 10_000_00n, metalContent: 4_000_00n },
      { hts: STEEL, origin: 'CA', date: isoDate('2025-07-01'), value: 10_000_00n, metalShare: 300_000 },
      { hts: CONSOLE, origin: 'VN', date: isoDate('2025-09-01'), value: 10_000_00n, usContentShare: 250_000 },
      {
        hts: CAR,
        origin: 'JP',
        date: isoDate('2025-09-01'),
        value: 40_000_00n,
        loaded: isoDate('2025-08-01'),
      },
      { hts: STEEL, origin: 'JP', date: isoDate('2026-05-01'), value: 10_000_00n, metalWeightShare: 100_000 },
    );
    for (const input of inputs) {
      const full = computeDuty(engine, input);
      const bare = computeDuty(engine, input, { explain: false });
      expect(amounts(bare)).toEqual(amounts(full));
      expect(bare.totalDuty).toBe(full.totalDuty);
      expect(full.lines.every((l) => l.reason !== '')).toBe(true);
      expect(bare.lines.filter((l) => l.layer !== 'mfn').every((l) => l.reason === '')).toBe(true);
    }
  });
});
