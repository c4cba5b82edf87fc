/**
 * The legal misses of issue 13, each decided by the primary text it cites (HTSUS Chapter 99 notes and
 * headings of 2026 Revision 6, proclamations and executive orders with their Federal Register citations, CBP
 * CSMS messages). Each case failed before the rule base was corrected.
 */
import { describe, expect, it } from 'vitest';
import { isoDate } from '../_lib/date.js';
import { appliedHeadings, byLayer, duty, engine, total } from './_test/duty-helpers.js';
import type { DutyResult } from './engine.js';
import { eraBoundaries } from './engine.js';

const heading = (r: DutyResult, h: string) => r.lines.find((l) => l.heading === h);
const V = 10_000_00n;

describe('IEEPA reciprocal exemptions: 9903.01.32 (U.S. note 2(v)(iii)(a)) with the dates each entry took effect', () => {
  it('charges a Chinese smartphone the fentanyl duty only: electronics exempt from 2025-04-05', () => {
    // Issue 13: $3,000 instead of $2,000. 8517.13.00 is listed in note 2(v)(iii)(a) (memorandum of 2025-04-11,
    // retroactive to 2025-04-05); the fentanyl duty (EO 14228, 9903.01.24) is not a reciprocal heading.
    const r = duty('8517.13.00', 'CN', '2025-06-01', V);
    expect(appliedHeadings(r)).toEqual(['9903.01.24=2000.00', '8517.13.00=0.00']);
    expect(heading(r, '9903.01.25')?.reason).toMatch(/9903\.01\.32/);
    // Also inside the 125% window (9903.01.63 is one of the headings 9903.01.32 exempts from).
    expect(total(duty('8517.13.00', 'CN', '2025-04-10', V))).toBe('2000.00');
  });

  it('charges an Irish medicament (3004.90.92) no reciprocal duty: Annex II', () => {
    // Issue 13: $1,500 instead of $0 (the EU inclusive 15%, 9903.02.20, is one of the exempted headings).
    const r = duty('3004.90.92', 'IE', '2025-09-01', V);
    expect(total(r)).toBe('0.00');
    expect(heading(r, '9903.02.20')?.reason).toMatch(/9903\.01\.32/);
  });

  it('exempts an entry only from the date it was listed (coffee, listed from 2025-11-13)', () => {
    expect(appliedHeadings(duty('0901.11.00', 'CO', '2025-11-12', V))).toEqual([
      '9903.01.25=1000.00',
      '0901.11.00=0.00',
    ]);
    expect(total(duty('0901.11.00', 'CO', '2025-11-13', V))).toBe('0.00');
    expect(eraBoundaries(engine, '0901.11.00')).toContain(isoDate('2025-11-13'));
  });

  it('charges an entry removed from Annex II from the day it was removed (3907.61.00, removed 2025-09-08)', () => {
    expect(total(duty('3907.61.00', 'TH', '2025-09-07', V))).toBe('650.00');
    // Thailand's EO 14326 rate: 9903.02.61, + 19% (column 1 6.5%).
    expect(total(duty('3907.61.00', 'TH', '2025-09-08', V))).toBe('2550.00');
  });
});

describe('Section 122 (9903.03.01): the exemption annex and the in-transit rule', () => {
  it('does not charge the pharmaceuticals of U.S. note 2(aa)(ii) (9903.03.03)', () => {
    const r = duty('3004.90.92', 'DE', '2026-03-01', V);
    expect(total(r)).toBe('0.00');
    expect(heading(r, '9903.03.01')?.reason).toMatch(/9903\.03\.03/);
    expect(total(duty('9504.50.00', 'DE', '2026-03-01', V))).toBe('1000.00');
  });

  it('exempts goods in transit only if loaded before 2026-02-24 AND entered before 2026-02-28 (9903.03.02)', () => {
    const loaded = { loaded: isoDate('2026-02-20') };
    expect(total(duty('9504.50.00', 'DE', '2026-02-27', V, loaded))).toBe('0.00');
    expect(total(duty('9504.50.00', 'DE', '2026-02-28', V, loaded))).toBe('1000.00');
  });
});

