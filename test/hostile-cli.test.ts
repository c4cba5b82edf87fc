/**
 * Hostile input at the CLI (issue 12), as a user meets it: the real `accord` process. The regression corpus
 * (test/corpus) is replayed through `accord duty --value`, an `accord assess` CSV built from it, `accord
 * validate` on agreements using its values and `accord schedule` on facts using them: never exit 70 or a
 * stack trace, a positioned problem for each refused value, the value itself for each accepted one. The
 * results CSV neutralises formula cells; a closed stdout ends a command quietly; number options take
 * decimal digits only.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../bench/assess/generate.js';
import { formatCents } from '../src/_lib/money.js';
import { accord, ROOT } from './helpers/cli.js';
import {
  ASSESS_ROWS_HEADER,
  assessRowCorpus,
  csvCellCorpus,
  moneyCorpus,
  readCsv,
} from './helpers/corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'accord-hostile-'));
const STACK = /\n\s+at /;
const ENTRY = join(ROOT, 'src/cli/entry.ts');

/** Neither a crash (exit 70) nor a stack trace. */
function expectNoCrash(r: { status: number; stderr: string; stdout: string }): void {
  expect(r.status, r.stderr).not.toBe(70);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr).not.toContain('unexpected internal error');
}

/** Run accord with its stdout closed before it writes, as `accord … | head -1` does to a long output. */
function withClosedStdout(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('accord duty with a hostile value', () => {
  it('refuses --value 1constructor with a message naming the flag (it crashed with exit 70)', () => {
    const r = accord([
      'duty',
      '--hts',
      '8703.23.01',
      '--origin',
      'JP',
      '--date',
      '2025-10-01',
      '--value',
      '1constructor',
    ]);
    expectNoCrash(r);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      '--value "1constructor" is not a US-dollar amount: unknown suffix "constructor"',
    );
  });

  it('refuses a 309-digit --value, stating the bound', () => {
    const r = accord([
      'duty',
      '--hts',
      '8703.23.01',
      '--origin',
      'JP',
      '--date',
      '2025-10-01',
      '--value',
      '9'.repeat(309),
    ]);
    expectNoCrash(r);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--value "9{40}…" is too large: at most 13 digits before the decimal point/);
  });
});

