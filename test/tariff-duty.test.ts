import { describe, expect, it } from 'vitest';
import { accord } from './helpers/cli.js';

describe('accord duty (the process)', () => {
  it('explains a Japanese car after 2025-09-16 in --json: every layer, duty to the cent, fees', () => {
    const r = accord([
      'duty',
      '--hts',
      '8703.23.01',
      '--origin',
      'JP',
      '--date',
      '2025-10-01',
      '--value',
      '40000',
      '--transport',
      'ocean',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      hts: '8703.23.01',
      origin: 'JP',
      date: '2025-10-01',
      value: '40000.00',
      totalDuty: '6000.00',
      effectiveRate: '15',
    });
    expect(doc.fees).toMatchObject({
      mpf: '138.56',
      hmf: '50.00',
      mpfFiscalYear: 'FY2026',
      mpfMin: '33.58',
      mpfMax: '651.50',
    });
    const applied = doc.lines.filter((l: { applied: boolean }) => l.applied);
    expect(
      applied.map((l: { heading: string; rate: string; duty: string }) => [l.heading, l.rate, l.duty]),
    ).toEqual([
      ['9903.94.41', '12.5', '5000.00'],
      ['8703.23.01', '2.5', '1000.00'],
    ]);
    for (const line of doc.lines) {
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining([
          'heading',
          'authority',
          'rate',
          'base',
          'duty',
          'applied',
          'reason',
          'source',
        ]),
      );
    }
    const skipped = doc.lines.find((l: { heading: string }) => l.heading === '9903.94.01');
    expect(skipped.applied).toBe(false);
    expect(skipped.reason).toMatch(/9903\.94\.40\/\.41/);
    // Column 1 carries the value and is filed last.
    expect(doc.lines.at(-1).heading).toBe('8703.23.01');
    // Which HTS revision gave the code and rate, and every default used for what the line did not declare.
    expect(doc.htsRevision).toBe('2026 Revision 10');
    const assumed = doc.assumptions.find((a: { fact: string }) => a.fact === 'hts-revision');
    expect(assumed.used).toMatch(/in force on 2025-10-01 is not installed/);
    expect(assumed.declare).toMatch(/accord data import-hts FILE --effective DATE/);
  });

  it('shows a line across eras with --dates', () => {
    const r = accord([
      'duty',
      '--hts',
      '8703.23.01',
      '--origin',
      'JP',
      '--value',
      '40000',
      '--dates',
      '2025-03-01,2025-04-03,2025-09-16,2026-03-01',
    ]);
    expect(r.status).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^\d{4}-/.test(l));
    expect(rows.map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['2025-03-01', '$1,000.00', '2.5%'],
      ['2025-04-03', '$11,000.00', '27.5%'],
      ['2025-09-16', '$6,000.00', '15%'],
      ['2026-03-01', '$6,000.00', '15%'],
    ]);
  });

  it('splits metal content and explains the non-metal line, in text', () => {
    const r = accord([
      'duty',
      '--hts',
      '7326.90.86',
      '--origin',
      'DE',
      '--date',
      '2025-07-01',
      '--value',
      '10000',
      '--metal-content-usd',
      '4000',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Total duty $2,890.00 — effective rate 28.9%');
    expect(r.stdout).toMatch(/non-metal content only/);
    expect(r.stdout).toContain(
      '\nHTS: 2026 Revision 10\nAssumed, where the line did not say (declare to change):\n  hts-revision: ',
    );
  });

  it("overlays an agreement's tracks (--agreement, --facts)", () => {
    const r = accord([
      'duty',
      '--hts',
      // A video game console: a laptop (8471.30.01) is exempt from the reciprocal tariff under 9903.01.32 (HTSUS
      // U.S. note 2(v)(iii)(a)), so the general-goods track has nothing to charge on it.
      '9504.50.00',
      '--origin',
      'JP',
      '--date',
      '2025-10-01',
      '--value',
      '10000',
      '--agreement',
      'examples/us-japan-2025/agreement.yaml',
      '--facts',
      'examples/us-japan-2025/facts.json',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.totalDuty).toBe('1500.00');
    expect(
      doc.lines.some(
        (l: { authority: string; applied: boolean }) =>
          l.applied && /agreement track general-goods/.test(l.authority),
      ),
    ).toBe(true);
  });

  it("splits an importer's line by its localized relief (--importer with --agreement, --facts)", () => {
    // examples/us-japan-milestones: Honda's verified Ohio capital relieves 40% of its entries from
    // 2026-05-05 (facts recorded 2026-04-20, plus a day and 14 days' decision lag) and 72.5% from 2026-11-14.
    const duty = (date: string, importer: string) => {
      const r = accord([
        'duty',
        ...['--hts', '8703.23.01', '--origin', 'JP', '--date', date, '--value', '40000'],
        ...['--importer', importer],
        ...['--agreement', 'examples/us-japan-milestones/agreement.yaml'],
        ...['--facts', 'examples/us-japan-milestones/facts.json', '--json'],
      ]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return JSON.parse(r.stdout) as {
        totalDuty: string;
        lines: {
          heading: string;
          applied: boolean;
          base: string;
          duty: string;
          rate: string;
          reason: string;
        }[];
      };
    };
    const applied232 = (doc: ReturnType<typeof duty>) =>
      doc.lines.filter((l) => l.applied && l.heading === '9903.94.01').map((l) => [l.rate, l.base, l.duty]);
    const before = duty('2026-05-04', 'honda');
    expect(applied232(before)).toEqual([['25', '40000.00', '10000.00']]);
    expect(before.totalDuty).toBe('11000.00');
    const from = duty('2026-05-05', 'honda');
    expect(applied232(from)).toEqual([
      ['0', '16000.00', '0.00'],
      ['20', '24000.00', '4800.00'],
    ]);
    expect(from.totalDuty).toBe('5800.00');
    expect(from.lines.find((l) => l.applied && l.rate === '0')?.reason).toMatch(
      /relieved share 40% of \$40,000\.00 for importer honda, in effect from 2026-05-05 .*facts cap-honda-2026q1/,
    );
    const later = duty('2026-11-14', 'honda');
    expect(applied232(later)).toEqual([
      ['0', '29000.00', '0.00'],
      ['20', '11000.00', '2200.00'],
    ]);
    const other = duty('2026-11-14', 'toyota');
    expect(applied232(other)).toEqual([['20', '40000.00', '8000.00']]);
    expect(other.totalDuty).toBe('9000.00');
  });

  it('rejects a code that is not a line of the schedule, naming the nearest lines, with exit 1 and no stack', () => {
    // 8708.29.50 was renumbered 8708.29.51 before 2025; the shipped 2026 Revision 10 is in force on 2026-07-01.
    const r = accord([
      'duty',
      '--hts',
      '8708.29.50',
      '--origin',
      'JP',
      '--date',
      '2026-07-01',
      '--value',
      '10',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^accord: HTS 8708\.29\.50 is not a line of the HTS 2026 Revision 10; nearest: 8708\.29\.51 \(Other: Other\); 8708\.29\.25 /,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Before the shipped revision took effect: the same, with how to install the revision then in force.
    const early = accord([
      'duty',
      '--hts',
      '1234.56.78',
      '--origin',
      'JP',
      '--date',
      '2025-10-01',
      '--value',
      '10',
    ]);
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(/nearest: 1214\.90\.00 .*not installed.*accord data import-hts.*--hts-file/);
  });

  it('refuses an origin that is not an ISO 3166-1 alpha-2 country, saying what was meant', () => {
    const origin = (code: string) =>
      accord(['duty', '--hts', '8703.40.00', '--origin', code, '--date', '2026-03-15', '--value', '50000']);
    const uk = origin('UK');
    expect(uk.status).toBe(1);
    expect(uk.stderr).toMatch(
      /origin "UK" is not an ISO 3166-1 alpha-2 country code: .*did you mean GB \(United Kingdom\)\?/,
    );
    expect(uk.stdout).toBe('');
    expect(origin('EU').stderr).toMatch(
      /European Union is not a country of origin: give the member state .*DE, /,
    );
    expect(origin('XX').stderr).toMatch(/XX is a user-assigned code, not a country/);
    expect(origin('JA').stderr).toMatch(/JA is the FIPS 10-4 code of Japan: did you mean JP \(Japan\)\?/);
    const gb = origin('GB');
    expect(gb.status).toBe(0);
    expect(gb.stdout).toContain('origin GB');
  });

  it('takes a declared CAFTA-DR claim (--cafta-dr), says when it was not made, and refuses it for other origins', () => {
    const tshirt = ['duty', '--hts', '6109.10.00.12', '--date', '2026-03-15', '--value', '10000'];
    const claimed = accord([...tshirt, '--origin', 'HN', '--cafta-dr', '--json']);
    expect(claimed.status).toBe(0);
    const j = JSON.parse(claimed.stdout);
    expect(j.totalDuty).toBe('0.00');
    expect(j.filed.map((f: { heading: string }) => f.heading)).toEqual(['9903.03.09', '6109.10.00.12']);
    const unclaimed = accord([...tshirt, '--origin', 'HN']);
    expect(unclaimed.stdout).toMatch(/Total duty \$2,650\.00/);
    expect(unclaimed.stdout).toMatch(/cafta-dr: not claimed .*--cafta-dr/);
    const wrong = accord([...tshirt, '--origin', 'VN', '--cafta-dr']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/goods of VN \(Vietnam\) cannot be CAFTA-DR originating/);
  });

  it('takes an automobile-part certification (--auto-part-use), says when none was made, and refuses a bad one', () => {
    const valve = ['duty', '--hts', '8481.80.90.50', '--date', '2025-12-01', '--value', '10000'];
    const certified = accord([
      ...valve,
      '--origin',
      'CN',
      '--auto-part-use',
      'us-production-repair',
      '--json',
    ]);
    expect(certified.status).toBe(0);
    const j = JSON.parse(certified.stdout);
    expect(j.totalDuty).toBe('6200.00');
    expect(j.filed.map((f: { heading: string }) => f.heading)).toContain('9903.94.07');
    const uncertified = accord([...valve, '--origin', 'CN']);
    expect(uncertified.stdout).toMatch(/Total duty \$4,700\.00/);
    expect(uncertified.stdout).toMatch(
      /auto-part-use: no certification .*--auto-part-use us-production-repair/,
    );
    const wrong = accord([...valve, '--origin', 'CN', '--auto-part-use', 'uk-vehicles']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/goods of CN \(China\) cannot file 9903\.94\.33/);
    expect(accord([...valve, '--origin', 'CN', '--auto-part-use', 'racing']).status).not.toBe(0);
  });

  it('charges a USMCA car on its non-US content when its approved US content is declared (9903.94.03)', () => {
    const car = ['duty', '--hts', '8703.23.01', '--origin', 'MX', '--date', '2025-06-01', '--value', '10000'];
    const approved = accord([...car, '--usmca', '--us-content-pct', '40', '--json']);
    expect(approved.status).toBe(0);
    const j = JSON.parse(approved.stdout);
    expect(j.totalDuty).toBe('1500.00');
    expect(j.filed.map((f: { heading: string; duty: string }) => `${f.heading}=${f.duty}`)).toEqual([
      '9903.94.03=1500.00',
      '9903.94.02=0.00',
      '8703.23.01=0.00',
    ]);
    const notApproved = accord([...car, '--usmca']);
    expect(notApproved.stdout).toMatch(/Total duty \$2,500\.00/);
    expect(notApproved.stdout).toMatch(/us-content: no US content .*--us-content-pct/);
  });

  it('computes a rate per liter from --qty, and says which quantity a rate needs when it is missing', () => {
    const wine = ['duty', '--hts', '2204.21.50', '--origin', 'FR', '--date', '2026-07-01', '--value', '9000'];
    const missing = accord(wine);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      'accord: HTS 2204.21.50: the rate "6.3¢/liter" is charged on the volume in liters: --qty liter=N (CSV column qty_liter)\n',
    );
    const r = accord([...wine, '--qty', 'liter=750', '--json']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    // 6.3¢ × 750 liters = $47.25
    expect(doc.lines.at(-1)).toMatchObject({ heading: '2204.21.50', duty: '47.25' });
    expect(accord([...wine, '--qty', 'litre=750']).stderr).toMatch(
      /unknown quantity "litre": the quantities are kg, /,
    );
    expect(accord([...wine, '--qty', 'liter']).status).toBe(2);
  });

  it('rejects an impossible date and a negative value (exit 1), and a missing date (exit 2)', () => {
    expect(
      accord(['duty', '--hts', '8703.23.01', '--origin', 'JP', '--date', '2025-02-30', '--value', '10'])
        .stderr,
    ).toMatch(/not a calendar date/);
    const neg = accord([
      'duty',
      '--hts',
      '8703.23.01',
      '--origin',
      'JP',
      '--date',
      '2025-05-01',
      '--value',
      '-10',
    ]);
    expect(neg.status).toBe(1);
    expect(neg.stderr).toMatch(/negative/);
    expect(accord(['duty', '--hts', '8703.23.01', '--origin', 'JP', '--value', '10']).status).toBe(2);
  });
});
