/**
 * @module server/pages/desk-pages
 * Where actors act in the browser: sign-in and sign-out (a sealed HttpOnly, SameSite=Strict session cookie,
 * see server/sessions) and the desk at /act. The desk shows each role its work:
 *
 * - a firm fills a report that the server checks against the agreement as it is typed;
 * - an auditor sees the reports still awaiting their attestation, with each evidence digest, and attests;
 * - a government sees the joint decisions awaiting its party's signature and approves;
 * - everyone sees their own entries with a receipt to download, and can verify any receipt here.
 *
 * Signing happens in the browser (/static/act.js, WebCrypto Ed25519) with a key file the person picks; the
 * server never sees the key. Every action then shows what changed in the evaluation.
 */
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { ReplayedEntry } from '../../ledger/index.js';
import { formatVerifierKey } from '../../tlog/index.js';
import type { ApiEnv } from '../api.js';
import { LEDGER_AGREEMENT, type ServerContext } from '../context.js';
import { HttpProblem } from '../problem-response.js';
import { clearedCookieHeader, type Session, type SessionRefusal, sessionCookieHeader } from '../sessions.js';
import type { AuthFailureCounter } from '../shared-limits.js';
import { empty, type Markup, page } from './layout.js';

/** Whether the page was reached over https (then the cookie is Secure too). */
function overHttps(c: Context<ApiEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/** A form post from another site is refused (login CSRF), whatever it carries. */
function sameOrigin(c: Context<ApiEnv>): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') return true;
  try {
    return new URL(origin).host === new URL(c.req.url).host;
  } catch {
    return false;
  }
}

const REFUSAL_TEXT: Record<SessionRefusal, string> = {
  csrf: 'That change did not carry your session’s CSRF token; reload the page and try again.',
  'cross-origin': 'A request from another site may not use your session.',
  expired: 'Your session expired; sign in again.',
  'signed-out': 'That session was signed out; sign in again.',
  malformed: 'Your session cookie is not valid here; sign in again.',
  'unknown-account': 'Your session names an account this server does not have; sign in again.',
};

/**
 * A refused sign-in: the form again, with the reason, for a browser; a problem for any other client (so a
 * program never has to read HTML to learn it failed).
 */
