/** `accord serve` as a command: usage errors exit 2, a store that cannot be opened exits 1, no stack traces. */
import { describe, expect, it } from 'vitest';
import { accord } from './helpers/cli.js';

describe('accord serve', () => {
  it('refuses a port that is not a number with exit 2', () => {
    const r = accord(['serve', '--port', 'eighty']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--port must be a whole number');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses --workers 0 with exit 2', () => {
    const r = accord(['serve', '--workers', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--workers must be at least 1');
  });

  it('reports a store it cannot open with exit 1 and no stack trace', () => {
    const r = accord(['serve', '--db', '/nonexistent-dir/deeper/accord.sqlite', '--port', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('/nonexistent-dir does not exist');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('creates the store folder of a fresh clone (.accord/) and seeds it', async () => {
    const { mkdtempSync, rmSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { startServer } = await import('../src/server/server.js');
    const d = mkdtempSync(join(tmpdir(), 'accord-fresh-'));
    try {
      const s = await startServer({ db: join(d, '.accord', 'accord.sqlite'), port: 0, rateLimit: false });
      expect(await s.context.ledger.store.size()).toBe(58);
      await s.close();
      expect(existsSync(join(d, '.accord', 'tokens.json'))).toBe(true);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  }, 60_000);

  it('lists its options in --help', () => {
    const r = accord(['serve', '--help']);
    expect(r.status).toBe(0);
    for (const flag of ['--db', '--port', '--workers', '--rate-limit', '--no-seed'])
      expect(r.stdout).toContain(flag);
  });
});
