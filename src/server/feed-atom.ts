/**
 * @module server/feed-atom
 * The ledger feed as Atom (RFC 4287), for feed readers and monitoring tools that follow a log without
 * polling its pages. Ids are stable wherever the server runs: an entry's id is a URN built from its leaf
 * hash, so moving the server or reading it under another host name never makes old entries look new.
 */
import { createHash } from 'node:crypto';
import type { FeedItem } from '../ledger/index.js';

/** XML-escape text for element content and attribute values. */
function xml(text: string): string {
  // Characters XML 1.0 cannot carry at all (C0 controls but tab and newlines, lone surrogates) become U+FFFD.
  const clean = text.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
  return clean.replace(
    /[<>&"']/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch,
  );
}

/**
 * A URN for a leaf hash: the first 16 bytes as an RFC 9562 version-8 UUID (the version and variant bits
 * set, the rest the hash's), unique for practical purposes and the same on every server.
 */
export function leafUrn(leafHash: string): string {
  const b = Buffer.from(leafHash.slice(0, 32), 'hex');
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An RFC 3339 time for an ISO date (statements are dated, not timed: midnight UTC). */
function atomTime(date: string | null): string {
  return `${date ?? '1970-01-01'}T00:00:00Z`;
}

/** Options of {@link renderAtom}. */
export interface AtomOptions {
  /** The log origin (names the feed). */
  origin: string;
  /** Absolute URL of the server, ending in `/`. */
  base: string;
  /** The feed's own URL (rel="self"). */
  self: string;
  commitment?: string;
  items: readonly FeedItem[];
}

/**
 * Render an Atom feed; `updated` is the newest entry's date.
 *
 * @example
 * renderAtom({ origin: 'ledger.example/x', base: 'http://127.0.0.1:8080/', self: '…/feed.atom', items })
 */
export function renderAtom(o: AtomOptions): string {
  const title = o.commitment ? `${o.origin}: ${o.commitment}` : o.origin;
  const updated = o.items.reduce((max, i) => (i.issued && i.issued > max ? i.issued : max), '1970-01-01');
  const feedId = leafUrn(
    createHash('sha256')
      .update(`accord feed\n${o.origin}\n${o.commitment ?? ''}`)
      .digest('hex'),
  );
  const entries = o.items.map((i) => {
    const link = `${o.base}api/ledger/entries/${i.index}`;
    const status =
      i.status === 'counts'
        ? 'counts'
        : `${i.status}${i.problems.length ? `: ${i.problems.map((p) => p.message).join('; ')}` : ''}`;
    return `  <entry>
    <id>${leafUrn(i.leafHash)}</id>
    <title>${xml(`#${i.index} ${i.title}`)}</title>
    <updated>${atomTime(i.issued)}</updated>
    <author><name>${xml(i.actor ?? 'unknown')}</name></author>
    <link rel="alternate" type="application/json" href="${xml(link)}"/>
    ${i.commitment ? `<category term="${xml(i.commitment)}" label="commitment"/>` : ''}
    <category term="${xml(i.type)}" label="statement type"/>
    <summary>${xml(`${i.title}. Entry ${i.index}, leaf hash ${i.leafHash}; ${status}.`)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${feedId}</id>
  <title>${xml(title)}</title>
  <subtitle>Entries of the verification log ${xml(o.origin)}, newest first</subtitle>
  <updated>${atomTime(updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(o.self)}"/>
  <generator>accord</generator>
${entries.join('\n')}
</feed>
`;
}
