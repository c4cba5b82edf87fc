/**
 * The product exemptions from the reciprocal headings of the framework agreements with the EU (FR Doc. 2025-18660,
 * from 2025-09-01), Korea (90 FR 55964, from 2025-11-14), Switzerland and Liechtenstein (90 FR 59281, from
 * 2025-11-14), and of the agricultural orders of November 2025 (any country and Brazil, from 2025-11-13): U.S. note
 * 2(v)(iii)(b), (xxi)–(xxv) and 2(x)(iii)(b) to subchapter III of chapter 99 (2026 Rev 6); and Taiwan's civil aircraft
 * components of U.S. note 35(c) (9903.96.03, 2026 Rev 9 and 10, from 2026-05-01). What the code alone decides
 * applies by default; what turns on the good's use or nature applies only when the line declares it with a by-use
 * list (`--scopes`), and otherwise the duty stays.
 */
import { describe, expect, it } from 'vitest';
import { isoDate } from '../_lib/date.js';
import { diskSource } from '../_lib/read-file.js';
import { appliedHeadings, duty, filedHeadings, total } from './_test/duty-helpers.js';
import { createTariffEngine } from './create-engine.js';
import { computeDuty, type DutyResult } from './engine.js';

const V = 10_000_00n;

/** The engine a broker gets with `--scopes data/tariff/lists/<file>…`. */
const withScopes = (...files: string[]) =>
  createTariffEngine(
    { scopeFiles: files.map((f) => new URL(`../../data/tariff/lists/${f}`, import.meta.url).pathname) },
    diskSource,
  );
const declared = (files: string[], hts: string, origin: string, date: string): DutyResult =>
  computeDuty(withScopes(...files), { hts, origin, date: isoDate(date), value: V });
const line = (r: DutyResult, heading: string) => r.lines.find((l) => l.heading === heading);

describe('what the code alone does not decide stays charged until declared', () => {
  it('charges an EU chemical the inclusive 15% unless declared a non-patented pharmaceutical-use article', () => {
    // 2933.79.30 (N-vinyl-2-pyrrolidone, column 1 5.5%) is a provision of note 2(v)(xxiii); the exemption turns
    // on use and patent status.
    expect(appliedHeadings(duty('2933.79.30.00', 'DE', '2025-10-01', V))).toEqual([
      '9903.02.20=950.00',
      '2933.79.30.00=550.00',
    ]);
    const r = declared(['ieepa-pharma-non-patented-by-use.csv'], '2933.79.30.00', 'DE', '2025-10-01');
    expect(filedHeadings(r)).toEqual(['9903.02.77=0.00', '2933.79.30.00=550.00']);
    expect(line(r, '9903.02.20')?.reason).toMatch(/not patented in the United States/);
  });

  it('charges etrogs the reciprocal duty unless declared (0805.90.01 also holds kumquats and bergamots)', () => {
    expect(total(duty('0805.90.01.00', 'IL', '2025-12-01', V))).not.toBe('80.00');
    const r = declared(['ieepa-particular-by-use.csv'], '0805.90.01.00', 'IL', '2025-12-01');
    expect(filedHeadings(r)).toEqual(['9903.02.78=0.00', '0805.90.01.00=80.00']);
  });

  it('charges an EU steel wire the metals duty unless declared a civil aircraft article', () => {
    expect(appliedHeadings(duty('7312.10.05.00', 'DE', '2025-10-01', V))).toEqual([
      '9903.81.90=5000.00',
      '7312.10.05.00=0.00',
    ]);
    // The 2025 steel headings: relieved by the notice as second sources summarize it, said in the explanation.
    const r = declared(['civil-aircraft-eu-by-use.csv'], '7312.10.05.00', 'DE', '2025-10-01');
    expect(appliedHeadings(r)).toEqual(['9903.02.76=0.00', '7312.10.05.00=0.00']);
    expect(line(r, '9903.81.90')?.reason).toMatch(/9903\.02\.76/);
    expect(line(r, '9903.81.90')?.reason).toMatch(/second sources/);
  });
});

