/**
 * @module cli/commands/actors
 * The actors' commands against a running server: `accord submit` (firms' reports and any statement),
 * `accord attest` (auditors), `accord approve` (governments' joint decisions), `accord receipts fetch` and
 * `accord verify` (offline). Each checks the session and the key before it signs anything, signs locally
 * (the key never leaves the machine), submits, and keeps an offline receipt (c2sp.org/tlog-proof) once a
 * checkpoint that satisfies the log's trust policy covers the entry.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { parseIsoDate } from '../../_lib/date.js';
import { AccordError } from '../../_lib/problem.js';
import { type Statement, signStatement, validateStatement } from '../../ledger/statement.js';
import type { SignerKey } from '../../tlog/keys.js';
import { checkPolicy, type TrustPolicy } from '../../tlog/policy.js';
import { verifyReceipt } from '../../tlog/receipt.js';
import { printLine } from '../print-line.js';
import { AccordClient, readToken, serverUrl } from '../server-client.js';
import { checkReceiptFile, readPolicy, readSignerKey, readStatement } from './ledger-io.js';

/** Options every server command takes. */
interface ServerOptions {
  server?: string;
  credentials?: string;
}

const SERVER_HELP = 'the accord server (default: $ACCORD_SERVER)';
const CREDENTIALS_HELP =
  'a file holding the API token, mode 600 (default: $ACCORD_TOKEN, then ~/.config/accord/token)';

/** The date a statement is issued: --issued, or today (UTC). */
function issuedDate(option: string | undefined): string {
  if (option === undefined) return new Date().toISOString().slice(0, 10);
  if (!parseIsoDate(option))
    throw new AccordError('usage', `--issued must be a date YYYY-MM-DD; got "${option}"`, { exitCode: 2 });
  return option;
}

/** A signed-in session whose key matches it and whose role may do `what`; checked before anything is signed. */
async function openSession(
  opts: ServerOptions & { key: string },
  roles: readonly string[],
  what: string,
): Promise<{
  client: AccordClient;
  key: SignerKey;
  id: string;
  origin: string;
  agreement: string;
  policy: TrustPolicy;
}> {
  const client = new AccordClient(serverUrl(opts.server), readToken(opts.credentials));
  const key = readSignerKey(opts.key);
  const session = await client.session();
  if (key.name !== session.id)
    throw new AccordError(
      'key-mismatch',
      `${opts.key} is ${key.name}'s key, but the token is ${session.id}'s; sign with ${session.id}'s key or use ${key.name}'s token`,
    );
  if (roles.length > 0 && !roles.includes(session.role))
    throw new AccordError(
      'role-forbidden',
      `${session.id} is ${session.role === 'auditor' ? 'an' : 'a'} ${session.role}; only ${roles.join(' or ')} accounts ${what}`,
    );
  const { origin, agreement, policy } = await client.ledger();
  return { client, key, id: session.id, origin, agreement, policy };
}

/** What the server answers for a submission. */
interface Submitted {
  index: number;
  leafHash: string;
  existed: boolean;
  status: string;
  problems: { code: string; message: string }[];
}

/** Try to store a receipt for `index` that verifies under `policy`; say where, or why not yet. */
async function keepReceipt(
  client: AccordClient,
  policy: TrustPolicy,
  index: number,
  entry: Uint8Array | undefined,
  dir: string,
): Promise<string> {
  let text: string;
  try {
    text = (await client.request('GET', `/api/ledger/receipts/${index}`, { auth: false })).text;
  } catch (e) {
    const code = (e as AccordError).code;
    if (code === 'server-unreachable') throw e;
    return `no receipt yet: no checkpoint covers entry ${index}; run \`accord receipts fetch ${index}\` after the next checkpoint`;
  }
  const r = verifyReceipt(text, policy, entry);
  if (!r.ok)
    return `no receipt yet: the latest checkpoint does not satisfy the trust policy (${r.message}); run \`accord receipts fetch ${index}\` once the witnesses have cosigned`;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `entry-${index}.tlog-proof`);
  writeFileSync(file, text);
  return `receipt ${file} (checkpoint size ${r.size}, cosigned by ${r.cosigners.join(', ') || 'no witness'})`;
}