describe('accord assess on a CSV built from the corpus', () => {
  const money = moneyCorpus();
  const rows = assessRowCorpus();
  const cells = csvCellCorpus();
  const q = (v: string) => `"${v.replace(/\n/g, '').replace(/"/g, '""')}"`;
  // One file, one header (ASSESS_ROWS_HEADER): the corpus rows, then a row per money value, then each text
  // cell as an entry id and as an importer.
  const lines = [
    ...rows.map((c) => c.row),
    ...money.map((c, i) => `M${i},1,acme,8703.23.01,JP,2025-10-01,${q(c.value)},ocean,,,`),
    ...cells.flatMap((c, i) => [
      `${q(c.input)},1,acme,8703.23.01,JP,2025-10-01,100,air,,,`,
      `C${i},1,${q(c.input)},8703.23.01,JP,2025-10-01,100,air,,,`,
    ]),
  ];
  const file = join(dir, 'corpus.csv');
  // The lone surrogate rows become invalid UTF-8 bytes (ED A0 80), as a hostile file would hold them.
  writeFileSync(
    file,
    Buffer.concat(
      `${ASSESS_ROWS_HEADER}\n${lines.join('\n')}\n`
        .split(/(\ud800)/)
        .map((part) => (part === '\ud800' ? Buffer.from([0xed, 0xa0, 0x80]) : Buffer.from(part))),
    ),
  );
  const out = join(dir, 'corpus-results.csv');

  it('reports every refused row by number, assesses the rest, neutralises formula cells, never crashes', () => {
    const r = accord(['assess', file, '--out', out]);
    expectNoCrash(r);
    expect(r.status).toBe(0);
    // The first 50 bad rows are printed with their numbers, the rest counted; a refused row is absent from
    // the results, an accepted one present (every row has its own entry id).
    for (const m of r.stderr.matchAll(/corpus\.csv:row (\d+): /g)) expect(Number(m[1])).toBeGreaterThan(0);
    const results = readCsv(readFileSync(out, 'utf8'));
    const byId = new Map(results.slice(1).map((rec) => [rec[0]!, rec]));
    rows.forEach((c) => {
      const id = c.row.split(',')[0]!;
      expect(byId.has(id), `${id}: ${c.why}`).toBe(c.verdict === 'ok');
    });
    money.forEach((c, i) => {
      const label = `test/corpus/money.txt:${c.line} ${c.why}`;
      expect(byId.get(`M${i}`)?.[6], label).toBe(c.entry === 'refused' ? undefined : formatCents(c.entry));
    });
    const refused =
      rows.filter((c) => c.verdict === 'refused').length + money.filter((c) => c.entry === 'refused').length;
    expect(r.stdout).toContain(`; ${refused} bad rows`);
    const text = readFileSync(out, 'utf8');
    cells.forEach((c, i) => {
      expect(text, c.why).toContain(`\n${c.output},1,acme,8703.23.01,JP,2025-10-01,100.00,`);
      expect(text, c.why).toContain(`\nC${i},1,${c.output},8703.23.01,`);
    });
    // Every result has the header's 12 cells (a heading with a comma once split the layers cell).
    for (const rec of results) expect(rec, rec.join(',')).toHaveLength(12);
    // Numbers stay numbers: value, duty, rate, MPF and HMF are never quoted or prefixed.
    for (const rec of results.slice(1))
      for (const n of rec.slice(6, 11)) expect(n).toMatch(/^(\d+(\.\d+)?)?$/);
    // No unneutralised cell: every cell that begins like a formula was written quoted with a leading '.
    for (const rec of results) for (const cell of rec) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('accord validate on agreements using the corpus values', () => {
  const money = moneyCorpus();
  const agreement = readFileSync(join(ROOT, 'examples/us-japan-milestones/agreement.yaml'), 'utf8');
  const field = 'capital: { total: 10bn }';
  const line = agreement.slice(0, agreement.indexOf(field)).split('\n').length;
  const files = money.map((c, i) => {
    const f = join(dir, `money-${i}.yaml`);
    writeFileSync(f, agreement.replace(field, `capital: { total: ${JSON.stringify(c.value)} }`));
    return f;
  });
  // Unquoted, YAML's core schema read these as numbers (0x10 as 16): they must stay text and be refused.
  const raw = ['0x10', '0o17', '.inf', '.nan', '1e400'].map((v, i) => {
    const f = join(dir, `raw-${i}.yaml`);
    writeFileSync(f, agreement.replace(field, `capital: { total: ${v} }`));
    return f;
  });

  it('refuses each refused value with its file:line:col, accepts the others, never crashes', () => {
    const r = accord(['validate', ...files, ...raw]);
    expectNoCrash(r);
    expect(r.status).toBe(1);
    money.forEach((c, i) => {
      const label = `test/corpus/money.txt:${c.line} ${c.why}`;
      if (c.money === 'refused')
        expect(r.stderr, label).toMatch(new RegExp(`money-${i}\\.yaml:${line}:\\d+: `));
      else expect(r.stdout, label).toContain(`money-${i}.yaml: valid`);
    });
    for (const [i, f] of raw.entries())
      expect(r.stderr, f).toMatch(new RegExp(`raw-${i}\\.yaml:${line}:\\d+: `));
  });

  it('refuses an unquoted 0x10 where money goes (it was read as $16 and the agreement was valid)', () => {
    const r = accord(['validate', raw[0]!]);
    expectNoCrash(r);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`raw-0.yaml:${line}:`);
    expect(r.stderr).toContain('"0x10" is not a US-dollar amount');
  });
});

describe('accord schedule on facts using the corpus values', () => {
  it('refuses each refused amount at its line, keeps quiet about the others, never crashes', () => {
    const money = moneyCorpus();
    const fact = (i: number, disbursed: string) =>
      `{"id": "corpus-${i}", "type": "capital", "commitment": "honda-ohio-ev", "asOf": "2026-03-31", "disbursed": ${disbursed}, "evidence": ["cpa-attestation"], "attestations": ["aud-us", "aud-jp"], "recorded": "2026-04-15"}`;
    // One fact a line (facts start on line 4), so each problem's line names its fact; the last is
    // unquoted 0x10, which a YAML 1.2 reader took for 16.
    const facts = [...money.map((c, i) => fact(i, JSON.stringify(c.value))), fact(money.length, '0x10')];
    const file = join(dir, 'facts.json');
    writeFileSync(
      file,
      `{\n"accordFacts": 1,\n"agreement": "us-japan-milestones",\n"facts": [\n${facts.join(',\n')}\n]}\n`,
    );
    const r = accord([
      'schedule',
      join(ROOT, 'examples/us-japan-milestones/agreement.yaml'),
      '--facts',
      file,
    ]);
    expectNoCrash(r);
    expect(r.status).toBe(1);
    const lines = new Set([...r.stderr.matchAll(/facts\.json:(\d+):\d+: /g)].map((m) => Number(m[1])));
    money.forEach((c, i) => {
      expect(lines.has(5 + i), `test/corpus/money.txt:${c.line} ${c.why}`).toBe(c.money === 'refused');
    });
    expect(lines.has(5 + money.length), 'unquoted 0x10').toBe(true);
  });
});

describe('a closed stdout ends a command quietly', () => {
  it('accord ledger evaluate --help (it died with an unhandled EPIPE)', async () => {
    const r = await withClosedStdout(['ledger', 'evaluate', '--help']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('accord schedule', async () => {
    const r = await withClosedStdout([
      'schedule',
      'examples/us-japan-2025/agreement.yaml',
      '--facts',
      'examples/us-japan-2025/facts.json',
      '--as-of',
      '2026-11-28',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('accord assess --out - on a 5,000-line file; and with the pipe open, results on stdout, summary on stderr', async () => {
    const file = join(dir, 'entries-5k.csv');
    generate(5_000, file);
    const r = await withClosedStdout(['assess', file, '--out', '-']);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.status).toBe(0);
    const small = join(dir, 'small.csv');
    writeFileSync(small, `${readFileSync(file, 'utf8').split('\n').slice(0, 4).join('\n')}\n`);
    const open = accord(['assess', small, '--out', '-', '--format', 'json']);
    expect(open.status).toBe(0);
    expect(JSON.parse(open.stdout).lines).toHaveLength(3);
    expect(open.stderr).toContain('3 lines assessed');
  });
});

describe('number options take decimal digits only', () => {
  it('accord assess --top 0x10 is a usage error (parseInt read it as 0, and 15 was used)', () => {
    const file = join(dir, 'one-line.csv');
    writeFileSync(file, 'entry_id,line,hts,origin,entry_date,value\nE1,1,8703.23.01,JP,2025-10-01,40000\n');
    const r = accord(['assess', file, '--top', '0x10']);
    expectNoCrash(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--top must be a whole number from 1 to 10000 (got "0x10")');
  });

  it('accord negotiate run --rounds 0x10 is a usage error (it ran 16 rounds)', () => {
    const r = accord(['negotiate', 'run', 'examples/us-japan-negotiation/domain.yaml', '--rounds', '0x10']);
    expectNoCrash(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--rounds must be an integer from 1 to 100000');
  });
});

describe('paths the user names that cannot be written', () => {
  it('accord assess --out into a missing folder: a message, exit 1 (it was an unhandled rejection with a stack)', () => {
    const file = join(dir, 'two-line.csv');
    writeFileSync(file, 'entry_id,line,hts,origin,entry_date,value\nE1,1,8703.23.01,JP,2025-10-01,40000\n');
    const r = accord(['assess', file, '--out', join(dir, 'no-such-folder', 'out.csv')]);
    expectNoCrash(r);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^accord: cannot write .*no-such-folder.*ENOENT/m);
  });

  it('accord negotiate export --out under a file: the system error as a message, exit 1 (it was exit 70)', () => {
    const plain = join(dir, 'a-file');
    writeFileSync(plain, '');
    const r = accord([
      'negotiate',
      'export',
      'examples/us-japan-negotiation/domain.yaml',
      '--to',
      'genius',
      '--out',
      join(plain, 'sub'),
    ]);
    expectNoCrash(r);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^accord: ENOTDIR/m);
  });
});
