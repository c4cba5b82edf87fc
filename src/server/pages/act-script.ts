/**
 * @module server/pages/act-script
 * The browser side of the actors' desk, served as /static/act.js (plain modern JavaScript, no build step,
 * no inline script under the Content-Security-Policy).
 *
 * - **Keys stay in the browser.** The signer key file the person picks (the C2SP signed-note form
 *   `PRIVATE+KEY+name+hexid+base64(0x01‖seed)`) is read by this script, imported into WebCrypto as a
 *   non-extractable Ed25519 key and used to sign; it is never sent anywhere. Before signing, the key's name
 *   must be the session's actor and its public key the one the log has registered for that actor.
 * - **What is signed is what the person filled in.** The server's check endpoint returns the statement's
 *   RFC 8785 canonical text; the script parses it back and compares it with the statement it built, so a
 *   server cannot get something else signed, then signs `accord-statement/v1\n` + that text itself.
 * - **Receipts verify here too.** A c2sp.org/tlog-proof receipt is checked against a trust policy: the log's
 *   signature and the witnesses' cosignatures (Ed25519 and cosignature/v1) and the policy's quorum, then
 *   the entry's inclusion (RFC 9162 §2.1.3.2) under the checkpoint's root.
 * Every state-changing request carries the session's CSRF token from the page's `data-csrf`.
 */
import { MERKLE_JS } from './merkle-script.js';

