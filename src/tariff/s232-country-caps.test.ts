/**
 * Country caps on Section 232 autos, parts and timber other than Japan's: the US–EU framework (FR Doc.
 * 2025-18660, autos and parts retroactive to 2025-08-01), the U.S.–Korea deal (90 FR 55964, autos and parts
 * from 2025-11-01, timber from 2025-11-14), the UK tariff-rate quota on passenger vehicles (EO 14309, from
 * 2025-06-30) and the EU/UK timber lines of Proc. 10976 (from 2025-10-14).
 * Each boundary is tested on the day before and on the day itself; each inclusive cap with column 1 below and
 * at or above 15%.
 */
import { describe, expect, it } from 'vitest';
import { formatCents } from '../_lib/money.js';
import { appliedHeadings, byLayer, duty, total } from './_test/duty-helpers.js';

const CAR = '8703.23.01'; // column 1 2.5%
const TRUCK = '8704.21.01'; // column 1 25%
const PART = '8708.99.68'; // column 1 2.5% (U.S. note 33(g); 8708.99.81 is not on the parts list)
const SEAT = '9401.61.40.11'; // column 1 Free, upholstered wood seat
const V = 10_000_00n;

describe('EU vehicles: 9903.94.50/.51, 15% inclusive from 2025-08-01 (retroactive)', () => {
  it('charges 25% + column 1 on 2025-07-31 and 15% inclusive on 2025-08-01', () => {
    expect(appliedHeadings(duty(CAR, 'DE', '2025-07-31', V))).toEqual([
      '9903.94.01=2500.00',
      '8703.23.01=250.00',
    ]);
    const on = duty(CAR, 'DE', '2025-08-01', V);
    expect(appliedHeadings(on)).toEqual(['9903.94.51=1250.00', '8703.23.01=250.00']);
    expect(byLayer(on, 's232-autos')?.reason).toMatch(/9903\.94\.50\/\.51 instead/);
    expect(byLayer(on, 's232-autos-eu')?.reason).toMatch(/retroactive.*post-summary correction/);
  });

  it('covers every EU member (France, Italy, Malta) but not the UK or Switzerland', () => {
    for (const origin of ['FR', 'IT', 'MT'])
      expect(duty(CAR, origin, '2025-10-01', V).effectiveRate).toBe(150_000);
    expect(duty(CAR, 'CH', '2025-10-01', V).effectiveRate).toBe(275_000);
  });

  it('files a light truck (column 1 25%) under 9903.94.50 at zero', () => {
    expect(appliedHeadings(duty(TRUCK, 'DE', '2025-07-31', V))).toEqual([
      '9903.94.01=2500.00',
      '8704.21.01=2500.00',
    ]);
    expect(appliedHeadings(duty(TRUCK, 'DE', '2025-08-01', V))).toEqual([
      '9903.94.50=0.00',
      '8704.21.01=2500.00',
    ]);
  });

  it('reconciles a full German car line to the cent (duty lines, total, MPF, HMF)', () => {
    const r = duty(CAR, 'DE', '2025-09-16', 48_317_63n, { transport: 'ocean' });
    // 12.5% of 48,317.63 = 6,039.70375 → 6,039.70; 2.5% = 1,207.94075 → 1,207.94.
    expect(appliedHeadings(r)).toEqual(['9903.94.51=6039.70', '8703.23.01=1207.94']);
    expect(total(r)).toBe('7247.64');
    expect(r.lines.filter((l) => l.applied).reduce((s, l) => s + l.duty, 0n)).toBe(r.totalDuty);
    expect(r.effectiveRate).toBe(150_000);
    // The EU reciprocal (9903.02.20) and the metals 232 do not stack on a 232 vehicle.
    expect(byLayer(r, 'ieepa-eu-inclusive')?.applied).toBe(false);
    expect(byLayer(r, 'ieepa-eu-inclusive')?.reason).toMatch(/9903\.01\.33/);
    expect(formatCents(r.fees.mpf.amount)).toBe('167.37'); // 0.3464% of 48,317.63 = 167.372…
    expect(formatCents(r.fees.hmf)).toBe('60.40'); // 0.125% = 60.397…
  });
});

