/**
 * @module server/pages/assess-script
 * The bulk-assessment page's browser script, served as /static/assess.js. It creates a job through the API
 * (the server checks the file's size and the client's places before a byte is sent, and says which limit
 * when it refuses), sends the file to the job's input (the browser streams it from disk), and meanwhile
 * polls the job for the server's own progress: bytes received, lines assessed, the queue ahead. When the job
 * is done the summary is swapped in with htmx; a refused or failed job shows its problem in place. A static
 * file rather than an inline script, so the Content-Security-Policy can forbid inline scripts on every page.
 */

/** The script's source (plain ES2017, no build step). */
export const ASSESS_SCRIPT = `
(function () {
  'use strict';
  var form = document.getElementById('assess-form');
  if (!form) return;
  var input = form.querySelector('input[type=file]');
  var button = form.querySelector('button[type=submit]');
  var bar = document.getElementById('assess-progress');
  var text = document.getElementById('assess-progress-text');
  var result = document.getElementById('assess-result');

  function mb(n) { return (n / 1e6).toFixed(1) + ' MB'; }
  function num(n) { return Number(n).toLocaleString('en-US'); }
  function show(percent, message) {
    if (percent !== null) bar.value = percent;
    text.textContent = message;
  }
  function describe(job, size) {
    if (job.state === 'created') return 'starting the upload…';
    if (job.state === 'queued')
      return 'waiting for an assessment thread' + (job.ahead ? ' (' + job.ahead + ' upload' + (job.ahead === 1 ? '' : 's') + ' ahead)' : '') + '…';
    if (job.state === 'running')
      return 'received ' + mb(job.bytesRead) + ' of ' + mb(size) + ' · ' + num(job.lines) + ' lines assessed' +
        (job.badRows ? ', ' + num(job.badRows) + ' bad rows' : '');
    if (job.state === 'done') return 'done: ' + num(job.lines) + ' lines assessed';
    return job.state;
  }
  /** A problem+json body shown in place, as the server's problem fragment shows it. */
  function showProblem(p) {
    var box = document.createElement('div');
    box.className = 'problem';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-code', p.code || '');
    var h = document.createElement('h3');
    h.textContent = (p.title || 'Error') + ': ' + (p.detail || p.message || '');
    box.appendChild(h);
    var ul = document.createElement('ul');
    (p.problems || []).forEach(function (q) {
      var li = document.createElement('li');
      var code = document.createElement('code');
      code.textContent = q.code;
      li.appendChild(code);
      li.appendChild(document.createTextNode(' ' + q.message));
      if (q.where && q.where.row !== undefined) {
        var at = document.createElement('span');
        at.className = 'muted';
        at.textContent = ' (' + (q.where.file || '') + ':row ' + q.where.row + ')';
        li.appendChild(at);
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
    result.replaceChildren(box);
  }
  async function readJson(res) {
    try { return await res.json(); } catch (e) { return { title: 'Error', detail: 'the server answered ' + res.status, problems: [] }; }
  }
  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  async function run() {
    var file = input.files && input.files[0];
    if (!file) return;
    button.disabled = true;
    show(0, 'asking for a place…');
    var created = await fetch('/api/assessments/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ file: file.name, size: file.size })
    });
    var job = await readJson(created);
    if (!created.ok) { showProblem(job); show(0, 'not started (' + (job.code || created.status) + ')'); return; }
    var finished = false;
    async function poll() {
      while (!finished) {
        await sleep(400);
        if (finished) return;
        try {
          var res = await fetch(job.status, { headers: { accept: 'application/json' }, cache: 'no-store' });
          if (!res.ok || finished) continue;
          var now = await res.json();
          if (finished) return;
          var pct = file.size > 0 ? Math.min(99, Math.floor((now.bytesRead / file.size) * 100)) : 0;
          show(now.state === 'running' ? pct : null, describe(now, file.size));
        } catch (e) { /* the next poll tries again */ }
      }
    }
    var polling = poll();
    var sent;
    try {
      sent = await fetch(job.input, { method: 'PUT', headers: { 'content-type': 'text/csv', accept: 'application/json' }, body: file });
    } catch (e) {
      // The connection broke (the server stops reading an upload it refuses): the job says why.
      finished = true;
      await polling;
      var after = await fetch(job.status, { headers: { accept: 'application/json' }, cache: 'no-store' });
      var known = after.ok ? await after.json() : null;
      if (known && known.error) showProblem({ title: 'Upload failed', detail: known.error.message, code: known.error.code, problems: known.error.problems });
      else showProblem({ title: 'Upload failed', detail: 'the connection to the server broke (' + (e && e.message ? e.message : e) + ')', problems: [] });
      show(null, 'failed');
      return;
    }
    finished = true;
    await polling;
    var done = await readJson(sent);
    if (!sent.ok) { showProblem(done); show(null, 'failed (' + (done.code || sent.status) + ')'); return; }
    show(100, describe(done, file.size));
    await htmx.ajax('GET', '/assess/jobs/' + done.id, { target: '#assess-result', swap: 'innerHTML' });
  }

  form.addEventListener('submit', function (evt) {
    evt.preventDefault();
    run().catch(function (e) {
      showProblem({ title: 'Upload failed', detail: String(e && e.message ? e.message : e), problems: [] });
      show(null, 'failed');
    }).finally(function () { button.disabled = false; });
  });
})();
`;
