/**
 * @module server/pages/verify-script
 * The browser-side inclusion-proof check (RFC 9162 §2.1.3.2) with WebCrypto SHA-256, served as
 * /static/verify.js. The browser fetches the entry, the proof and the checkpoint note from the API and
 * recomputes the root itself, so a reader need not trust the dashboard's own "verified" claim.
 */

/** The script's source (plain ES2017, no build step). */
export const VERIFY_SCRIPT = `
(function () {
  'use strict';
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
  async function verify(button) {
    var index = Number(button.getAttribute('data-verify-index'));
    var out = document.getElementById(button.getAttribute('data-verify-target'));
    out.className = 'badge'; out.textContent = 'verifying…';
    try {
      var res = await fetch('/api/ledger/proofs/inclusion?index=' + index);
      var body = await res.json();
      if (!res.ok) throw new Error(body.detail || ('HTTP ' + res.status));
      var leaf = await sha256(cat(new Uint8Array([0]), b64(body.entry)));
      var root = await rootFromProof(body.index, body.size, leaf, body.proof.map(b64));
      // The checkpoint note's third line is the root the log signed (c2sp.org/tlog-checkpoint).
      var lines = body.checkpoint.split('\\n');
      var signedRoot = b64(lines[2]);
      var signedSize = Number(lines[1]);
      if (signedSize !== body.size) throw new Error('the checkpoint is for size ' + signedSize + ', the proof for ' + body.size);
      if (!same(root, signedRoot)) throw new Error('the recomputed root ' + hex(root).slice(0, 16) + '… differs from the checkpoint');
      out.className = 'badge s-ok';
      out.setAttribute('data-verified', 'true');
      out.textContent = 'verified in this browser: entry ' + index + ' is in the tree of ' + body.size + ' entries (root ' + hex(root).slice(0, 16) + '…, leaf ' + hex(leaf).slice(0, 16) + '…)';
    } catch (e) {
      out.className = 'badge s-bad';
      out.setAttribute('data-verified', 'false');
      out.textContent = 'NOT verified: ' + e.message;
    }
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (t && t.closest) { var b = t.closest('[data-verify-index]'); if (b) { ev.preventDefault(); verify(b); } }
  });
  window.accordVerify = { rootFromProof: rootFromProof };
})();
`;
