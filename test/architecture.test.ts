/**
 * The architecture's rules, checked on the source rather than remembered (DESIGN.md, issue 15):
 * - domain folders never import the edges (store, server, cli, render), and the generic log (src/tlog)
 *   imports nothing of accord's but _lib;
 * - a folder is used through its index (its barrel), never by reaching into its files from outside — except
 *   from src/cli, whose commands import single modules so that a command loads only what it runs (`accord
 *   duty` would otherwise load the YAML and schema libraries with the tariff barrel; bench/cli);
 * - there is no import circle, type-only imports included;
 * - no source file runs over 600 lines, and no function over 150 unless its comment documents a hot path;
 * - the server reads requests through its schemas: no `as never` and no `as unknown as` in src/server;
 * - domain folders touch the file system only through readers they are given (a `ReadText` or a `DataSource`
 *   from the edge: the CLI, the server, or the package's entry points in src/entries).
 * Test code (`*.test.ts`, `src/∗/_test`) is outside these limits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(ROOT, 'src');
const EDGES = new Set(['store', 'server', 'cli', 'render']);
const DOMAIN = new Set([
  'agreement',
  'economics',
  'evaluation',
  'ledger',
  'negotiation',
  'tariff',
  'tlog',
  '_lib',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '_test' || e.name === 'fixtures' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC);
const parsed = new Map(
  files.map((f) => [f, ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true)]),
);
const rel = (f: string) => relative(ROOT, f);
/** The top folder of a file under src (`tariff` for src/tariff/duty/x.ts; '' for src/index.ts). */
const folderOf = (f: string) => relative(SRC, f).split('/').slice(0, -1)[0] ?? '';

/** Relative imports of a file (static, re-exports and dynamic), resolved to source files. */
function importsOf(file: string): string[] {
  const sf = parsed.get(file)!;
  const specs: string[] = [];
  const visit = (n: ts.Node) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier) {
      if (ts.isStringLiteral(n.moduleSpecifier)) specs.push(n.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(n) &&
      n.expression.kind === ts.SyntaxKind.ImportKeyword &&
      n.arguments[0] &&
      ts.isStringLiteral(n.arguments[0])
    ) {
      specs.push(n.arguments[0].text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts'))
    .filter((target) => parsed.has(target));
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** Modules that read the disk: node's own, and _lib's reader that the edges hand to the domain. */
const FS_MODULES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises']);
const READ_FILE = join(SRC, '_lib', 'read-file.ts');

/** Imports of a file that can reach the disk at run time (type-only imports cannot). */
function diskImportsOf(file: string): string[] {
  const found: string[] = [];
  for (const n of parsed.get(file)!.statements) {
    if (!ts.isImportDeclaration(n) && !ts.isExportDeclaration(n)) continue;
    if (!n.moduleSpecifier || !ts.isStringLiteral(n.moduleSpecifier)) continue;
    const spec = n.moduleSpecifier.text;
    const clause = ts.isImportDeclaration(n) ? n.importClause : undefined;
    const named = clause?.namedBindings;
    const typeOnly = ts.isImportDeclaration(n)
      ? !!clause &&
        (clause.isTypeOnly ||
          (!clause.name && !!named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly)))
      : n.isTypeOnly;
    if (typeOnly) continue;
    const target = spec.startsWith('.') ? resolve(dirname(file), spec).replace(/\.js$/, '.ts') : spec;
    if (FS_MODULES.has(spec) || target === READ_FILE) found.push(spec);
  }
  return found;
}

describe('the architecture', () => {
  it('keeps domain folders free of the edges', () => {
    const offenders = files.flatMap((f) =>
      DOMAIN.has(folderOf(f))
        ? graph
            .get(f)!
            .filter((t) => EDGES.has(folderOf(t)))
            .map((t) => `${rel(f)} imports ${rel(t)}`)
        : [],
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the generic log free of accord: src/tlog imports only itself and _lib', () => {
    const offenders = files.flatMap((f) =>
      folderOf(f) === 'tlog'
        ? graph
            .get(f)!
            .filter((t) => !['tlog', '_lib'].includes(folderOf(t)))
            .map((t) => `${rel(f)} imports ${rel(t)}`)
        : [],
    );
    expect(offenders).toEqual([]);
  });

  it('uses other folders through their barrels (src/cli excepted, for its start-up time)', () => {
    const BARRELS = new Set([
      'agreement',
      'economics',
      'evaluation',
      'ledger',
      'negotiation',
      'tariff',
      'tlog',
      'store',
    ]);
    const deep = files.flatMap((f) =>
      folderOf(f) === 'cli'
        ? []
        : graph
            .get(f)!
            .filter(
              (t) =>
                BARRELS.has(folderOf(t)) &&
                folderOf(t) !== folderOf(f) &&
                !t.endsWith(`/${folderOf(t)}/index.ts`),
            )
            .map((t) => `${rel(f)} reaches into ${rel(t)}`),
    );
    expect(deep).toEqual([]);
  });

  it('keeps the domain folders off the file system: they read only through a reader given to them', () => {
    // _lib holds the disk readers the edges hand in (read-file.ts); src/entries hand them in for the package.
    const FS_FREE = new Set([
      'agreement',
      'evaluation',
      'economics',
      'negotiation',
      'ledger',
      'tariff',
      'tlog',
    ]);
    const offenders = files.flatMap((f) =>
      FS_FREE.has(folderOf(f)) ? diskImportsOf(f).map((spec) => `${rel(f)} imports ${spec}`) : [],
    );
    expect(offenders).toEqual([]);
  });

  it('has no import circle', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const walk = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const t of graph.get(f)!) {
        if (state.get(t) === 'open') circles.push([...stack.slice(stack.indexOf(t)), t].map(rel).join(' → '));
        else if (!state.has(t)) walk(t);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) walk(f);
    expect(circles).toEqual([]);
  });

  it('has no source file over 600 lines', () => {
    const long = files
      .map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 600)
      .map(([f, n]) => `${f}: ${n} lines`);
    expect(long).toEqual([]);
  });

  it('has no function over 150 lines unless its comment documents a hot path', () => {
    const long: string[] = [];
    for (const [file, sf] of parsed) {
      const visit = (n: ts.Node) => {
        if (ts.isFunctionLike(n) && 'body' in n && n.body) {
          const first = sf.getLineAndCharacterOfPosition(n.getStart()).line;
          const last = sf.getLineAndCharacterOfPosition(n.getEnd()).line;
          // The comment above the function, or above the statement that holds it (`const f = () => …`).
          const holder = ts.isVariableDeclaration(n.parent) ? n.parent.parent.parent : n;
          const comment = sf.text.slice(holder.getFullStart(), holder.getStart());
          if (last - first + 1 > 150 && !/hot path/i.test(comment))
            long.push(`${rel(file)}:${first + 1}: ${last - first + 1} lines`);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(long).toEqual([]);
  });

  it('reads requests in src/server through their schemas, with no escape-hatch casts', () => {
    const casts = files
      .filter((f) => folderOf(f) === 'server')
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) => (/\bas never\b|\bas unknown as\b/.test(line) ? [`${rel(f)}:${i + 1}`] : [])),
      );
    expect(casts).toEqual([]);
  });
});
