/**
 * IEEPA country rates other than Japan's: the China fentanyl tariff (EO 14195/14228/14357), China's reciprocal
 * country rate (EO 14257/14259/14266, suspended by EO 14298), and the Canada/Mexico border tariffs
 * (EO 14193/14194 as amended, EO 14325), with the EO 14289 / Proc. 10947 precedence against Section 232,
 * and the EO 14326 rates of the EU, Korea, the UK and Vietnam.
 * Each boundary is tested on the day before and on the day itself.
 */
import { describe, expect, it } from 'vitest';
import { isoDate } from '../_lib/date.js';
import { formatCents } from '../_lib/money.js';
import { appliedHeadings, byLayer, duty, total } from './_test/duty-helpers.js';
import { USMCA_DEFAULT } from './duty/assumptions.js';
import type { DutyResult } from './engine.js';

/** The applied IEEPA lines of a program family, as heading=duty. */
const ieepa = (r: DutyResult) =>
  r.lines
    .filter((l) => l.applied && l.program.startsWith('ieepa'))
    .map((l) => `${l.heading}=${formatCents(l.duty)}`);

const CONSOLE = '9504.50.00'; // video game consoles: column 1 Free, no Section 301 or 232, not in Annex II
const CHIP = '8542.31.00'; // column 1 Free, Section 301 four-year review 50%, reciprocal-exempt (9903.01.32)
const CAR = '8703.23.01'; // column 1 2.5%, Section 232 autos
const PART = '8708.99.68'; // column 1 2.5%, Section 232 auto parts from 2025-05-03 (U.S. note 33(g); 8708.99.81 is not listed)
const STEEL = '7326.90.86'; // column 1 2.9%, Section 232 steel derivative
const CRUDE = '2709.00.20'; // energy of Canada (not in the extract: --mfn)
const POTASH = '3104.20.00'; // potash (not in the extract: --mfn)
const V = 10_000_00n;

describe('China fentanyl tariff (EO 14195, EO 14228, EO 14357)', () => {
  it('starts at 10% under 9903.01.20 on 2025-02-04, not on 2025-02-03', () => {
    expect(ieepa(duty(CONSOLE, 'CN', '2025-02-03', V))).toEqual([]);
    expect(appliedHeadings(duty(CONSOLE, 'CN', '2025-02-04', V))).toEqual([
      '9903.01.20=1000.00',
      '9504.50.00=0.00',
    ]);
  });

  it('charges Hong Kong like China, but not Macau (EO 14195 names China and Hong Kong)', () => {
    expect(ieepa(duty(CONSOLE, 'HK', '2025-02-04', V))).toEqual(['9903.01.20=1000.00']);
    expect(ieepa(duty(CONSOLE, 'MO', '2025-02-04', V))).toEqual([]);
  });

  it('rises to 20% under 9903.01.24 on 2025-03-04 (10% on 2025-03-03)', () => {
    expect(ieepa(duty(CONSOLE, 'CN', '2025-03-03', V))).toEqual(['9903.01.20=1000.00']);
    expect(ieepa(duty(CONSOLE, 'CN', '2025-03-04', V))).toEqual(['9903.01.24=2000.00']);
  });

  it('exempts goods loaded before 2025-02-01 entered before 2025-03-07 (9903.01.23), not after', () => {
    const exempt = duty(CONSOLE, 'CN', '2025-03-06', V, { loaded: isoDate('2025-01-31') });
    expect(ieepa(exempt)).toEqual([]);
    expect(byLayer(exempt, 'ieepa-cn-fentanyl-20')?.reason).toMatch(/in transit.*9903\.01\.23/);
    expect(ieepa(duty(CONSOLE, 'CN', '2025-03-07', V, { loaded: isoDate('2025-01-31') }))).toEqual([
      '9903.01.24=2000.00',
    ]);
    expect(ieepa(duty(CONSOLE, 'CN', '2025-03-06', V, { loaded: isoDate('2025-02-01') }))).toEqual([
      '9903.01.24=2000.00',
    ]);
  });

  it('falls back to 10% on 2025-11-10 (20% on 2025-11-09), on top of the 10% reciprocal baseline', () => {
    expect(ieepa(duty(CONSOLE, 'CN', '2025-11-09', V))).toEqual(['9903.01.24=2000.00', '9903.01.25=1000.00']);
    const after = duty(CONSOLE, 'CN', '2025-11-10', V);
    expect(ieepa(after)).toEqual(['9903.01.24=1000.00', '9903.01.25=1000.00']);
    expect(byLayer(after, 'ieepa-cn-fentanyl-10-kl')?.reason).toMatch(/uncertain: IEEPA duties/);
  });

  it('ends for entries from 2026-02-24, with the refund caveat before', () => {
    const last = duty(CONSOLE, 'CN', '2026-02-23', V);
    expect(ieepa(last)).toEqual(['9903.01.24=1000.00', '9903.01.25=1000.00']);
    expect(byLayer(last, 'ieepa-cn-fentanyl-10-kl')?.reason).toMatch(/Learning Resources/);
    expect(ieepa(duty(CONSOLE, 'CN', '2026-02-24', V))).toEqual([]);
  });

  it('stacks on Section 232 autos (not an EO 14289 action), while the reciprocal rate does not (9903.01.33)', () => {
    const r = duty(CAR, 'CN', '2025-04-10', 40_000_00n);
    expect(appliedHeadings(r)).toEqual([
      '9903.88.01=10000.00',
      '9903.01.24=8000.00',
      '9903.94.01=10000.00',
      '8703.23.01=1000.00',
    ]);
    expect(byLayer(r, 'ieepa-cn-125')?.reason).toMatch(/9903\.01\.33/);
  });
});

