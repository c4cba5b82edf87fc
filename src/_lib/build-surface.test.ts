/**
 * dist/ holds no test helpers: the build (tsconfig.build.json) leaves out tests and src/∗/_test, but tsc
 * still compiles any file a built file imports, so no source file outside the tests may import a helper.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '_test' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the package build', () => {
  it('excludes tests and _test helpers', () => {
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8'));
    expect(build.exclude).toEqual(expect.arrayContaining(['src/**/*.test.ts', 'src/**/_test/**']));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', '!dist/**/_test', '!dist/**/*.test.*']));
  });

  it('has no built source file that imports a _test helper', () => {
    const importsHelper = /\bfrom\s+['"][^'"]*\/_test\/|import\(\s*['"][^'"]*\/_test\//;
    const offenders = sourceFiles(SRC)
      .filter((f) => importsHelper.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
