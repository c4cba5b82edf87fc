/**
 * @module tlog/policy
 * Trust policy (c2sp.org/tlog-policy, draft): `log <vkey>`, `witness <name> <vkey>`,
 * `group <name> <N|all|any> <members…>`, `quorum <name|none>`. A checkpoint satisfies the policy when a
 * listed log signed it and the quorum of witness cosignatures holds.
 */
import type { Problem } from '../_lib/problem.js';
import { fail, ok, type Result } from '../_lib/result.js';
import { openCheckpoint, type VerifiedCheckpoint } from './checkpoint.js';
import { verifyCosignatures } from './cosignature.js';
import { parseVerifierKey, SIG_TYPE, type VerifierKey } from './keys.js';

/** A group's threshold over its members (witness names or other group names). */
export interface PolicyGroup {
  name: string;
  threshold: number;
  members: string[];
}

/** A parsed trust policy. */
export interface TrustPolicy {
  logs: VerifierKey[];
  witnesses: Map<string, VerifierKey>;
  /**
   * Where each witness that gave one takes `add-checkpoint` requests (its submission prefix, c2sp.org/tlog-witness):
   * a log server pushes each new checkpoint there. A witness without a URL cosigns out of band.
   */
  witnessUrls: Map<string, string>;
  groups: Map<string, PolicyGroup>;
  /** The group (or witness) whose threshold must hold; undefined means `quorum none`. */
  quorum: string | undefined;
}

/**
 * Parse a policy; problems carry the line and column of what is wrong.
 *
 * @example
 * parsePolicy('log l+…\nwitness US us+…\nwitness JP jp+…\ngroup BOTH all US JP\nquorum BOTH\n')
 */
export function parsePolicy(text: string, file = '<policy>'): Result<TrustPolicy> {
  const problems: Problem[] = [];
  const policy: TrustPolicy = {
    logs: [],
    witnesses: new Map(),
    witnessUrls: new Map(),
    groups: new Map(),
    quorum: undefined,
  };
  let quorumSeen = false;
  const at = (line: number, column = 1) => ({ file, line, column });
  for (const [i, raw] of text.split('\n').entries()) {
    const content = raw.replace(/#.*$/, '').trim();
    if (content === '') continue;
    const words = content.split(/\s+/);
    const n = i + 1;
    const col = (w: number) => raw.indexOf(words[w] ?? '') + 1;
    const report = (code: string, message: string, w?: number) =>
      problems.push({ code, message, where: w === undefined ? at(n) : at(n, col(w)) });
    const key = (w: number, wantType: number): VerifierKey | undefined => {
      const p = parseVerifierKey(words[w] ?? '');
      if (!p.ok) {
        problems.push({ code: 'policy-bad-key', message: p.message, where: at(n, col(w)) });
        return undefined;
      }
      if (p.key.type !== wantType) {
        problems.push({
          code: 'policy-bad-key',
          message: `expected a key of type 0x0${wantType} here`,
          where: at(n, col(w)),
        });
        return undefined;
      }
      return p.key;
    };
    const line: PolicyLine = { words, report, key };
    switch (words[0]) {
      case 'log': {
        if (words.length < 2 || words.length > 3) {
          problems.push({ code: 'policy-syntax', message: 'use: log <vkey> [url]', where: at(n) });
          break;
        }
        const k = key(1, SIG_TYPE.ed25519);
        if (k) policy.logs.push(k);
        break;
      }
      case 'witness':
        addWitness(line, policy);
        break;
      case 'group':
        addGroup(line, policy);
        break;
      case 'quorum': {
        if (words.length !== 2 || quorumSeen) {
          problems.push({
            code: 'policy-syntax',
            message: 'use one line: quorum <group|witness|none>',
            where: at(n),
          });
          break;
        }
        quorumSeen = true;
        const q = words[1]!;
        if (q !== 'none' && !policy.witnesses.has(q) && !policy.groups.has(q)) {
          problems.push({
            code: 'policy-unknown-member',
            message: `${q} is not defined above`,
            where: at(n, col(1)),
          });
        }
        policy.quorum = q === 'none' ? undefined : q;
        break;
      }
      default:
        problems.push({
          code: 'policy-syntax',
          message: `unknown keyword ${JSON.stringify(words[0])}; use log, witness, group or quorum`,
          where: at(n),
        });
    }
  }
  if (policy.logs.length === 0)
    problems.push({ code: 'policy-no-log', message: 'the policy names no log key', where: { file } });
  if (!quorumSeen)
    problems.push({ code: 'policy-no-quorum', message: 'the policy has no quorum line', where: { file } });
  return problems.length > 0 ? fail(problems) : ok(policy);
}

/** One line of a policy: its words, a way to report a problem at a word (or the line), and a key reader. */
interface PolicyLine {
  words: string[];
  report: (code: string, message: string, word?: number) => void;
  key: (word: number, wantType: number) => VerifierKey | undefined;
}

/** `witness <name> <vkey> [url]` */
function addWitness({ words, report, key }: PolicyLine, policy: TrustPolicy): void {
  if (words.length < 3 || words.length > 4) {
    report('policy-syntax', 'use: witness <name> <vkey> [url]');
    return;
  }
  const name = words[1]!;
  if (policy.witnesses.has(name) || policy.groups.has(name)) {
    report('policy-duplicate', `${name} is defined twice`, 1);
    return;
  }
  const k = key(2, SIG_TYPE.cosignatureV1);
  if (k) policy.witnesses.set(name, k);
  if (words[3] !== undefined) {
    const url = witnessUrl(words[3]);
    if (url) policy.witnessUrls.set(name, url);
    else
      report(
        'policy-bad-url',
        `${JSON.stringify(words[3])} is not an http(s) URL; give the witness's submission prefix, e.g. https://witness.example/`,
        3,
      );
  }
}

/** `group <name> <N|all|any> <members…>`: members are witnesses or groups defined above. */
function addGroup({ words, report }: PolicyLine, policy: TrustPolicy): void {
  if (words.length < 4) {
    report('policy-syntax', 'use: group <name> <N|all|any> <members…>');
    return;
  }
  const name = words[1]!;
  const members = words.slice(3);
  if (policy.witnesses.has(name) || policy.groups.has(name)) {
    report('policy-duplicate', `${name} is defined twice`, 1);
    return;
  }
  for (const [j, m] of members.entries()) {
    if (!policy.witnesses.has(m) && !policy.groups.has(m)) {
      report('policy-unknown-member', `${m} is not a witness or group defined above`, 3 + j);
    }
  }
  const t = words[2]!;
  const threshold =
    t === 'all' ? members.length : t === 'any' ? 1 : /^[1-9][0-9]*$/.test(t) ? Number(t) : NaN;
  if (!(threshold >= 1 && threshold <= members.length)) {
    report('policy-bad-threshold', `the threshold must be all, any or 1..${members.length}`, 2);
    return;
  }
  policy.groups.set(name, { name, threshold, members });
}

/** An http(s) URL without credentials, query or fragment, ending in `/` (so `add-checkpoint` is appended), or undefined. */
export function witnessUrl(text: string): string | undefined {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return undefined;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || u.search || u.hash)
    return undefined;
  return u.href.endsWith('/') ? u.href : `${u.href}/`;
}

