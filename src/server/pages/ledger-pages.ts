/**
 * @module server/pages/ledger-pages
 * The ledger explorer: checkpoints and their cosignatures, the entries page by page with whether each
 * counts (the replay's verdict, then the evaluation's, the same answer as the Milestones page), and one
 * entry with its decision, attestations and a proof the browser verifies itself.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { AccordError } from '../../_lib/problem.js';
import type { Evaluation, RejectedFact } from '../../evaluation/index.js';
import { decodeEntry, type ReplayedEntry, statementHash } from '../../ledger/index.js';
import type { ApiEnv } from '../api.js';
import { LEDGER_AGREEMENT, type ServerContext } from '../context.js';
import { badge, empty, type Markup, page } from './layout.js';
import { about, disputesSection, entryLink, notCountedSection, signersOf } from './record-sections.js';

/** Mount /ledger and /ledger/entries/:index. */
export function ledgerPages(ctx: ServerContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/ledger', async (c) => {
    const store = ctx.ledger.store;
    const ev = await ctx.evaluation(LEDGER_AGREEMENT);
    const { replay, size, root } = ctx.ledger.view();
    const per = 50;
    const start = pageStart(c.req.query('start'), size, per);
    const rows = replay.entries.slice(start, Math.min(size, start + per));
    const standing = entryStanding(ev);
    const checkpoints = await store.checkpoints();
    return c.html(
      page(
        'Ledger',
        'ledger',
        html`<h1>Ledger <code>${store.origin}</code></h1>
        <p>${size} entries (root <code>${root}</code>) · ${checkpoints.length} checkpoints. Trust policy: evaluations count at checkpoints cosigned by the witnesses the policy names.
          Tiles for offline verifiers are at <code>/api/ledger/tile/…</code>. Whether a statement counts is decided by replaying the log under the agreement's rules R1–R9, as any auditor does.</p>
        <h2>Checkpoints and cosignatures</h2>
        ${
          checkpoints.length === 0
            ? empty(
                'No checkpoint has been signed yet. A government signs one with POST /api/ledger/checkpoints.',
              )
            : html`<table class="data"><thead><tr><th class="num">size</th><th>root</th><th>signatures (log and witnesses)</th></tr></thead><tbody>
            ${[...checkpoints].reverse().map((cp) => {
              const lines = cp.note.split('\n');
              return html`<tr><td class="num">${cp.size}</td><td><code>${lines[2] ?? ''}</code></td><td>${signersOf(cp.note).join(', ')}</td></tr>`;
            })}</tbody></table>`
        }
        ${disputesSection(ev.disputes)}
        ${ev.ledger ? notCountedSection(ev.ledger.notCounted) : ''}
        <h2 id="entries">Entries ${start}–${start + rows.length - 1}</h2>
        <p class="muted">"counts" means the statement keeps the rules R1–R9 and, for a report, that the evaluation as of ${ev.asOf} counts it as a fact: the same answer as the <a href="/milestones">Milestones</a> page.</p>
        <p class="pager">${start > 0 ? html`<a rel="prev" href="/ledger?start=${start - per}#entries">← entries ${start - per}–${start - 1}</a>` : ''} ${start + per < size ? html`<a rel="next" href="/ledger?start=${start + per}#entries">entries ${start + per}–${Math.min(size, start + 2 * per) - 1} →</a>` : ''}</p>
        ${
          rows.length === 0
            ? empty(
                'The log is empty. Firms, auditors and governments submit signed statements with POST /api/ledger/statements.',
              )
            : html`<table class="data"><thead><tr><th class="num">#</th><th>type</th><th>actor</th><th>issued</th><th>about</th><th>counts</th></tr></thead><tbody>
            ${rows.map((r) => {
              const st = r.signed?.statement;
              return html`<tr data-index="${r.index}"><td class="num"><a href="/ledger/entries/${r.index}">${r.index}</a></td><td>${st?.type ?? '(undecodable)'}</td><td>${st?.actor ?? ''}</td><td>${st?.issued ?? ''}</td><td>${st ? about(st) : ''}</td><td>${statusBadge(r, standing)}</td></tr>`;
            })}</tbody></table>`
        }`,
      ),
    );
  });

  app.get('/ledger/entries/:index', async (c) => {
    const index = Number(c.req.param('index'));
    const store = ctx.ledger.store;
    const e = Number.isSafeInteger(index) && index >= 0 ? await store.entry(index) : undefined;
    if (!e)
      throw new AccordError('entry-unknown', `no entry ${c.req.param('index')} in the log`, { status: 404 });
    const ev = await ctx.evaluation(LEDGER_AGREEMENT);
    const replay = ctx.ledger.replay;
    const r = replay.entries[index];
    const standing = entryStanding(ev);
    const d = decodeEntry(e);
    const latest = await store.latestCheckpoint();
    const leaf = statementHash(e);
    const attestations = replay.entries.filter(
      (x) => x.signed?.statement.type === 'attestation' && x.signed.statement.subject === leaf,
    );
    return c.html(
      page(
        `Entry ${index}`,
        'ledger',
        html`<h1>Entry ${index}</h1>
        <p>Leaf hash <code>${leaf}</code> · ${r ? statusBadge(r, standing) : ''} ${r ? whyNot(r, standing) : ''}</p>
        ${
          r?.decision
            ? html`<div class="card"><b>Joint decision (${r.decision.kind})</b>: needs ${r.decision.rule.needs === 'all' ? 'every one' : 'one'} of ${r.decision.rule.approvers.join(', ')}.
          <ul>${r.decision.approvals.map((a) => html`<li>${a.party}: verified signature by <code>${a.actor}</code> in ${entryLink(a.index)} (issued ${a.issued})</li>`)}</ul></div>`
            : ''
        }
        <div class="card">
          <b>Inclusion proof</b>
          ${
            latest && index < latest.size
              ? html`<p><button type="button" id="verify" data-verify-index="${index}" data-verify-target="verify-result">Verify in this browser (WebCrypto SHA-256)</button>
                <span id="verify-result" class="badge">not checked yet</span></p>
                <p class="muted">Your browser fetches the entry, its audit path and the checkpoint of size ${latest.size}, hashes them itself (RFC 9162) and compares with the root the log signed.</p>`
              : empty('No checkpoint covers this entry yet; one is signed with POST /api/ledger/checkpoints.')
          }
        </div>
        ${
          attestations.length > 0
            ? html`<h2>Attestations of this statement</h2><ul>${attestations.map((a) => {
                const s = a.signed!.statement as {
                  actor: string;
                  result: string;
                  evidenceChecked: string[];
                  issued: string;
                };
                return html`<li>${entryLink(a.index)}: ${s.actor} ${s.result} on ${s.issued}, checked ${s.evidenceChecked.join(', ')}</li>`;
              })}</ul>`
            : ''
        }
        <h2>Statement</h2>
        ${d.ok ? html`<p id="entry-about">${d.value.statement.type} by ${d.value.statement.actor}, issued ${d.value.statement.issued}${about(d.value.statement) ? `: ${about(d.value.statement)}` : ''}</p>` : ''}
        <p class="muted">As signed: amounts are decimal strings of US dollars, exactly as the signature covers them.</p>
        <pre class="card">${d.ok ? JSON.stringify(d.value, null, 2) : e.toString('utf8')}</pre>
        <script src="/static/verify.js"></script>`,
      ),
    );
  });
  return app;
}

