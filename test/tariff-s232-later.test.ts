/**
 * The later Section 232 actions and 232 reliefs the rule base encodes beyond the metals, autos and timber
 * programs (issue 13): semiconductors, medium- and heavy-duty vehicles and buses, and UK civil aircraft. Each
 * case is decided by the HTSUS Chapter 99 text of 2026 Revision 6 and the proclamation or notice it cites, with the Chapter 99 lines in CBP's reporting order (CSMS #65829726) and the duty to the cent,
 * on each side of each start date. Whether an article meets the technical parameters of U.S. note 39(b) and its
 * US end use (note 39(d)) are declared facts: the cases pin the default (9903.79.02) and each declared answer.
 */
import { describe, expect, it } from 'vitest';
import { isoDate } from '../src/_lib/date.js';
import { diskSource } from '../src/_lib/read-file.js';
import { appliedHeadings, byLayer, duty, filedHeadings, total } from '../src/tariff/_test/duty-helpers.js';
import { createTariffEngine } from '../src/tariff/create-engine.js';
import { computeDuty, type DutyResult } from '../src/tariff/engine.js';
import { END_USES, type EndUse } from '../src/tariff/layer.js';

const V = 10_000_00n;

/** The engine a broker gets with `--scopes data/tariff/lists/<file>`: a shipped by-use list declared. */
const withScopes = (file: string) =>
  createTariffEngine(
    { scopeFiles: [new URL(`../data/tariff/lists/${file}`, import.meta.url).pathname] },
    diskSource,
  );
const notCharged = (r: DutyResult, heading: string) =>
  r.lines.find((l) => l.heading === heading && !l.applied);

describe('Section 232 semiconductors: Proc. 11002, U.S. note 39, headings 9903.79.01–.09', () => {
  it('files 9903.79.02 for an article of the note 39(b) provisions from 2026-01-15, not before', () => {
    // Proc. 11002 of 2026-01-14; CSMS #67400472: entries from 12:01 a.m. ET 2026-01-15. A memory module of
    // 8473.30.11 from Taiwan: its reciprocal heading (9903.02.60) yields to 9903.01.32 (U.S. note 2(v)(iii)(a)
    // lists 8473.30), and column 1 is Free.
    expect(appliedHeadings(duty('8473.30.11.80', 'TW', '2026-01-14', V))).toEqual(['8473.30.11.80=0.00']);
    const r = duty('8473.30.11.80', 'TW', '2026-01-15', V);
    expect(appliedHeadings(r)).toEqual(['9903.79.02=0.00', '8473.30.11.80=0.00']);
    expect(total(r)).toBe('0.00');
  });

  it('keeps Section 301 and the China fentanyl duty ahead of the 232 lines (CBP order)', () => {
    // 8473.30.51 is on Section 301 list 3 (U.S. note 20(f), 9903.88.03, 25%); the fentanyl duty of EO 14357
    // (9903.01.24, 10% from 2025-11-10) is not a reciprocal heading, so 9903.01.32 does not lift it. It is also a
    // derivative aluminum article (U.S. note 19(k): 9903.85.08 at 50% of its aluminum content, here $1,000). Note
    // 39(a): any other subchapter III duty is imposed in addition.
    const al = { metalContent: 1_000_00n };
    expect(appliedHeadings(duty('8473.30.51.00', 'CN', '2026-01-14', V, al))).toEqual([
      '9903.88.03=2500.00',
      '9903.01.24=1000.00',
      '9903.85.08=500.00',
      '8473.30.51.00=0.00',
    ]);
    const r = duty('8473.30.51.00', 'CN', '2026-01-15', V, al);
    expect(appliedHeadings(r)).toEqual([
      '9903.88.03=2500.00',
      '9903.01.24=1000.00',
      '9903.85.08=500.00',
      '9903.79.02=0.00',
      '8473.30.51.00=0.00',
    ]);
    expect(total(r)).toBe('4000.00');
  });

  it('charges no 25% without the note 39(b) parameters, and says what it assumed', () => {
    // Note 39(c): articles of 8471.50, 8471.80 and 8473.30 that do not meet the TPP and DRAM-bandwidth parameters
    // file 9903.79.02 at the applicable subheading's duty. Under Section 122 (2026-02-24 to 2026-07-23) the unit is
    // exempt through 9903.03.03 (U.S. note 2(aa)(ii) lists 8471.50).
    const r = duty('8471.50.01.50', 'MY', '2026-03-02', V);
    expect(appliedHeadings(r)).toEqual(['9903.79.02=0.00', '8471.50.01.50=0.00']);
    const line = byLayer(r, 's232-semiconductors-other');
    expect(line?.uncertain.join(' ')).toMatch(/--semiconductor-39b/);
    expect(line?.source).toMatch(/note 39\(c\)/);
    expect(r.assumptions.find((a) => a.fact === 'semiconductor-39b')?.used).toMatch(/9903\.79\.02/);
    // A laptop (8471.30) is outside note 39(b): no 9903.79 line at all.
    expect(appliedHeadings(duty('8471.30.01', 'CN', '2026-03-02', V))).toEqual(['8471.30.01=0.00']);
  });
});

