import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signCheckpoint } from '../src/tlog/checkpoint.js';
import { leafHash, toBase64 } from '../src/tlog/hash.js';
import { formatVerifierKey, generateSigner } from '../src/tlog/keys.js';
import { MemoryTree } from '../src/tlog/memory-tree.js';

// Debian's golang-golang-x-mod-dev installs the sources here; GOPATH mode builds against them offline.
const GOPATH = '/usr/share/gocode';
const MODULE = join(GOPATH, 'src/golang.org/x/mod/sumdb/note');
const goFound = (() => {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const available = goFound && existsSync(MODULE);
if (!available) {
  console.warn(
    'skipped the Go interop test: it needs `go` and golang.org/x/mod (apt-get install -y golang-go golang-golang-x-mod-dev)',
  );
}

const PROGRAM = `package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type input struct {
	Vkey, Note, Tampered, Entry, Root, OldRoot string
	Index, Size, OldSize                       int64
	Proof, Consistency                         []string
}

func hash(s string) tlog.Hash {
	var h tlog.Hash
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != len(h) {
		fmt.Println("bad hash", s)
		os.Exit(1)
	}
	copy(h[:], b)
	return h
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Println("input:", err)
		os.Exit(1)
	}
	v, err := note.NewVerifier(in.Vkey)
	if err != nil {
		fmt.Println("vkey:", err)
		os.Exit(1)
	}
	n, err := note.Open([]byte(in.Note), note.VerifierList(v))
	if err != nil {
		fmt.Println("note:", err)
		os.Exit(1)
	}
	fmt.Printf("note ok %d bytes\\n", len(n.Text))
	if _, err := note.Open([]byte(in.Tampered), note.VerifierList(v)); err == nil {
		fmt.Println("tampered note accepted")
		os.Exit(1)
	}
	fmt.Println("tampered rejected")
	entry, _ := base64.StdEncoding.DecodeString(in.Entry)
	proof := tlog.RecordProof{}
	for _, p := range in.Proof {
		proof = append(proof, hash(p))
	}
	if err := tlog.CheckRecord(proof, in.Size, hash(in.Root), in.Index, tlog.RecordHash(entry)); err != nil {
		fmt.Println("inclusion:", err)
		os.Exit(1)
	}
	fmt.Println("inclusion ok")
	tp := tlog.TreeProof{}
	for _, p := range in.Consistency {
		tp = append(tp, hash(p))
	}
	if err := tlog.CheckTree(tp, in.Size, hash(in.Root), in.OldSize, hash(in.OldRoot)); err != nil {
		fmt.Println("consistency:", err)
		os.Exit(1)
	}
	fmt.Println("consistency ok")
}
`;

describe.skipIf(!available)('interop with golang.org/x/mod/sumdb/note and sumdb/tlog', () => {
  it('Go verifies our checkpoint note, inclusion proof and consistency proof, and rejects a tampered note', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-go-'));
    try {
      const origin = 'ledger.example/interop';
      const key = generateSigner(origin);
      const tree = new MemoryTree();
      const entries = Array.from({ length: 37 }, (_, i) => Buffer.from(`{"entry":${i}}`));
      for (const e of entries) tree.append(leafHash(e));
      const note = signCheckpoint({ origin, size: 37, root: Buffer.from(tree.root()), extensions: [] }, key);
      const tampered = note.replace('\n37\n', '\n38\n');
      const input = {
        Vkey: formatVerifierKey(key),
        Note: note,
        Tampered: tampered,
        Entry: toBase64(entries[21]!),
        Index: 21,
        Size: 37,
        Root: toBase64(tree.root()),
        Proof: tree.inclusionProof(21).map(toBase64),
        OldSize: 13,
        OldRoot: toBase64(tree.root(13)),
        Consistency: tree.consistencyProof(13, 37).map(toBase64),
      };
      writeFileSync(join(dir, 'main.go'), PROGRAM);
      const r = spawnSync('go', ['run', 'main.go'], {
        cwd: dir,
        input: JSON.stringify(input),
        encoding: 'utf8',
        env: { ...process.env, GOPATH, GO111MODULE: 'off', GOCACHE: join(dir, 'cache'), GOFLAGS: '' },
        timeout: 240_000,
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(
        `note ok ${note.split('\n\n')[0]!.length + 1} bytes\ntampered rejected\ninclusion ok\nconsistency ok\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
