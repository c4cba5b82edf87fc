/**
 * Parsers that cannot be tricked (issue 12): fast-check suites over every parser that reads what users write
 * — money, rates and percents, dates, HTS codes and rate texts, entry fields, CSV cells, the bulk CSV's byte
 * path against its general path, facts (JSON and CSV), an entry line's declared facts, agreement number
 * fields and CLI options — with a fixed seed and a bounded budget (about 7,600 cases, a few seconds). Each asserts: never a throw, a refusal that
 * names its field, and acceptance of what should be accepted (format, then parse, gives the value back).
 * The regression corpus (test/corpus) is replayed here through the library and in hostile-cli.test.ts
 * through the CLI.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvTextCell, startsFormula } from '../src/_lib/csv-cell.js';
import { MAX_YEAR, MIN_YEAR, parseDuration, parseIsoDate } from '../src/_lib/date.js';
import {
  formatCents,
  formatPercent,
  formatUsd,
  MAX_USD_DIGITS,
  parseRate,
  parseUsd,
  readUsd,
} from '../src/_lib/money.js';
import type { Problem } from '../src/_lib/problem.js';
import { diskSource } from '../src/_lib/read-file.js';
import { usdField } from '../src/agreement/fields.js';
import { loadAgreement } from '../src/agreement/index.js';
import { wholeNumberOption } from '../src/cli/options.js';
import { buildFact } from '../src/evaluation/build-fact.js';
import { parseFacts, parseFactsCsv } from '../src/evaluation/index.js';
import { dateNumberOf, parseCentsBytes, parseDateBytes } from '../src/tariff/csv-bytes.js';
import { MAX_ENTRY_DIGITS } from '../src/tariff/entry-fields.js';
import {
  assessEntries,
  createTariffEngine,
  DECLARED_FACTS,
  FACT_NAMES,
  type FactName,
  type FactTexts,
  htsDigits,
  parseDateField,
  parseMoneyField,
  parseOriginField,
  parsePercentField,
  parseRateText,
  parseTransportField,
  readDeclaredFacts,
} from '../src/tariff/index.js';
import { ROOT } from './helpers/cli.js';
import {
  ASSESS_ROWS_HEADER,
  assessRowCorpus,
  csvCellCorpus,
  moneyCorpus,
  readCsv,
} from './helpers/corpus.js';

/** One seed for every suite: a failure names its case and replays the same way on every machine. */
const SEED = 0x12_2026;
const runs = (numRuns: number) => ({ seed: SEED, numRuns });