/**
 * Whether each logged report counts as evidence, by fact id (`log-N`), from the same evaluation the
 * Milestones page shows: a statement can keep the log's rules (R1–R9) and still not count as a fact (too few
 * attestations, self-report alone) or be suspended by an open dispute (R8).
 */
interface Standing {
  asOf: string;
  rejected: Map<string, RejectedFact['problems']>;
  suspended: Map<string, string>;
}

function entryStanding(ev: Evaluation): Standing {
  const suspended = new Map<string, string>();
  for (const id of ev.facts.suspended) {
    const by = ev.disputes.find((d) => d.subject === id && d.suspends.some((p) => p.fact === id));
    suspended.set(id, by ? `suspended by dispute ${by.id} (R8) while it is ${by.status}` : 'suspended (R8)');
  }
  return {
    asOf: ev.asOf,
    rejected: new Map(ev.facts.rejected.map((r) => [r.id, r.problems])),
    suspended,
  };
}

/** An entry's standing: the replay's verdict on the statement, then the evaluation's on the fact. */
function standingOf(
  r: ReplayedEntry,
  s: Standing,
): { kind: 'counts' | 'pending' | 'not-counted' | 'fact-not-counted' | 'suspended'; why: string } {
  const replayWhy = r.problems.map((p) => p.message).join('; ');
  if (r.status === 'pending') return { kind: 'pending', why: replayWhy };
  if (r.status !== 'counts') return { kind: 'not-counted', why: replayWhy };
  const id = `log-${r.index}`;
  const rejected = s.rejected.get(id);
  if (rejected) return { kind: 'fact-not-counted', why: rejected.map((p) => p.message).join('; ') };
  const suspended = s.suspended.get(id);
  if (suspended) return { kind: 'suspended', why: `${suspended} (as of ${s.asOf})` };
  return { kind: 'counts', why: '' };
}

function statusBadge(r: ReplayedEntry, s: Standing): Markup {
  const { kind, why } = standingOf(r, s);
  switch (kind) {
    case 'counts':
      return badge('counts');
    case 'pending':
      return html`<span class="badge s-pending" title="${why}">awaiting approval</span>`;
    case 'suspended':
      return html`<a href="/milestones#disputes"><span class="badge s-pending" title="${why}">suspended by a dispute</span></a>`;
    case 'fact-not-counted':
      return html`<a href="/milestones#fact-log-${r.index}"><span class="badge s-bad" title="${why}">fact does not count</span></a>`;
    default:
      return html`<span class="badge s-bad" title="${why}">does not count</span>`;
  }
}

function whyNot(r: ReplayedEntry, s: Standing): string {
  return standingOf(r, s).why;
}

/** The first entry of the page holding `start` (pages are aligned to `per`, so no entry shows on two). */
function pageStart(text: string | undefined, size: number, per: number): number {
  const last = size === 0 ? 0 : Math.floor((size - 1) / per) * per;
  const asked = text === undefined || text === '' ? last : Number(text);
  if (!Number.isFinite(asked)) return last;
  return Math.min(last, Math.max(0, Math.floor(asked / per) * per));
}
