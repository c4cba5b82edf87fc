/**
 * @module server/pages/merkle-script
 * Browser helpers both page scripts share (verify.js and act.js): base64 and hex, byte concatenation,
 * WebCrypto SHA-256, and the RFC 9162 §2.1.3.2 inclusion-proof check that recomputes a root from a leaf. One
 * copy, spliced into each script, so the dashboard's two verifiers cannot drift apart.
 */

/** Function declarations (plain JavaScript) to splice into a page script's scope. */
export const MERKLE_JS = `
  function b64(s) { var bin = atob(s); var out = new Uint8Array(bin.length); for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i); return out; }
  function hex(u) { return Array.prototype.map.call(u, function (b) { return ('0' + b.toString(16)).slice(-2); }).join(''); }
  function cat(a, b, c) { var out = new Uint8Array(a.length + b.length + (c ? c.length : 0)); out.set(a, 0); out.set(b, a.length); if (c) out.set(c, a.length + b.length); return out; }
  async function sha256(bytes) { return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)); }
  function same(a, b) { if (a.length !== b.length) return false; for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false; return true; }
  /** RFC 9162 2.1.3.2: recompute the root from the leaf hash and the inclusion path. */
  async function rootFromProof(index, size, leaf, proof) {
    if (index >= size) throw new Error('index beyond the tree');
    var fn = index, sn = size - 1, r = leaf;
    for (var k = 0; k < proof.length; k++) {
      var p = proof[k];
      if (sn === 0) throw new Error('proof is too long');
      if ((fn & 1) === 1 || fn === sn) {
        r = await sha256(cat(new Uint8Array([1]), p, r));
        if ((fn & 1) === 0) { while (!((fn & 1) === 1 || fn === 0)) { fn = fn >>> 1; sn = sn >>> 1; } }
      } else {
        r = await sha256(cat(new Uint8Array([1]), r, p));
      }
      fn = fn >>> 1; sn = sn >>> 1;
    }
    if (sn !== 0) throw new Error('proof is too short');
    return r;
  }
`;