describe('EU parts: 9903.94.52/.53, 15% inclusive from 2025-08-01 (retroactive)', () => {
  it('charges 25% + column 1 on 2025-07-31 and 15% inclusive on 2025-08-01', () => {
    expect(appliedHeadings(duty(PART, 'DE', '2025-07-31', V))).toEqual([
      '9903.94.05=2500.00',
      '8708.99.68=250.00',
    ]);
    const on = duty(PART, 'DE', '2025-08-01', V);
    expect(appliedHeadings(on)).toEqual(['9903.94.53=1250.00', '8708.99.68=250.00']);
    expect(byLayer(on, 's232-parts')?.reason).toMatch(/9903\.94\.52\/\.53 instead/);
  });

  it('files a part with column 1 at or above 15% under 9903.94.52 at zero', () => {
    expect(appliedHeadings(duty(PART, 'DE', '2025-08-01', V, { mfn: '15%' }))).toEqual([
      '9903.94.52=0.00',
      '8708.99.68=1500.00',
    ]);
    expect(appliedHeadings(duty(PART, 'DE', '2025-08-01', V, { mfn: '14.9%' }))).toEqual([
      '9903.94.53=10.00',
      '8708.99.68=1490.00',
    ]);
  });
});

describe('Korean vehicles and parts: 9903.94.60–.63, 15% inclusive from 2025-11-01 (90 FR 55964)', () => {
  it('charges a Korean car 27.5% on 2025-10-31 and 15% on 2025-11-01', () => {
    expect(appliedHeadings(duty(CAR, 'KR', '2025-10-31', V))).toEqual([
      '9903.94.01=2500.00',
      '8703.23.01=250.00',
    ]);
    const on = duty(CAR, 'KR', '2025-11-01', V);
    expect(appliedHeadings(on)).toEqual(['9903.94.61=1250.00', '8703.23.01=250.00']);
    expect(byLayer(on, 's232-autos-kr')?.reason).toMatch(/90 FR 55964|retroactive to 2025-11-01/);
  });

  it('files a Korean light truck under 9903.94.60 at zero', () => {
    expect(appliedHeadings(duty(TRUCK, 'KR', '2025-10-31', V))).toEqual([
      '9903.94.01=2500.00',
      '8704.21.01=2500.00',
    ]);
    expect(appliedHeadings(duty(TRUCK, 'KR', '2025-11-01', V))).toEqual([
      '9903.94.60=0.00',
      '8704.21.01=2500.00',
    ]);
  });

  it('charges Korean parts 27.5% on 2025-10-31, 15% inclusive on 2025-11-01 (9903.94.63), zero at or above 15% (.62)', () => {
    expect(appliedHeadings(duty(PART, 'KR', '2025-10-31', V))).toEqual([
      '9903.94.05=2500.00',
      '8708.99.68=250.00',
    ]);
    expect(appliedHeadings(duty(PART, 'KR', '2025-11-01', V))).toEqual([
      '9903.94.63=1250.00',
      '8708.99.68=250.00',
    ]);
    expect(appliedHeadings(duty(PART, 'KR', '2025-11-01', V, { mfn: '17.5%' }))).toEqual([
      '9903.94.62=0.00',
      '8708.99.68=1750.00',
    ]);
  });

  it('reconciles a Korean parts line to the cent (duty lines, total, MPF, HMF)', () => {
    const r = duty(PART, 'KR', '2025-12-01', 12_345_67n, { transport: 'ocean' });
    // 12.5% of 12,345.67 = 1,543.20875 → 1,543.21; 2.5% = 308.64175 → 308.64; 15% = 1,851.8505 → 1,851.85.
    expect(appliedHeadings(r)).toEqual(['9903.94.63=1543.21', '8708.99.68=308.64']);
    expect(total(r)).toBe('1851.85');
    expect(r.lines.filter((l) => l.applied).reduce((s, l) => s + l.duty, 0n)).toBe(r.totalDuty);
    // The Korean reciprocal (9903.02.80 from 2025-11-14) does not stack on a 232 part.
    expect(byLayer(r, 'ieepa-kr-inclusive')?.applied).toBe(false);
    expect(formatCents(r.fees.mpf.amount)).toBe('42.77'); // 0.3464% of 12,345.67 = 42.765…
    expect(formatCents(r.fees.hmf)).toBe('15.43'); // 0.125% = 15.432…
  });

  it('keeps Korean vehicles at 15% after the IEEPA duties end (2026-02-24)', () => {
    expect(duty(CAR, 'KR', '2026-03-01', V).effectiveRate).toBe(150_000);
  });
});