describe('China reciprocal country rate (EO 14257, 14259, 14266; suspended by EO 14298)', () => {
  it('charges the 10% baseline on 2025-04-08 and 84% under 9903.01.63 on 2025-04-09 instead', () => {
    expect(ieepa(duty(CONSOLE, 'CN', '2025-04-08', V))).toEqual(['9903.01.24=2000.00', '9903.01.25=1000.00']);
    const day = duty(CONSOLE, 'CN', '2025-04-09', V);
    expect(ieepa(day)).toEqual(['9903.01.24=2000.00', '9903.01.63=8400.00']);
    expect(byLayer(day, 'ieepa-baseline-april')?.reason).toMatch(
      /country-specific rate replaces the baseline/,
    );
    expect(byLayer(day, 'ieepa-cn-0409')?.reason).toMatch(/uncertain: .*84%/);
  });

  it('charges 125% from 2025-04-10 to 2025-05-13, for China, Hong Kong and Macau', () => {
    expect(ieepa(duty(CONSOLE, 'CN', '2025-04-10', V))).toEqual([
      '9903.01.24=2000.00',
      '9903.01.63=12500.00',
    ]);
    expect(ieepa(duty(CONSOLE, 'CN', '2025-05-13', V))).toEqual([
      '9903.01.24=2000.00',
      '9903.01.63=12500.00',
    ]);
    expect(ieepa(duty(CONSOLE, 'HK', '2025-04-10', V))).toEqual([
      '9903.01.24=2000.00',
      '9903.01.63=12500.00',
    ]);
    expect(ieepa(duty(CONSOLE, 'MO', '2025-04-10', V))).toEqual(['9903.01.63=12500.00']);
  });

  it('returns China to the 10% baseline (9903.01.25) from 2025-05-14 (Geneva, EO 14298)', () => {
    expect(ieepa(duty(CONSOLE, 'CN', '2025-05-14', V))).toEqual(['9903.01.24=2000.00', '9903.01.25=1000.00']);
    // EO 14334 and EO 14358 kept the suspension: still the baseline after 2025-08-07 and 2025-11-10.
    expect(ieepa(duty(CONSOLE, 'CN', '2025-08-07', V))).toEqual(['9903.01.24=2000.00', '9903.01.25=1000.00']);
  });

  it('charges 125% only on the non-US content with 20% US content (9903.01.34); fentanyl on the full value', () => {
    const r = duty(CONSOLE, 'CN', '2025-04-15', V, { usContentShare: 250_000 });
    expect(ieepa(r)).toEqual(['9903.01.24=2000.00', '9903.01.63=9375.00']);
  });

  it('reconciles a Chinese chip line to the cent: 301 50% + fentanyl 20% + Free, reciprocal exempt (9903.01.32)', () => {
    const r = duty(CHIP, 'CN', '2025-06-02', 12_345_67n, { transport: 'ocean' });
    // 50% of $12,345.67 = 6,172.835 → 6,172.84; 20% = 2,469.134 → 2,469.13. Integrated circuits (8542.31.00) are
    // exempt from the reciprocal tariff from 2025-04-05 (HTSUS 9903.01.32, U.S. note 2(v)(iii)(a)); before issue 13
    // this test charged the 10% baseline as well.
    expect(appliedHeadings(r)).toEqual(['9903.91.05=6172.84', '9903.01.24=2469.13', '8542.31.00=0.00']);
    expect(total(r)).toBe('8641.97');
    // MPF 0.3464% of $12,345.67 = $42.77 (between the FY2025 minimum and maximum); HMF 0.125% = $15.43.
    expect(formatCents(r.fees.mpf.amount)).toBe('42.77');
    expect(formatCents(r.fees.hmf)).toBe('15.43');
  });
});

