import { describe, expect, it } from 'vitest';
import { signCheckpoint } from './checkpoint.js';
import { verifyCosignatures } from './cosignature.js';
import { EMPTY_ROOT, leafHash } from './hash.js';
import { formatVerifierKey, generateSigner, parseVerifierKey, SIG_TYPE } from './keys.js';
import { MemoryTree } from './memory-tree.js';
import { parseNote } from './note.js';
import { checkPolicy, parsePolicy } from './policy.js';
import { formatAddCheckpoint, MemoryWitnessState, Witness } from './witness.js';

const ORIGIN = 'ledger.example/us-jp-autos-2025';
const log = generateSigner(ORIGIN);
const vk = (k: Parameters<typeof formatVerifierKey>[0]) => {
  const p = parseVerifierKey(formatVerifierKey(k));
  if (!p.ok) throw new Error(p.message);
  return p.key;
};

function setup() {
  const tree = new MemoryTree();
  const cp = (size: number) =>
    signCheckpoint({ origin: ORIGIN, size, root: Buffer.from(tree.root(size)), extensions: [] }, log);
  const grow = (n: number) => {
    for (let i = 0; i < n; i++) tree.append(leafHash(Buffer.from(`e${tree.size}`)));
  };
  const key = generateSigner('us.witness.example', SIG_TYPE.cosignatureV1);
  const witness = new Witness({
    key,
    logs: new Map([[ORIGIN, [vk(log)]]]),
    state: new MemoryWitnessState(),
    now: () => 1_750_000_000,
  });
  return { tree, cp, grow, witness, key };
}

