import { describe, expect, it } from 'vitest';
import { appliedHeadings, duty, filedHeadings, total } from './_test/duty-helpers.js';
import { dutyToJson } from './duty-json.js';
import { filedLines } from './filed-lines.js';

const V = 10_000_00n;

describe('filed lines (the entry summary, CBP order of CSMS #65829726)', () => {
  it('files an Annex II exemption under 9903.01.32 at $0.00 in the reciprocal place, total unchanged', () => {
    const r = duty('8517.13.00', 'CN', '2025-06-01', V);
    expect(appliedHeadings(r)).toEqual(['9903.01.24=2000.00', '8517.13.00=0.00']);
    expect(filedHeadings(r)).toEqual(['9903.01.24=2000.00', '9903.01.32=0.00', '8517.13.00=0.00']);
    expect(total(r)).toBe('2000.00');
  });

  it('files the USMCA claim heading of each program: 9903.01.14 (IEEPA Canada), 9903.03.07 (Section 122)', () => {
    expect(filedHeadings(duty('9403.60.80', 'CA', '2025-08-01', V, { usmca: true }))).toEqual([
      '9903.01.14=0.00',
      '9403.60.80=0.00',
    ]);
    expect(filedHeadings(duty('9403.60.80', 'MX', '2025-06-01', V, { usmca: true }))).toEqual([
      '9903.01.04=0.00',
      '9403.60.80=0.00',
    ]);
    expect(filedHeadings(duty('9503.00.00', 'CA', '2026-03-01', V, { usmca: true }))).toEqual([
      '9903.03.07=0.00',
      '9503.00.00=0.00',
    ]);
  });

  it('files 9903.05.90 ahead of the Section 232 line, as a real 7501 does (note 52(f))', () => {
    const r = duty('8708.29.51', 'JP', '2026-08-01', V);
    expect(filedHeadings(r)).toEqual(['9903.05.90=0.00', '9903.94.43=1250.00', '8708.29.51=250.00']);
    expect(filedLines(r)[0]).toMatchObject({ claim: true });
  });

  it('files a claim heading once, and not when a claim layer already files it', () => {
    const aircraft = duty('8802.40.01', 'JP', '2025-10-01', V);
    expect(filedHeadings(aircraft).filter((h) => h.startsWith('9903.96.02'))).toHaveLength(1);
  });

  it('carries the filed lines and each exempted line’s claim heading in the JSON', () => {
    const json = dutyToJson(duty('3004.90.92', 'IE', '2025-09-01', V));
    expect(json.filed).toEqual([
      { heading: '9903.01.32', rate: '0', duty: '0.00', claim: true },
      { heading: '3004.90.92', rate: '0', duty: '0.00', claim: false },
    ]);
    expect(json.lines.find((l) => l.heading === '9903.02.20')).toMatchObject({ claimedUnder: '9903.01.32' });
    expect(json.totalDuty).toBe('0.00');
  });
});