describe('each exemption belongs to its note: country and headings', () => {
  it("does not give Switzerland's listed products to the EU, nor the EU's aircraft relief to Taiwan", () => {
    // 3301.29.10 is in note 2(v)(xxv)(b) (Switzerland, Liechtenstein), not in the EU's lists.
    expect(appliedHeadings(duty('3301.29.10.00', 'DE', '2025-11-14', V))).toEqual([
      '9903.02.20=1320.00',
      '3301.29.10.00=180.00',
    ]);
    expect(appliedHeadings(duty('8802.40.01.40', 'TW', '2025-10-01', V))).toEqual([
      '9903.02.60=2000.00',
      '8802.40.01.40=0.00',
    ]);
  });

  it("exempts the particular articles from Korea's inclusive heading too (its text excepts 9903.02.78)", () => {
    const r = declared(['ieepa-particular-by-use.csv'], '0805.90.01.00', 'KR', '2025-12-01');
    expect(filedHeadings(r)).toEqual(['9903.02.78=0.00', '0805.90.01.00=80.00']);
  });

  it("relieves a Korean aircraft steel part of the 2026 metals duty (note 2(v)(xxiv)(b)), not Switzerland's", () => {
    // Note 2(v)(xxv)(c) reaches only the Swiss and Liechtenstein reciprocal headings; (xxii) and (xxiv)(b) name
    // 9903.82.02 and .04–.17 too.
    const kr = declared(
      ['civil-aircraft-kr-by-use.csv', 's122-civil-aircraft-by-use.csv'],
      '7312.10.05.00',
      'KR',
      '2026-05-01',
    );
    expect(filedHeadings(kr)).toEqual(['9903.03.05=0.00', '9903.02.81=0.00', '7312.10.05.00=0.00']);
    const ch = declared(['civil-aircraft-ch-li-by-use.csv'], '7312.10.05.00', 'CH', '2026-05-01');
    expect(appliedHeadings(ch)).toEqual(['9903.82.02=5000.00', '7312.10.05.00=0.00']);
  });

  it('ends the Swiss exemptions with the reciprocal headings (entries from 2026-02-24)', () => {
    expect(filedHeadings(duty('3301.29.10.00', 'CH', '2026-02-23', V))).toEqual([
      '9903.02.84=0.00',
      '3301.29.10.00=180.00',
    ]);
    expect(filedHeadings(duty('3301.29.10.00', 'CH', '2026-02-24', V))).not.toContain('9903.02.84=0.00');
  });

  it("leaves Liechtenstein's earlier 15% (9903.02.36) on its listed products before 2025-11-14", () => {
    expect(appliedHeadings(duty('3301.29.10.00', 'LI', '2025-11-13', V))).toEqual([
      '9903.02.36=1500.00',
      '3301.29.10.00=180.00',
    ]);
  });

  it('files the EU essential oil for religious purposes under 9903.02.75, and under 9903.02.78 from 2025-11-13', () => {
    const oil = (date: string) =>
      filedHeadings(declared(['ieepa-particular-by-use.csv'], '3301.29.51.35', 'FR', date));
    expect(oil('2025-09-01')).toEqual(['9903.02.75=0.00', '3301.29.51.35=0.00']);
    expect(oil('2025-11-13')).toEqual(['9903.02.78=0.00', '3301.29.51.35=0.00']);
  });
});

describe("Taiwan's civil aircraft components (9903.96.03, U.S. note 35(c)): declared by use, from 2026-05-01", () => {
  // 7304.41.30 (seamless stainless tube) is a provision of note 35(c) as second sources read it and of note
  // 16(c)(iii) (9903.82.02, 50%); none of note 35(c)'s provisions is an aircraft provision by its text. In the
  // Section 122 period the component is declared for note 2(aa)(iv) as well (9903.03.05), as the EU's and Korea's are.
  const tube = '7304.41.30.45';
  const aircraft = ['civil-aircraft-tw-by-use.csv', 's122-civil-aircraft-by-use.csv'];

  it('keeps the metals duty on the tube unless it is declared, and before 2026-05-01', () => {
    const charged = ['9903.82.02=5000.00', `${tube}=0.00`];
    expect(appliedHeadings(duty(tube, 'TW', '2026-06-01', V))).toEqual(charged);
    expect(appliedHeadings(declared(aircraft, tube, 'TW', '2026-04-30'))).toEqual(charged);
    const r = declared(aircraft, tube, 'TW', '2026-05-01');
    expect(filedHeadings(r)).toEqual(['9903.03.05=0.00', '9903.96.03=0.00', `${tube}=0.00`]);
    expect(line(r, '9903.82.02')?.reason).toMatch(/9903\.96\.03/);
    expect(line(r, '9903.96.03')?.reason).toMatch(/second source/);
  });

  it('relieves the 25% tier too, and only products of Taiwan', () => {
    // 8483.10.50 (transmission shafts) is of the 25% tier (9903.82.09).
    expect(appliedHeadings(declared(aircraft, '8483.10.50.00', 'TW', '2026-06-10'))).toEqual([
      '9903.96.03=0.00',
      '8483.10.50.00=0.00',
    ]);
    expect(appliedHeadings(declared(aircraft, tube, 'CN', '2026-06-01'))).toContain('9903.82.02=5000.00');
  });

  it('leaves Section 122 to 9903.03.05, the civil aircraft of any country of note 2(aa)(iv)', () => {
    // The Rev 10 text of 9903.03.01 excepts only 9903.03.02–.11: Taiwan's list alone lifts the metals duty and
    // leaves the 10%, which accord then charges the tube, as it does an EU tube so declared, since the tube owes no
    // 9903.82.02 duty for note 2(aa)(v)(1) to except. 8543.90.88 is in note 35(c) and note 2(aa)(iv) and on no
    // metals list: only Section 122 is at stake.
    const twOnly = ['civil-aircraft-tw-by-use.csv'];
    expect(appliedHeadings(declared(twOnly, tube, 'TW', '2026-06-01'))).toEqual([
      '9903.03.01=1000.00',
      '9903.96.03=0.00',
      `${tube}=0.00`,
    ]);
    const part = '8543.90.88.85';
    expect(appliedHeadings(declared(twOnly, part, 'TW', '2026-06-01'))).toEqual([
      '9903.03.01=1000.00',
      '9903.96.03=0.00',
      `${part}=0.00`,
    ]);
    expect(filedHeadings(declared(aircraft, part, 'TW', '2026-06-01'))).toEqual([
      '9903.03.05=0.00',
      '9903.96.03=0.00',
      `${part}=0.00`,
    ]);
  });
});