/** Whether the named group or witness is satisfied by the set of witness names that cosigned. */
export function quorumHolds(
  policy: TrustPolicy,
  name: string | undefined,
  cosigned: ReadonlySet<string>,
): boolean {
  if (name === undefined) return true;
  if (policy.witnesses.has(name)) return cosigned.has(name);
  const g = policy.groups.get(name);
  if (!g) return false;
  return g.members.filter((m) => quorumHolds(policy, m, cosigned)).length >= g.threshold;
}

/** Outcome of checking a cosigned checkpoint against a policy. */
export type PolicyCheck =
  | { ok: true; value: VerifiedCheckpoint; cosigners: string[] }
  | { ok: false; code: string; message: string; cosigners: string[] };

/** Verify a cosigned checkpoint note against a trust policy: a log signature and the witness quorum. */
export function checkPolicy(note: string, policy: TrustPolicy): PolicyCheck {
  const opened = openCheckpoint(note, policy.logs);
  if (!opened.ok) return { ok: false, code: opened.error.code, message: opened.error.message, cosigners: [] };
  const witnessKeys = [...policy.witnesses.values()];
  const { valid, bad } = verifyCosignatures(opened.value.text, opened.value.signatures, witnessKeys);
  const names = [...policy.witnesses.entries()]
    .filter(([, k]) => valid.some((v) => v.witness === k))
    .map(([n]) => n);
  if (bad.length > 0) {
    return {
      ok: false,
      code: 'cosignature-invalid',
      message: `cosignature by ${bad.join(', ')} does not verify`,
      cosigners: names,
    };
  }
  if (!quorumHolds(policy, policy.quorum, new Set(names))) {
    return {
      ok: false,
      code: 'quorum-not-met',
      message: `the quorum ${policy.quorum} is not met (cosigned by: ${names.join(', ') || 'nobody'})`,
      cosigners: names,
    };
  }
  return { ok: true, value: opened.value, cosigners: names };
}
