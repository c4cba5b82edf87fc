import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { fixture } from './fixtures/load-helpers.js';
import { type LoadResult, loadAgreement } from './load.js';
import { AGREEMENT_PROBLEM_CODES } from './problem-codes.js';

const source = fixture('milestones.yaml');
const data = parse(source) as unknown;

type Path = (string | number)[];

/** Every path in the fixture's data, leaves and containers alike. */
function allPaths(value: unknown, base: Path = []): Path[] {
  const out: Path[] = [base];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...allPaths(v, [...base, i]));
  } else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...allPaths(v, [...base, k]));
  return out;
}
const paths = allPaths(data).filter((p) => p.length > 0);

function clone(): Record<string, unknown> {
  return structuredClone(data) as Record<string, unknown>;
}

function parentOf(
  root: unknown,
  path: Path,
): { parent: Record<string | number, unknown>; key: string | number } {
  let parent = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  return { parent, key: path[path.length - 1]! };
}

/** Replacement values of every YAML type, including awkward ones. */
const anyValue = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e300,
    '',
    '15%',
    '-4bn',
    '2025-02-30',
    'm1',
    'x'.repeat(5000),
  ),
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }),
);

/** A structural mutation of the fixture, serialised back to YAML. */
const structural = fc.oneof(
  // Delete a key or an item.
  fc.constantFrom(...paths).map((path) => {
    const root = clone();
    const { parent, key } = parentOf(root, path);
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
    return stringify(root);
  }),
  // Change a value's type (or its value).
  fc.tuple(fc.constantFrom(...paths), anyValue).map(([path, value]) => {
    const root = clone();
    const { parent, key } = parentOf(root, path);
    parent[key] = value;
    return stringify(root);
  }),
  // Swap two values.
  fc.tuple(fc.constantFrom(...paths), fc.constantFrom(...paths)).map(([a, b]) => {
    const root = clone();
    const pa = parentOf(root, a);
    const pb = parentOf(root, b);
    const va = pa.parent[pa.key];
    const vb = pb.parent[pb.key];
    // Swapping a node with its own ancestor would make a cycle; stringify would loop.
    if (a.length !== b.length && (a.join('/').startsWith(b.join('/')) || b.join('/').startsWith(a.join('/'))))
      return source;
    pa.parent[pa.key] = vb;
    pb.parent[pb.key] = va;
    return stringify(root);
  }),
  // Add an unknown key.
  fc
    .tuple(fc.constantFrom(...paths), fc.string({ minLength: 1, maxLength: 10 }), anyValue)
    .map(([path, key, value]) => {
      const root = clone();
      const { parent, key: k } = parentOf(root, path);
      const target = parent[k];
      if (target !== null && typeof target === 'object' && !Array.isArray(target))
        (target as Record<string, unknown>)[key] = value;
      return stringify(root);
    }),
);

/** A mutation of the text itself: truncation, garbage, dropped or repeated lines. */
const textual = fc.oneof(
  fc.nat({ max: source.length }).map((n) => source.slice(0, n)),
  fc
    .tuple(fc.nat({ max: source.length }), fc.string({ unit: 'binary', maxLength: 20 }))
    .map(([at, junk]) => source.slice(0, at) + junk + source.slice(at)),
  fc
    .tuple(
      fc.nat({ max: source.length }),
      fc.constantFrom(
        ':',
        '- ',
        '{',
        '[',
        '"',
        "'",
        '&a ',
        '*a',
        '\t',
        '\n  ',
        '#',
        '!!',
        '---\n',
        '? [a]\n: ',
      ),
    )
    .map(([at, junk]) => source.slice(0, at) + junk + source.slice(at)),
  fc.nat().map((n) => {
    const lines = source.split('\n');
    lines.splice(n % lines.length, 1);
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => {
    const lines = source.split('\n');
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join('\n');
  }),
  fc.uint8Array({ maxLength: 200 }),
);

function expectWellFormed(result: LoadResult, input: string | Uint8Array): void {
  const errors = result.problems.filter((p) => p.severity !== 'warning');
  if (result.agreement) expect(errors).toEqual([]);
  else expect(errors.length).toBeGreaterThan(0);
  const lines = (typeof input === 'string' ? input : Buffer.from(input).toString('utf8')).split('\n').length;
  for (const p of result.problems) {
    expect(Object.keys(AGREEMENT_PROBLEM_CODES)).toContain(p.code);
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.where?.file).toBe('m.yaml');
    expect(p.where?.line).toBeGreaterThanOrEqual(1);
    expect(p.where?.line).toBeLessThanOrEqual(lines + 1);
    expect(p.where?.column).toBeGreaterThanOrEqual(1);
  }
}

describe('loadAgreement under random mutations of the milestones fixture', () => {
  // The loader speaks only through its result: nothing may reach the console or the process warnings.
  let spies: MockInstance[] = [];
  beforeEach(() => {
    spies = [
      vi.spyOn(process, 'emitWarning'),
      vi.spyOn(console, 'warn'),
      vi.spyOn(console, 'error'),
      vi.spyOn(console, 'log'),
    ];
  });
  afterEach(() => {
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it('never throws; returns an agreement or at least one positioned problem (structural mutations)', () => {
    fc.assert(
      fc.property(structural, (text) => {
        expectWellFormed(loadAgreement(text, 'm.yaml'), text);
      }),
      { numRuns: Number(process.env.ACCORD_FC_RUNS ?? 400) },
    );
  });

  it('never throws; returns an agreement or at least one positioned problem (textual mutations)', () => {
    fc.assert(
      fc.property(textual, (input) => {
        expectWellFormed(loadAgreement(input, 'm.yaml'), input);
      }),
      { numRuns: Number(process.env.ACCORD_FC_RUNS ?? 400) },
    );
  });

  it('reports a deleted required key as missing-field at the mapping that lacked it', () => {
    const required = paths.filter(
      (p) => p.length === 1 && ['title', 'signed', 'tracks', 'term'].includes(String(p[0])),
    );
    fc.assert(
      fc.property(fc.constantFrom(...required), (path) => {
        const root = clone();
        delete root[path[0] as string];
        const { problems } = loadAgreement(stringify(root), 'm.yaml');
        expect(problems.map((p) => `${p.code} ${p.where?.pointer}`)).toContain(`missing-field /${path[0]}`);
      }),
    );
  });
});
