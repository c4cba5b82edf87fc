/**
 * @module ledger/feed
 * What a follower of the log wants to read next: the entries after the last one seen, newest first, for the
 * whole log or for one commitment. An entry concerns a commitment when it names it (reports) or when it is
 * about an entry that does (an attestation, dispute, approval or resolution of that entry, at any depth), so
 * an auditor following Honda's commitment sees the attestations and disputes of Honda's reports too.
 *
 * A pure function of the replayed log: every process that has read the same entries gives the same feed.
 *
 * @example
 * feedItems(replay.entries, { commitment: 'honda-ohio-ev', limit: 20 })
 * // → [{ index: 57, type: 'attestation', commitment: 'honda-ohio-ev', … }, …]
 */
import { withArticle } from '../_lib/words.js';
import type { ReplayedEntry } from './replay.js';

/** One entry as a feed shows it. */
export interface FeedItem {
  index: number;
  leafHash: string;
  /** The statement type, or `unreadable` for an entry that does not decode. */
  type: string;
  actor: string | null;
  issued: string | null;
  /** The commitment the entry concerns, directly or through its subject. */
  commitment: string | null;
  /** The leaf hash (or id, for a key registration) the entry is about. */
  subject: string | null;
  /** Whether it counts under the agreement's rules, and if not, why. */
  status: ReplayedEntry['status'];
  problems: { code: string; message: string }[];
  /** A one-line summary for a reader. */
  title: string;
}

/** Which entries to list. */
export interface FeedQuery {
  /** Only entries concerning this commitment. */
  commitment?: string;
  /** Only entries with a larger index (what a follower has not seen). */
  after?: number;
  /** At most this many, newest first (default 50). */
  limit?: number;
}

function field(statement: Record<string, unknown> | undefined, key: string): string | null {
  const v = statement?.[key];
  return typeof v === 'string' ? v : null;
}

/** A short human summary of a statement. */
function titleOf(type: string, s: Record<string, unknown> | undefined, commitment: string | null): string {
  const actor = field(s, 'actor') ?? 'someone';
  const about = commitment ? ` on ${commitment}` : '';
  switch (type) {
    case 'employment-report':
      return `${actor} reports employment${about} for ${field(s, 'periodStart')} to ${field(s, 'periodEnd')}`;
    case 'investment-report':
      return `${actor} reports $${field(s, 'disbursed')} disbursed${about} as of ${field(s, 'asOf')}`;
    case 'attestation':
      return `${actor} attests a report${about}: ${field(s, 'result')}`;
    case 'dispute':
      return `${actor} disputes an entry${about}`;
    case 'dispute-resolution':
      return `${actor} resolves a dispute${about}: ${field(s, 'outcome')}`;
    case 'approval':
      return `${actor} approves a decision${about}`;
    case 'waiver':
      return `${actor} proposes a waiver of ${field(s, 'milestone')}`;
    case 'snap-back':
      return `${actor} decides a snap-back of ${field(s, 'track')} from ${field(s, 'effective')}`;
    case 'milestone-evaluation':
      return `${actor} logs a milestone evaluation as of ${field(s, 'asOf')}`;
    case 'key-registration':
      return `${actor} registers ${withArticle(field(s, 'role') ?? 'party')} key for ${field(s, 'subject')}`;
    case 'unreadable':
      return 'an entry that does not decode as a statement';
    default:
      return `${actor}: ${type}`;
  }
}

/**
 * The feed of `entries` (the replay's, in index order) for `query`, newest first.
 */
export function feedItems(entries: readonly ReplayedEntry[], query: FeedQuery = {}): FeedItem[] {
  const limit = query.limit ?? 50;
  // The commitment each entry concerns, found in index order: a subject always precedes what names it.
  const commitmentOf = new Map<string, string>();
  const items: FeedItem[] = [];
  for (const e of entries) {
    const s = e.signed?.statement as Record<string, unknown> | undefined;
    const subject = field(s, 'subject');
    const commitment =
      field(s, 'commitment') ?? (subject !== null ? (commitmentOf.get(subject) ?? null) : null);
    if (commitment !== null) commitmentOf.set(e.leafHash, commitment);
    if (query.after !== undefined && e.index <= query.after) continue;
    if (query.commitment !== undefined && commitment !== query.commitment) continue;
    const type = field(s, 'type') ?? 'unreadable';
    items.push({
      index: e.index,
      leafHash: e.leafHash,
      type,
      actor: field(s, 'actor'),
      issued: field(s, 'issued'),
      commitment,
      subject,
      status: e.status,
      problems: e.problems.map((p) => ({ code: p.code, message: p.message })),
      title: titleOf(type, s, commitment),
    });
  }
  return items.reverse().slice(0, limit);
}
