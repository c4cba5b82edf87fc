import { createReadStream, createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/assess/generate.js';
import { isoDate } from '../_lib/date.js';
import { formatCents, formatPercent } from '../_lib/money.js';
import type { AccordError, Problem } from '../_lib/problem.js';
import { diskSource } from '../_lib/read-file.js';
import { assessEntries } from './assess.js';
import { createTariffEngine } from './create-engine.js';
import { computeDuty } from './engine.js';

const engine = createTariffEngine({}, diskSource);
const HEADER =
  'entry_id,line,importer,hts,origin,entry_date,value,transport,metal_content_usd,us_content_pct,loaded';

async function run(csv: string | Buffer, format: 'csv' | 'json' = 'csv', chunk = 7, eng = engine) {
  const bytes = typeof csv === 'string' ? Buffer.from(csv) : csv;
  // Small chunks exercise rows split across reads.
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  let text = '';
  const output = new Writable({
    write(c, _e, cb) {
      text += c.toString();
      cb();
    },
  });
  const problems: Problem[] = [];
  const summary = await assessEntries({
    engine: eng,
    input: Readable.from(parts),
    file: 'entries.csv',
    output,
    format,
    onProblem: (p) => problems.push(p),
  });
  return { summary, text, problems };
}

/** The duty column of each result row (the header left out). */
const dutiesOf = (text: string) =>
  text
    .trim()
    .split('\n')
    .slice(1)
    .map((row) => row.split(',')[7]);

describe('assessEntries', () => {
  it('never shares a plan between an origin that pays column 2 and one that pays column 1', async () => {
    // Russia pays column 2 (Pub. L. 117-110; general note 3(b)); Australia column 1. Both face the same layers
    // for 3004.20.00 on this date, so a plan keyed on layers alone gave the Russian line Australia's duty when
    // it came second. Each line must get what it gets alone, whatever the order.
    const alone = (origin: string) =>
      formatCents(
        computeDuty(engine, { hts: '3004.20.00', origin, date: isoDate('2025-10-01'), value: 10_000_00n })
          .totalDuty,
      );
    for (const order of [
      ['AU', 'RU'],
      ['RU', 'AU'],
    ]) {
      const rows = order.map((o, i) => `E${i},1,3004.20.00,${o},2025-10-01,10000`).join('\n');
      const { text } = await run(`entry_id,line,hts,origin,entry_date,value\n${rows}\n`);
      const duties = dutiesOf(text);
      expect(duties).toEqual(order.map(alone));
    }
    expect(alone('RU')).not.toBe(alone('AU'));
  });

  it('reads the declared USMCA claim (yes or no; empty: not claimed, the default of every program)', async () => {
    const { text, problems } = await run(
      'entry_id,line,hts,origin,entry_date,value,usmca\nE1,1,9503.00.00,CA,2026-03-01,10000,yes\nE1,2,9503.00.00,CA,2026-03-01,10000,no\nE1,3,9503.00.00,CA,2026-03-01,10000,\nE1,4,9403.60.80,MX,2025-06-01,10000,yes\nE1,5,9503.00.00,CA,2026-03-01,10000,maybe\n',
    );
    const duties = dutiesOf(text);
    // U.S. note 2(aa)(vi) (9903.03.07) and 9903.01.04: exempt only when claimed.
    expect(duties).toEqual(['0.00', '1000.00', '1000.00', '0.00']);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/usmca "maybe" must be yes or no/);
  });

  it('reads the declared CAFTA-DR claim: column 1 program P, and Section 122 off textiles only', async () => {
    const { text, problems } = await run(
      'entry_id,line,hts,origin,entry_date,value,cafta_dr\nE1,1,6109.10.00.12,HN,2026-03-15,10000,yes\nE1,2,6109.10.00.12,HN,2026-03-15,10000,no\nE1,3,6109.10.00.12,HN,2026-03-15,10000,\nE1,4,3926.90.99.89,GT,2026-03-15,10000,yes\nE1,5,6109.10.00.12,HN,2026-03-15,10000,si\n',
    );
    // U.S. note 2(aa)(viii) (9903.03.09) and general note 29: a claimed T-shirt owes nothing, an unclaimed one
    // 10% + 16.5%; an article of plastics keeps the 10% surcharge with its column 1 at Free.
    expect(dutiesOf(text)).toEqual(['0.00', '2650.00', '2650.00', '1000.00']);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/cafta_dr "si" must be yes or no/);
  });

  it("reads the importer's 9903.91.15 attestation for a ship-to-shore crane (U.S. note 31(l)(iv))", async () => {
    const cranes = createTariffEngine(
      {
        scopeFiles: [
          fileURLToPath(new URL('../../data/tariff/lists/s301-sts-cranes-by-use.csv', import.meta.url)),
        ],
      },
      diskSource,
    );
    const { text, problems } = await run(
      'entry_id,line,hts,origin,entry_date,value,crane_attestation\nE1,1,8426.19.00,FI,2026-12-01,10000,\nE1,2,8426.19.00,FI,2026-12-01,10000,yes\nE1,3,8426.19.00,FI,2026-12-01,10000,no\nE1,4,8426.19.00,FI,2026-12-01,10000,perhaps\n',
      'csv',
      7,
      cranes,
    );
    const duties = dutiesOf(text);
    // Not attested: 9903.91.14 (+ 100%) and the EU forced-labor top-up to 10%; attested: the top-up alone.
    expect(duties).toEqual(['11000.00', '1000.00', '11000.00']);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/crane_attestation "perhaps" must be yes or no/),
    ]);
  });

  it('refuses a row that gives the metal content both in dollars and as a share, as the CLI and the API do', async () => {
    const { text, problems } = await run(
      'entry_id,line,hts,origin,entry_date,value,metal_content_usd,metal_share\nE1,1,7326.90.86,CN,2025-07-01,10000,4000,\nE1,2,7326.90.86,CN,2025-07-01,10000,,40\nE1,3,7326.90.86,CN,2025-07-01,10000,4000,40\n',
    );
    // $4,000 and 40% are the same content: the two rows that give one of them agree, the third is refused.
    const duties = dutiesOf(text);
    expect(duties).toHaveLength(2);
    expect(duties[0]).toBe(duties[1]);
    expect(problems.map((p) => p.message)).toEqual([
      'give metal_content_usd (the metal content in US dollars) or metal_share (as a percent of the value), not both',
    ]);
  });

  it("reads the importer's certification of an automobile part outside the parts annex (U.S. note 33(p)–(r))", async () => {
    const { text, problems } = await run(
      'entry_id,line,hts,origin,entry_date,value,auto_part_use\nE1,1,8481.80.90.50,DE,2025-12-01,10000,\nE1,2,8481.80.90.50,DE,2025-12-01,10000,us-production-repair\nE1,3,8481.80.90.50,GB,2025-12-01,10000,uk-vehicles\nE1,4,8481.80.90.50,DE,2025-12-01,10000,uk-vehicles\nE1,5,8481.80.90.50,DE,2025-12-01,10000,spare\n',
    );
    // The EU's 15% either way (reciprocal 9903.02.20, or certified 9903.94.45); the UK's 10% under 9903.94.33.
    expect(dutiesOf(text)).toEqual(['1500.00', '1500.00', '1000.00']);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/cannot file 9903\.94\.33/),
      expect.stringMatching(
        /auto_part_use "spare" must be one of us-production-repair, uk-vehicles, us-mhd-production-repair, none/,
      ),
    ]);
  });

  it('reads a CBP determination of transshipment (9903.02.01, 9903.01.16: 40% in lieu of the country rate)', async () => {
    const { text, problems } = await run(
      'entry_id,line,hts,origin,entry_date,value,transshipped\nE1,1,6109.10.00.12,VN,2025-10-01,10000,\nE1,2,6109.10.00.12,VN,2025-10-01,10000,yes\nE1,3,6109.10.00.12,CA,2025-10-01,10000,yes\nE1,4,6109.10.00.12,VN,2025-10-01,10000,no\nE1,5,6109.10.00.12,VN,2025-10-01,10000,maybe\n',
    );
    // Vietnam's 20% (9903.02.69) by default and when declared no; 40% when declared (9903.02.01, Canada 9903.01.16).
    expect(dutiesOf(text)).toEqual(['3650.00', '5650.00', '5650.00', '3650.00']);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/transshipped "maybe" must be yes or no/),
    ]);
  });

  it('reads what a pharmaceutical article is (Section 232 pharmaceuticals, U.S. note 40)', async () => {
    const { text, problems } = await run(
      'entry_id,line,hts,origin,entry_date,value,pharma\nE1,1,2918.99.30.00,IN,2026-10-15,10000,\nE1,2,2918.99.30.00,IN,2026-10-15,10000,patented\nE1,3,2918.99.30.00,IN,2026-10-15,10000,generic\nE1,4,2918.99.30.00,IN,2026-10-15,10000,branded\n',
    );
    const duties = dutiesOf(text);
    // Undeclared and generic: column 1 (6.5%) alone; patented: 9903.04.60 brings the total to 100%.
    expect(duties).toEqual(['650.00', '10000.00', '650.00']);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/pharma "branded" must be one of patented/),
    ]);
  });

  it('reads the declared note 39(b) semiconductor and its note 39(d) end use (Section 232 semiconductors)', async () => {
    const { text, problems } = await run(
      'entry_id,line,hts,origin,entry_date,value,semiconductor_39b,end_use\nE1,1,8471.80.10.00,TW,2026-03-02,10000,yes,\nE1,2,8471.80.10.00,TW,2026-03-02,10000,yes,data-center\nE1,3,8471.80.10.00,TW,2026-03-02,10000,,\nE1,4,8471.80.10.00,TW,2026-03-02,10000,maybe,\nE1,5,8471.80.10.00,TW,2026-03-02,10000,yes,gaming\n',
    );
    const duties = dutiesOf(text);
    // HTSUS 9903.79.01 (+25%); 9903.79.03 (note 39(d)(i)); not declared: 9903.79.02 (note 39(c)).
    expect(duties).toEqual(['2500.00', '0.00', '0.00']);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/semiconductor_39b "maybe" must be yes or no/),
      expect.stringMatching(/end_use "gaming" must be one of data-center/),
    ]);
  });

  it("assesses each line, writes MPF on the entry's last line and summarizes by layer, origin and importer", async () => {
    const { summary, text, problems } = await run(
      `${HEADER}\nE1,1,toyota,8703.23.01,JP,2025-09-16,40000,ocean,,,\nE1,2,toyota,8708.29.51,JP,2025-09-16,1000.50,ocean,,,\nE2,1,acme,7326.90.86,DE,2025-07-01,10000,air,4000,,\n`,
    );
    expect(problems).toEqual([]);
    const rows = text.trim().split('\n');
    expect(rows[1]).toBe(
      'E1,1,toyota,8703.23.01,JP,2025-09-16,40000.00,6000.00,15,,50.00,9903.94.41:5000.00|8703.23.01:1000.00',
    );
    expect(rows[2]).toBe(
      'E1,2,toyota,8708.29.51,JP,2025-09-16,1000.50,150.07,14.9995,142.03,1.25,9903.94.43:125.06|8708.29.51:25.01',
    );
    expect(rows[3]).toBe(
      'E2,1,acme,7326.90.86,DE,2025-07-01,10000.00,2890.00,28.9,34.64,0.00,9903.01.25:600.00|9903.81.90:2000.00|7326.90.86:290.00',
    );
    expect(summary).toMatchObject({
      lines: 3,
      badRows: 0,
      entries: 2,
      duty: 904007n,
      mpf: 17667n,
      hmf: 5125n,
    });
    expect(summary.byOrigin.map((g) => g.key)).toEqual(['JP', 'DE']);
    expect(summary.byImporter.find((g) => g.key === 'acme')?.duty).toBe(289000n);
    expect(summary.byLayer[0]).toEqual({ heading: '9903.94.41', lines: 1, duty: 500000n });
  });

  it('reports bad rows by row number and assesses the rest', async () => {
    const csv = Buffer.concat([
      Buffer.from(
        `${HEADER}\nA,1,x,1234.56.78,DE,2025-07-01,10,,,,\nB,1,x,8703.23.01,JP,2025-02-30,10,,,,\nC,1,x,8703.23.01,JP,2025-05-01,-5,,,,\nD,1,x,8703.23.01,JP\nE,1,x,8703.23.01,JP,2025-05-01,`,
      ),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(
        ',,,,\nF,1,x,8703.23.01,JP,2025-05-01,100,,,,\nG,1,x,8703.23.01,jpn,2025-05-01,100,boat,,,\n',
      ),
    ]);
    const { summary, problems } = await run(csv);
    expect(problems.map((p) => [p.where?.row, p.code])).toEqual([
      [1, 'hts-unknown'],
      [2, 'assess-row-invalid'],
      [3, 'assess-row-invalid'],
      [4, 'assess-row-invalid'],
      [5, 'assess-bad-bytes'],
      [7, 'assess-row-invalid'],
    ]);
    expect(problems[2]?.message).toMatch(/negative/);
    expect(problems[3]?.message).toMatch(/expected 11 columns, found 5/);
    expect(summary).toMatchObject({ lines: 1, badRows: 6 });
    expect(formatCents(summary.duty)).toBe('27.50');
  });

  it('skips a row longer than 1 MiB with its row number, in memory that does not grow with it', async () => {
    const good = (id: string) => `${id},1,x,8703.23.01,JP,2025-05-01,100,,,,\n`;
    const junk = 'x'.repeat(3 << 20);
    const csv = `${HEADER}\n${good('A')}${junk}\n${good('B')}${junk}`;
    const { summary, problems, text } = await run(csv, 'csv', 1 << 16);
    expect(problems.map((p) => [p.where?.row, p.code])).toEqual([
      [2, 'assess-row-too-long'],
      [4, 'assess-row-too-long'],
    ]);
    expect(summary).toMatchObject({ lines: 2, badRows: 2 });
    expect(text.split('\n').map((l) => l.split(',')[0])).toEqual(['entry_id', 'A', 'B', '']);
  });

  it('writes the same bytes to a file stream (whose buffers it reuses) as to any other stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-assess-'));
    const input = join(dir, 'entries.csv');
    generate(200_000, input, 0, 3); // about 21 MiB of results: six output buffers, the later ones used before
    const viaFile = join(dir, 'out.csv');
    const fileStream = createWriteStream(viaFile);
    const done = new Promise<void>((resolve) => fileStream.on('finish', () => resolve()));
    await assessEntries({ engine, input: createReadStream(input), file: input, output: fileStream });
    fileStream.end();
    await done;
    const { text } = await run(readFileSync(input), 'csv', 1 << 20);
    const written = readFileSync(viaFile);
    expect(written.length).toBeGreaterThan(4 * (1 << 22));
    expect(written.equals(Buffer.from(text))).toBe(true);
  });

  it('stops on a header without the required columns, naming them', async () => {
    await expect(run('entry_id,hts,value\nE1,8703.23.01,5\n')).rejects.toMatchObject({
      code: 'assess-missing-columns',
    });
    try {
      await run('entry_id,hts,value\n');
    } catch (error) {
      expect((error as AccordError).message).toMatch(/origin, entry_date/);
    }
    await expect(run('')).rejects.toMatchObject({ code: 'assess-missing-columns' });
  });

  it('reads quoted cells, CRLF line ends, a BOM and a last line without a newline', async () => {
    const csv = `\ufeff${HEADER}\r\n"E,1",1,"a ""b""",8703.23.01,JP,2025-05-01,"1,000.00",,,,\r\nE2,1,a,8703.23.01,JP,2025-05-01,100,,,,`;
    const { summary, text, problems } = await run(csv);
    expect(problems).toEqual([]);
    expect(summary.lines).toBe(2);
    expect(text).toContain('"E,1",1,"a ""b""",8703.23.01');
  });

  it('keeps non-ASCII text intact next to ASCII lines', async () => {
    const { text } = await run(
      `${HEADER}\nE1,1,Tōyota Tsūshō,8703.23.01,JP,2025-05-01,100,,,,\nE2,1,acme,8703.23.01,JP,2025-05-01,100,,,,\n`,
    );
    expect(text).toContain('E1,1,Tōyota Tsūshō,8703.23.01');
    expect(text).toContain('E2,1,acme,8703.23.01');
  });

  it('writes JSON that parses, with the summary', async () => {
    const { text } = await run(`${HEADER}\nE1,1,t,8703.23.01,JP,2025-09-16,40000,ocean,,,\n`, 'json');
    const doc = JSON.parse(text);
    expect(doc.lines[0]).toMatchObject({ entryId: 'E1', totalDuty: '6000.00', mpf: '138.56', hmf: '50.00' });
    expect(doc.lines[0].layers[0]).toEqual({ heading: '9903.94.41', duty: '5000.00' });
    expect(doc.summary).toMatchObject({ lines: 1, duty: '6000.00', effectiveRate: '15' });
  });

  it('gives the same duty per line as the engine, for any value (cached plans included)', async () => {
    const cases = [
      ['8703.23.01', 'JP', '2025-09-16'],
      ['8542.31.00', 'CN', '2025-05-01'],
      ['8471.30.01', 'JP', '2025-10-01'],
      ['7326.90.86', 'DE', '2025-07-01'],
      ['8802.40.01', 'JP', '2026-03-01'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.bigInt({ min: 0n, max: 99_999_999_999n })), {
          minLength: 1,
          maxLength: 20,
        }),
        async (rows) => {
          const csv = `${HEADER}\n${rows.map(([c, v], i) => `E${i},1,x,${cases[c]![0]},${cases[c]![1]},${cases[c]![2]},${formatCents(v)},,,,`).join('\n')}\n`;
          const { text } = await run(csv, 'csv', 4096);
          const duties = text
            .trim()
            .split('\n')
            .slice(1)
            .map((r) => r.split(',').slice(7, 9).join(' '));
          const expected = rows.map(([c, v]) => {
            const r = computeDuty(engine, {
              hts: cases[c]![0],
              origin: cases[c]![1],
              date: isoDate(cases[c]![2]),
              value: v,
            });
            return `${formatCents(r.totalDuty)} ${formatPercent(r.effectiveRate)}`;
          });
          expect(duties).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('uses the engine for lines with content splits and in-transit dates', async () => {
    const { text } = await run(`${HEADER}\nE1,1,x,7326.90.86,JP,2025-08-20,10000,,4000,25,2025-08-01\n`);
    expect(text.split('\n')[1]).toContain(',2640.00,');
  });
});
