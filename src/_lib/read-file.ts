/**
 * @module read-file
 * Read a file a person named, turning the operating system's refusals (missing, a directory, no permission)
 * into {@link AccordError}s whose messages say what to do. One place for this, so every command and loader
 * words the same failure the same way.
 *
 * Domain folders never call these themselves: a domain function that needs a file's text takes a
 * {@link ReadText}, and the edge (CLI, server, package user) passes {@link readTextFile}. The domain then
 * stays pure given its inputs, and a test or a browser can hand it text from anywhere. Code that reads data
 * directories (the shipped tariff and economics data, installed HTS revisions) takes a {@link DataSource}.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccordError } from './problem.js';

/** Read `path` as bytes; missing files, directories and permission errors become AccordErrors (exit 1). */
export function readFileBytes(path: string): Uint8Array {
  try {
    if (statSync(path).isDirectory()) {
      throw new AccordError('is-a-directory', `${path} is a directory; name a file inside it`);
    }
    return readFileSync(path);
  } catch (error) {
    if (error instanceof AccordError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AccordError('file-not-found', `${path}: no such file (check the path)`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new AccordError('file-unreadable', `${path}: permission denied`);
    throw new AccordError('file-unreadable', `${path}: cannot be read (${code ?? String(error)})`);
  }
}

/** How a domain function gets a file's text: given a path, the text (or a thrown AccordError). */
export type ReadText = (path: string) => string;

/** Read `path` as UTF-8 text, with the same errors as {@link readFileBytes}. */
export function readTextFile(path: string): string {
  return Buffer.from(readFileBytes(path)).toString('utf8');
}

/**
 * How domain code reads the data it is pointed at: the data the package ships (`data/tariff`,
 * `data/economics`) and the files and directories a person names (an HTS export, scope lists, installed HTS
 * revisions). The edges pass {@link diskSource}; a test or another host can pass its own. Failures are thrown
 * as the host reports them, and the domain words them for the person (`cannot read HTS file …`).
 */
export interface DataSource {
  readText(path: string): string;
  readBytes(path: string): Uint8Array;
  exists(path: string): boolean;
  /** Where the package's shipped data for `name` is (`data/tariff` for `tariff`); throws when it is missing. */
  shippedDir(name: string): string;
}

const shippedDirs = new Map<string, string>();

/** The data directories the package ships, found from here whether it runs from `src/` or the build in `dist/`. */
function findShippedDir(name: string): string {
  const known = shippedDirs.get(name);
  if (known) return known;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'data', name);
    if (existsSync(candidate)) {
      shippedDirs.set(name, candidate);
      return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error(`data/${name} not found next to the accord package`);
}

/** The local disk, through node:fs: what the CLI, the server and the package's entry points hand the domain. */
export const diskSource: DataSource = {
  readText: (path) => readFileSync(path, 'utf8'),
  readBytes: (path) => readFileSync(path),
  exists: (path) => existsSync(path),
  shippedDir: findShippedDir,
};