/**
 * What entry `index` changed in the agreement's evaluation, a line each (the same comparison the dashboard
 * shows after an action): milestones, tariff steps, decisions, facts, disputes.
 */
async function changedBy(client: AccordClient, agreement: string, index: number): Promise<string[]> {
  const r = await client.json<{ asOf: string; changes: { text: string }[] }>(
    `/api/agreements/${encodeURIComponent(agreement)}/changes?from=${index}&to=${index + 1}`,
  );
  if (r.changes.length === 0) return [`the evaluation as of ${r.asOf} is unchanged`];
  return [`changed in the evaluation as of ${r.asOf}:`, ...r.changes.map((c) => `  ${c.text}`)];
}

/** Sign, submit and report one statement; returns its index. */
async function submitOne(
  s: Awaited<ReturnType<typeof openSession>>,
  statement: Statement,
  label: string,
  receipts: string | false,
): Promise<Submitted> {
  const { entry } = signStatement(statement, s.key);
  const answer = await s.client.request('POST', '/api/ledger/statements', {
    body: entry,
    ...(label.endsWith('.json') ? { file: label } : {}),
  });
  const r = JSON.parse(answer.text) as Submitted;
  const state =
    r.status === 'counts'
      ? 'counts'
      : `${r.status}${r.problems.length ? `: ${r.problems.map((p) => p.message).join('; ')}` : ''}`;
  printLine(
    `${label}: entry ${r.index}${r.existed ? ' (already logged)' : ''}, leaf ${r.leafHash} — ${state}`,
  );
  if (!r.existed) for (const line of await changedBy(s.client, s.agreement, r.index)) printLine(`  ${line}`);
  if (receipts !== false) printLine(`  ${await keepReceipt(s.client, s.policy, r.index, entry, receipts)}`);
  return r;
}

/** A leaf hash from an entry index or a 64-hex leaf hash, checked against the server's log. */
async function subjectLeaf(client: AccordClient, target: string): Promise<string> {
  if (/^[0-9a-f]{64}$/i.test(target)) return target.toLowerCase();
  if (!/^(0|[1-9][0-9]*)$/.test(target))
    throw new AccordError('usage', `name the entry by its index or its 64-hex leaf hash; got "${target}"`, {
      exitCode: 2,
    });
  const e = await client.json<{ leafHash: string }>(`/api/ledger/entries/${target}`);
  return e.leafHash;
}

/** A statement built from options, validated before it is signed (a problem names the option). */
function built(value: Record<string, unknown>, where: string): Statement {
  const v = validateStatement(value, where);
  if (!v.ok)
    throw new AccordError('statement-invalid', `the ${where} statement is not valid`, {
      problems: v.problems,
    });
  return v.value;
}

/** Register `submit`, `attest`, `approve`, `checkpoint`, `receipts` and `verify`. */
export function registerActors(program: Command): void {
  registerSubmit(program);
  registerAttest(program);
  registerApprove(program);
  registerCheckpoint(program);
  registerReceipts(program);
  registerVerify(program);
}

/** What `--receipts DIR` / `--no-receipts` give: where to keep receipts, or false for none. */
interface ReceiptOptions {
  receipts: string | false;
}

/** Register `accord submit`. */
function registerSubmit(program: Command): void {
  program
    .command('submit')
    .description(
      'Sign statements with your key and submit them to an accord server; keep each entry’s receipt.',
    )
    .argument(
      '<files...>',
      'statement JSON files (docs/ledger-statements.md); v, log, actor and issued are filled in when absent',
    )
    .requiredOption('--key <file>', 'your signing key (it never leaves this machine)')
    .option('--issued <date>', 'the issue date for statements that give none (default: today, UTC)')
    .option('--receipts <dir>', 'where to keep receipts (.tlog-proof)', '.accord/receipts')
    .option('--no-receipts', 'do not fetch receipts')
    .option('--server <url>', SERVER_HELP)
    .option('--credentials <file>', CREDENTIALS_HELP)
    .addHelpText(
      'after',
      `
Examples:
  export ACCORD_TOKEN=…            # or write it to ~/.config/accord/token with chmod 600
  accord submit report-q1.json --key honda.key --server http://127.0.0.1:8080

The token is never taken from the command line. The session and the key are checked before anything is
signed: a key that is not the session's actor, or a statement whose actor is someone else, is refused.`,
    )
    .action(submitFiles);
}

