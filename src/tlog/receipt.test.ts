import { describe, expect, it } from 'vitest';
import { signCheckpoint } from './checkpoint.js';
import { cosign } from './cosignature.js';
import { leafHash } from './hash.js';
import { formatVerifierKey, generateSigner, SIG_TYPE } from './keys.js';
import { MemoryTree } from './memory-tree.js';
import { addSignatures } from './note.js';
import { parsePolicy } from './policy.js';
import { formatReceipt, parseReceipt, verifyReceipt } from './receipt.js';

describe('offline receipts (tlog-proof)', () => {
  const origin = 'ledger.example/r';
  const log = generateSigner(origin);
  const us = generateSigner('us.example', SIG_TYPE.cosignatureV1);
  const jp = generateSigner('jp.example', SIG_TYPE.cosignatureV1);
  const policyText = `log ${formatVerifierKey(log)}\nwitness US ${formatVerifierKey(us)}\nwitness JP ${formatVerifierKey(jp)}\ngroup BOTH all US JP\nquorum BOTH\n`;
  const policy = (() => {
    const p = parsePolicy(policyText);
    if (!p.ok) throw new Error('policy');
    return p.value;
  })();
  const entries = Array.from({ length: 11 }, (_, i) => Buffer.from(`statement ${i}`));
  const tree = new MemoryTree();
  for (const e of entries) tree.append(leafHash(e));
  const body = `${origin}\n11\n${Buffer.from(tree.root()).toString('base64')}\n`;
  const signed = signCheckpoint({ origin, size: 11, root: Buffer.from(tree.root()), extensions: [] }, log);
  const cosigned = addSignatures(signed, [cosign(body, us, 100), cosign(body, jp, 101)]);
  const receipt = formatReceipt({
    entry: entries[6],
    index: 6,
    proof: tree.inclusionProof(6).map((p) => Buffer.from(p)),
    checkpoint: cosigned,
  });

  it('verify with nothing but the trust policy', () => {
    expect(receipt.startsWith('c2sp.org/tlog-proof@v1\nextra ')).toBe(true);
    expect(verifyReceipt(receipt, policy)).toMatchObject({
      ok: true,
      index: 6,
      size: 11,
      cosigners: ['US', 'JP'],
    });
  });

  it('fail for another entry, a wrong index, a missing cosignature or a changed proof', () => {
    expect(verifyReceipt(receipt, policy, entries[5])).toMatchObject({
      ok: false,
      code: 'inclusion-root-mismatch',
    });
    expect(verifyReceipt(receipt.replace('index 6', 'index 7'), policy)).toMatchObject({ ok: false });
    expect(
      verifyReceipt(formatReceipt({ entry: entries[6], index: 6, proof: [], checkpoint: signed }), policy),
    ).toMatchObject({
      ok: false,
      code: 'quorum-not-met',
    });
    const p = parseReceipt(receipt);
    if (!p.ok) throw new Error('parse');
    p.receipt.proof[1]![0]! ^= 1;
    expect(verifyReceipt(formatReceipt(p.receipt), policy)).toMatchObject({ ok: false });
    expect(verifyReceipt('nonsense', policy)).toMatchObject({ ok: false, code: 'receipt-malformed' });
  });
});
