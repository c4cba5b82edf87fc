import { describe, expect, it } from 'vitest';
import type { AccordError } from '../_lib/problem.js';
import { diskSource } from '../_lib/read-file.js';
import { matchPrefix } from './hts-code.js';
import { loadShippedRuleBase } from './rule-base.js';
import { parseScopesCsv, parseScopesYaml } from './scopes.js';

const YAML = `
lists:
  - id: wood
    title: Upholstered wood seats
    source: Proc. 10976
    hts: ['9401.61.40.11', '9401.61.40.31']
  - id: autos
    title: Autos
    source: Proc. 10908
    hts: ['8703.23']
`;

describe('Scopes', () => {
  const scopes = parseScopesYaml(YAML, 'scopes.yaml');

  it('covers a code under a listed prefix', () => {
    expect(scopes.match('87032301', ['autos']).match).toBe('yes');
    expect(scopes.match('87042101', ['autos']).match).toBe('no');
  });

  it('reports partial coverage when the list names statistical suffixes of the code', () => {
    const hit = scopes.match('94016140', ['wood']);
    expect(hit.match).toBe('partial');
    expect(hit.narrower).toEqual(['9401614011', '9401614031']);
    expect(scopes.match('9401614001', ['wood']).match).toBe('no');
  });

  it('gives the same answer object for the same list array (bulk files ask it on every era and origin)', () => {
    const autos = ['autos'];
    const first = scopes.match('87032301', autos);
    expect(scopes.match('87032301', autos)).toBe(first);
    expect(scopes.match('87032301', ['autos'])).toEqual(first);
    expect(scopes.match('94016140', ['wood']).narrower).toEqual(['9401614011', '9401614031']);
  });

  it('answers as matching each prefix of each list would, on every shipped list (one index for all lists)', () => {
    const { scopes: shipped } = loadShippedRuleBase(diskSource);
    const ids = shipped.ids();
    // Codes at every depth, in and out of the lists, and lists holding the same code at different depths.
    const codes = ['87032301', '8703230100', '8708', '870899', '87089981', '7326908688', '76', '9401614011'];
    for (const id of ids.slice(0, 400)) codes.push(shipped.get(id)!.prefixes[0] ?? '01');
    for (const code of codes) {
      const held = new Set<string>();
      for (const id of ids) {
        const byPrefix = shipped.get(id)!.prefixes.map((p) => matchPrefix(code, p));
        const naive = byPrefix.includes('yes') ? 'yes' : byPrefix.includes('partial') ? 'partial' : 'no';
        expect(shipped.match(code, [id]).match, `${code} in ${id}`).toBe(naive);
        if (naive === 'yes') held.add(id);
      }
      expect(new Set(shipped.holding(code))).toEqual(held);
    }
  });

  it('adds official list rows from CSV', () => {
    const more = scopes.withAdditions(parseScopesCsv('list,hts\nautos,8703.24\nnew-list,7326\n', 'x.csv'));
    expect(more.match('87032401', ['autos']).match).toBe('yes');
    expect(more.match('73269086', ['new-list']).match).toBe('yes');
    expect(scopes.match('87032401', ['autos']).match).toBe('no');
  });

  it('reports bad CSV rows by row number and a bad header', () => {
    try {
      parseScopesCsv('list,hts\nautos,8703\nBad List,12x\n', 'x.csv');
      expect.unreachable();
    } catch (error) {
      expect((error as AccordError).problems[0]?.where?.row).toBe(2);
    }
    expect(() => parseScopesCsv('a,b\n', 'x.csv')).toThrow(/list/);
  });

  it('rejects a YAML file with a bad prefix, naming where', () => {
    try {
      parseScopesYaml('lists:\n  - {id: a, title: t, source: s, hts: ["87x"]}\n', 's.yaml');
      expect.unreachable();
    } catch (error) {
      expect((error as AccordError).problems[0]?.where?.pointer).toBe('/lists/0/hts/0');
    }
  });

  it('reads a list file, with dated rows as dated parts of the list', () => {
    const files: Record<string, string> = {
      'lists/x.csv':
        'hts,from,until,note\n8517.13.00,,,"always, quoted"\n0901.11.00,2025-11-13,,\n3907.61.00,,2025-09-08,\n',
    };
    const scopes = parseScopesYaml(
      'lists:\n  - {id: x, title: t, source: s, file: lists/x.csv}\n',
      's.yaml',
      (path) => files[path]!,
    );
    expect(scopes.match('8517130000', ['x']).match).toBe('yes');
    expect(scopes.match('09011100', ['x']).match).toBe('no');
    const parts = scopes.parts('x');
    expect(parts.map((p) => [p.from, p.until, p.prefixes])).toEqual([
      ['2025-11-13', undefined, ['09011100']],
      [undefined, '2025-09-08', ['39076100']],
    ]);
    expect(scopes.match('0901110000', [parts[0]!.id]).match).toBe('yes');
  });

  it('reports a bad row of a list file by row number', () => {
    try {
      parseScopesYaml(
        'lists:\n  - {id: x, title: t, source: s, file: lists/x.csv}\n',
        's.yaml',
        () => 'hts\n8703\n87x\n',
      );
      expect.unreachable();
    } catch (error) {
      expect((error as AccordError).problems[0]?.where).toEqual({ file: 'lists/x.csv', row: 2 });
    }
  });
});
