import { describe, expect, it } from 'vitest';
import { accord } from './helpers/cli.js';

describe('accord (the process)', () => {
  it('prints help and exits 0', () => {
    const r = accord(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: accord');
    expect(r.stdout).toContain('Exit codes');
  });

  it('exits 2 on an unknown command, with a hint and no stack trace', () => {
    const r = accord(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--help');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
