/**
 * One quarter's cycle, end to end, with real processes and a real browser (Debian's chromium): `accord
 * serve` and two `accord witness serve` processes; a firm reports from the CLI and from the browser; a
 * government proposes a joint waiver from the CLI and the other approves it in the browser; two auditors
 * attest, one from the CLI and one in the browser; the evaluation moves the tariff and the browser shows
 * it; the witnesses cosign the checkpoint over HTTP; every actor's receipt verifies offline, and one in the
 * browser. Along the way: a wrong key, a wrong role, a missing CSRF token and a signed-out session are
 * refused before anything is signed or stored. Skips when /usr/bin/chromium is absent.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './helpers/browser.js';
import { accordAsync } from './helpers/cli.js';
import { freePort, type Served, serve, type WitnessProcess, witnessServe } from './helpers/serve.js';

const chromiumHere = haveChromium('quarter-cycle test');

const AGREEMENT = 'examples/us-japan-milestones/agreement.yaml';
/** The day every statement of this quarter is issued, so what the evaluation decides does not depend on when the test runs. */
const DAY = '2026-12-07';

describe.skipIf(!chromiumHere)('one quarter’s cycle: CLI, browser, witnesses', () => {
  let dir: string;
  let server: Served;
  const witnesses: WitnessProcess[] = [];
  let browser: Browser;
  let tokens: Record<string, string>;
  const receiptsOf: Record<string, number[]> = {};

  /** Run accord as `actor` (its token in ACCORD_TOKEN) in the test folder. */
  const as = (actor: string, args: string[]) =>
    accordAsync([...args, '--server', server.base], {
      cwd: dir,
      env: { ACCORD_TOKEN: tokens[actor]!, HOME: dir, ACCORD_SERVER: '' },
    });
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers read only by the assertions below
  const api = async (path: string) => (await fetch(new URL(path, server.base))).json() as Promise<any>;
  const size = async () => (await api('/api/ledger')).size as number;
  const indexIn = (stdout: string) => Number(/entry (\d+)/.exec(stdout)![1]);
  const note = (actor: string, index: number) => {
    receiptsOf[actor] = [...(receiptsOf[actor] ?? []), index];
  };

  /** A browser context signed in as `actor`, on the desk. */
  async function signIn(actor: string): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
    const ctx = await browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.base}/act`);
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    await page.fill('input[name=token]', tokens[actor]!);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/act$/);
    const cookies = await ctx.cookies();
    const session = cookies.find((c) => c.name === 'accord_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Strict');
    expect(session.value).not.toContain(tokens[actor]!);
    return { ctx, page, errors };
  }

  async function loadKey(page: Page, file: string, expectOk = true): Promise<string> {
    await page.setInputFiles('#key-file', join(dir, file));
    await expect.poll(() => page.textContent('#key-status'), { timeout: 15_000 }).not.toBe('no key loaded');
    const status = (await page.locator('#key-status').textContent()) ?? '';
    if (expectOk) expect(status).toMatch(/loaded in this browser; it matches your registered key/);
    return status;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-cycle-'));
    const [port, usPort, jpPort] = [await freePort(), await freePort(), await freePort()];
    server = await serve(port, [
      '--db',
      join(dir, 'accord.sqlite'),
      '--witness',
      `US=http://127.0.0.1:${usPort}/`,
      '--witness',
      `JP=http://127.0.0.1:${jpPort}/`,
    ]);
    tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as Record<string, string>;
    const policy = (await api('/api/ledger')).policy as string;
    writeFileSync(join(dir, 'policy.txt'), policy);
    const logKey = /^log (\S+)/m.exec(policy)![1]!;
    for (const [name, p] of [
      ['us', usPort],
      ['jp', jpPort],
    ] as const)
      witnesses.push(
        await witnessServe(
          [
            '--key',
            join(dir, 'keys', `witness.${name}.example.key`),
            '--log-key',
            logKey,
            '--state',
            join(dir, `${name}-witness.db`),
            '--quiet',
          ],
          p,
        ),
      );
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const w of witnesses) await w.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the quarter and moves the tariff', async () => {
    // 1. Honda drafts its employment report from the agreement and submits it from the CLI.
    const drafted = await accordAsync(
      [
        'new',
        'report',
        '--agreement',
        AGREEMENT,
        '--actor',
        'honda',
        '--from',
        '2025-12-01',
        '--to',
        '2026-11-30',
        '--out',
        join(dir, 'report.json'),
      ],
      { cwd: process.cwd() },
    );
    expect(drafted.status).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Record<string, unknown>;
    Object.assign(report, {
      paidHours: 4_100_000,
      relocatedHours: 0,
      wages: { total: '145000000.00' },
      healthPlan: { offered: true },
      evidence: [{ kind: 'ui-wage-records', sha256: 'a'.repeat(64) }],
    });
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report, null, 2));
    const submitted = await as('honda', [
      'submit',
      'report.json',
      '--key',
      'keys/honda.key',
      '--issued',
      DAY,
    ]);
    expect(submitted.stderr).toBe('');
    expect(submitted.status).toBe(0);
    const reportIndex = indexIn(submitted.stdout);
    note('honda', reportIndex);

    // 2. Honda reports capital from the browser: checked as typed, signed with WebCrypto, key never sent.
    const honda = await signIn('honda');
    let page = honda.page;
    expect(await page.textContent('body')).toMatch(/Your key never leaves this browser/);
    // A key that is not the session's is refused before anything is signed.
    expect(await loadKey(page, 'keys/tx-semi.key', false)).toMatch(
      /is tx-semi's key; you are signed in as honda/,
    );
    await loadKey(page, 'keys/honda.key');
    // Bad input is shown at its field as it is typed.
    await page.fill('input[name=periodStart]', '2026-10-01');
    await page.fill('input[name=periodEnd]', '2026-09-01');
    await page.fill('input[name=paidHours]', '1000');
    await page.fill('input[name=wagesTotal]', '10');
    // Polled through the page's DOM by playwright (the page's CSP forbids evaluating strings in it).
    const checkSays = (re: RegExp) =>
      expect.poll(() => page.textContent('#report-check'), { timeout: 15_000 }).toMatch(re);
    await checkSays(/\/wages/);
    expect(await page.textContent('[data-field-problem="/wages"]')).toMatch(/decimal string/);
    await page.fill('input[name=wagesTotal]', '145000000.00');
    await page.fill('[data-evidence-row="0"] input[name=sha256]', 'c'.repeat(64));
    await checkSays(/periodEnd/);
    expect(await page.textContent('[data-field-problem="/periodEnd"]')).toMatch(/before periodStart/);
    await page.fill('input[name=issued]', DAY);
    await page.selectOption('select[name=type]', 'investment-report');
    await page.fill('input[name=asOf]', '2026-11-30');
    await page.fill('input[name=disbursed]', '6800000000.00');
    writeFileSync(join(dir, 'cpa-report.pdf'), 'agreed-upon procedures, Q4 2026');
    await page.fill('[data-evidence-row="0"] input[name=kind]', 'cpa-attestation');
    await page.setInputFiles('[data-evidence-row="0"] input[type=file]', join(dir, 'cpa-report.pdf'));
    await page.waitForSelector('#report-check[data-ok="true"]', { state: 'attached' });
    expect(await page.inputValue('[data-evidence-row="0"] input[name=sha256]')).toMatch(/^[0-9a-f]{64}$/);
    const before = await size();
    await page.click('#report-form button[type=submit]');
    await page.waitForSelector('#report-result[data-done="true"]');
    const browserReport = Number(await page.getAttribute('#report-result [data-entry]', 'data-entry'));
    expect(browserReport).toBe(before);
    expect(await page.getAttribute('#report-result [data-entry]', 'data-status')).toBe('counts');
    expect(await page.textContent('#report-result')).toMatch(/What changed in the evaluation/);
    note('honda', browserReport);
    // Without the CSRF token the session cannot write, even from the page itself.
    const noCsrf = await page.evaluate(async () => {
      const r = await fetch('/api/ledger/statements', {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      return { status: r.status, code: ((await r.json()) as { code: string }).code };
    });
    expect(noCsrf).toEqual({ status: 403, code: 'csrf-invalid' });
    // A firm has no attestation or approval forms; and the API refuses a firm's attestation by role.
    expect(await page.locator('form[data-act]').count()).toBe(0);
    const csrf = (await page.getAttribute('#desk', 'data-csrf'))!;
    const wrongRole = await page.evaluate(
      async ([token, origin]) => {
        const statement = {
          v: 2,
          log: origin,
          actor: 'honda',
          issued: '2026-12-07',
          type: 'attestation',
          subject: 'b'.repeat(64),
          evidenceChecked: ['x'],
          result: 'confirmed',
        };
        const r = await fetch('/api/ledger/statements/check', {
          method: 'POST',
          body: JSON.stringify({ statement }),
          headers: { 'content-type': 'application/json', 'x-csrf-token': token! },
        });
        return (await r.json()) as { ok: boolean; problems: { message: string }[] };
      },
      [csrf, await page.getAttribute('#desk', 'data-origin')],
    );
    expect(wrongRole.ok).toBe(false);
    expect(wrongRole.problems[0]!.message).toMatch(/firm.*(may not|cannot)|attestation/i);
    // Signing out ends the session everywhere: the old cookie is refused afterwards.
    const cookie = (await honda.ctx.cookies()).find((c) => c.name === 'accord_session')!.value;
    await page.click('form[action="/signout"] button');
    await page.waitForURL(/\/signin/);
    const reused = await fetch(new URL('/api/session', server.base), {
      headers: { cookie: `accord_session=${cookie}` },
    });
    expect(reused.status).toBe(401);
    expect(((await reused.json()) as { code: string }).code).toBe('session-invalid');
    expect(honda.errors).toEqual([]);
    await honda.ctx.close();

    // 3. The US proposes a joint waiver of m2's deadline from the CLI; it is pending until Japan signs.
    const waiverDraft = await accordAsync(
      [
        'new',
        'waiver',
        '--agreement',
        AGREEMENT,
        '--actor',
        'us-gov',
        '--milestone',
        'm2',
        '--out',
        join(dir, 'waiver.json'),
      ],
      { cwd: process.cwd() },
    );
    expect(waiverDraft.status).toBe(0);
    const waiver = JSON.parse(readFileSync(join(dir, 'waiver.json'), 'utf8')) as Record<string, unknown>;
    Object.assign(waiver, { extendTo: '2027-03-31', reason: 'grid connection delayed by the utility' });
    writeFileSync(join(dir, 'waiver.json'), JSON.stringify(waiver, null, 2));
    const proposed = await as('us-gov', [
      'submit',
      'waiver.json',
      '--key',
      'keys/us-gov.key',
      '--issued',
      DAY,
    ]);
    expect(proposed.stdout).toMatch(/pending/);
    const waiverIndex = indexIn(proposed.stdout);
    note('us-gov', waiverIndex);

    // 4. Japan approves it in the browser; the change shows m2 reopened with its new deadline.
    const jp = await signIn('jp-gov');
    page = jp.page;
    await loadKey(page, 'keys/jp-gov.key');
    const approveForm = page.locator(`form[data-act="approval"][data-entry="${waiverIndex}"]`);
    await approveForm.locator('input[name=issued]').fill(DAY);
    await approveForm.locator('button').click();
    await approveForm.locator('[data-result][data-done="true"]').waitFor();
    const approvalText = (await approveForm.locator('[data-result]').textContent()) ?? '';
    expect(approvalText).toMatch(/counts/);
    expect(approvalText).toMatch(/m2 .*missed → pending.*deadline 2026-09-30 → 2027-03-31/);
    expect(approvalText).toMatch(
      new RegExp(`waiver at entry ${waiverIndex} is in force: signed by (US\\+JP|JP\\+US)`),
    );
    const approvalIndex = Number(await approveForm.locator('[data-entry]').last().getAttribute('data-entry'));
    note('jp-gov', approvalIndex);

    // 5. One auditor attests Honda's employment report from the CLI …
    const attested = await as('aud-us', [
      'attest',
      String(reportIndex),
      '--result',
      'confirmed',
      '--checked',
      'ui-wage-records',
      '--key',
      'keys/aud-us.key',
      '--issued',
      DAY,
    ]);
    expect(attested.stderr).toBe('');
    expect(attested.status).toBe(0);
    note('aud-us', indexIn(attested.stdout.slice(attested.stdout.indexOf(':'))));

    // 6. … and the other in the browser: the quorum is met, m2 is met and the auto tariff steps down.
    const aud = await signIn('aud-jp');
    page = aud.page;
    await loadKey(page, 'keys/aud-jp.key');
    const attestForm = page.locator(`form[data-act="attestation"][data-entry="${reportIndex}"]`);
    expect(await attestForm.textContent()).toContain('a'.repeat(64));
    await attestForm.locator('input[name=checked][value="ui-wage-records"]').check();
    await attestForm.locator('input[name=issued]').fill(DAY);
    await attestForm.locator('button').click();
    await attestForm.locator('[data-result][data-done="true"]').waitFor();
    const moved = (await attestForm.locator('[data-result]').textContent()) ?? '';
    expect(moved).toMatch(/m2 .*pending → met/);
    expect(moved).toMatch(/Passenger vehicles.*: from 2026-12-22: 15% additional \(was 20%\)/);
    expect(moved).not.toMatch(/no longer/);
    note('aud-jp', Number(await attestForm.locator('[data-entry]').last().getAttribute('data-entry')));
    const ev = await api('/api/agreements/us-japan-milestones/evaluation');
    expect(ev.milestones.find((m: { id: string }) => m.id === 'm2').status).toBe('met');
    expect(ev.tracks.find((t: { track: string }) => t.track === 'autos').inForce.at(-1)).toMatchObject({
      from: '2026-12-22',
      rate: '15',
    });
    expect(aud.errors).toEqual([]);
    await aud.ctx.close();

    // 7. A checkpoint: both witness processes cosign it over HTTP.
    const cp = await fetch(new URL('/api/ledger/checkpoints', server.base), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['us-gov']}` },
    });
    expect(cp.status).toBe(201);
    const cpBody = (await cp.json()) as { witnesses: { name: string; outcome: string }[] };
    expect(cpBody.witnesses.map((w) => `${w.name}:${w.outcome}`).sort()).toEqual([
      'JP:cosigned',
      'US:cosigned',
    ]);

    // 8. Every actor's receipts verify offline with nothing but the policy.
    for (const [actor, indexes] of Object.entries(receiptsOf)) {
      const fetched = await accordAsync(
        ['receipts', 'fetch', ...indexes.map(String), '--server', server.base, '--out', `receipts-${actor}`],
        { cwd: dir },
      );
      expect(fetched.stderr).toBe('');
      expect(fetched.status).toBe(0);
      // `receipts fetch` keeps only receipts that verify; each actor checks one again with nothing but the policy.
      const i = indexes[0]!;
      const v = await accordAsync(
        ['verify', `receipts-${actor}/entry-${i}.tlog-proof`, '--policy', 'policy.txt'],
        { cwd: dir },
      );
      expect(v.stdout).toMatch(new RegExp(`ok: entry ${i} .*cosigned by (US, JP|JP, US)`));
    }

    // 9. Japan downloads its approval's receipt from the desk and verifies it in the browser.
    page = jp.page;
    await page.reload();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`a[data-receipt="${approvalIndex}"]`),
    ]);
    const saved = join(dir, 'jp-approval.tlog-proof');
    await download.saveAs(saved);
    await page.setInputFiles('#verify-form input[name=receipt]', saved);
    await page.click('#verify-form button');
    await page.waitForSelector('#verify-result[data-verified]');
    expect(await page.getAttribute('#verify-result', 'data-verified')).toBe('true');
    expect(await page.textContent('#verify-result')).toMatch(
      new RegExp(`entry ${approvalIndex} \\(approval by jp-gov\\).*cosigned by`),
    );
    // A receipt changed by one byte does not verify.
    writeFileSync(
      saved,
      readFileSync(saved, 'utf8').replace(/^index (\d+)$/m, (_, n) => `index ${Number(n) + 1}`),
    );
    await page.setInputFiles('#verify-form input[name=receipt]', saved);
    await page.click('#verify-form button');
    await page.waitForSelector('#verify-result[data-verified="false"]');
    expect(jp.errors).toEqual([]);
    await jp.ctx.close();
  }, 240_000);
});