/** Submit statement files as the session's actor, filling in what they leave out. */
async function submitFiles(
  files: string[],
  opts: ServerOptions & ReceiptOptions & { key: string; issued?: string },
): Promise<void> {
  const s = await openSession(opts, [], 'submit statements');
  const defaults = { v: 2, actor: s.id, issued: issuedDate(opts.issued) };
  // Read and check every file first, so nothing is submitted when one of them is wrong.
  const statements = files.map((file) => {
    const st = readStatement(file, s.origin, { defaults });
    if (st.actor !== s.id)
      throw new AccordError(
        'statement-invalid',
        `${file}: the statement is ${st.actor}'s, but you are ${s.id}`,
        {
          problems: [
            {
              code: 'actor-mismatch',
              message: `the actor must be ${s.id}`,
              where: { file, pointer: '/actor' },
            },
          ],
        },
      );
    return { file, st };
  });
  for (const { file, st } of statements) await submitOne(s, st, file, opts.receipts);
}

/** Register `accord attest`. */
function registerAttest(program: Command): void {
  program
    .command('attest')
    .description('As an auditor, attest a logged report: what evidence you checked and your result.')
    .argument('<entry>', 'the report: its entry index or leaf hash')
    .requiredOption('--key <file>', 'your signing key')
    .requiredOption('--result <result>', 'confirmed, qualified or rejected')
    .requiredOption(
      '--checked <kinds...>',
      'the evidence kinds you checked, e.g. ui-wage-records cpa-attestation',
    )
    .option('--note <text>', 'a note for the record')
    .option('--issued <date>', 'the issue date (default: today, UTC)')
    .option('--receipts <dir>', 'where to keep the receipt', '.accord/receipts')
    .option('--no-receipts', 'do not fetch the receipt')
    .option('--server <url>', SERVER_HELP)
    .option('--credentials <file>', CREDENTIALS_HELP)
    .addHelpText(
      'after',
      '\nExample:\n  accord attest 12 --result confirmed --checked ui-wage-records payroll-register --key aud-us.key --server http://127.0.0.1:8080',
    )
    .action(attest);
}

/** Sign and submit an auditor's attestation of the report `target` names. */
async function attest(
  target: string,
  opts: ServerOptions &
    ReceiptOptions & { key: string; result: string; checked: string[]; note?: string; issued?: string },
): Promise<void> {
  const s = await openSession(opts, ['auditor'], 'attest reports');
  const statement = built(
    {
      v: 2,
      log: s.origin,
      type: 'attestation',
      actor: s.id,
      issued: issuedDate(opts.issued),
      subject: await subjectLeaf(s.client, target),
      evidenceChecked: opts.checked,
      result: opts.result,
      ...(opts.note !== undefined ? { note: opts.note } : {}),
    },
    'attestation',
  );
  await submitOne(s, statement, `attestation of ${target}`, opts.receipts);
}

/** Register `accord approve`. */
function registerApprove(program: Command): void {
  program
    .command('approve')
    .description('As a government, approve a logged joint decision (a waiver, snap-back, registration…).')
    .argument('<entry>', 'the decision: its entry index or leaf hash')
    .requiredOption('--key <file>', 'your signing key')
    .option('--note <text>', 'a note for the record')
    .option('--issued <date>', 'the issue date (default: today, UTC)')
    .option('--receipts <dir>', 'where to keep the receipt', '.accord/receipts')
    .option('--no-receipts', 'do not fetch the receipt')
    .option('--server <url>', SERVER_HELP)
    .option('--credentials <file>', CREDENTIALS_HELP)
    .addHelpText('after', '\nExample:\n  accord approve 44 --key us-gov.key --server http://127.0.0.1:8080')
    .action(approve);
}

/** Sign and submit a government's approval of the joint decision `target` names. */
async function approve(
  target: string,
  opts: ServerOptions & ReceiptOptions & { key: string; note?: string; issued?: string },
): Promise<void> {
  const s = await openSession(opts, ['government'], 'approve joint decisions');
  const statement = built(
    {
      v: 2,
      log: s.origin,
      type: 'approval',
      actor: s.id,
      issued: issuedDate(opts.issued),
      subject: await subjectLeaf(s.client, target),
      ...(opts.note !== undefined ? { note: opts.note } : {}),
    },
    'approval',
  );
  await submitOne(s, statement, `approval of ${target}`, opts.receipts);
}