describe('Section 232 semiconductors declared to meet U.S. note 39(b)', () => {
  const semi = { semiconductor39b: true } as const;

  it('charges 9903.79.01 at 25% in place of 9903.79.02, and says no end use was claimed', () => {
    // HTSUS 9903.79.01 ("the duty provided in the applicable subheading + 25%") and U.S. note 39(a)–(b).
    const r = duty('8471.80.10.00', 'TW', '2026-01-15', V, semi);
    expect(appliedHeadings(r)).toEqual(['9903.79.01=2500.00', '8471.80.10.00=0.00']);
    expect(notCharged(r, '9903.79.02')?.reason).toMatch(/note 39\(c\)/);
    expect(r.assumptions.map((a) => a.fact)).toEqual(expect.arrayContaining(['end-use']));
    expect(r.assumptions.map((a) => a.fact)).not.toContain('semiconductor-39b');
    // Declared not to meet the parameters: 9903.79.02, and no assumption about it.
    const no = duty('8471.80.10.00', 'TW', '2026-01-15', V, { semiconductor39b: false });
    expect(appliedHeadings(no)).toEqual(['9903.79.02=0.00', '8471.80.10.00=0.00']);
    expect(no.assumptions.map((a) => a.fact)).not.toContain('semiconductor-39b');
  });

  it('takes the article out of the Canada and Mexico IEEPA duties (note 39(a)(6)–(7))', () => {
    const r = duty('8471.50.01.50', 'MX', '2026-02-01', V, semi);
    expect(appliedHeadings(r)).toEqual(['9903.79.01=2500.00', '8471.50.01.50=0.00']);
    expect(notCharged(r, '9903.01.01')?.reason).toMatch(/note 39\(a\)\(6\)–\(7\)/);
  });

  it('files each note 39(d) end use under its own heading at no additional duty', () => {
    const headings: [EndUse, string][] = [
      ['data-center', '9903.79.03'],
      ['repair', '9903.79.04'],
      ['r-and-d', '9903.79.05'],
      ['startup', '9903.79.06'],
      ['consumer', '9903.79.07'],
      ['industrial', '9903.79.08'],
      ['public-sector', '9903.79.09'],
    ];
    expect(headings.map(([u]) => u)).toEqual([...END_USES]);
    for (const [endUse, heading] of headings) {
      const r = duty('8471.80.10.00', 'TW', '2026-01-20', V, { ...semi, endUse });
      expect(appliedHeadings(r), endUse).toEqual(['8471.80.10.00=0.00']);
      expect(filedHeadings(r), endUse).toContain(`${heading}=0.00`);
      expect(notCharged(r, '9903.79.01')?.reason, endUse).toMatch(/note 39\(d\)/);
      expect(total(r)).toBe('0.00');
    }
  });

  it('ignores the end use of an article that does not meet note 39(b)', () => {
    const r = duty('8471.80.10.00', 'TW', '2026-01-20', V, { semiconductor39b: false, endUse: 'repair' });
    // The Taiwanese reciprocal heading is claimed under 9903.01.32 (note 2(v)(iii)(a) lists 8471).
    expect(filedHeadings(r)).toEqual(['9903.01.32=0.00', '9903.79.02=0.00', '8471.80.10.00=0.00']);
  });
});

