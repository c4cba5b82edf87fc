import { describe, expect, it } from 'vitest';
import { ActorDirectory, newToken, tokenDigest } from './actors.js';

describe('ActorDirectory', () => {
  it('authenticates a token by its digest and refuses any other token', () => {
    const token = newToken();
    const d = new ActorDirectory([
      {
        id: 'honda',
        name: 'Honda',
        role: 'firm',
        commitments: ['honda-ohio-ev'],
        tokenSha256: tokenDigest(token),
      },
    ]);
    expect(d.authenticate(token)?.id).toBe('honda');
    expect(d.authenticate(newToken())).toBeUndefined();
    expect(d.authenticate(`${token}x`)).toBeUndefined();
  });

  it('replacing an account retires its old token', () => {
    const t1 = newToken();
    const t2 = newToken();
    const d = new ActorDirectory();
    d.add({ id: 'us-gov', name: 'US', role: 'government', commitments: [], tokenSha256: tokenDigest(t1) });
    d.add({ id: 'us-gov', name: 'US', role: 'government', commitments: [], tokenSha256: tokenDigest(t2) });
    expect(d.authenticate(t1)).toBeUndefined();
    expect(d.authenticate(t2)?.id).toBe('us-gov');
  });
});