describe('Section 232 timber: the 2026 steps postponed to 2027-01-01', () => {
  it('keeps kitchen cabinets at 25% (9903.76.03) through 2026 and charges 50% from 2027-01-01', () => {
    const cabinet = '9403.40.90.60';
    expect(appliedHeadings(duty(cabinet, 'TH', '2026-06-01', V))).toEqual([
      '9903.76.03=2500.00',
      '9403.40.90.60=0.00',
    ]);
    expect(total(duty(cabinet, 'TH', '2027-01-01', V))).toBe('5000.00');
    // Japan's inclusive 15% (9903.76.21) covers cabinets too (note 37(f), (i)).
    expect(appliedHeadings(duty(cabinet, 'JP', '2026-06-01', V))).toEqual([
      '9903.76.21=1500.00',
      '9403.40.90.60=0.00',
    ]);
  });
});

describe('Section 301 forced-labor action (2026): a top-up to 12.5%, with its exemptions', () => {
  it('brings column 1 plus the duty UP TO 12.5%, not 12.5% on top', () => {
    // Tableware of 6912.00.48 (column 1 9.8%): 2.7% more, $270, not $1,250.
    const r = duty('6912.00.48', 'JP', '2026-08-01', V);
    expect(total(r)).toBe('1250.00');
    expect(byLayer(r, 's301fl-jp')?.duty).toBe(270_00n);
    // Column 1 at or above 12.5%: nothing more.
    expect(total(duty('6912.00.48', 'JP', '2026-08-01', V, { mfn: '20%' }))).toBe('2000.00');
  });

  it('does not charge an exempt product', () => {
    const r = duty('3004.90.92', 'JP', '2026-08-01', V);
    expect(total(r)).toBe('0.00');
    expect(byLayer(r, 's301fl-jp')?.applied).toBe(false);
  });
});

describe('Canada/Mexico IEEPA duty does not stack on Section 232 timber or trucks (EO 14289 sec. 3(a)(i))', () => {
  it('charges a Canadian upholstered seat the timber duty only (Proc. 10976 cl. 6)', () => {
    const r = duty('9401.61.40.11', 'CA', '2025-11-01', V);
    expect(appliedHeadings(r)).toEqual(['9903.76.02=2500.00', '9401.61.40.11=0.00']);
    expect(heading(r, '9903.01.10')?.reason).toMatch(/Proc\. 10976/);
  });

  it('charges a Mexican medium/heavy truck the truck duty only (Proc. 10984 cl. 9)', () => {
    const r = duty('8704.22.51', 'MX', '2025-11-15', V);
    expect(r.lines.some((l) => l.heading === '9903.01.01' && l.applied)).toBe(false);
    expect(heading(r, '9903.01.01')?.reason).toMatch(/Proc\. 10984/);
  });
});

describe('Section 232 aluminum derivatives outside chapter 76 before 2025-06-04', () => {
  it('charges the aluminum content only (Proc. 10895; U.S. note 19(k))', () => {
    const r = duty('8541.90.00.80', 'DE', '2025-05-01', V, { metalContent: 2_000_00n });
    expect(appliedHeadings(r)).toEqual(['9903.85.08=500.00', '8541.90.00.80=0.00']);
  });
});

describe('Section 301 China: the full lists of U.S. note 20 and the four-year review of note 31', () => {
  it('charges 7326.90.86 from China List 3 on top of Section 232 and column 1 (a CBP Form 7501 line)', () => {
    const r = duty('7326.90.86', 'CN', '2026-03-01', 14_172_00n);
    expect(appliedHeadings(r)).toEqual(['9903.88.03=3543.00', '9903.81.90=7086.00', '7326.90.86=410.99']);
    expect(total(r)).toBe('11039.99');
  });

  it('applies a USTR exclusion naming a whole statistical number through 2026-11-09 (9903.88.69, note 20(vvv))', () => {
    const excluded = '8483.50.90.40'; // list 1 (8483.50.90); excluded under note 20(vvv)(1)
    const r = duty(excluded, 'CN', '2026-06-01', V);
    expect(r.lines.some((l) => l.heading === '9903.88.01' && l.applied)).toBe(false);
    expect(heading(r, '9903.88.01')?.reason).toMatch(/9903\.88\.69/);
    expect(
      duty(excluded, 'CN', '2026-11-10', V).lines.some((l) => l.heading === '9903.88.01' && l.applied),
    ).toBe(true);
  });

  it('files non-EV lithium-ion batteries under 9903.91.06 at 25% from 2026-01-01 (note 31(g)), list 4A before', () => {
    // USTR's four-year review (89 FR 76581) raised them from list 4A's 7.5% to 25% on 2026-01-01; the 2026 Revision
    // 10 footnote to 8507.60.00 still reads "See 9903.88.15 and 9903.91.06".
    const battery = '8507.60.00.90';
    const before = duty(battery, 'CN', '2025-12-31', V);
    expect(appliedHeadings(before).filter((h) => h.startsWith('9903.88') || h.startsWith('9903.91'))).toEqual(
      ['9903.88.15=750.00'],
    );
    const after = duty(battery, 'CN', '2026-01-01', V);
    expect(appliedHeadings(after).filter((h) => h.startsWith('9903.88') || h.startsWith('9903.91'))).toEqual([
      '9903.91.06=2500.00',
    ]);
  });
});