/** The script's source. */
export const ACT_SCRIPT = `
(function () {
  'use strict';
  ${MERKLE_JS}
  var desk = document.getElementById('desk');
  if (!desk) return;
  var csrf = desk.getAttribute('data-csrf');
  var actor = desk.getAttribute('data-actor');
  var registered = desk.getAttribute('data-key');
  var agreement = desk.getAttribute('data-agreement');
  var origin = desk.getAttribute('data-origin');
  var signer = null; // { key: CryptoKey, name: 'actor+hexid' }

  function $(id) { return document.getElementById(id); }
  function text(el, s) { if (el) el.textContent = s; }
  function utf8(s) { return new TextEncoder().encode(s); }
  function b64url(s) { return b64(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4)); }
  function tob64(u) { var s = ''; for (var i = 0; i < u.length; i++) s += String.fromCharCode(u[i]); return btoa(s); }
  function today() { return new Date().toISOString().slice(0, 10); }
  async function api(method, path, body, type) {
    var headers = { 'x-csrf-token': csrf, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = type || 'application/json';
    var res = await fetch(path, { method: method, headers: headers, body: body, credentials: 'same-origin' });
    var ct = res.headers.get('content-type') || '';
    var data = ct.indexOf('json') >= 0 ? await res.json() : await res.text();
    return { ok: res.ok, status: res.status, data: data };
  }

  /** Same JSON value (object key order aside). */
  function sameJson(a, b) {
    if (a === b) return true;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    var ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (var i = 0; i < ka.length; i++) if (!Object.prototype.hasOwnProperty.call(b, ka[i]) || !sameJson(a[ka[i]], b[ka[i]])) return false;
    return true;
  }

  // ---- the key: parsed, checked against the session and the registry, imported non-extractable
  function parseVkey(v) {
    // The base64 part may itself contain '+': split at the first two only.
    var m = /^([^+\\s]+)\\+([0-9a-f]{8})\\+([A-Za-z0-9+/=]+)$/.exec(v);
    if (!m) throw new Error('not a verifier key: ' + v);
    var raw = b64(m[3]);
    return { name: m[1], id: m[2], type: raw[0], pub: raw.slice(1) };
  }
  async function keyIdOf(name, type, pub) {
    var h = await sha256(cat(utf8(name + '\\n'), new Uint8Array([type]), pub));
    return hex(h.slice(0, 4));
  }
  async function loadKey(file) {
    var t = (await file.text()).trim();
    var p = /^PRIVATE\\+KEY\\+([^+\\s]+)\\+([0-9a-f]{8})\\+([A-Za-z0-9+/=]+)$/.exec(t);
    if (!p) throw new Error(file.name + ' is not a signer key (PRIVATE+KEY+name+id+key)');
    var name = p[1], id = p[2], raw = b64(p[3]);
    if (raw.length !== 33 || raw[0] !== 1) throw new Error(file.name + ' is not an Ed25519 signer key');
    if (name !== actor) throw new Error(file.name + ' is ' + name + "'s key; you are signed in as " + actor);
    var pkcs8 = cat(new Uint8Array([0x30,0x2e,0x02,0x01,0x00,0x30,0x05,0x06,0x03,0x2b,0x65,0x70,0x04,0x22,0x04,0x20]), raw.slice(1));
    // Imported once extractable only to read the public half; the key kept for signing is not extractable.
    var probe = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']);
    var jwk = await crypto.subtle.exportKey('jwk', probe);
    var pub = b64url(jwk.x);
    if ((await keyIdOf(name, 1, pub)) !== id) throw new Error(file.name + ': the key id does not match the key');
    if (!registered) throw new Error('the log has no key registered for ' + actor);
    var reg = parseVkey(registered);
    if (reg.name !== name || !same(reg.pub, pub)) throw new Error(file.name + ' is not the key the log has registered for ' + actor + ' (' + reg.name + '+' + reg.id + ')');
    var key = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
    return { key: key, name: name + '+' + id };
  }
  var keyInput = $('key-file');
  if (keyInput) keyInput.addEventListener('change', async function () {
    var out = $('key-status');
    signer = null;
    document.body.removeAttribute('data-key-ready');
    try {
      if (!keyInput.files[0]) throw new Error('no file chosen');
      signer = await loadKey(keyInput.files[0]);
      out.className = 'badge s-ok';
      text(out, 'key ' + signer.name + ' loaded in this browser; it matches your registered key');
      document.body.setAttribute('data-key-ready', 'true');
    } catch (e) {
      out.className = 'badge s-bad';
      text(out, 'key not loaded: ' + (e && e.message ? e.message : e));
    }
  });

  // ---- problems shown at their fields
  function showProblems(box, problems, prefix) {
    document.querySelectorAll('[data-field-problem]').forEach(function (el) { el.textContent = ''; });
    box.innerHTML = '';
    if (!problems || problems.length === 0) return;
    var ul = document.createElement('ul');
    problems.forEach(function (p) {
      var li = document.createElement('li');
      var pointer = (p.where && p.where.pointer) || '';
      li.textContent = (p.severity === 'warning' ? 'warning: ' : '') + p.message + (pointer ? ' (' + pointer + ')' : '');
      li.setAttribute('data-code', p.code);
      ul.appendChild(li);
      var field = pointer.replace(/^\\/statement/, '');
      var slot = document.querySelector('[data-field-problem="' + field.split('/').slice(0, 2).join('/') + '"]');
      if (slot) slot.textContent = (slot.textContent ? slot.textContent + ' ' : '') + p.message;
    });
    box.className = problems.some(function (p) { return p.severity !== 'warning'; }) ? 'problem' : 'card';
    box.appendChild(ul);
  }

  // ---- sign, submit and show what changed
  async function signAndSubmit(statement, out) {
    out.className = 'card'; text(out, 'checking…');
    if (!signer) { out.className = 'problem'; text(out, 'Load your key file first: nothing was signed.'); return; }
    var check = await api('POST', '/api/ledger/statements/check', JSON.stringify({ statement: statement }));
    if (!check.ok) { out.className = 'problem'; text(out, (check.data && check.data.detail) || ('HTTP ' + check.status)); return; }
    if (!check.data.ok) { showProblems(out, check.data.problems); out.className = 'problem'; out.insertBefore(document.createTextNode('Not signed: '), out.firstChild); return; }
    var canonical = check.data.canonical;
    if (!sameJson(JSON.parse(canonical), statement)) { out.className = 'problem'; text(out, 'The server returned a different statement to sign; nothing was signed.'); return; }
    var message = cat(utf8('accord-statement/v1\\n'), utf8(canonical));
    var sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, signer.key, message));
    var entry = '{"signature":{"key":' + JSON.stringify(signer.name) + ',"sig":' + JSON.stringify(tob64(sig)) + '},"statement":' + canonical + '}';
    var res = await api('POST', '/api/ledger/statements', entry);
    if (!res.ok) { showProblems(out, res.data.problems || []); out.className = 'problem'; out.insertBefore(document.createTextNode((res.data.detail || ('HTTP ' + res.status)) + ' '), out.firstChild); return; }
    var r = res.data;
    out.className = 'card';
    out.innerHTML = '';
    var head = document.createElement('p');
    head.setAttribute('data-entry', String(r.index));
    head.setAttribute('data-status', r.status);
    head.textContent = 'Logged as entry ' + r.index + ' (leaf ' + r.leafHash.slice(0, 16) + '…): ' + r.status + '. ';
    var a = document.createElement('a');
    a.href = '/api/ledger/receipts/' + r.index; a.setAttribute('download', 'entry-' + r.index + '.tlog-proof');
    a.textContent = 'receipt (once a checkpoint covers it)';
    head.appendChild(a);
    out.appendChild(head);
    if (r.problems && r.problems.length) { var pb = document.createElement('div'); showProblems(pb, r.problems); out.appendChild(pb); }
    var ch = await api('GET', '/api/agreements/' + encodeURIComponent(agreement) + '/changes?from=' + r.index + '&to=' + (r.index + 1));
    var h = document.createElement('h3'); h.textContent = 'What changed in the evaluation'; out.appendChild(h);
    var list = document.createElement('ul'); list.className = 'changes';
    if (!ch.ok) { var li0 = document.createElement('li'); li0.textContent = 'could not compute: ' + ((ch.data && ch.data.detail) || ch.status); list.appendChild(li0); }
    else if (ch.data.changes.length === 0) { var li1 = document.createElement('li'); li1.textContent = 'Nothing yet, as of ' + ch.data.asOf + (r.status === 'pending' ? ': the statement awaits the signatures it needs.' : '.'); list.appendChild(li1); }
    else ch.data.changes.forEach(function (c) { var li = document.createElement('li'); li.setAttribute('data-kind', c.kind); li.textContent = c.text; list.appendChild(li); });
    out.appendChild(list);
    out.setAttribute('data-done', 'true');
  }

  // ---- the firm's report form, checked as it is typed
  var form = $('report-form');
  function readForm() {
    var f = form.elements;
    var type = f.type.value;
    var evidence = [];
    form.querySelectorAll('[data-evidence-row]').forEach(function (row) {
      var kind = row.querySelector('[name=kind]').value.trim();
      var digest = row.querySelector('[name=sha256]').value.trim();
      if (kind || digest) evidence.push({ kind: kind, sha256: digest });
    });
    var s = { v: 2, log: origin, actor: actor, issued: f.issued.value || today(), type: type, commitment: f.commitment.value };
    var num = function (v) { return v === '' ? v : Number(v); };
    if (type === 'employment-report') {
      s.site = f.site.value; s.periodStart = f.periodStart.value; s.periodEnd = f.periodEnd.value;
      s.paidHours = num(f.paidHours.value); s.relocatedHours = num(f.relocatedHours.value || '0');
      s.wages = { total: f.wagesTotal.value };
      s.healthPlan = { offered: f.healthPlan.checked };
    } else {
      s.asOf = f.asOf.value; s.disbursed = f.disbursed.value;
    }
    s.evidence = evidence;
    return s;
  }
  function showType() {
    var t = form.elements.type.value;
    form.querySelectorAll('[data-for-type]').forEach(function (el) { el.hidden = el.getAttribute('data-for-type') !== t; });
  }
  var timer = null;
  async function liveCheck() {
    var box = $('report-check');
    var r = await api('POST', '/api/ledger/statements/check', JSON.stringify({ statement: readForm() }));
    if (!r.ok) { box.className = 'problem'; text(box, (r.data && r.data.detail) || ('HTTP ' + r.status)); return; }
    showProblems(box, r.data.problems);
    box.setAttribute('data-ok', String(r.data.ok));
    if (r.data.problems.length === 0) { box.className = 'card'; text(box, 'The agreement accepts this report as typed: it ' + (r.data.status === 'counts' ? 'will count once signed' : 'will be ' + r.data.status) + '.'); }
  }
  if (form) {
    form.elements.issued.value = form.elements.issued.value || today();
    showType();
    form.addEventListener('input', function (ev) {
      if (ev.target && ev.target.name === 'type') showType();
      clearTimeout(timer); timer = setTimeout(liveCheck, 250);
    });
    form.addEventListener('change', function (ev) {
      if (ev.target && ev.target.type === 'file' && ev.target.getAttribute('data-digest-for') !== null) {
        var row = ev.target.closest('[data-evidence-row]');
        var file = ev.target.files[0];
        if (file) file.arrayBuffer().then(function (buf) { return sha256(new Uint8Array(buf)); }).then(function (d) {
          row.querySelector('[name=sha256]').value = hex(d);
          clearTimeout(timer); timer = setTimeout(liveCheck, 50);
        });
      }
    });
    form.addEventListener('submit', function (ev) { ev.preventDefault(); signAndSubmit(readForm(), $('report-result')); });
  }

  // ---- auditors attest, governments approve: buttons carry the subject
  document.addEventListener('submit', function (ev) {
    var f = ev.target;
    var kind = f.getAttribute && f.getAttribute('data-act');
    if (!kind) return;
    ev.preventDefault();
    // The issue date is the day the signer says they decided (today unless they give another), as with --issued.
    var issued = (f.elements.issued && f.elements.issued.value) || today();
    var s = { v: 2, log: origin, actor: actor, issued: issued, type: kind, subject: f.getAttribute('data-subject') };
    if (kind === 'attestation') {
      s.evidenceChecked = Array.prototype.filter.call(f.querySelectorAll('input[name=checked]'), function (c) { return c.checked; }).map(function (c) { return c.value; });
      s.result = f.elements.result.value;
      if (f.elements.note && f.elements.note.value.trim()) s.note = f.elements.note.value.trim();
    } else if (f.elements.note && f.elements.note.value.trim()) s.note = f.elements.note.value.trim();
    signAndSubmit(s, f.querySelector('[data-result]'));
  });

  // ---- verify a receipt against a trust policy, here
  function parsePolicy(t) {
    var p = { logs: [], witnesses: {}, groups: {}, quorum: undefined };
    t.split('\\n').forEach(function (raw, i) {
      var line = raw.replace(/#.*$/, '').trim(); if (!line) return;
      var w = line.split(/\\s+/);
      if (w[0] === 'log') p.logs.push(parseVkey(w[1]));
      else if (w[0] === 'witness') p.witnesses[w[1]] = parseVkey(w[2]);
      else if (w[0] === 'group') { var m = w.slice(3); p.groups[w[1]] = { t: w[2] === 'all' ? m.length : w[2] === 'any' ? 1 : Number(w[2]), m: m }; }
      else if (w[0] === 'quorum') p.quorum = w[1] === 'none' ? undefined : w[1];
      else throw new Error('policy line ' + (i + 1) + ': unknown keyword ' + w[0]);
    });
    if (p.logs.length === 0) throw new Error('the policy names no log');
    return p;
  }
  function holds(p, name, got) {
    if (name === undefined) return true;
    if (p.witnesses[name]) return got.indexOf(name) >= 0;
    var g = p.groups[name]; if (!g) return false;
    return g.m.filter(function (x) { return holds(p, x, got); }).length >= g.t;
  }
  async function ed25519(pub, sig, msg) {
    var k = await crypto.subtle.importKey('raw', pub, { name: 'Ed25519' }, false, ['verify']);
    return crypto.subtle.verify({ name: 'Ed25519' }, k, sig, msg);
  }
  async function verifyReceipt(receipt, policyText) {
    var p = parsePolicy(policyText);
    var end = receipt.indexOf('\\n\\n');
    if (end < 0) throw new Error('a receipt has a blank line before its checkpoint');
    var head = receipt.slice(0, end).split('\\n');
    if (head[0] !== 'c2sp.org/tlog-proof@v1') throw new Error('not a c2sp.org/tlog-proof@v1 receipt');
    var i = 1, entry = null;
    if (head[i] && head[i].indexOf('extra ') === 0) { entry = b64(head[i].slice(6)); i++; }
    var m = /^index (0|[1-9][0-9]*)$/.exec(head[i] || ''); if (!m) throw new Error('line ' + (i + 1) + ': expected "index N"');
    if (!entry) throw new Error('the receipt does not carry its entry');
    var index = Number(m[1]);
    var proof = head.slice(i + 1).map(b64);
    var note = receipt.slice(end + 2);
    var split = note.indexOf('\\n\\n');
    var body = note.slice(0, split + 1);
    var lines = body.split('\\n');
    var size = Number(lines[1]);
    var root = b64(lines[2]);
    var sigs = note.slice(split + 2).split('\\n').filter(Boolean);
    var logOk = false, cosigned = [];
    for (var s = 0; s < sigs.length; s++) {
      var mm = /^\\u2014 (\\S+) (\\S+)$/.exec(sigs[s]); if (!mm) throw new Error('a signature line is malformed');
      var bytes = b64(mm[2]);
      var kid = hex(bytes.slice(0, 4));
      for (var l = 0; l < p.logs.length; l++) {
        var lk = p.logs[l];
        if (lk.name === mm[1] && lk.id === kid && lines[0] === lk.name && await ed25519(lk.pub, bytes.slice(4), utf8(body))) logOk = true;
      }
      for (var wn in p.witnesses) {
        var wk = p.witnesses[wn];
        if (wk.name !== mm[1] || wk.id !== kid || bytes.length !== 76) continue;
        var tv = new DataView(bytes.buffer, bytes.byteOffset + 4, 8);
        var time = tv.getBigUint64(0).toString();
        if (await ed25519(wk.pub, bytes.slice(12), cat(utf8('cosignature/v1\\ntime ' + time + '\\n'), utf8(body)))) cosigned.push(wn);
      }
    }
    if (!logOk) throw new Error('the checkpoint is not signed by a log the policy names');
    if (!holds(p, p.quorum, cosigned)) throw new Error('the quorum ' + p.quorum + ' is not met (cosigned by: ' + (cosigned.join(', ') || 'nobody') + ')');
    var leaf = await sha256(cat(new Uint8Array([0]), entry));
    var got = await rootFromProof(index, size, leaf, proof);
    if (!same(got, root)) throw new Error('the entry is not in the tree: the recomputed root differs from the checkpoint');
    var st = JSON.parse(new TextDecoder().decode(entry)).statement;
    return { index: index, size: size, cosigned: cosigned, statement: st };
  }
  var vform = $('verify-form');
  if (vform) vform.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    var out = $('verify-result');
    try {
      var f = vform.elements['receipt'].files[0];
      if (!f) throw new Error('choose a receipt file (.tlog-proof)');
      var r = await verifyReceipt(await f.text(), vform.elements['policy'].value);
      out.className = 'badge s-ok'; out.setAttribute('data-verified', 'true');
      text(out, 'verified in this browser: entry ' + r.index + ' (' + r.statement.type + ' by ' + r.statement.actor + ') is in the log of ' + r.size + ' entries, cosigned by ' + r.cosigned.join(', '));
    } catch (e) {
      out.className = 'badge s-bad'; out.setAttribute('data-verified', 'false');
      text(out, 'NOT verified: ' + (e && e.message ? e.message : e));
    }
  });
})();
`;
