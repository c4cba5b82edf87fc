/**
 * The CLI imports a command's module only when that command runs (src/cli/program.ts, issue 15): each run
 * is spawned with a preload that records every module the process loads, and the test asserts which source
 * files are among them. Nothing here depends on timing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Help } from '@commander-js/extra-typings';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram, COMMANDS, commandName, commandNamed } from '../src/cli/program.js';
import { ROOT } from './helpers/cli.js';

const ENTRY = fileURLToPath(new URL('../src/cli/entry.ts', import.meta.url));
const TSX = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const RECORD = new URL('./helpers/record-imports.mjs', import.meta.url).href;
const tmp = mkdtempSync(join(tmpdir(), 'accord-lazy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let runs = 0;

/**
 * Run `accord ...args`: its exit status, the repository files it imported (relative to the root) and the
 * packages it imported (tsx's own, which runs the TypeScript, left out).
 */
function importsOf(args: readonly string[]): {
  status: number;
  stdout: string;
  files: string[];
  packages: string[];
} {
  const out = join(tmp, `imports-${++runs}.txt`);
  const r = spawnSync(process.execPath, ['--import', TSX, '--import', RECORD, ENTRY, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ACCORD_RECORD_IMPORTS: out },
  });
  const urls = readFileSync(out, 'utf8').split('\n').filter(Boolean);
  const paths = urls
    .filter((u) => u.startsWith('file:'))
    .map((u) => fileURLToPath(u.replace(/\?.*$/, '')).replaceAll('\\', '/'));
  const files = paths
    .filter((f) => f.startsWith(ROOT) && !f.includes('/node_modules/'))
    .map((f) => f.slice(ROOT.length));
  const packages = paths
    .filter((f) => f.includes('/node_modules/'))
    .map((f) => {
      const parts = f.slice(f.lastIndexOf('/node_modules/') + '/node_modules/'.length).split('/');
      return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
    })
    .filter((p) => !['tsx', 'esbuild', 'get-tsconfig', 'resolve-pkg-maps'].includes(p));
  return { status: r.status ?? -1, stdout: r.stdout, files, packages: [...new Set(packages)].sort() };
}

/** Folders whose modules no command's help needs, and which only some commands' runs do. */
const HEAVY = /^src\/(server|store|tariff|ledger|economics|negotiation|evaluation|agreement)\//;

describe('accord loads a command only when it runs', () => {
  it('accord --help imports no command module, nothing of the domain and no package but commander', () => {
    const r = importsOf(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('duty [options]');
    const src = r.files.filter((f) => f.startsWith('src/'));
    expect(src).toContain('src/cli/program.ts'); // the recorder saw the run
    expect(src.sort()).toEqual(
      [
        'src/_lib/problem.ts',
        'src/cli/closed-output.ts',
        'src/cli/entry.ts',
        'src/cli/main.ts',
        'src/cli/program.ts',
        'src/cli/report-error.ts',
      ].sort(),
    );
    expect(r.packages).toEqual(['@commander-js/extra-typings', 'commander']);
  });

  it('accord --version and an unknown command import no command module either', () => {
    for (const args of [['--version'], ['frobnicate'], ['help']]) {
      const r = importsOf(args);
      expect(r.files.filter((f) => f.startsWith('src/cli/commands/') || HEAVY.test(f))).toEqual([]);
    }
  });

  it('accord duty --help imports the duty command, not the server, the ledger or another command', () => {
    const r = importsOf(['duty', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--hts <code>');
    expect(r.files.filter((f) => f.startsWith('src/cli/commands/'))).toEqual(['src/cli/commands/duty.ts']);
    expect(r.files.filter((f) => /^src\/(server|store|ledger|economics|negotiation)\//.test(f))).toEqual([]);
    expect(r.packages).not.toContain('@resvg/resvg-js');
    expect(r.packages).not.toContain('hono');
  });

  it('accord duty reads the compiled rule base: no YAML parser, no zod, no agreement modules (issue 13)', () => {
    const r = importsOf([
      'duty',
      '--hts',
      '8703.23.01',
      '--origin',
      'JP',
      '--date',
      '2025-10-01',
      '--value',
      '40000',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Total duty');
    expect(r.packages).not.toContain('yaml');
    expect(r.packages).not.toContain('zod');
    expect(r.files).toContain('src/tariff/shipped-rule-base.ts');
    expect(r.files).not.toContain('src/tariff/rule-base.ts');
    expect(r.files).not.toContain('src/cli/evaluate-files.ts');
    expect(r.files.filter((f) => /^src\/(agreement|evaluation)\//.test(f))).toEqual([]);
  });

  it('accord duty --agreement imports the agreement modules', () => {
    const r = importsOf([
      'duty',
      ...['--hts', '8703.23.01', '--origin', 'JP', '--date', '2025-10-01', '--value', '40000'],
      ...['--agreement', 'examples/us-japan-milestones/agreement.yaml'],
      ...['--facts', 'examples/us-japan-milestones/facts.json'],
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('overlay: agreement');
    expect(r.files).toContain('src/cli/evaluate-files.ts');
  });

  it('accord help submit imports only the module that registers submit', () => {
    const r = importsOf(['help', 'submit']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: accord submit');
    expect(r.files.filter((f) => f.startsWith('src/cli/commands/')).sort()).toEqual(
      ['src/cli/commands/actors.ts', 'src/cli/commands/ledger-io.ts'].sort(),
    );
    expect(r.files.filter((f) => f.startsWith('src/server/'))).toEqual([]);
  });
});

describe('the command table', () => {
  it('lists each command as the module that registers it shows it', async () => {
    const help = new Help();
    for (const m of COMMANDS) {
      const program = new Command('accord');
      (await m.load())(program);
      expect(
        program.commands.map((c) => [help.subcommandTerm(c), c.summary() || c.description()]),
        m.module,
      ).toEqual(m.commands.map(([term, description]) => [term, description]));
    }
  });

  it('gives the same top-level help as the program with every command loaded', async () => {
    const full = await buildProgram();
    for (const argv of [['--help'], [], ['duty', '--help'], ['help', 'verify']]) {
      const lazy = await buildProgram(argv);
      expect(lazy.helpInformation(), argv.join(' ')).toBe(full.helpInformation());
    }
  });

  it('has one module for each command name', () => {
    const names = COMMANDS.flatMap((m) => m.commands.map(([term]) => commandName(term)));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('commandNamed reads the arguments as commander does', () => {
  it.each([
    [['duty', '--hts', '8703.23.01'], 'duty'],
    [['duty', '--help'], 'duty'],
    [['help', 'ledger', 'append'], 'ledger'],
    [['--', 'duty'], 'duty'],
    [['help'], undefined],
    [['--help'], undefined],
    [['-h', 'duty'], undefined],
    [['--version'], undefined],
    [['--bogus', 'duty'], undefined],
    [[], undefined],
    [['frobnicate'], 'frobnicate'],
  ] as const)('%j → %s', (argv, name) => {
    expect(commandNamed(argv)).toBe(name);
  });
});