/** Pieces of input found hostile somewhere, mixed into generated text. */
const HOSTILE = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '0x10',
  '0o17',
  '1e400',
  '-0',
  'NaN',
  'Infinity',
  '.inf',
  '\ud800',
  '\udfff',
  '\u0000',
  '=HYPERLINK("http://x")',
  '9'.repeat(309),
  '9'.repeat(400),
  '\t',
  '\r',
  '%',
  '$',
  ',',
  '.',
  'bn',
  'k',
  '\u2212',
  '\uff11',
  '\u00df',
];
const hostileToken = fc.constantFrom(...HOSTILE);
/** Text a person or an attacker might type: any code points (lone surrogates too), digits, hostile tokens. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: fc.constantFrom(...'0123456789.,$ kmbtnKMBTN-+eE%x\t'), maxLength: 24 }),
  hostileToken,
  fc
    .array(fc.oneof(hostileToken, fc.string({ unit: fc.constantFrom(...'0123456789.'), maxLength: 6 })), {
      maxLength: 4,
    })
    .map((parts) => parts.join('')),
);

describe('money', () => {
  it('readUsd never throws; what it accepts is in bounds and reads back; refusals say why', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.double(), fc.integer()), (value) => {
        const r = readUsd(value);
        if (r.ok) {
          expect(r.cents >= 0n && r.cents < 10n ** BigInt(MAX_USD_DIGITS + 2)).toBe(true);
          expect(parseUsd(formatCents(r.cents))).toBe(r.cents);
        } else expect(r.reason.length).toBeGreaterThan(0);
        expect(parseUsd(value)).toBe(r.ok ? r.cents : undefined);
      }),
      runs(1200),
    );
  });

  it('round trip: every amount within the bound formats and parses back (formatCents and formatUsd)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** BigInt(MAX_USD_DIGITS + 2) - 1n }), (cents) => {
        expect(parseUsd(formatCents(cents))).toBe(cents);
        expect(parseUsd(formatUsd(cents))).toBe(cents);
      }),
      runs(400),
    );
  });

  it('an entry-line money field never throws, names its field, and agrees with the general parser within its bound', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const p = parseMoneyField('value', text);
        const general = readUsd(text.trim());
        if (p.ok) {
          expect(general.ok && general.cents === p.value).toBe(true);
          expect(p.value < 10n ** BigInt(MAX_ENTRY_DIGITS + 2)).toBe(true);
        } else expect(p.message.startsWith('value ')).toBe(true);
      }),
      runs(600),
    );
  });

  it('the byte path reads a plain value as the money parser does, or leaves it to it', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'0123456789.'), minLength: 1, maxLength: 18 });
    fc.assert(
      fc.property(fc.oneof(plain, anyText), (text) => {
        const bytes = Buffer.from(text, 'latin1');
        const cents = parseCentsBytes(bytes, 0, bytes.length);
        // The byte path assesses values up to MAX_SAFE_VALUE; what it reads must be what the money parser reads.
        if (cents >= 0 && cents <= Math.floor(2 ** 53 / 2_000_000)) {
          const p = parseMoneyField('value', text);
          expect(p.ok && Number(p.value) === cents).toBe(true);
        }
      }),
      runs(600),
    );
  });
});

describe('rates and percents', () => {
  it('parseRate, parsePercentField and parseRateText never throw and stay finite', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.double()), (value) => {
        const ppm = parseRate(value);
        if (ppm !== undefined) expect(Number.isSafeInteger(ppm) && ppm >= 0).toBe(true);
        if (typeof value === 'string') {
          const p = parsePercentField('metal_share', value);
          if (p.ok) expect(p.value >= 0 && p.value <= 1_000_000).toBe(true);
          else expect(p.message.startsWith('metal_share ')).toBe(true);
          const rate = parseRateText(value);
          if (rate) {
            expect(Number.isSafeInteger(rate.adValorem)).toBe(true);
            // At most 6 whole digits of dollars, in millionths of a cent: under 10^14.
            for (const part of rate.parts) {
              if (part.kind === 'per-unit')
                expect(part.microCents >= 0n && part.microCents < 10n ** 14n).toBe(true);
              if (part.kind === 'percent-of') expect(Number.isSafeInteger(part.ppm)).toBe(true);
              if (part.kind !== 'sugar-scale') expect(rate.needs).toContain(part.of);
            }
          }
        }
      }),
      runs(600),
    );
  });

  it('round trip: a percent formatted by formatPercent parses back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (ppm) => {
        expect(parseRate(`${formatPercent(ppm)}%`)).toBe(ppm);
        expect(parseRateText(`${formatPercent(ppm)}%`)?.adValorem).toBe(ppm);
      }),
      runs(300),
    );
  });
});

describe('dates, codes, transports, durations', () => {
  const dateish = fc.oneof(
    fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
      )
      .map(
        ([y, m, d]) =>
          `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      ),
    fc.string({ unit: fc.constantFrom(...'0123456789-/x '), minLength: 10, maxLength: 10 }),
    anyText,
  );

  it('the byte path accepts exactly the dates the string path accepts, as the same day', () => {
    fc.assert(
      fc.property(dateish, (text) => {
        const bytes = Buffer.from(text, 'latin1');
        const n = parseDateBytes(bytes, 0, bytes.length);
        const d = parseIsoDate(text);
        // Latin-1 bytes of a non-Latin-1 string differ from the text: compare only texts that survive.
        if (Buffer.from(text, 'utf8').equals(bytes)) {
          expect(n >= 0).toBe(d !== undefined);
          if (d) expect(n).toBe(dateNumberOf(d));
        }
        const field = parseDateField('entry_date', text);
        if (field.ok) {
          const y = Number(field.value.slice(0, 4));
          expect(y >= MIN_YEAR && y <= MAX_YEAR).toBe(true);
        } else expect(field.message.startsWith('entry_date ')).toBe(true);
      }),
      runs(800),
    );
  });

  it('origins, HTS codes, transports and durations never throw, and accept only their plain forms', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const o = parseOriginField(text);
        if (o.ok) expect(o.value).toMatch(/^[A-Z]{2}$/);
        else expect(o.message.startsWith('origin ')).toBe(true);
        const h = htsDigits(text);
        if (h !== undefined) expect(h).toMatch(/^\d{2,10}$/);
        const t = parseTransportField(text);
        if (!t.ok) expect(t.message.startsWith('transport ')).toBe(true);
        const duration = parseDuration(text);
        if (duration) expect(duration.amount).toBeLessThan(100_000);
      }),
      runs(600),
    );
  });

  it('whole-number CLI options take decimal digits only, as a usage error otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.nat().map(String)), (text) => {
        let value: number | undefined;
        try {
          value = wholeNumberOption('--top', text, 1, 10_000);
        } catch (error) {
          expect((error as { exitCode?: number }).exitCode).toBe(2);
          expect((error as Error).message.startsWith('--top ')).toBe(true);
        }
        if (value !== undefined) expect(String(value)).toBe(text.replace(/^0+(?=\d)/, ''));
      }),
      runs(300),
    );
  });
});

describe('declared facts (the CLI options, the duty API query, the bulk columns)', () => {
  it('readDeclaredFacts never throws, names each refused fact as written, and reads only facts given', () => {
    const name = (f: FactName) => `[${DECLARED_FACTS[f].option}]`;
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...FACT_NAMES), anyText),
        fc.option(fc.array(anyText, { maxLength: 3 })),
        (single, qty) => {
          const texts: FactTexts = { ...single, ...(qty ? { qty } : {}) };
          const { facts, problems } = readDeclaredFacts(texts, name);
          for (const p of problems) {
            expect(FACT_NAMES).toContain(p.fact);
            expect(p.message).toContain(name(p.fact));
          }
          for (const field of Object.keys(facts))
            expect(Object.keys(texts)).toContain(FACT_NAMES.find((f) => DECLARED_FACTS[f].field === field));
        },
      ),
      runs(600),
    );
  });
});

describe('CSV text cells (formula injection)', () => {
  it('a neutralised cell reads back as the text (with a leading quote when it could start a formula)', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyText, fc.string({ unit: fc.constantFrom(...'=+-@\t\r\n",a1 '), maxLength: 12 })),
        (text) => {
          const cell = csvTextCell(text);
          const [record] = readCsv(`${cell}\n`);
          const risky = text.length > 0 && startsFormula(text.charCodeAt(0));
          expect(record).toEqual([risky ? `'${text}` : text]);
          // Unquoted, a cell never starts a formula and never holds a row break.
          if (!cell.startsWith('"')) {
            expect(cell.length === 0 || !startsFormula(cell.charCodeAt(0))).toBe(true);
            expect(/[\r\n]/.test(cell)).toBe(false);
          }
        },
      ),
      runs(600),
    );
  });

  it('replays the corpus: each cell is written as OWASP asks', () => {
    for (const c of csvCellCorpus()) expect(csvTextCell(c.input), c.why).toBe(c.output);
  });
});

describe('facts and agreement fields', () => {
  const origin = { kind: 'file' as const, file: 'facts.json' };
  const fieldValue = fc.oneof(
    anyText,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(anyText, { maxLength: 2 }),
    fc.dictionary(anyText, anyText, { maxKeys: 2 }),
  );
  const FIELDS = ['disbursed', 'paidHours', 'months', 'asOf', 'periodEnd', 'value', 'unit', 'amount', 'rate'];

  it('buildFact never throws, and every problem points at a field of the record', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('capital', 'employment', 'obligation', 'relief-granted', 'snap-back-decision'),
        fc.dictionary(fc.constantFrom(...FIELDS, ...HOSTILE), fieldValue, { maxKeys: 4 }),
        fc.constantFrom('json' as const, 'csv' as const),
        (type, extra, flavour) => {
          const record = {
            id: 'f1',
            type,
            recorded: '2027-01-01',
            commitment: 'honda-ohio-ev',
            obligation: 'farm',
            track: 'autos',
            ...extra,
          };
          const built = buildFact(record, flavour, (field) => ({ pointer: `/${field ?? ''}` }), origin);
          for (const p of built.problems) expect(p.where?.pointer).toMatch(/^\//);
        },
      ),
      runs(500),
    );
  });

  it('facts files (JSON and CSV) never throw on generated text, and positions every problem', () => {
    const csvText = fc
      .array(
        fc.array(fc.oneof(anyText, fc.constantFrom('id', 'type', 'recorded', 'capital', 'value')), {
          maxLength: 5,
        }),
        {
          maxLength: 4,
        },
      )
      .map((rows) => rows.map((r) => r.join(',')).join('\n'));
    fc.assert(
      fc.property(fc.oneof(anyText, csvText), (text) => {
        const fromCsv = parseFactsCsv(text, 'facts.csv');
        const fromJson = parseFacts(text, 'facts.json');
        for (const p of [...fromCsv.problems, ...fromJson.problems])
          expect(p.where?.file).toMatch(/^facts\./);
      }),
      runs(400),
    );
  });

  it('the agreement money field never throws and agrees with the money parser', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.double()), (value) => {
        const r = usdField.safeParse(value);
        const cents = parseUsd(value);
        const negative = typeof value === 'number' ? value < 0 : /^\s*[-\u2212]/.test(value);
        if (r.success) expect(r.data).toBe(cents);
        else if (!negative) expect(cents).toBeUndefined();
      }),
      runs(600),
    );
  });

  it('an agreement with a hostile value in a money or count field is refused with a position, never thrown', () => {
    const agreement = readFileSync(join(ROOT, 'examples/us-japan-milestones/agreement.yaml'), 'utf8');
    fc.assert(
      fc.property(
        fc.constantFrom('capital: { total: 10bn }', 'years: 15', 'atLeast: 8bn'),
        fc.oneof(hostileToken, anyText),
        fc.boolean(),
        (field, value, quoted) => {
          const key = field.split(':')[0]!;
          const scalar = quoted ? JSON.stringify(value) : value.replace(/[\n\r{}[\],#&*!|>'"%@`]/g, '');
          const text = agreement.replace(
            field,
            field.startsWith('capital') ? `capital: { total: ${scalar} }` : `${key}: ${scalar}`,
          );
          const loaded = loadAgreement(text, 'a.yaml');
          for (const p of loaded.problems) expect(p.where?.file).toBe('a.yaml');
          if (loaded.agreement && key === 'capital' && ['0x10', '0o17', '.inf', '.nan'].includes(scalar))
            throw new Error(`${scalar} was read as a number`);
        },
      ),
      runs(80),
    );
  });
});

/** Assess a CSV in chunks, on the default (byte) path or the general one only. */
async function assess(bytes: Buffer, generalPathOnly: boolean, format: 'csv' | 'json' = 'csv', chunk = 997) {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const written: Buffer[] = [];
  const problems: Problem[] = [];
  const summary = await assessEntries({
    engine,
    input: Readable.from(parts),
    file: 'entries.csv',
    output: new Writable({
      write(c, _e, cb) {
        written.push(Buffer.from(c));
        cb();
      },
    }),
    format,
    onProblem: (p) => problems.push(p),
    generalPathOnly,
  });
  return { text: Buffer.concat(written).toString('utf8'), bytes: Buffer.concat(written), summary, problems };
}
const engine = createTariffEngine({}, diskSource);