describe('Canada border tariff (EO 14193 as amended, EO 14325)', () => {
  it('starts at 25% under 9903.01.10 on 2025-03-04, not on 2025-03-03, and before the USMCA exemption', () => {
    expect(ieepa(duty(CONSOLE, 'CA', '2025-03-03', V))).toEqual([]);
    const r = duty(CONSOLE, 'CA', '2025-03-04', V);
    expect(appliedHeadings(r)).toEqual(['9903.01.10=2500.00', '9504.50.00=0.00']);
    // The USMCA exemption (9903.01.14) runs from 2025-03-07 (EO 14231): a claim before it changes nothing.
    expect(appliedHeadings(duty(CONSOLE, 'CA', '2025-03-04', V, { usmca: true }))).toContain(
      '9903.01.10=2500.00',
    );
  });

  it('exempts goods entered under USMCA from 2025-03-07 under 9903.01.14, and says when no claim is declared', () => {
    const claimed = duty(CONSOLE, 'CA', '2025-03-07', V, { usmca: true });
    expect(ieepa(claimed)).toEqual([]);
    expect(byLayer(claimed, 'ieepa-ca-25')?.reason).toMatch(/USMCA.*9903\.01\.14/);
    const silent = duty(CONSOLE, 'CA', '2025-03-07', V);
    expect(ieepa(silent)).toEqual(['9903.01.10=2500.00']);
    expect(silent.assumptions).toContainEqual(
      expect.objectContaining({ fact: 'usmca', used: USMCA_DEFAULT }),
    );
  });

  it('rises to 35% on 2025-08-01 (25% on 2025-07-31)', () => {
    expect(ieepa(duty(CONSOLE, 'CA', '2025-07-31', V))).toEqual(['9903.01.10=2500.00']);
    expect(ieepa(duty(CONSOLE, 'CA', '2025-08-01', V))).toEqual(['9903.01.10=3500.00']);
  });

  it('ends for entries from 2026-02-24 (35% on 2026-02-23)', () => {
    expect(ieepa(duty(CONSOLE, 'CA', '2026-02-23', V))).toEqual(['9903.01.10=3500.00']);
    expect(ieepa(duty(CONSOLE, 'CA', '2026-02-24', V))).toEqual([]);
  });

  it('charges energy 10% under 9903.01.13 from 2025-03-04, also after the 35% increase', () => {
    const opts = { mfn: 'Free' };
    expect(ieepa(duty(CRUDE, 'CA', '2025-03-03', V, opts))).toEqual([]);
    const r = duty(CRUDE, 'CA', '2025-03-04', V, opts);
    expect(ieepa(r)).toEqual(['9903.01.13=1000.00']);
    expect(byLayer(r, 'ieepa-ca-25')?.reason).toMatch(/energy/);
    expect(ieepa(duty(CRUDE, 'CA', '2025-08-01', V, opts))).toEqual(['9903.01.13=1000.00']);
    expect(byLayer(r, 'ieepa-ca-energy')?.reason).toMatch(/uncertain: .*CSMS #64472173/);
  });

  it('charges potash 25% until 2025-03-06 and 10% under 9903.01.15 from 2025-03-07', () => {
    const opts = { mfn: 'Free' };
    expect(ieepa(duty(POTASH, 'CA', '2025-03-06', V, opts))).toEqual(['9903.01.10=2500.00']);
    expect(ieepa(duty(POTASH, 'CA', '2025-03-07', V, opts))).toEqual(['9903.01.15=1000.00']);
    expect(ieepa(duty(POTASH, 'CA', '2025-08-01', V, opts))).toEqual(['9903.01.15=1000.00']);
  });

  it('yields to Section 232 autos from 2025-04-03 (EO 14289); charged on the car the day before', () => {
    expect(appliedHeadings(duty(CAR, 'CA', '2025-04-02', 40_000_00n))).toEqual([
      '9903.01.10=10000.00',
      '8703.23.01=1000.00',
    ]);
    const r = duty(CAR, 'CA', '2025-04-03', 40_000_00n);
    expect(appliedHeadings(r)).toEqual(['9903.94.01=10000.00', '8703.23.01=1000.00']);
    expect(byLayer(r, 'ieepa-ca-25')?.reason).toMatch(/EO 14289/);
  });

  it('takes precedence over Section 232 steel until 2025-06-03, then steel goes first and Canada takes the rest', () => {
    const before = duty(STEEL, 'CA', '2025-06-03', V, { metalContent: 4_000_00n });
    expect(appliedHeadings(before)).toEqual(['9903.01.10=2500.00', '7326.90.86=290.00']);
    expect(byLayer(before, 's232-steel-derivatives-25')?.reason).toMatch(/EO 14289/);
    const after = duty(STEEL, 'CA', '2025-06-04', V, { metalContent: 4_000_00n });
    expect(appliedHeadings(after)).toEqual(['9903.01.10=1500.00', '9903.81.90=2000.00', '7326.90.86=290.00']);
    expect(byLayer(after, 'ieepa-ca-25-0604')?.reason).toMatch(/Proc\. 10947.*uncertain/);
  });

  it('charges 35% only on the non-steel content after 2025-08-01', () => {
    const r = duty(STEEL, 'CA', '2025-08-01', V, { metalContent: 4_000_00n });
    expect(appliedHeadings(r)).toEqual(['9903.01.10=2100.00', '9903.81.90=2000.00', '7326.90.86=290.00']);
    expect(total(r)).toBe('4390.00');
  });
});

describe('Mexico border tariff (EO 14194 as amended)', () => {
  it('starts at 25% under 9903.01.01 on 2025-03-04, not on 2025-03-03, and before the USMCA exemption', () => {
    expect(ieepa(duty(CONSOLE, 'MX', '2025-03-03', V))).toEqual([]);
    const r = duty(CONSOLE, 'MX', '2025-03-04', V);
    expect(appliedHeadings(r)).toEqual(['9903.01.01=2500.00', '9504.50.00=0.00']);
    // The USMCA exemption (9903.01.04) runs from 2025-03-07 (EO 14232): a claim before it changes nothing.
    expect(appliedHeadings(duty(CONSOLE, 'MX', '2025-03-04', V, { usmca: true }))).toContain(
      '9903.01.01=2500.00',
    );
  });

  it('exempts goods entered under USMCA from 2025-03-07 under 9903.01.04, and says when no claim is declared', () => {
    const claimed = duty(CONSOLE, 'MX', '2025-03-07', V, { usmca: true });
    expect(ieepa(claimed)).toEqual([]);
    expect(byLayer(claimed, 'ieepa-mx-25')?.reason).toMatch(/USMCA.*9903\.01\.04/);
    const silent = duty(CONSOLE, 'MX', '2025-03-07', V);
    expect(ieepa(silent)).toEqual(['9903.01.01=2500.00']);
    expect(silent.assumptions).toContainEqual(
      expect.objectContaining({ fact: 'usmca', used: USMCA_DEFAULT }),
    );
  });

  it('stays at 25% through 2026-02-23 and ends on 2026-02-24', () => {
    expect(ieepa(duty(CONSOLE, 'MX', '2025-08-01', V))).toEqual(['9903.01.01=2500.00']);
    expect(ieepa(duty(CONSOLE, 'MX', '2026-02-23', V))).toEqual(['9903.01.01=2500.00']);
    expect(ieepa(duty(CONSOLE, 'MX', '2026-02-24', V))).toEqual([]);
  });

  it('charges potash 10% under 9903.01.05 from 2025-03-07 (25% the day before)', () => {
    const opts = { mfn: 'Free' };
    expect(ieepa(duty(POTASH, 'MX', '2025-03-06', V, opts))).toEqual(['9903.01.01=2500.00']);
    expect(ieepa(duty(POTASH, 'MX', '2025-03-07', V, opts))).toEqual(['9903.01.05=1000.00']);
  });

  it('reconciles a Mexican auto part: border tariff until 2025-05-02, Section 232 parts instead from 2025-05-03', () => {
    const before = duty(PART, 'MX', '2025-05-02', 1_234_56n);
    // 25% of $1,234.56 = 308.64; column 1 2.5% = 30.864 → 30.86.
    expect(appliedHeadings(before)).toEqual(['9903.01.01=308.64', '8708.99.68=30.86']);
    expect(total(before)).toBe('339.50');
    const after = duty(PART, 'MX', '2025-05-03', 1_234_56n);
    expect(appliedHeadings(after)).toEqual(['9903.94.05=308.64', '8708.99.68=30.86']);
    expect(byLayer(after, 'ieepa-mx-25')?.reason).toMatch(/EO 14289/);
  });

  it('takes precedence over Section 232 steel until 2025-06-03; from 2025-06-04 steel goes first', () => {
    expect(appliedHeadings(duty(STEEL, 'MX', '2025-06-03', V))).toEqual([
      '9903.01.01=2500.00',
      '7326.90.86=290.00',
    ]);
    const after = duty(STEEL, 'MX', '2025-06-04', V, { metalContent: 4_000_00n });
    expect(appliedHeadings(after)).toEqual(['9903.01.01=1500.00', '9903.81.90=2000.00', '7326.90.86=290.00']);
    // Without a metal content the whole value is steel, and nothing is left for the border tariff.
    const whole = duty(STEEL, 'MX', '2025-06-04', V);
    expect(appliedHeadings(whole)).toEqual(['9903.81.90=5000.00', '7326.90.86=290.00']);
    expect(byLayer(whole, 'ieepa-mx-25-0604')?.reason).toMatch(/nothing left to charge/);
  });
});

describe('EO 14326 country rates from 2025-08-07 (EU, Korea, UK, Vietnam)', () => {
  it('gives EU goods the inclusive 15% (9903.02.20 / .19) from 2025-08-07, the 10% baseline the day before', () => {
    expect(ieepa(duty(CONSOLE, 'FR', '2025-08-06', V))).toEqual(['9903.01.25=1000.00']);
    expect(ieepa(duty(CONSOLE, 'FR', '2025-08-07', V))).toEqual(['9903.02.20=1500.00']);
    expect(appliedHeadings(duty(CONSOLE, 'DE', '2025-08-07', V, { mfn: '4%' }))).toEqual([
      '9903.02.20=1100.00',
      '9504.50.00=400.00',
    ]);
    expect(appliedHeadings(duty(CONSOLE, 'IT', '2025-08-07', V, { mfn: '15%' }))).toEqual([
      '9903.02.19=0.00',
      '9504.50.00=1500.00',
    ]);
  });

  it('keeps EU goods in transit (loaded before 2025-08-07, entered before 2025-10-05) on the baseline', () => {
    const opts = { loaded: isoDate('2025-08-06') };
    expect(ieepa(duty(CONSOLE, 'FR', '2025-10-04', V, opts))).toEqual(['9903.01.25=1000.00']);
    expect(ieepa(duty(CONSOLE, 'FR', '2025-10-05', V, opts))).toEqual(['9903.02.20=1500.00']);
  });

  it('ends the EU rate for entries from 2026-02-24 (15% on 2026-02-23), with the refund caveat', () => {
    const last = duty(CONSOLE, 'FR', '2026-02-23', V);
    expect(ieepa(last)).toEqual(['9903.02.20=1500.00']);
    expect(byLayer(last, 'ieepa-eu-inclusive')?.reason).toMatch(/uncertain: IEEPA duties/);
    expect(ieepa(duty(CONSOLE, 'FR', '2026-02-24', V))).toEqual([]);
  });

  it('charges Korea column 1 + 15% (9903.02.56) from 2025-08-07, then the inclusive 15% (9903.02.80) from 2025-11-14', () => {
    const opts = { mfn: '5%' };
    expect(ieepa(duty(CONSOLE, 'KR', '2025-08-06', V, opts))).toEqual(['9903.01.25=1000.00']);
    expect(ieepa(duty(CONSOLE, 'KR', '2025-08-07', V, opts))).toEqual(['9903.02.56=1500.00']);
    expect(ieepa(duty(CONSOLE, 'KR', '2025-11-13', V, opts))).toEqual(['9903.02.56=1500.00']);
    expect(ieepa(duty(CONSOLE, 'KR', '2025-11-14', V, opts))).toEqual(['9903.02.80=1000.00']);
    expect(ieepa(duty(CONSOLE, 'KR', '2026-02-23', V, opts))).toEqual(['9903.02.80=1000.00']);
    expect(ieepa(duty(CONSOLE, 'KR', '2026-02-24', V, opts))).toEqual([]);
  });

  it('files UK goods under 9903.02.66 (HTSUS 2026 Rev 6; .71 is Zimbabwe) at 10% from 2025-08-07 (9903.01.25 the day before)', () => {
    expect(ieepa(duty(CONSOLE, 'GB', '2025-08-06', V))).toEqual(['9903.01.25=1000.00']);
    expect(ieepa(duty(CONSOLE, 'GB', '2025-08-07', V))).toEqual(['9903.02.66=1000.00']);
    expect(ieepa(duty(CONSOLE, 'GB', '2026-02-24', V))).toEqual([]);
  });

  it('charges Vietnam 20% under 9903.02.69 from 2025-08-07 to 2026-02-23', () => {
    expect(ieepa(duty(CONSOLE, 'VN', '2025-08-06', V))).toEqual(['9903.01.25=1000.00']);
    expect(ieepa(duty(CONSOLE, 'VN', '2025-08-07', V))).toEqual(['9903.02.69=2000.00']);
    expect(ieepa(duty(CONSOLE, 'VN', '2026-02-23', V))).toEqual(['9903.02.69=2000.00']);
    expect(ieepa(duty(CONSOLE, 'VN', '2026-02-24', V))).toEqual([]);
  });

  it('keeps the reciprocal rate off Section 232 goods (9903.01.33) and on the non-metal content from 2025-06-04', () => {
    expect(ieepa(duty(CAR, 'VN', '2025-08-07', 40_000_00n))).toEqual([]);
    const steel = duty(STEEL, 'VN', '2025-08-07', V, { metalContent: 4_000_00n });
    expect(appliedHeadings(steel)).toEqual(['9903.02.69=1200.00', '9903.81.90=2000.00', '7326.90.86=290.00']);
  });
});
