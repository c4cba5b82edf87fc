/**
 * @module server/pages/verify-script
 * The browser-side inclusion-proof check (RFC 9162 §2.1.3.2) with WebCrypto SHA-256, served as
 * /static/verify.js. The browser fetches the entry, the proof and the checkpoint note from the API and
 * recomputes the root itself, so a reader need not trust the dashboard's own "verified" claim.
 */

import { MERKLE_JS } from './merkle-script.js';

/** The script's source (plain ES2017, no build step). */
export const VERIFY_SCRIPT = `
(function () {
  'use strict';
  ${MERKLE_JS}
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
