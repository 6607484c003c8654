/**
 * The monitoring page the admin server serves at `/`: one static HTML file
 * with inline script (no build step, nothing fetched but `/api/status`),
 * polling once a second. Cells carry `data-queue` / `data-field` so tests
 * and scrapers can read values without parsing the layout.
 */

export const MONITOR_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>typewire monitor</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; background: #f7f8fa; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .meta { color: #5b6474; margin-bottom: 16px; }
  .cards { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 20px; }
  .card { background: #fff; border: 1px solid #dde1e8; border-radius: 6px; padding: 10px 14px; min-width: 120px; }
  .card b { display: block; font-size: 20px; }
  table { border-collapse: collapse; background: #fff; border: 1px solid #dde1e8; min-width: 640px; }
  th, td { padding: 6px 12px; text-align: right; border-bottom: 1px solid #eef0f4; }
  th:first-child, td:first-child { text-align: left; }
  .bar { display: inline-block; height: 8px; background: #3b82f6; border-radius: 2px; vertical-align: middle; margin-right: 6px; }
  .dlq { color: #b42318; font-weight: 600; }
  #error { color: #b42318; }
</style>
</head>
<body>
<h1>typewire monitor</h1>
<div class="meta"><span id="source">…</span> · store <span id="store">…</span> · updated <span id="updated">never</span> <span id="error"></span></div>
<div class="cards">
  <div class="card">connections<b id="connections">–</b></div>
  <div class="card">published/s<b id="rate-published">–</b></div>
  <div class="card">processed/s<b id="rate-processed">–</b></div>
  <div class="card">received/s<b id="rate-receivedRemote">–</b></div>
  <div class="card">sent/s<b id="rate-sentRemote">–</b></div>
  <div class="card">failed/s<b id="rate-failed">–</b></div>
</div>
<table>
  <thead><tr><th>queue</th><th>depth</th><th>in flight</th><th>oldest</th><th>dead letters</th><th>enqueued/s</th><th>acked/s</th></tr></thead>
  <tbody id="queues"><tr><td colspan="7">waiting for the first status…</td></tr></tbody>
</table>
<script>
(function () {
  var fmt = function (n) { return n >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10); };
  var age = function (ms) { return ms === null ? '–' : ms < 1000 ? Math.round(ms) + ' ms' : fmt(ms / 1000) + ' s'; };
  function cell(queue, field, text, extra) {
    var td = document.createElement('td');
    td.setAttribute('data-queue', queue);
    td.setAttribute('data-field', field);
    if (extra) extra(td);
    td.appendChild(document.createTextNode(text));
    return td;
  }
  function render(status) {
    document.getElementById('source').textContent = status.source;
    document.getElementById('store').textContent = status.store;
    document.getElementById('connections').textContent = String(status.connections);
    document.getElementById('updated').textContent = new Date(status.at).toLocaleTimeString();
    document.getElementById('error').textContent = '';
    ['published', 'processed', 'receivedRemote', 'sentRemote', 'failed'].forEach(function (k) {
      document.getElementById('rate-' + k).textContent = fmt(status.rates[k] || 0);
    });
    var max = status.queues.reduce(function (m, q) { return Math.max(m, q.depth); }, 1);
    var body = document.getElementById('queues');
    body.textContent = '';
    if (status.queues.length === 0) {
      var empty = document.createElement('tr');
      empty.appendChild(cell('', 'none', 'no queues yet', function (td) { td.colSpan = 7; }));
      body.appendChild(empty);
    }
    status.queues.forEach(function (q) {
      var tr = document.createElement('tr');
      tr.appendChild(cell(q.queue, 'queue', q.queue));
      tr.appendChild(cell(q.queue, 'depth', String(q.depth), function (td) {
        var bar = document.createElement('span');
        bar.className = 'bar';
        bar.style.width = Math.round((q.depth / max) * 120) + 'px';
        td.appendChild(bar);
      }));
      tr.appendChild(cell(q.queue, 'inFlight', String(q.inFlight)));
      tr.appendChild(cell(q.queue, 'oldestAge', age(q.oldestAgeMs)));
      tr.appendChild(cell(q.queue, 'deadLetters', String(q.deadLetters), function (td) { if (q.deadLetters > 0) td.className = 'dlq'; }));
      tr.appendChild(cell(q.queue, 'enqueuedPerSec', fmt(q.enqueuedPerSec)));
      tr.appendChild(cell(q.queue, 'ackedPerSec', fmt(q.ackedPerSec)));
      body.appendChild(tr);
    });
  }
  function poll() {
    fetch('/api/status', { cache: 'no-store' })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(render)
      .catch(function (e) { document.getElementById('error').textContent = '(' + e.message + ')'; })
      .finally(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>
</body>
</html>
`;
