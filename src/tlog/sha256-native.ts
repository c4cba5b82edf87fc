/**
 * @module tlog/sha256-native
 * The optional native SHA-256 (native/sha256.c, built at install by scripts/build-native.mjs). An RFC 6962
 * log hashes two short inputs per append; through node:crypto each call costs several times the hashing
 * itself, and the addon removes that cost. It shares one scratch buffer with this module: write the input at
 * its start, call `digest(length)`, read the digest after `inputMax` bytes.
 *
 * When the addon was not built (no compiler at install, `--ignore-scripts`, ACCORD_SKIP_NATIVE=1) or cannot
 * load, {@link nativeSha256} is undefined and callers use node:crypto, which gives the same bytes.
 */
import { createRequire } from 'node:module';

/** The addon's surface. */
export interface NativeSha256 {
  /** Input at [0, inputMax), digest at [inputMax, inputMax + 32); belongs to this thread. */
  readonly scratch: ArrayBuffer;
  readonly inputMax: number;
  /** SHA-256 of scratch[0, length) into scratch[inputMax, inputMax + 32). */
  digest(length: number): void;
}

function load(): NativeSha256 | undefined {
  // The same switch that skips building it, read once here so a test or a user can compare the two paths.
  if (process.env.ACCORD_SKIP_NATIVE === '1') return undefined;
  try {
    // The same path from src/tlog (run with tsx) and from dist/tlog (the built package).
    const addon = createRequire(import.meta.url)('../../build/Release/accord_sha256.node') as NativeSha256;
    return addon.scratch instanceof ArrayBuffer && typeof addon.digest === 'function' ? addon : undefined;
  } catch {
    // Not built here: node:crypto serves instead (see the module comment).
    return undefined;
  }
}

/** The loaded addon, or undefined when node:crypto must serve. */
export const nativeSha256: NativeSha256 | undefined = load();
