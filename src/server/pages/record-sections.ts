/**
 * @module server/pages/record-sections
 * Parts of the record shown on both the Milestones and the Ledger pages: links to log entries, the
 * disputes, the statements that do not count, and a one-line account of what a statement is about.
 */
import { html } from 'hono/html';
import type { DisputeResult, NotCountedStatement } from '../../evaluation/index.js';
import { parseNote } from '../../tlog/index.js';
import { usdText } from './format.js';
import { empty, type Markup } from './layout.js';

/** Link a fact id to its log entry when it came from the log. */
export function factLink(id: string): Markup {
  const m = /^log-(\d+)$/.exec(id);
  return m ? html`<a href="/ledger/entries/${m[1]}"><code>${id}</code></a>` : html`<code>${id}</code>`;
}

export const entryLink = (index: number) => html`<a href="/ledger/entries/${index}">entry ${index}</a>`;

export function disputesSection(disputes: readonly DisputeResult[]): Markup {
  return html`<h2 id="disputes">Disputes</h2>
    ${
      disputes.length === 0
        ? empty(
            'No dispute is on record. A government, a registered auditor, or a firm about its own commitments may dispute a report or attestation (R7).',
          )
        : html`<table class="data"><thead><tr><th>dispute</th><th>raised by</th><th>on</th><th>report</th><th>grounds</th><th>status</th><th>suspends (R8)</th><th>resolution (R9)</th></tr></thead><tbody>
        ${disputes.map(
          (
            d,
          ) => html`<tr id="dispute-${d.id}"><td>${factLink(d.id)}</td><td>${d.raisedBy}</td><td>${d.raised}</td><td>${factLink(d.subject)}${d.about ? html`<br /><span class="muted">${d.about}</span>` : ''}</td><td>${d.grounds}</td>
            <td>${html`<span class="badge ${d.status === 'open' ? 's-pending' : d.status === 'upheld' ? 's-bad' : 's-ok'}">${d.status}</span>`}</td>
            <td>${d.suspends.length === 0 ? 'nothing' : d.suspends.map((p) => html`${p.fact} from ${p.from}${p.until ? ` until ${p.until}` : ' on'}<br />`)}${d.status === 'open' ? html`<span class="muted">lapses ${d.lapses}</span>` : ''}</td>
            <td>${d.resolution ? html`${d.resolution.outcome} on ${d.resolution.on} by ${d.resolution.by.join(', ')} (${factLink(d.resolution.fact)}): ${d.resolution.reason}` : html`<span class="muted">none yet</span>`}</td></tr>`,
        )}</tbody></table>`
    }`;
}

export function notCountedSection(rows: readonly NotCountedStatement[]): Markup {
  return html`<h2 id="not-counted">Statements that do not count</h2>
    ${
      rows.length === 0
        ? empty('Every statement on the log keeps the rules R1–R9.')
        : html`<p class="muted">They stay in the log — nothing is ever removed — but change no outcome.</p>
        <table class="data"><thead><tr><th>entry</th><th>statement</th><th>signed by</th><th>rule</th><th>why</th></tr></thead><tbody>
        ${rows.map((r) => html`<tr><td>${entryLink(r.index)}</td><td>${r.type ?? '(undecodable)'}</td><td>${r.actor ?? ''}${r.key ? html`<br /><code class="muted">${r.key}</code>` : ''}</td><td>${r.rule ?? ''}</td><td>${r.problems.map((p) => html`<code>${p.code}</code> ${p.message}<br />`)}</td></tr>`)}
        </tbody></table>`
    }`;
}

/** The names that signed a checkpoint note (the log and its witnesses). */
export function signersOf(note: string): string[] {
  const p = parseNote(note);
  return p.ok ? p.note.signatures.map((s) => s.name) : [];
}

/** What a statement is about, in one line. */
export function about(s: Record<string, unknown> & { type: string }): string {
  switch (s.type) {
    case 'employment-report': {
      const wages = (s.wages as { total?: string } | undefined)?.total;
      return `${s.commitment}: ${Number(s.paidHours).toLocaleString('en-US')} paid hours to ${s.periodEnd}${wages ? `, wages ${usdText(wages)}` : ''}`;
    }
    case 'investment-report':
      return `${s.commitment}: ${usdText(s.disbursed)} disbursed by ${s.asOf}`;
    case 'attestation':
    case 'approval':
    case 'dispute':
      return `${s.type === 'attestation' ? `${s.result} ` : ''}${String(s.subject).slice(0, 12)}…`;
    case 'dispute-resolution':
      return `${s.outcome} ${String(s.subject).slice(0, 12)}…`;
    case 'key-registration':
      return `registers ${s.subject} as ${s.role}`;
    case 'milestone-evaluation':
      return `milestones as of ${s.asOf}: ${Object.entries(s.milestones as Record<string, string>)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`;
    case 'waiver':
      return `${s.milestone}${s.extendTo ? ` deadline to ${s.extendTo}` : ' waived'}`;
    case 'snap-back':
      return `${s.track} from ${s.effective}`;
    case 'project-selection':
    case 'funding-notice':
      return `${s.project}${s.amount === undefined ? '' : `: ${usdText(s.amount)}`}`;
    default:
      return '';
  }
}
