import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccordError } from './problem.js';
import { readFileBytes, readTextFile } from './read-file.js';

// statSync can be made to fail on demand, to reach the permission branches even when the tests run as root.
const fsHook = vi.hoisted(() => ({ statError: undefined as unknown }));
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const statSync = ((...args: Parameters<typeof actual.statSync>) => {
    if (fsHook.statError !== undefined) throw fsHook.statError;
    return actual.statSync(...args);
  }) as typeof actual.statSync;
  return { ...actual, statSync, default: { ...actual, statSync } };
});

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'accord-read-file-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  fsHook.statError = undefined;
});

/** The AccordError a call throws (fails the test when it throws nothing or something else). */
function thrown(fn: () => unknown): AccordError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AccordError);
    return error as AccordError;
  }
  throw new Error('expected an AccordError, nothing was thrown');
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

describe('readFileBytes', () => {
  it('reads a file as exactly its bytes', () => {
    const path = join(dir, 'bytes.bin');
    const bytes = Uint8Array.from([0, 1, 2, 0xfe, 0xff, 0x80, 10]);
    writeFileSync(path, bytes);
    const read = readFileBytes(path);
    expect(read).toBeInstanceOf(Uint8Array);
    expect(Array.from(read)).toEqual([0, 1, 2, 0xfe, 0xff, 0x80, 10]);
  });

  it('reads an empty file as no bytes', () => {
    const path = join(dir, 'empty.txt');
    writeFileSync(path, '');
    expect(readFileBytes(path).length).toBe(0);
  });

  it('keeps a byte-order mark and invalid UTF-8 as they are', () => {
    const path = join(dir, 'bom-invalid.txt');
    writeFileSync(path, Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0x28, 0xff]));
    expect(Array.from(readFileBytes(path))).toEqual([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0x28, 0xff]);
  });

  it('property: any bytes written are read back', () => {
    const path = join(dir, 'random.bin');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        writeFileSync(path, bytes);
        expect(Array.from(readFileBytes(path))).toEqual(Array.from(bytes));
      }),
      { numRuns: 30 },
    );
  });

  it('turns a missing file into file-not-found', () => {
    const path = join(dir, 'no-such-file.yaml');
    const e = thrown(() => readFileBytes(path));
    expect(e.code).toBe('file-not-found');
    expect(e.message).toBe(`${path}: no such file (check the path)`);
    expect(e.exitCode).toBe(1);
    expect(e.status).toBe(400);
  });

  it('turns a missing directory on the path into file-not-found', () => {
    const path = join(dir, 'no-such-dir', 'a.yaml');
    expect(thrown(() => readFileBytes(path)).code).toBe('file-not-found');
  });

  it('turns a directory into is-a-directory', () => {
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    const e = thrown(() => readFileBytes(sub));
    expect(e.code).toBe('is-a-directory');
    expect(e.message).toBe(`${sub} is a directory; name a file inside it`);
    expect(e.exitCode).toBe(1);
  });

  it('turns a file used as a directory into file-unreadable with the system code', () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    const path = join(file, 'inside.txt');
    const e = thrown(() => readFileBytes(path));
    expect(e.code).toBe('file-unreadable');
    expect(e.message).toBe(`${path}: cannot be read (ENOTDIR)`);
  });

  it('turns a path Node refuses (a NUL byte) into file-unreadable', () => {
    const e = thrown(() => readFileBytes('bad\0name.yaml'));
    expect(e.code).toBe('file-unreadable');
    expect(e.message).toBe('bad\0name.yaml: cannot be read (ERR_INVALID_ARG_VALUE)');
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'turns a file without read permission into file-unreadable (real permissions)',
    () => {
      const path = join(dir, 'secret.txt');
      writeFileSync(path, 'secret');
      chmodSync(path, 0o000);
      try {
        const e = thrown(() => readFileBytes(path));
        expect(e.code).toBe('file-unreadable');
        expect(e.message).toBe(`${path}: permission denied`);
      } finally {
        chmodSync(path, 0o600);
      }
    },
  );

  it.each(['EACCES', 'EPERM'])('turns %s into file-unreadable: permission denied', (code) => {
    fsHook.statError = errno(code);
    const e = thrown(() => readFileBytes('/some/file.yaml'));
    expect(e.code).toBe('file-unreadable');
    expect(e.message).toBe('/some/file.yaml: permission denied');
    expect(e.exitCode).toBe(1);
  });

  it('names other system codes, and errors without a code by their text', () => {
    fsHook.statError = errno('EIO');
    expect(thrown(() => readFileBytes('f')).message).toBe('f: cannot be read (EIO)');
    fsHook.statError = new Error('disk on fire');
    const e = thrown(() => readFileBytes('f'));
    expect(e.code).toBe('file-unreadable');
    expect(e.message).toBe('f: cannot be read (Error: disk on fire)');
  });
});

describe('readTextFile', () => {
  it('decodes UTF-8, including multi-byte characters', () => {
    const path = join(dir, 'text.yaml');
    writeFileSync(
      path,
      Uint8Array.from([
        0x63, 0x61, 0x66, 0xc3, 0xa9, 0x20, 0xe2, 0x82, 0xac, 0x20, 0xf0, 0x9f, 0x98, 0x80, 0x0a,
      ]),
    );
    expect(readTextFile(path)).toBe('café € 😀\n');
  });

  it('reads an empty file as the empty string', () => {
    const path = join(dir, 'empty.yaml');
    writeFileSync(path, '');
    expect(readTextFile(path)).toBe('');
  });

  it('keeps the whole text after a byte-order mark', () => {
    const path = join(dir, 'bom.yaml');
    writeFileSync(path, Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0x3a, 0x20, 0x31, 0x0a]));
    // The module promises UTF-8 text, not BOM handling: accept the mark decoded or dropped, nothing else.
    expect(readTextFile(path).replace(/^\uFEFF/, '')).toBe('a: 1\n');
  });

  it('decodes invalid UTF-8 to replacement characters instead of throwing', () => {
    const path = join(dir, 'invalid.txt');
    writeFileSync(path, Uint8Array.from([0x61, 0xff, 0x62, 0xc3]));
    expect(readTextFile(path)).toBe('a\uFFFDb\uFFFD');
  });

  it('throws the same errors as readFileBytes', () => {
    const missing = join(dir, 'missing.yaml');
    const e = thrown(() => readTextFile(missing));
    expect(e.code).toBe('file-not-found');
    expect(e.message).toBe(`${missing}: no such file (check the path)`);
    expect(thrown(() => readTextFile(dir)).code).toBe('is-a-directory');
    fsHook.statError = errno('EACCES');
    expect(thrown(() => readTextFile('x')).message).toBe('x: permission denied');
  });
});
