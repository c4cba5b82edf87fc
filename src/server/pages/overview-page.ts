/**
 * @module server/pages/overview-page
 * The overview: each agreement served, its commitments, milestone counts and tariff tracks as its file
 * writes them, with the ledger's size and latest cosigned checkpoint.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { ApiEnv } from '../api.js';
import type { ServerContext } from '../context.js';
import { trackStepsText } from './format.js';
import { badge, empty, page } from './layout.js';
import { signersOf } from './record-sections.js';

const bn = (cents: bigint) => `$${(Number(cents) / 1e11).toFixed(1)} bn`;

/** Mount / (the overview). */
export function overviewPage(ctx: ServerContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/', async (c) => {
    const store = ctx.ledger.store;
    const size = await store.size();
    const latest = await store.latestCheckpoint();
    const cosigners = latest ? cosignersOf(latest.note) : [];
    const cards = await Promise.all(
      [...ctx.agreements.values()].map(async (s) => {
        const a = s.agreement;
        const ev = await ctx.evaluation(a.id);
        const counts = new Map<string, number>();
        for (const m of ev.milestones) counts.set(m.status, (counts.get(m.status) ?? 0) + 1);
        return html`<div class="card">
          <h2>${a.title}</h2>
          <p class="muted">${a.summary ?? ''}</p>
          <p>Status <b>${a.status}</b> · signed ${a.signed} · term ${a.term.years} years from ${a.term.start}
            ${(a.term.variants ?? []).length > 0 ? html` · variants: ${(a.term.variants ?? []).map((v) => `${v.id} (${v.years} y)`).join(', ')}` : ''}
            · facts from <b>${s.factsFrom === 'ledger' ? 'the log' : s.file.replace('agreement.yaml', 'facts.json')}</b>, evaluated as of ${ev.asOf}</p>
          <p>Parties: ${a.parties.map((p) => `${p.name} (${p.id}, ${p.role})`).join(' · ')}</p>
          ${
            a.commitments.length > 0
              ? html`<table class="data"><thead><tr><th>commitment</th><th>investor</th><th>project</th><th class="num">capital</th><th class="num">jobs target</th></tr></thead>
              <tbody>${a.commitments.map((cm) => html`<tr><td><code>${cm.id}</code></td><td>${cm.investor}</td><td>${cm.project}</td><td class="num">${cm.capital ? bn(cm.capital.total) : '—'}</td><td class="num">${cm.jobs ? cm.jobs.target.toLocaleString('en-US') : '—'}</td></tr>`)}</tbody></table>`
              : empty('This agreement has no firm commitments (the enacted deal is a government-level MOU).')
          }
          <p>Milestones: ${ev.milestones.length === 0 ? 'none' : [...counts].map(([k, n]) => html`${badge(k)} ${n} `)}</p>
          <p class="steps-heading">Tariff tracks, as the agreement file writes them:</p>
          <ul class="track-steps">${trackStepsText(a).map((t) => html`<li data-track="${t.track}"><b>${t.title}</b>: ${t.text}</li>`)}</ul>
          <p><a href="/timeline?agreement=${a.id}">Tariff timeline</a> · <a href="/milestones?agreement=${a.id}">Milestones and evidence</a></p>
        </div>`;
      }),
    );
    return c.html(
      page(
        'Overview',
        'overview',
        html`<h1>Investment-for-tariff-relief agreements</h1>
        <p class="muted">The 2025 US–Japan talks: Japan offered investment in US manufacturing instead of 25% auto tariffs. Below, the deal as enacted (EO 14345 and the investment MOU) and the milestone compromise the talks pointed to, tracked on a verifiable log.</p>
        <div class="card"><b>Ledger</b> <code>${store.origin}</code>: ${size} entries;
          ${latest ? html`latest checkpoint at size ${latest.size}, cosigned by ${cosigners.length > 0 ? cosigners.join(' and ') : 'no witness yet'}` : 'no checkpoint yet'}.
          <a href="/ledger">Explore the ledger</a></div>
        ${cards}`,
      ),
    );
  });
  return app;
}

function cosignersOf(note: string): string[] {
  return signersOf(note).filter((n) => n.startsWith('witness'));
}