function refuse(
  c: Context<ApiEnv>,
  status: 401 | 403 | 429,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response | Promise<Response> {
  if (!(c.req.header('accept') ?? '').includes('text/html'))
    throw new HttpProblem(
      status,
      code,
      message,
      [{ code, message, where: { file: 'body', pointer: '/token' } }],
      headers,
    );
  return c.html(signinPage(undefined, message, code), status, headers);
}

function signinPage(notice?: string, problem?: string, code = 'token-invalid'): Markup {
  return page(
    'Sign in',
    'act',
    html`<h1>Sign in</h1>
    ${notice ? html`<p class="card" role="status">${notice}</p>` : ''}
    ${problem ? html`<div class="problem" role="alert" data-code="${code}"><h3>Not signed in</h3><p>${problem}</p></div>` : ''}
    <p>Paste the API token your government gave you (the one <code>accord submit</code> reads from <code>ACCORD_TOKEN</code>). The server keeps only its digest; your browser keeps a session cookie it cannot read from scripts, which lasts 8 hours or until you sign out.</p>
    <form method="post" action="/signin" class="inline">
      <label>API token <input type="password" name="token" autocomplete="current-password" required size="50" /></label>
      <button type="submit">Sign in</button>
    </form>`,
  );
}

/** Mount /signin, /signout and /act. */
export function deskPages(
  app: Hono<ApiEnv>,
  ctx: ServerContext,
  failures?: AuthFailureCounter,
  peer?: (c: Context<ApiEnv>) => string,
): void {
  app.get('/signin', (c) => {
    const refused = c.get('sessionRefused');
    if (c.get('session')) return c.redirect('/act', 303);
    const notice = refused
      ? REFUSAL_TEXT[refused]
      : c.req.query('signedOut') !== undefined
        ? 'You are signed out.'
        : undefined;
    return c.html(signinPage(notice));
  });

  app.post('/signin', async (c) => {
    if (!sameOrigin(c)) return refuse(c, 403, 'cross-origin', 'a sign-in from another site is refused');
    const key = peer?.(c) ?? 'anonymous';
    const wait = failures?.blocked(key) ?? 0;
    if (wait > 0)
      return refuse(
        c,
        429,
        'auth-rate-limited',
        `too many wrong tokens from this address; try again in ${wait} s`,
        {
          'retry-after': String(wait),
        },
      );
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token.trim() : '';
    let account = token ? ctx.directory.authenticate(token) : undefined;
    if (!account && token && ctx.reloadAccounts()) account = ctx.directory.authenticate(token);
    if (!account) {
      if (token) await failures?.fail(key);
      return refuse(
        c,
        401,
        'token-invalid',
        token ? 'that is not an API token of this server' : 'paste your API token in the token field',
      );
    }
    const { cookie } = ctx.sessions.issue(account);
    return c.body(null, 303, {
      location: '/act',
      'set-cookie': sessionCookieHeader(cookie, overHttps(c)),
      'cache-control': 'no-store',
    });
  });

  app.post('/signout', async (c) => {
    const session = c.get('session');
    if (session) {
      const form = await c.req.parseBody();
      const token = typeof form._csrf === 'string' ? form._csrf : c.req.header('x-csrf-token');
      if (!ctx.sessions.csrfHolds(session, token))
        throw new HttpProblem(
          403,
          'csrf-invalid',
          'the sign-out form is out of date: reload the desk and sign out from there',
          [
            {
              code: 'csrf-invalid',
              message: 'missing or wrong CSRF token',
              where: { file: 'body', pointer: '/_csrf' },
            },
          ],
        );
      ctx.sessions.revoke(session);
    }
    return c.body(null, 303, {
      location: '/signin?signedOut=1',
      'set-cookie': clearedCookieHeader(overHttps(c)),
    });
  });

  app.get('/act', async (c) => {
    const session = c.get('session');
    // Signing in is the way in; the sign-in page says why when a cookie was refused.
    if (!session) return c.redirect('/signin', 303);
    return c.html(await desk(ctx, session), 200, { 'cache-control': 'no-store' });
  });
}

/** The desk for one session. */
async function desk(ctx: ServerContext, session: Session): Promise<Markup> {
  await ctx.ledger.sync();
  const replay = ctx.ledger.replay;
  const { account } = session;
  const registered = replay.actors.get(account.id);
  const served = ctx.agreement(LEDGER_AGREEMENT);
  const ev = await ctx.evaluation(LEDGER_AGREEMENT);
  const mine = replay.entries
    .filter((e) => e.signed?.statement.actor === account.id)
    .slice(-30)
    .reverse();
  const until = new Date(session.expires * 1000).toISOString().replace('T', ' ').slice(0, 16);
  const role = account.role;
  return page(
    'Act',
    'act',
    html`<div id="desk" data-csrf="${session.csrf}" data-actor="${account.id}" data-key="${registered ? formatVerifierKey(registered.key) : ''}" data-agreement="${LEDGER_AGREEMENT}" data-origin="${replay.origin}">
    <h1>Act — ${account.name}</h1>
    <form method="post" action="/signout" class="inline">
      <p>Signed in as <code>${account.id}</code>, ${role}, until ${until} UTC. The log holds ${replay.size} entries.</p>
      <input type="hidden" name="_csrf" value="${session.csrf}" />
      <button type="submit">Sign out</button>
    </form>
    ${role === 'observer' ? empty('Observers read only; nothing here needs signing.') : keySection(registered !== undefined)}
    ${role === 'firm' ? reportSection(ctx, account.id) : ''}
    ${role === 'auditor' ? attestSection(replay.entries, account.id) : ''}
    ${role === 'government' ? approveSection(ctx, account.id, ev.ledger?.decisions ?? []) : ''}
    <h2>Your entries</h2>
    ${
      mine.length === 0
        ? empty('You have not signed anything on this log yet.')
        : html`<table class="data"><thead><tr><th>entry</th><th>statement</th><th>status</th><th>receipt</th></tr></thead><tbody>
        ${mine.map((e) => html`<tr><td><a href="/ledger/entries/${e.index}">${e.index}</a></td><td>${e.signed?.statement.type} ${e.signed?.statement.issued}</td><td>${e.status}</td><td><a href="/api/ledger/receipts/${e.index}" download="entry-${e.index}.tlog-proof" data-receipt="${e.index}">download</a></td></tr>`)}
        </tbody></table>
        <p class="muted">A receipt exists once a checkpoint covers the entry; it carries the entry, its inclusion proof and the cosigned checkpoint, so it verifies with no server.</p>`
    }
    <h2>Verify a receipt</h2>
    <form id="verify-form">
      <p class="muted">Checked in this browser: the log's signature and the witnesses' cosignatures against the trust policy below, then the entry's inclusion under the checkpoint's root. This server's policy is filled in; a careful verifier pastes one obtained independently.</p>
      <label>receipt (.tlog-proof) <input type="file" name="receipt" accept=".tlog-proof,text/plain" /></label><br />
      <label>trust policy<br /><textarea name="policy" rows="6" cols="100">${ctx.policyText}</textarea></label><br />
      <button type="submit">Verify here</button> <span id="verify-result" class="badge"></span>
    </form>
    <p class="muted">Agreement: ${served.agreement.title}, evaluated as of ${ev.asOf}.</p>
    </div>
    <script src="/static/act.js"></script>`,
  );
}

function keySection(hasKey: boolean): Markup {
  return html`<h2>Your signing key</h2>
    <p><strong>Your key never leaves this browser.</strong> Pick your key file (the one <code>accord ledger keygen</code> wrote); this page reads it, checks it is the key the log has registered for you, and keeps it in WebCrypto, where it cannot be read back, until you leave the page. Nothing is signed until you press a sign button, and the page shows you the statement first.</p>
    ${hasKey ? '' : html`<p class="problem">The log has no key registered for you yet, so nothing you sign would count; ask your government to register your key.</p>`}
    <label>key file <input type="file" id="key-file" accept=".key,text/plain" /></label> <span id="key-status" class="badge">no key loaded</span>`;
}

function reportSection(ctx: ServerContext, actor: string): Markup {
  const agreement = ctx.agreement(LEDGER_AGREEMENT).agreement;
  const commitments = agreement.commitments.filter((c) => c.reporter === actor);
  if (commitments.length === 0)
    return html`<h2>Report</h2>${empty(`The agreement assigns ${actor} no commitment to report on (commitments[].reporter).`)}`;
  const sites = [...new Set(commitments.flatMap((c) => c.sites))];
  const kinds = agreement.verification.evidence.counts;
  const slot = (f: string) => html`<span class="muted" data-field-problem="${f}"></span>`;
  const evidenceRow = (i: number) => html`<div data-evidence-row="${i}" class="inline">
      <label>evidence kind <input name="kind" list="evidence-kinds" value="${i === 0 ? kinds[0] : ''}" /></label>
      <label>document (its SHA-256 is computed here; the file is not sent) <input type="file" data-digest-for="${i}" /></label>
      <label>or SHA-256 <input name="sha256" size="66" pattern="[0-9a-f]{64}" /></label>
    </div>`;
  return html`<h2>Report</h2>
  <form id="report-form">
    <p class="muted">Checked against ${agreement.id} as you type; the problems appear beside each field. What the agreement leaves to auditors (their attestations, the evidence they check) shows as a warning, not an error.</p>
    <div class="inline">
      <label>report <select name="type"><option value="employment-report">employment (hours, wages, benefits)</option><option value="investment-report">investment (capital disbursed)</option></select></label>
      <label>commitment <select name="commitment">${commitments.map((c) => html`<option value="${c.id}">${c.id} — ${c.project}</option>`)}</select> ${slot('/commitment')}</label>
      <label>issued <input type="date" name="issued" /> ${slot('/issued')}</label>
    </div>
    <div class="inline" data-for-type="employment-report">
      <label>site <select name="site">${sites.map((s) => html`<option>${s}</option>`)}</select> ${slot('/site')}</label>
      <label>period start <input type="date" name="periodStart" /> ${slot('/periodStart')}</label>
      <label>period end <input type="date" name="periodEnd" /> ${slot('/periodEnd')}</label>
      <label>paid hours <input name="paidHours" inputmode="decimal" /> ${slot('/paidHours')}</label>
      <label>of which relocated <input name="relocatedHours" inputmode="decimal" value="0" /> ${slot('/relocatedHours')}</label>
      <label>total wages, USD <input name="wagesTotal" placeholder="145000000.00" /> ${slot('/wages')}</label>
      <label><span>health plan offered</span><input type="checkbox" name="healthPlan" checked /></label>
    </div>
    <div class="inline" data-for-type="investment-report" hidden>
      <label>as of <input type="date" name="asOf" /> ${slot('/asOf')}</label>
      <label>capital disbursed to date, USD <input name="disbursed" placeholder="4300000000.00" /> ${slot('/disbursed')}</label>
    </div>
    <datalist id="evidence-kinds">${[...kinds, ...agreement.verification.evidence.neverAlone].map((k) => html`<option value="${k}"></option>`)}</datalist>
    ${evidenceRow(0)}${evidenceRow(1)} ${slot('/evidence')}
    <div id="report-check" class="card" aria-live="polite">Fill in the report; it is checked as you type.</div>
    <button type="submit">Sign in this browser and submit</button>
  </form>
  <div id="report-result" aria-live="polite"></div>`;
}

/** Reports that count or are pending and that this auditor has not attested yet, newest first. */
function attestSection(entries: readonly ReplayedEntry[], auditor: string): Markup {
  const attested = new Set<string>();
  for (const e of entries) {
    const s = e.signed?.statement;
    if (s?.type === 'attestation' && s.actor === auditor && e.status !== 'not-counted')
      attested.add(s.subject);
  }
  const waiting = entries
    .filter((e) => {
      const t = e.signed?.statement.type;
      return (
        (t === 'employment-report' || t === 'investment-report') &&
        e.status !== 'not-counted' &&
        !attested.has(e.leafHash)
      );
    })
    .reverse();
  return html`<h2>Reports awaiting your attestation</h2>
  ${
    waiting.length === 0
      ? empty('Every report on the log carries your attestation.')
      : waiting.map((e) => {
          const s = e.signed!.statement as Extract<
            NonNullable<ReplayedEntry['signed']>['statement'],
            { evidence: unknown }
          >;
          return html`<form class="card" data-act="attestation" data-subject="${e.leafHash}" data-entry="${e.index}">
          <p><a href="/ledger/entries/${e.index}">entry ${e.index}</a>: ${s.type} by <code>${s.actor}</code> on <code>${'commitment' in s ? s.commitment : ''}</code>, issued ${s.issued}</p>
          <table class="data"><thead><tr><th>checked</th><th>evidence kind</th><th>SHA-256 of the document</th></tr></thead><tbody>
          ${s.evidence.map((x) => html`<tr><td><input type="checkbox" name="checked" value="${x.kind}" /></td><td>${x.kind}</td><td><code>${x.sha256}</code></td></tr>`)}
          </tbody></table>
          <label>result <select name="result"><option value="confirmed">confirmed</option><option value="rejected">rejected</option></select></label>
          <label>note <input name="note" size="60" /></label>
          <label>issued <input type="date" name="issued" /></label>
          <button type="submit">Sign and attest</button>
          <div data-result aria-live="polite"></div>
        </form>`;
        })
  }`;
}

/** Joint decisions awaiting this government's party. */
function approveSection(
  ctx: ServerContext,
  government: string,
  decisions: readonly {
    index: number;
    leafHash: string;
    kind: string;
    proposedBy: string;
    status: string;
    awaiting: string[];
  }[],
): Markup {
  const party = ctx.ledger.replay.governance?.partyOf.get(government);
  const waiting = decisions.filter(
    (d) => d.status === 'pending' && party !== undefined && d.awaiting.includes(party),
  );
  return html`<h2>Decisions awaiting your approval</h2>
  ${party === undefined ? html`<p class="problem">The agreement does not name ${government} as a party's government (parties[].actor), so its approvals would not count.</p>` : ''}
  ${
    waiting.length === 0
      ? empty(`No joint decision awaits ${party ?? government}'s signature.`)
      : waiting.map(
          (
            d,
          ) => html`<form class="card" data-act="approval" data-subject="${d.leafHash}" data-entry="${d.index}">
          <p><a href="/ledger/entries/${d.index}">entry ${d.index}</a>: a ${d.kind} proposed by <code>${d.proposedBy}</code>, awaiting ${d.awaiting.join(' and ')}.</p>
          <label>note <input name="note" size="60" /></label>
          <label>issued <input type="date" name="issued" /></label>
          <button type="submit">Sign and approve</button>
          <div data-result aria-live="polite"></div>
        </form>`,
        )
  }`;
}
