import { describe, expect, it } from 'vitest';
import { AccordError } from '../_lib/problem.js';
import { diskSource } from '../_lib/read-file.js';
import { createTariffEngine, shippedHtsTable } from './create-engine.js';
import {
  accountGroupOf,
  headingStanding,
  loadHeadingAccount,
  parseHeadingAccount,
  ruleBaseHeadings,
  subchapterIIIHeadings,
} from './heading-account.js';

const engine = createTariffEngine({}, diskSource);
const account = loadHeadingAccount(diskSource);
const used = ruleBaseHeadings(engine.layers);
const table = shippedHtsTable(diskSource);
const headings = subchapterIIIHeadings(table.codes());

describe('the account of subchapter III of chapter 99', () => {
  it('is of the shipped revision, which has some five hundred 9903 headings', () => {
    expect(account.revision).toBe(table.revision.label);
    expect(headings.length).toBeGreaterThan(450);
    expect(headings).toContain('9903.01.25');
    expect(headings).not.toContain('9903.92');
  });

  it('accounts for every 9903 heading of the shipped revision', () => {
    const unaccounted = headings.filter((h) => headingStanding(h, used, account).status === 'unaccounted');
    expect(unaccounted).toEqual([]);
  });

  it('lists no heading that the rule base charges or claims', () => {
    const both = headings.filter(
      (h) => accountGroupOf(account, h) && (used.charged.has(h) || used.claimed.has(h)),
    );
    expect(both).toEqual([]);
  });

  it('lists nothing that is not a heading of the revision (each entry matches one or more)', () => {
    const stale = account.groups.flatMap((g) =>
      g.headings.filter((p) => {
        const [low, high = low] = p.split('–');
        return !headings.some((h) => low! <= h && h <= high!);
      }),
    );
    expect(stale).toEqual([]);
  });

  it('says where a heading stands', () => {
    expect(headingStanding('9903.89.05', used, account)).toMatchObject({
      status: 'suspended',
      source: expect.stringContaining('note 21'),
    });
    expect(headingStanding('9903.01.25', used, account)).toMatchObject({
      status: 'charged',
      layers: expect.arrayContaining(['ieepa-baseline', 'ieepa-baseline-others']),
    });
    expect(headingStanding('9903.01.29', used, account)).toMatchObject({ status: 'claimed' });
    expect(headingStanding('9903.02.01', used, account)).toEqual({
      status: 'charged',
      layers: ['ieepa-transshipment'],
    });
    expect(headingStanding('9903.99.99', used, account)).toEqual({ status: 'unaccounted' });
  });

  it('refuses a malformed account with the place of each problem', () => {
    const bad = (text: string) => {
      try {
        parseHeadingAccount(text, 'x.yaml');
      } catch (error) {
        expect(error).toBeInstanceOf(AccordError);
        return (error as AccordError).problems.map((p) => [p.where?.pointer, p.message]);
      }
      throw new Error('accepted');
    };
    const group = (headings: string) =>
      `revision: R\ngroups:\n  - headings: ${headings}\n    status: expired\n    reason: r\n    source: s\n`;
    expect(bad(group('[9903.1.25]'))).toEqual([
      ['/groups/0/headings/0', expect.stringContaining('9903.xx.xx')],
    ]);
    expect(bad(group('[9903.89.63–9903.89.05]'))).toEqual([
      ['/groups/0/headings/0', expect.stringContaining('lower heading')],
    ]);
    expect(bad(group('[9903.01.02, 9903.01.02]'))).toEqual([
      ['/groups/0/headings/1', expect.stringContaining('listed twice')],
    ]);
    expect(bad(group('[9903.01.02]').replace('expired', 'gone'))[0]![0]).toBe('/groups/0/status');
    expect(bad('groups: [')[0]![1]).toMatch(/./);
  });
});
