/**
 * @module cli/read-input
 * Read a file the user named, turning the operating system's refusals into messages a person can act on.
 */
import { readFileSync, statSync } from 'node:fs';
import { AccordError } from '../_lib/problem.js';

/** Read `path` as bytes; missing files, directories and permission errors become AccordErrors (exit 1). */
export function readInput(path: string): Uint8Array {
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
