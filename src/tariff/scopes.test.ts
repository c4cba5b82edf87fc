import { describe, expect, it } from 'vitest';
import type { AccordError } from '../_lib/problem.js';
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
});
