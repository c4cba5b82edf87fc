/**
 * @module read-file
 * Read a file a person named, turning the operating system's refusals (missing, a directory, no permission)
 * into {@link AccordError}s whose messages say what to do. One place for this, so every command and loader
 * words the same failure the same way.
 *
 * Domain folders never call these themselves: a domain function that needs a file's text takes a
 * {@link ReadText}, and the edge (CLI, server, package user) passes {@link readTextFile}. The domain then
 * stays pure given its inputs, and a test or a browser can hand it text from anywhere.
 */
import { readFileSync, statSync } from 'node:fs';
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