describe('UK passenger vehicles: 9903.94.31 in-quota 7.5% from 2025-06-30 (EO 14309)', () => {
  it('charges 27.5% on 2025-06-29 and the in-quota 10% on 2025-06-30, saying that over-quota pays 25%', () => {
    expect(appliedHeadings(duty(CAR, 'GB', '2025-06-29', V))).toEqual([
      '9903.94.01=2500.00',
      '8703.23.01=250.00',
    ]);
    const on = duty(CAR, 'GB', '2025-06-30', V);
    expect(appliedHeadings(on)).toEqual(['9903.94.31=750.00', '8703.23.01=250.00']);
    expect(on.effectiveRate).toBe(100_000);
    const trq = byLayer(on, 's232-autos-gb-trq');
    expect(trq?.reason).toMatch(/cannot count the quota.*full 25% under 9903\.94\.01/);
    expect(trq?.uncertain.join(' ')).toMatch(/quota/);
    expect(byLayer(on, 's232-autos')?.reason).toMatch(/tariff-rate quota/);
  });

  it('leaves UK light trucks (8704, outside the quota) at 25% + column 1', () => {
    expect(appliedHeadings(duty(TRUCK, 'GB', '2025-06-30', V))).toEqual([
      '9903.94.01=2500.00',
      '8704.21.01=2500.00',
    ]);
  });
});

describe('Section 232 timber caps: EU 9903.76.22, UK 9903.76.20, Korea 9903.76.23', () => {
  it('gives EU seats 15% inclusive from 2025-10-14 (the EO 14326 15% the day before)', () => {
    expect(appliedHeadings(duty(SEAT, 'DE', '2025-10-13', V))).toEqual([
      '9903.02.20=1500.00',
      '9401.61.40.11=0.00',
    ]);
    const on = duty(SEAT, 'DE', '2025-10-14', V);
    expect(appliedHeadings(on)).toEqual(['9903.76.22=1500.00', '9401.61.40.11=0.00']);
    expect(byLayer(on, 's232-timber-furniture')?.reason).toMatch(/does not apply to goods of DE/);
  });

  it('adds nothing under 9903.76.22 when column 1 is at or above 15%', () => {
    expect(appliedHeadings(duty(SEAT, 'DE', '2025-10-14', V, { mfn: '14%' }))).toEqual([
      '9903.76.22=100.00',
      '9401.61.40.11=1400.00',
    ]);
    expect(appliedHeadings(duty(SEAT, 'DE', '2025-10-14', V, { mfn: '16%' }))).toEqual([
      '9903.76.22=0.00',
      '9401.61.40.11=1600.00',
    ]);
  });

  it('keeps EU seats at 15% when the general rate steps to 30% on 2026-01-01', () => {
    expect(appliedHeadings(duty(SEAT, 'FR', '2026-01-01', V))).toEqual([
      '9903.76.22=1500.00',
      '9401.61.40.11=0.00',
    ]);
  });

  it('charges UK seats column 1 + 10% from 2025-10-14 (the EO 14326 10% under 9903.02.66 the day before)', () => {
    expect(appliedHeadings(duty(SEAT, 'GB', '2025-10-13', V))).toEqual([
      '9903.02.66=1000.00',
      '9401.61.40.11=0.00',
    ]);
    expect(appliedHeadings(duty(SEAT, 'GB', '2025-10-14', V))).toEqual([
      '9903.76.20=1000.00',
      '9401.61.40.11=0.00',
    ]);
    expect(appliedHeadings(duty(SEAT, 'GB', '2025-10-14', V, { mfn: '16%' }))).toEqual([
      '9903.76.20=1000.00',
      '9401.61.40.11=1600.00',
    ]);
    expect(appliedHeadings(duty(SEAT, 'GB', '2026-01-01', V))).toEqual([
      '9903.76.20=1000.00',
      '9401.61.40.11=0.00',
    ]);
  });

  it('charges Korean seats 25% under 9903.76.02 on 2025-11-13 and 15% inclusive under 9903.76.23 on 2025-11-14', () => {
    expect(appliedHeadings(duty(SEAT, 'KR', '2025-11-13', V))).toEqual([
      '9903.76.02=2500.00',
      '9401.61.40.11=0.00',
    ]);
    const on = duty(SEAT, 'KR', '2025-11-14', V);
    expect(appliedHeadings(on)).toEqual(['9903.76.23=1500.00', '9401.61.40.11=0.00']);
    expect(byLayer(on, 's232-timber-furniture')?.reason).toMatch(/9903\.76\.23 instead/);
    expect(appliedHeadings(duty(SEAT, 'KR', '2025-11-14', V, { mfn: '15%' }))).toEqual([
      '9903.76.23=0.00',
      '9401.61.40.11=1500.00',
    ]);
  });

  it('leaves other origins on the general timber rate', () => {
    expect(appliedHeadings(duty(SEAT, 'CH', '2025-10-14', V))).toEqual([
      '9903.76.02=2500.00',
      '9401.61.40.11=0.00',
    ]);
  });
});
