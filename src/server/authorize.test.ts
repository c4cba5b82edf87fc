import { describe, expect, it } from 'vitest';
import type { Statement } from '../ledger/index.js';
import type { Account } from './actors.js';
import { authorizeOperation, authorizeStatement } from './authorize.js';
import { HttpProblem } from './problem-response.js';

const account = (id: string, role: Account['role'], commitments: string[] = []): Account => ({
  id,
  name: id,
  role,
  commitments,
  tokenSha256: '0'.repeat(64),
});
const report = (actor: string, commitment: string): Statement => ({
  v: 2,
  log: 'accord.example/test',
  type: 'investment-report',
  actor,
  issued: '2026-01-01',
  commitment,
  asOf: '2026-01-01',
  disbursed: '1.00',
  evidence: [],
});
const code = (fn: () => void) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof HttpProblem ? `${e.status} ${e.code}` : String(e);
  }
};

describe('authorizeStatement', () => {
  it("leaves roles and ownership to the log's replay", () => {
    // The replay (R3, R5) refuses these with 422 in the submission queue; the API alone does not decide them.
    const honda = account('honda', 'firm', ['honda-ohio-ev']);
    expect(code(() => authorizeStatement(honda, report('honda', 'texas-semiconductors')))).toBe('ok');
    expect(code(() => authorizeStatement(account('us-gov', 'government'), report('us-gov', 'x')))).toBe('ok');
  });

  it('refuses a statement by another actor than the session', () => {
    expect(code(() => authorizeStatement(account('honda', 'firm', ['x']), report('tx-semi', 'x')))).toBe(
      '403 actor-mismatch',
    );
  });

  it('keeps observers from everything', () => {
    expect(code(() => authorizeStatement(account('press', 'observer', ['x']), report('press', 'x')))).toBe(
      '403 role-forbidden',
    );
  });

  it('lets only governments sign checkpoints and add cosignatures', () => {
    expect(code(() => authorizeOperation(account('us-gov', 'government'), 'checkpoint'))).toBe('ok');
    expect(code(() => authorizeOperation(account('aud-us', 'auditor'), 'cosign'))).toBe('403 role-forbidden');
  });
});