describe('Civil aircraft of the United Kingdom: heading 9903.96.01, U.S. note 35(a)', () => {
  it('relieves a UK airliner of the reciprocal baseline from 2025-06-30, not before', () => {
    // 9903.96.01 ("effective … on or after June 30, 2025", 90 FR 27851; EO 14309) and U.S. note 35(a): the
    // duties of 9903.01.25 "shall not apply" to civil aircraft of 8802.40.01. Before, 10% (EO 14257).
    expect(appliedHeadings(duty('8802.40.01.40', 'GB', '2025-06-29', V))).toEqual([
      '9903.01.25=1000.00',
      '8802.40.01.40=0.00',
    ]);
    const r = duty('8802.40.01.40', 'GB', '2025-06-30', V);
    expect(appliedHeadings(r)).toEqual(['9903.96.01=0.00', '8802.40.01.40=0.00']);
    expect(notCharged(r, '9903.01.25')?.reason).toMatch(/9903\.96\.01/);
  });

  it("keeps the relief under the UK's EO 14326 heading and under Section 122", () => {
    // 9903.02.66 (UK, + 10% from 2025-08-07) applies "except as provided for in … 9903.96.01"; Section 122
    // exempts civil aircraft through 9903.03.05 (U.S. note 2(aa)(iv)).
    const r = duty('8802.40.01.40', 'GB', '2025-09-01', V);
    expect(appliedHeadings(r)).toEqual(['9903.96.01=0.00', '8802.40.01.40=0.00']);
    expect(notCharged(r, '9903.02.66')?.reason).toMatch(/9903\.96\.01/);
    expect(total(duty('8802.40.01.40', 'GB', '2026-03-02', V))).toBe('0.00');
  });

  it('relieves a declared UK aircraft article of the 2026 metals duty, but not the same article of another origin', () => {
    // Note 35(a): 9903.82.02 and 9903.82.04–.17 "shall not apply" to civil aircraft articles of its provisions.
    // 7312.10.05 (stranded steel wire, note 16(c)(iii)–(iv): the United Kingdom's 25%, 9903.82.04) is such an
    // article only by use, so the importer declares it with the by-use list. Undeclared, or from Germany (no UK
    // product: 9903.82.02 at 50%), the metals duty is charged.
    const aircraft = withScopes('civil-aircraft-uk-by-use.csv');
    const r = computeDuty(aircraft, {
      hts: '7312.10.05.00',
      origin: 'GB',
      date: isoDate('2026-05-01'),
      value: V,
    });
    expect(appliedHeadings(r)).toContain('9903.96.01=0.00');
    expect(appliedHeadings(r).filter((h) => h.startsWith('9903.82'))).toEqual([]);
    expect(notCharged(r, '9903.82.04')?.reason).toMatch(/9903\.96\.01/);
    expect(appliedHeadings(duty('7312.10.05.00', 'GB', '2026-05-01', V))).toEqual([
      '9903.82.04=2500.00',
      '7312.10.05.00=0.00',
    ]);
    const de = computeDuty(aircraft, {
      hts: '7312.10.05.00',
      origin: 'DE',
      date: isoDate('2026-05-01'),
      value: V,
    });
    expect(appliedHeadings(de)).toEqual(['9903.82.02=5000.00', '7312.10.05.00=0.00']);
  });

  it('leaves a plastic tube of note 35(a) to the importer: relieved only as an aircraft article (--scopes)', () => {
    // 3917.21.00 is listed in note 35(a), but only a civil aircraft article meeting General Note 6 is relieved;
    // the provision is not aircraft by its text, so by default the UK's 10% (9903.02.66, EO 14326) is charged.
    expect(appliedHeadings(duty('3917.21.00.00', 'GB', '2025-09-01', V))).toEqual([
      '9903.02.66=1000.00',
      '3917.21.00.00=310.00',
    ]);
  });
});

