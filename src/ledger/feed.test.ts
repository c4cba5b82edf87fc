import { describe, expect, it } from 'vitest';
import { feedItems } from './feed.js';
import type { ReplayedEntry } from './replay.js';

/** A replayed entry with just what the feed reads. */
function entry(index: number, statement: Record<string, unknown> | undefined): ReplayedEntry {
  return {
    index,
    leafHash: String(index).padStart(64, '0'),
    ...(statement
      ? { signed: { statement, signature: { key: 'k', sig: 's' } } as unknown as ReplayedEntry['signed'] }
      : {}),
    status: 'counts',
    counts: true,
    problems: [],
  };
}

const leaf = (i: number) => String(i).padStart(64, '0');
const log = [
  entry(0, { type: 'employment-report', actor: 'honda', commitment: 'honda-ohio-ev', issued: '2026-04-20' }),
  entry(1, { type: 'investment-report', actor: 'tx-semi', commitment: 'texas-semi', issued: '2026-04-21' }),
  entry(2, {
    type: 'attestation',
    actor: 'aud-us',
    subject: leaf(0),
    result: 'confirmed',
    issued: '2026-04-22',
  }),
  entry(3, { type: 'dispute', actor: 'jp-gov', subject: leaf(2), issued: '2026-04-23' }),
  entry(4, undefined),
  entry(5, { type: 'waiver', actor: 'us-gov', milestone: 'm2', issued: '2026-04-24' }),
];

describe('feedItems', () => {
  it('lists newest first and follows subjects to the commitment at any depth', () => {
    const honda = feedItems(log, { commitment: 'honda-ohio-ev' });
    expect(honda.map((i) => [i.index, i.type])).toEqual([
      [3, 'dispute'],
      [2, 'attestation'],
      [0, 'employment-report'],
    ]);
    expect(honda[0]!.title).toBe('jp-gov disputes an entry on honda-ohio-ev');
  });

  it('gives a follower what comes after the last index it saw, at most limit', () => {
    expect(feedItems(log, { after: 3 }).map((i) => i.index)).toEqual([5, 4]);
    expect(feedItems(log, { limit: 2 }).map((i) => i.index)).toEqual([5, 4]);
    expect(feedItems(log, { after: 5 })).toEqual([]);
  });

  it('shows an entry that does not decode rather than hiding it', () => {
    const [unreadable] = feedItems(log, { after: 3, limit: 2 }).filter((i) => i.index === 4);
    expect(unreadable).toMatchObject({ type: 'unreadable', actor: null, commitment: null });
  });
});
