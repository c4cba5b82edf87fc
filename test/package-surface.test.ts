/**
 * The package as a user installs it: `import('accord/evaluation')` and the other subpaths load on their own
 * from the built dist/, each exports its folder's surface, and none of them drags in the native addons of
 * the edges (resvg for charts, better-sqlite3 for the store). The build runs into a temporary directory, so
 * the test does not depend on a dist/ left by an earlier build.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, { import?: string; types?: string }>;
};
const SUBPATHS = Object.keys(pkg.exports).filter((k) => k !== '.' && k !== './package.json');
/** Subpaths published through an entry module (src/entries) that gives the folder the disk as its reader. */
const ENTRIES = new Set(['economics', 'negotiation', 'tariff']);

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'accord-package-'));
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      join(dir, 'dist'),
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'data'), join(dir, 'data'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Import `specifier` in a fresh process inside the staged package; report its exports and loaded addons. */
function load(specifier: string): { names: string[]; addons: string[] } {
  const script = `
    const m = await import(${JSON.stringify(specifier)});
    const addons = process.report.getReport().sharedObjects.filter((s) => s.endsWith('.node'));
    console.log(JSON.stringify({ names: Object.keys(m), addons }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir,
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe('the package surface', () => {
  it('declares a subpath for each domain folder, with its types', () => {
    expect(SUBPATHS.sort()).toEqual(
      [
        './agreement',
        './economics',
        './evaluation',
        './ledger',
        './negotiation',
        './tariff',
        './tlog',
      ].sort(),
    );
    for (const sub of SUBPATHS) {
      const name = sub.slice(2);
      // A folder whose functions read the shipped data is published through its entry in src/entries, which
      // hands it the disk; the others are their barrel.
      const entry = ENTRIES.has(name) ? `entries/${name}` : `${name}/index`;
      expect(pkg.exports[sub]).toEqual({ types: `./dist/${entry}.d.ts`, import: `./dist/${entry}.js` });
    }
  });

  it('creates a tariff engine and reads the economics tables from the shipped data, given no reader', () => {
    const script = `
      const { createTariffEngine, computeDuty } = await import('accord/tariff');
      const { shippedTables } = await import('accord/economics');
      const { usJapanSimulator } = await import('accord/negotiation');
      const engine = createTariffEngine();
      const duty = computeDuty(engine, { hts: '8703.23.01', origin: 'JP', date: '2025-05-01', value: 4000000n });
      console.log(JSON.stringify({
        total: String(duty.totalDuty),
        elasticities: shippedTables().elasticities.length,
        simulator: usJapanSimulator().tariffModel,
      }));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' }),
    );
    expect(BigInt(out.total)).toBeGreaterThan(0n);
    expect(out.elasticities).toBeGreaterThan(0);
    expect(out.simulator).toBe('SMART');
  });

  it.each(SUBPATHS.map((s) => s.slice(2)))('loads accord/%s on its own, with no edge addon', (name) => {
    const { names, addons } = load(`accord/${name}`);
    expect(names.length).toBeGreaterThan(3);
    expect(addons.filter((a) => /resvg|better_sqlite3|better-sqlite3/.test(a))).toEqual([]);
  });

  it('loads the root package without the chart renderer', () => {
    const { names, addons } = load('accord');
    expect(names).toEqual(expect.arrayContaining(['evaluate', 'computeDuty', 'loadAgreement']));
    expect(addons.filter((a) => /resvg/.test(a))).toEqual([]);
  });
});