/** Register `accord checkpoint`. */
function registerCheckpoint(program: Command): void {
  program
    .command('checkpoint')
    .description(
      'As a government, have the server sign a checkpoint of its log and send it to the witnesses; print what each did.',
    )
    .option('--server <url>', SERVER_HELP)
    .option('--credentials <file>', CREDENTIALS_HELP)
    .addHelpText(
      'after',
      `
Example:
  accord checkpoint --server http://127.0.0.1:8080

Each witness with a URL in the server's trust policy is reported as cosigned, refused (with its reason) or
unreachable. Exit status 1 when the checkpoint does not satisfy the policy's quorum: receipts against it
would not verify yet.`,
    )
    .action(checkpoint);
}

/** Have the server sign a checkpoint, report each witness, and exit 1 unless the policy's quorum cosigned. */
async function checkpoint(opts: ServerOptions): Promise<void> {
  const client = new AccordClient(serverUrl(opts.server), readToken(opts.credentials));
  const session = await client.session();
  if (session.role !== 'government')
    throw new AccordError(
      'role-forbidden',
      `${session.id} is ${session.role === 'auditor' ? 'an' : 'a'} ${session.role}; only government accounts sign checkpoints`,
    );
  const { policy } = await client.ledger();
  const answer = JSON.parse((await client.request('POST', '/api/ledger/checkpoints')).text) as {
    size: number;
    note: string;
    witnesses: { name: string; outcome: string; status?: number; message: string }[];
  };
  printLine(`checkpoint of ${answer.size} entries`);
  for (const w of answer.witnesses)
    printLine(
      `  witness ${w.name}: ${w.outcome}${w.outcome === 'cosigned' ? '' : ` (${w.status ? `HTTP ${w.status}: ` : ''}${w.message})`}`,
    );
  const check = checkPolicy(answer.note, policy);
  printLine(
    check.ok
      ? `satisfies the trust policy (cosigned by ${check.cosigners.join(', ') || 'no witness'})`
      : `does not satisfy the trust policy yet: ${check.message}`,
  );
  if (!check.ok) process.exitCode = 1;
}

/** Register `accord receipts fetch`. */
function registerReceipts(program: Command): void {
  const receipts = program
    .command('receipts')
    .description('Offline receipts (c2sp.org/tlog-proof) of logged entries.');
  receipts
    .command('fetch')
    .description('Fetch receipts from a server and keep those that satisfy its trust policy.')
    .argument('<indexes...>', 'entry indexes')
    .option('--server <url>', 'the accord server (default: $ACCORD_SERVER)')
    .option('--out <dir>', 'where to keep them', '.accord/receipts')
    .addHelpText('after', '\nExample:\n  accord receipts fetch 12 13 --server http://127.0.0.1:8080')
    .action(fetchReceipts);
}

/** Keep the receipt of each entry that verifies; exit 1 when any is missing. */
async function fetchReceipts(indexes: string[], opts: { server?: string; out: string }): Promise<void> {
  const client = new AccordClient(serverUrl(opts.server));
  const { policy } = await client.ledger();
  let missing = 0;
  for (const i of indexes) {
    if (!/^(0|[1-9][0-9]*)$/.test(i))
      throw new AccordError('usage', `an entry index is a whole number; got "${i}"`, { exitCode: 2 });
    const line = await keepReceipt(client, policy, Number(i), undefined, opts.out);
    if (line.startsWith('no receipt')) missing++;
    printLine(`entry ${i}: ${line}`);
  }
  if (missing > 0) process.exitCode = 1;
}

/** Register `accord verify`. */
function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Verify a receipt offline, with nothing but the trust policy.')
    .argument('<receipt>', 'a .tlog-proof file')
    .requiredOption('--policy <file>', 'the trust policy (tlog-policy lines: log, witness, group, quorum)')
    .option('--statement <file>', 'the exact entry bytes the receipt must prove')
    .addHelpText(
      'after',
      '\nExample:\n  accord verify .accord/receipts/entry-12.tlog-proof --policy policy.txt',
    )
    .action((receipt, opts) => {
      printLine(checkReceiptFile(receipt, readPolicy(opts.policy), opts.statement));
    });
}