describe('bulk assessment: the byte path against the general path', () => {
  const cellOf = (values: readonly string[]) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...values) },
      { weight: 1, arbitrary: hostileToken },
      { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'=+-@\t\r",a1.'), maxLength: 6 }) },
    );
  const row = fc
    .tuple(
      cellOf(['E1', 'E2', 'E3', '=cmd', '-E4', '@x']),
      cellOf(['1', '2', '-1']),
      cellOf(['', 'acme', '+imp', '\tacme']),
      cellOf(['8703.23.01', '8703.23.01.00', '7326.90.86', '9403.60.80', '1234.56.78', ' 8703.23.01']),
      cellOf(['JP', 'DE', 'CN', 'jp', 'XX']),
      cellOf([
        '2025-10-01',
        '2025-04-05',
        '2026-03-01',
        '2200-12-31',
        '2201-01-01',
        '9999-01-01',
        '2025-02-29',
      ]),
      cellOf(['40000', '10.5', '0.05', '007.50', '45000000', '9999999999999.99', '10000000000000', '1k']),
      cellOf(['ocean', 'air', '', 'ship']),
    )
    .map((cells) =>
      cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/\n/g, '').replace(/"/g, '""')}"` : c)).join(','),
    );

  it('both paths write the same bytes, report the same problems and sum the same, in CSV and JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('csv' as const, 'json' as const),
        async (rows, format) => {
          const input = Buffer.from(
            `entry_id,line,importer,hts,origin,entry_date,value,transport\n${rows.join('\n')}\n`,
          );
          const fast = await assess(input, false, format, 61);
          const general = await assess(input, true, format, 61);
          expect(fast.problems).toEqual(general.problems);
          expect(fast.summary).toEqual(general.summary);
          expect(fast.bytes.equals(general.bytes)).toBe(true);
          if (format === 'csv') {
            // No cell of the results starts a formula unless neutralised (quoted with a leading ').
            for (const record of readCsv(fast.text).slice(1))
              for (const cell of record.slice(0, 4))
                if (cell.length > 0 && startsFormula(cell.charCodeAt(0)))
                  throw new Error(`unneutralised cell ${JSON.stringify(cell)}`);
          }
        },
      ),
      runs(150),
    );
  });

  it('replays the corpus rows: refused ones are reported by row, the others assessed, on both paths alike', async () => {
    const corpus = assessRowCorpus();
    const input = Buffer.from(`${ASSESS_ROWS_HEADER}\n${corpus.map((c) => c.row).join('\n')}\n`);
    const fast = await assess(input, false);
    const general = await assess(input, true);
    expect(fast.problems).toEqual(general.problems);
    expect(fast.bytes.equals(general.bytes)).toBe(true);
    const refusedRows = new Set(fast.problems.map((p) => p.where?.row));
    corpus.forEach((c, i) => {
      expect(refusedRows.has(i + 1), `row ${i + 1}: ${c.why}`).toBe(c.verdict === 'refused');
    });
    for (const p of fast.problems) expect(p.where).toMatchObject({ file: 'entries.csv' });
    for (const record of readCsv(fast.text)) expect(record, record.join(',')).toHaveLength(12);
  });

  it('replays the money corpus as entry values: the same verdicts as accord duty, on both paths', async () => {
    const corpus = moneyCorpus();
    const cell = (v: string) => `"${v.replace(/\n/g, '').replace(/"/g, '""')}"`;
    const input = Buffer.from(
      `entry_id,line,hts,origin,entry_date,value\n${corpus.map((c, i) => `M${i},1,8703.23.01,JP,2025-10-01,${cell(c.value)}`).join('\n')}\n`,
    );
    const fast = await assess(input, false);
    const general = await assess(input, true);
    expect(fast.bytes.equals(general.bytes)).toBe(true);
    expect(fast.problems).toEqual(general.problems);
    const refused = new Set(fast.problems.map((p) => p.where?.row));
    const values = new Map(
      readCsv(fast.text)
        .slice(1)
        .map((r) => [r[0], r[6]]),
    );
    corpus.forEach((c, i) => {
      const label = `${JSON.stringify(c.value).slice(0, 40)} (${c.why})`;
      if (c.entry === 'refused') expect(refused.has(i + 1), label).toBe(true);
      else expect(values.get(`M${i}`), label).toBe(formatCents(c.entry));
    });
  });

  it('replays the text-cell corpus in entry_id, line and importer: neutralised alike on both paths', async () => {
    const corpus = csvCellCorpus();
    const q = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const lines = corpus.flatMap((c, i) => [
      `${q(c.input)},1,imp,8703.23.01,JP,2025-10-01,100`,
      `T${i},${q(c.input)},imp,8703.23.01,JP,2025-10-01,100`,
      `U${i},1,${q(c.input)},8703.23.01,JP,2025-10-01,100`,
    ]);
    const input = Buffer.from(`entry_id,line,importer,hts,origin,entry_date,value\n${lines.join('\n')}\n`);
    const fast = await assess(input, false);
    const general = await assess(input, true);
    expect(fast.problems).toEqual([]);
    expect(fast.bytes.equals(general.bytes)).toBe(true);
    const out = fast.text.split('\n').slice(1);
    corpus.forEach((c, i) => {
      expect(out[3 * i]!.startsWith(`${c.output},1,imp,`), c.why).toBe(true);
      expect(out[3 * i + 1]!.startsWith(`T${i},${c.output},imp,`), c.why).toBe(true);
      expect(out[3 * i + 2]!.startsWith(`U${i},1,${c.output},`), c.why).toBe(true);
    });
  });
});

describe('money corpus through the parsers', () => {
  it('reads each value as the corpus says, for money in general and for an entry line', () => {
    for (const c of moneyCorpus()) {
      const label = `test/corpus/money.txt:${c.line} ${c.why}`;
      const money = readUsd(c.value);
      expect(money.ok ? money.cents : 'refused', label).toBe(c.money);
      const entry = parseMoneyField('--value', c.value);
      expect(entry.ok ? entry.value : 'refused', label).toBe(c.entry);
      if (!entry.ok) expect(entry.message.startsWith('--value '), label).toBe(true);
      const field = usdField.safeParse(c.value);
      expect(field.success ? field.data : 'refused', label).toBe(c.money);
    }
  });
});
