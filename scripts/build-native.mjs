#!/usr/bin/env node
/**
 * Builds accord's one native addon, native/sha256.c (fast SHA-256 for the transparency log), at install
 * time. It is optional: when there is no C compiler or no Node headers, the build fails, this script says
 * so, and accord hashes with node:crypto instead, with the same results, only slower. So an install never
 * fails on it. Set ACCORD_SKIP_NATIVE=1 to skip the build.
 */
import { spawnSync } from 'node:child_process';

if (process.env.ACCORD_SKIP_NATIVE === '1') {
  console.log('accord: ACCORD_SKIP_NATIVE=1, so the native SHA-256 addon is not built (node:crypto is used).');
  process.exit(0);
}
// npm puts its own node-gyp on the PATH of install scripts and names it in npm_config_node_gyp.
const gyp = process.env.npm_config_node_gyp;
const [command, args] = gyp ? [process.execPath, [gyp, 'rebuild']] : ['node-gyp', ['rebuild']];
const run = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (run.status === 0) {
  console.log('accord: built the native SHA-256 addon (build/Release/accord_sha256.node).');
} else {
  // node-gyp's own summary ("gyp ERR! stack …") is generic; the compiler's or configure's error lines say why.
  const lines = (run.stderr ?? '').split('\n');
  const errors = lines.filter((l) => /error/i.test(l) && !/^gyp ERR! (stack|System|command|cwd|node|not ok)/.test(l));
  const why = run.error ? run.error.message : (errors.length > 0 ? errors : lines.slice(-3)).slice(0, 4).join('\n');
  console.warn(
    `accord: the native SHA-256 addon did not build, so the log will hash with node:crypto (same results, slower).\n${why}`,
  );
}