describe('UK reciprocal heading and the CBP reporting order (CSMS #65829726)', () => {
  it('files UK goods under 9903.02.66', () => {
    expect(appliedHeadings(duty('9504.50.00', 'GB', '2025-09-01', V))).toEqual([
      '9903.02.66=1000.00',
      '9504.50.00=0.00',
    ]);
  });

  it('lists Section 301, then IEEPA fentanyl, then IEEPA reciprocal, then Section 232, then column 1', () => {
    const r = duty('7326.90.86', 'CN', '2025-06-10', V, { metalContent: 4_000_00n });
    expect(appliedHeadings(r).map((h) => h.split('=')[0])).toEqual([
      '9903.88.03',
      '9903.01.24',
      '9903.01.25',
      '9903.81.90',
      '7326.90.86',
    ]);
  });
});

describe('Section 201 safeguard on CSPV cells and modules (U.S. note 18): its years and its end', () => {
  const safeguard = (r: DutyResult) => appliedHeadings(r).filter((h) => h.startsWith('9903.45.2'));

  it('steps from 14.25% to 14% on 2025-02-07 and charges nothing on entries from 2026-02-07', () => {
    // Note 18(h): + 14.25% for entries 2024-02-07 through 2025-02-06, + 14% through 2026-02-06; the 2026
    // Revision 6 text marks the note and its headings expired (87 FR 7357, Proc. 10339).
    expect(safeguard(duty('8541.43.00.10', 'KR', '2025-02-06', V))).toEqual(['9903.45.25=1425.00']);
    expect(safeguard(duty('8541.43.00.10', 'KR', '2025-02-07', V))).toEqual(['9903.45.25=1400.00']);
    expect(safeguard(duty('8541.43.00.10', 'KR', '2026-02-06', V))).toEqual(['9903.45.25=1400.00']);
    for (const origin of ['KR', 'CN', 'CA', 'MX', 'IN'])
      expect(safeguard(duty('8541.43.00.10', origin, '2026-02-07', V)), origin).toEqual([]);
  });

  it('takes USMCA claims of Canada out of it, not those of Mexico', () => {
    expect(safeguard(duty('8541.42.00.10', 'MX', '2025-06-01', V, { usmca: true, quota: 'over' }))).toEqual([
      '9903.45.22=1400.00',
    ]);
    expect(safeguard(duty('8541.42.00.10', 'CA', '2025-06-01', V, { usmca: true, quota: 'over' }))).toEqual(
      [],
    );
  });

  it('covers the other provisions of note 18(g) and only the CSPV lines of 8541.42 and 8541.43', () => {
    expect(safeguard(duty('8507.20.80.10', 'KR', '2025-06-01', V))).toEqual(['9903.45.25=1400.00']);
    expect(safeguard(duty('8501.71.00.00', 'KR', '2025-06-01', V))).toEqual(['9903.45.25=1400.00']);
    expect(safeguard(duty('8541.43.00.80', 'KR', '2025-06-01', V))).toEqual([]);
    expect(safeguard(duty('8541.42.00.80', 'KR', '2025-06-01', V, { quota: 'over' }))).toEqual([]);
  });
});