describe('witness add-checkpoint', () => {
  it('cosigns a first checkpoint, then only consistent extensions', async () => {
    const { tree, cp, grow, witness, key } = setup();
    grow(5);
    const first = await witness.addCheckpoint({ old: 0, proof: [], checkpoint: cp(5) });
    expect(first.status).toBe(200);
    if (first.status === 200) {
      const text = parseNote(cp(5));
      if (!text.ok) throw new Error('bad note');
      expect(verifyCosignatures(text.note.text, [first.cosignature], [vk(key)]).valid).toHaveLength(1);
    }
    grow(7);
    const proof = tree.consistencyProof(5, 12).map((p) => Buffer.from(p));
    expect(
      (await witness.addCheckpoint(formatAddCheckpoint({ old: 5, proof, checkpoint: cp(12) }))).status,
    ).toBe(200);
  });

  it('answers each failure of tlog-witness with its status', async () => {
    const { tree, cp, grow, witness } = setup();
    grow(4);
    await witness.addCheckpoint({ old: 0, proof: [], checkpoint: cp(4) });
    grow(4);
    const good = tree.consistencyProof(4, 8).map((p) => Buffer.from(p));
    const other = generateSigner('other.example/log');
    const unknown = signCheckpoint(
      { origin: 'other.example/log', size: 0, root: EMPTY_ROOT, extensions: [] },
      other,
    );
    expect(await witness.addCheckpoint({ old: 0, proof: [], checkpoint: unknown })).toMatchObject({
      status: 404,
    });
    const forged = signCheckpoint(
      { origin: ORIGIN, size: 8, root: Buffer.from(tree.root()), extensions: [] },
      generateSigner(ORIGIN),
    );
    expect(await witness.addCheckpoint({ old: 4, proof: good, checkpoint: forged })).toMatchObject({
      status: 403,
    });
    expect(await witness.addCheckpoint({ old: 9, proof: good, checkpoint: cp(8) })).toMatchObject({
      status: 400,
    });
    expect(await witness.addCheckpoint({ old: 0, proof: [], checkpoint: cp(8) })).toMatchObject({
      status: 409,
      body: '4\n',
    });
    expect(await witness.addCheckpoint({ old: 4, proof: good.slice(1), checkpoint: cp(8) })).toMatchObject({
      status: 422,
      code: 'bad-consistency-proof',
    });
    const sameSize = signCheckpoint(
      { origin: ORIGIN, size: 4, root: Buffer.from(tree.root(5)), extensions: [] },
      log,
    );
    expect(await witness.addCheckpoint({ old: 4, proof: [], checkpoint: sameSize })).toMatchObject({
      status: 422,
      code: 'same-size-different-root',
    });
    expect(await witness.addCheckpoint('garbage')).toMatchObject({ status: 400 });
  });

  it('rejects a size-0 checkpoint without the empty root, and a proof from old 0', async () => {
    const { tree, cp, grow, witness } = setup();
    const badEmpty = signCheckpoint(
      { origin: ORIGIN, size: 0, root: Buffer.alloc(32, 1), extensions: [] },
      log,
    );
    expect(await witness.addCheckpoint({ old: 0, proof: [], checkpoint: badEmpty })).toMatchObject({
      status: 422,
      code: 'empty-tree-root',
    });
    grow(3);
    expect(
      await witness.addCheckpoint({ old: 0, proof: [Buffer.from(tree.root())], checkpoint: cp(3) }),
    ).toMatchObject({
      status: 422,
      code: 'proof-from-zero',
    });
  });

  it('never rolls its size back when two requests race (the check-and-update is atomic)', async () => {
    const { tree, cp, grow, witness } = setup();
    grow(10);
    await witness.addCheckpoint({ old: 0, proof: [], checkpoint: cp(10) });
    grow(10);
    const p15 = tree.consistencyProof(10, 15).map((p) => Buffer.from(p));
    const p20 = tree.consistencyProof(10, 20).map((p) => Buffer.from(p));
    // Both requests read old = 10 before either updates; the larger one lands first.
    const [a, b] = await Promise.all([
      witness.addCheckpoint({ old: 10, proof: p20, checkpoint: cp(20) }),
      witness.addCheckpoint({ old: 10, proof: p15, checkpoint: cp(15) }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(a.status).toBe(200);
    expect(b).toMatchObject({ status: 409, size: 20 });
  });
});

describe('trust policy', () => {
  it('counts a checkpoint only when a listed log signed it and both governments cosigned', async () => {
    const { cp, grow } = setup();
    grow(3);
    const ws = ['us-treasury', 'us-commerce', 'jp-meti', 'jp-mof'].map((n) =>
      generateSigner(`${n}.example`, SIG_TYPE.cosignatureV1),
    );
    const text = [
      `log ${formatVerifierKey(log)}`,
      ...ws.map((w, i) => `witness W${i} ${formatVerifierKey(w)}`),
      'group US any W0 W1',
      'group JP any W2 W3',
      'group BOTH all US JP',
      'quorum BOTH',
    ].join('\n');
    const parsed = parsePolicy(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const witnesses = ws.map(
      (key) =>
        new Witness({
          key,
          logs: new Map([[ORIGIN, [vk(log)]]]),
          state: new MemoryWitnessState(),
          now: () => 1,
        }),
    );
    let note = cp(3);
    expect(checkPolicy(note, parsed.value)).toMatchObject({ ok: false, code: 'quorum-not-met' });
    const r1 = await witnesses[1]!.addCheckpoint({ old: 0, proof: [], checkpoint: note });
    if (r1.status !== 200) throw new Error('cosign failed');
    note = `${note}${r1.body}`;
    expect(checkPolicy(note, parsed.value)).toMatchObject({
      ok: false,
      code: 'quorum-not-met',
      cosigners: ['W1'],
    });
    const r2 = await witnesses[2]!.addCheckpoint({ old: 0, proof: [], checkpoint: note });
    if (r2.status !== 200) throw new Error('cosign failed');
    note = `${note}${r2.body}`;
    expect(checkPolicy(note, parsed.value)).toMatchObject({ ok: true, cosigners: ['W1', 'W2'] });
    const broken = note.replace(
      /(— jp-meti\.example \S{20})(\S)/,
      (_m, a: string, c: string) => `${a}${c === 'A' ? 'B' : 'A'}`,
    );
    expect(checkPolicy(broken, parsed.value)).toMatchObject({ ok: false });
  });

  it('reports policy mistakes with their line and column', () => {
    const r = parsePolicy('log nope\nwitness A\ngroup G 3 A\nquorum X\nfrobnicate\n', 'p.txt');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => [p.code, p.where?.line])).toEqual([
        ['policy-bad-key', 1],
        ['policy-syntax', 2],
        ['policy-unknown-member', 3],
        ['policy-bad-threshold', 3],
        ['policy-unknown-member', 4],
        ['policy-syntax', 5],
        ['policy-no-log', undefined],
      ]);
    }
  });

  it('keeps each witness’s URL, ending in /, and refuses one that is not http(s)', () => {
    const w = formatVerifierKey(generateSigner('witness.us.example', SIG_TYPE.cosignatureV1));
    const ok = parsePolicy(
      `log ${formatVerifierKey(log)}\nwitness US ${w} https://witness.us.example/tlog\nquorum US\n`,
    );
    if (!ok.ok) throw new Error(JSON.stringify(ok.problems));
    expect(ok.value.witnessUrls.get('US')).toBe('https://witness.us.example/tlog/');
    const bad = parsePolicy(`log ${formatVerifierKey(log)}\nwitness US ${w} ftp://x/\nquorum US\n`, 'p.txt');
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems[0]).toMatchObject({ code: 'policy-bad-url', where: { file: 'p.txt', line: 2 } });
  });
});
