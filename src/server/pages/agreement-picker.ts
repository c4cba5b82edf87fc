/**
 * @module server/pages/agreement-picker
 * The agreement a page shows (the ledger's agreement unless the query names another) and the form that
 * switches it, shared by every page about one agreement.
 */
import { html } from 'hono/html';
import { LEDGER_AGREEMENT, type ServedAgreement, type ServerContext } from '../context.js';
import type { Markup } from './layout.js';

/** Pick an agreement by the query's id, and draw the picker for a page at `path`. */
export function agreementPicking(ctx: ServerContext): {
  pick: (id: string | undefined) => ServedAgreement;
  agreementPicker: (path: string, current: string, extra?: Markup) => Markup;
} {
  const pick = (id: string | undefined) => ctx.agreement(id || LEDGER_AGREEMENT);
  const agreementPicker = (
    path: string,
    current: string,
    extra: Markup = html``,
  ) => html`<form class="inline" method="get" action="${path}">
      <label>agreement
        <select name="agreement">${[...ctx.agreements.values()].map((s) => html`<option value="${s.agreement.id}" ${s.agreement.id === current ? 'selected' : ''}>${s.agreement.title}</option>`)}</select>
      </label>${extra}<button type="submit">Show</button></form>`;
  return { pick, agreementPicker };
}