describe('Section 232 medium- and heavy-duty vehicles and buses: Proc. 10984, U.S. note 38, 9903.74', () => {
  it('charges a bus 10% under 9903.74.02 from 2025-11-01, the EU inclusive 15% before', () => {
    // Proc. 10984 of 2025-10-17, 90 FR 48451, entries from 2025-11-01; 9903.74.02 (+ 10%) and note 38(c) list
    // 8702.10.31. Before, the EU's inclusive 15% (9903.02.20: 15% less column 1's 2%); after, note 2(v)(xiv) keeps
    // the reciprocal headings off the buses of 9903.74.02.
    expect(appliedHeadings(duty('8702.10.31.00', 'DE', '2025-10-31', V))).toEqual([
      '9903.02.20=1300.00',
      '8702.10.31.00=200.00',
    ]);
    const r = duty('8702.10.31.00', 'DE', '2025-11-01', V);
    expect(appliedHeadings(r)).toEqual(['9903.74.02=1000.00', '8702.10.31.00=200.00']);
    expect(total(r)).toBe('1200.00');
  });

  it('keeps the Mexico IEEPA duty off a bus (note 38(a)(3))', () => {
    const r = duty('8702.90.61.00', 'MX', '2026-01-05', V);
    expect(appliedHeadings(r)).toEqual(['9903.74.02=1000.00', '8702.90.61.00=200.00']);
    expect(notCharged(r, '9903.01.01')?.reason).toMatch(/medium- and heavy-duty/);
  });

  it('charges a road tractor 25% under 9903.74.01 from 2025-11-01 in place of the Japan inclusive 15%', () => {
    // 8701.21.00 is listed in note 38(b); 9903.74.01 + 25%; column 1 4%. Before: 9903.02.73, 15% less 4%.
    expect(appliedHeadings(duty('8701.21.00.45', 'JP', '2025-10-31', V))).toEqual([
      '9903.02.73=1100.00',
      '8701.21.00.45=400.00',
    ]);
    expect(appliedHeadings(duty('8701.21.00.45', 'JP', '2025-12-01', V))).toEqual([
      '9903.74.01=2500.00',
      '8701.21.00.45=400.00',
    ]);
  });

  it('exempts a Canadian tractor from 9903.01.10 and a Swedish truck from Section 122', () => {
    // Note 38(a)(2): not subject to 9903.01.10. Note 2(aa)(v)(5): Section 122 does not apply to 9903.74.01–.03.
    const ca = duty('8701.21.00.45', 'CA', '2025-12-01', V);
    expect(appliedHeadings(ca)).toEqual(['9903.74.01=2500.00', '8701.21.00.45=400.00']);
    expect(notCharged(ca, '9903.01.10')).toBeDefined();
    const se = duty('8704.23.01.00', 'SE', '2026-03-02', V);
    expect(appliedHeadings(se)).toEqual(['9903.74.01=2500.00', '8704.23.01.00=2500.00']);
    expect(notCharged(se, '9903.03.01')?.reason).toMatch(/Section 232/);
  });
});

describe('Section 232 medium- and heavy-duty vehicle parts: U.S. note 38(h)–(l), 9903.74.08 and .10', () => {
  // The engine a broker gets with `--scopes data/tariff/lists/s232-mhd-parts-by-use.csv`: the other provisions of
  // note 38(i), declared as parts of medium- and heavy-duty vehicles.
  const declared = withScopes('s232-mhd-parts-by-use.csv');
  const declaredDuty = (hts: string, origin: string, date: string) =>
    computeDuty(declared, { hts, origin, date: isoDate(date), value: V });

  it('leaves a part by use to the auto parts action unless it is declared a truck part', () => {
    // 8708.30.50 (brakes) is a provision of both note 33(g) and note 38(i). Undeclared, a Japanese part files the
    // Japan auto parts heading (9903.94.43: 15% including column 1's 2.5%); declared a part of a medium- or
    // heavy-duty vehicle, it files 9903.74.08 at 25% on top of column 1, which has no Japan deal.
    expect(appliedHeadings(duty('8708.30.50.90', 'JP', '2026-03-02', V))).toEqual([
      '9903.94.43=1250.00',
      '8708.30.50.90=250.00',
    ]);
    const r = declaredDuty('8708.30.50.90', 'JP', '2026-03-02');
    expect(appliedHeadings(r)).toEqual(['9903.74.08=2500.00', '8708.30.50.90=250.00']);
    expect(notCharged(r, '9903.94.43')?.reason).toMatch(/9903\.74\.08/);
    expect(notCharged(r, '9903.94.05')?.reason).toMatch(/9903\.74\.08/);
  });

  it('keeps the reciprocal duty off a declared truck tire (U.S. note 2(v)(xv))', () => {
    // 4011.20.10.15 (new radial tires of a kind used on buses or lorries) is in note 38(i) and note 33(g).
    // Declared a truck part, a Korean tire files 9903.74.08 at 25% and column 1's 4%, with the reciprocal
    // heading claimed under 9903.01.33 (note 2(v)(xv): not applied to 9903.74.08 parts).
    const r = declaredDuty('4011.20.10.15', 'KR', '2025-12-01');
    expect(appliedHeadings(r)).toEqual(['9903.74.08=2500.00', '4011.20.10.15=400.00']);
    expect(filedHeadings(r)).toEqual(['9903.01.33=0.00', '9903.74.08=2500.00', '4011.20.10.15=400.00']);
  });

  it('does not charge a part of works trucks before Proc. 10984 took effect', () => {
    // 8709.90.00.20 (wheel and tire assemblies of works trucks), by its text a part of the vehicles of note 38(b).
    expect(appliedHeadings(duty('8709.90.00.20', 'CN', '2025-10-31', V))).not.toContain('9903.74.08=2500.00');
    expect(appliedHeadings(duty('8709.90.00.20', 'CN', '2025-11-01', V))).toContain('9903.74.08=2500.00');
  });
});
