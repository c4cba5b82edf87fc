import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyConsistency, verifyInclusion } from '../src/tlog/merkle.js';
import { ROOT } from './helpers/cli.js';

const DIR = join(ROOT, '../shared/conformance/merkle');
if (!existsSync(DIR)) console.warn(`skipped the Merkle conformance vectors: ${DIR} is absent`);

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith('.json') ? [p] : [];
  });
}

// Vectors carry base64 that may be empty or null; decode without validation so corrupted sizes reach the verifier.
const b = (s: string | null | undefined): Buffer => Buffer.from(s ?? '', 'base64');

describe.skipIf(!existsSync(DIR))('transparency-dev/merkle conformance vectors', () => {
  const inclusion = existsSync(DIR) ? jsonFiles(join(DIR, 'inclusion')) : [];
  const consistency = existsSync(DIR) ? jsonFiles(join(DIR, 'consistency')) : [];

  it('has all 196 vectors', () => {
    expect(inclusion.length + consistency.length).toBe(196);
  });

  it.each(inclusion.map((f) => [f.slice(DIR.length + 1), f]))('inclusion %s', (_name, file) => {
    const v = JSON.parse(readFileSync(file, 'utf8')) as {
      leafIdx: number;
      treeSize: number;
      root: string | null;
      leafHash: string | null;
      proof: string[] | null;
      wantErr: boolean;
    };
    const r = verifyInclusion(v.leafIdx, v.treeSize, b(v.leafHash), (v.proof ?? []).map(b), b(v.root));
    expect(r.ok).toBe(!v.wantErr);
  });

  it.each(consistency.map((f) => [f.slice(DIR.length + 1), f]))('consistency %s', (_name, file) => {
    const v = JSON.parse(readFileSync(file, 'utf8')) as {
      size1: number;
      size2: number;
      root1: string | null;
      root2: string | null;
      proof: string[] | null;
      wantErr: boolean;
    };
    const r = verifyConsistency(v.size1, v.size2, b(v.root1), b(v.root2), (v.proof ?? []).map(b));
    expect(r.ok).toBe(!v.wantErr);
  });
});
