/* The ops console: feeds, running and recent batches, a batch's rejects, routes; refreshed every few seconds. */
'use strict';

const { api, el, bi, time, isToday, age, toast, int, rows } = Hub;
const REFRESH_MS = 3000;
const FEED_NAMES = {
  university: ['武汉大学', 'F1 · Wuhan University'],
  cas: ['中科院武汉分院', 'F2 · CAS Wuhan Branch'],
  tax: ['区税务局', 'F3 · District tax bureau'],
  street: ['街道办事处', 'F4 · Street offices'],
};
const STATUS_ZH = { APPLIED: '已入库', PARTIAL: '部分入库', REJECTED: '整批拒收', DUPLICATE: '重复', FAILED: '失败', RUNNING: '运行中' };
const STATUS_KIND = { APPLIED: 'ok', PARTIAL: 'warn', REJECTED: 'bad', FAILED: 'bad', DUPLICATE: 'muted', RUNNING: 'info' };
const ROUTE_KIND = { Started: 'ok', Stopped: 'bad', Suspended: 'warn', Starting: 'info', Stopping: 'info' };

let batches = [];
let runningNow = {};      // batch id -> rows read so far, of the batches running at the last refresh
let selected = null;     // the batch open in the detail panel
const busy = new Set();  // buttons waiting for their call

function badge(text, kind, cls = '') {
  return el('span', { class: 'badge ' + kind + (cls ? ' ' + cls : ''), text });
}
function statusBadge(status) {
  return badge((STATUS_ZH[status] || status) + ' ' + status, STATUS_KIND[status] || 'muted', 'status');
}

async function refresh() {
  try {
    const [feeds, running, list, routes] = await Promise.all([
      api('/feeds'), api('/batches/running'), api('/batches?limit=200'), api('/routes')]);
    batches = list;
    runningNow = Object.fromEntries(running.map(r => [r.batchId, r.recordsSoFar]));
    renderFeeds(feeds);
    renderRunning(running);
    renderBatches();
    renderRoutes(routes);
    renderToday(feeds, routes);
    document.getElementById('updated').textContent = '更新于 Updated ' + time(new Date().toISOString());
  } catch (e) {
    toast('刷新失败 Refresh failed: ' + e.message, 'error');
  }
}

function renderFeeds(feeds) {
  const fresh = feeds.map(f => {
    const [zh, en] = FEED_NAMES[f.feed] || [f.feed, ''];
    const cursors = Object.entries(f.cursors || {}).map(([ds, c]) =>
      el('div', { class: 'mono', title: '移动于 moved ' + time(c.movedAt) }, ds + ': ' + c.position));
    const pulled = 'circuit' in f;
    const key = 'sync:' + f.feed;
    const running = f.syncRunning || busy.has(key);
    const sync = pulled ? el('button', {
      type: 'button', class: 'small sync', 'data-feed': f.feed, disabled: running,
      onclick: () => syncNow(f.feed),
    }, ...(running ? bi('同步中…', 'Syncing') : bi('立即同步', 'Sync now'))) : el('span', { class: 'updated', text: '文件投递 files only' });
    const last = f.lastBatch;
    const waiting = (f.waiting || []).map(w => el('div', { class: 'waiting reason', title: w.reason },
      '⚠ ' + w.file + ' 在 inbound 等待 waits since ' + time(w.since) + ' — ' + w.reason));
    return el('tr', { 'data-feed': f.feed, 'data-key': f.feed },
      el('td', {}, el('strong', { text: zh }), el('div', { class: 'en', text: en + ' · ' + f.feed }), ...waiting),
      el('td', {}, badge(f.freshness, f.freshness === 'OK' ? 'ok' : 'warn', 'freshness'),
        el('div', { class: 'en', text: '上限 max ' + maxAge(f.maxAge) })),
      el('td', { class: 'last-success', text: time(f.lastSuccessAt) }),
      el('td', { class: 'live', text: age(f.ageSeconds) }),
      el('td', {}, cursors.length ? cursors : '—'),
      el('td', { text: pulled ? time(f.nextRunAt) : '—' }),
      el('td', {}, pulled ? badge(f.circuit, f.circuit === 'CLOSED' ? 'ok' : 'bad') : '—'),
      el('td', {}, last ? [el('a', { href: '#batch-' + last.id, onclick: ev => { ev.preventDefault(); openBatch(last.id); } },
        '#' + last.id), ' ', statusBadge(last.status)] : '—'),
      el('td', {}, sync));
  });
  rows(document.getElementById('feed-rows'), fresh);
}

/** An ISO-8601 duration as a reader says it: PT48H is 2d, PT840H 35d, PT90M 90m. */
function maxAge(iso) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso || '');
  if (!m) return iso;
  const h = Number(m[1] || 0), min = Number(m[2] || 0), s = Number(m[3] || 0);
  if (h && !min && !s && h % 24 === 0) return h / 24 + 'd';
  return (h ? h + 'h' : '') + (min ? min + 'm' : '') + (s ? s + 's' : '') || '0s';
}

async function syncNow(feed) {
  const key = 'sync:' + feed;
  busy.add(key);
  try {
    await api('/feeds/' + feed + '/sync', { method: 'POST' });
    toast('已开始同步 ' + feed + ' · sync started');
  } catch (e) {
    toast('同步失败 Sync of ' + feed + ': ' + e.message, 'error');
  } finally {
    busy.delete(key);
    refresh();
  }
}

function renderRunning(running) {
  const body = document.getElementById('running-rows');
  if (!running.length) {
    rows(body, [el('tr', { 'data-key': 'none' }, el('td', { colspan: 7, class: 'empty' }, ...bi('当前没有正在导入的批次', 'No batch is being applied right now')))]);
    return;
  }
  rows(body, running.map(r => el('tr', { 'data-running': r.batchId, 'data-key': r.batchId },
    el('td', { text: '#' + r.batchId }), el('td', { text: r.feed }), el('td', { text: r.dataset || '—' }),
    el('td', { text: r.transport }), el('td', { class: 'mono', text: r.source }), el('td', { text: time(r.startedAt) }),
    el('td', { class: 'num rows-so-far live', text: int.format(r.recordsSoFar)
      + (r.phase === 'RECOMPUTING' ? ' · 指标重算中 recomputing' : '') }))));
}

function renderBatches() {
  const feed = document.getElementById('batch-feed').value;
  const shown = batches.filter(b => !feed || b.feed === feed).slice(0, 60);
  const body = document.getElementById('batch-rows');
  if (!shown.length) {
    rows(body, [el('tr', { 'data-key': 'none' }, el('td', { colspan: 11, class: 'empty' }, ...bi('还没有批次', 'No batches yet')))]);
    return;
  }
  rows(body, shown.map(b => el('tr', {
    'data-batch': b.id, 'data-status': b.status, 'data-key': b.id,
    class: 'clickable' + (isToday(b.receivedAt) ? ' today' : '') + (selected === b.id ? ' selected' : ''),
    onclick: () => openBatch(b.id),
  },
    el('td', { class: 'num', text: '#' + b.id }), el('td', { text: b.feed }), el('td', { text: b.dataset || '—' }),
    el('td', { text: b.transport }), el('td', { class: 'mono', text: b.source || '—' }), el('td', { text: time(b.receivedAt) }),
    el('td', {}, statusBadge(b.status)),
    el('td', { class: 'num', text: int.format(b.status === 'RUNNING' && b.id in runningNow ? runningNow[b.id] : b.recordsRead) }),
    el('td', { class: 'num', text: int.format(b.accepted) }), el('td', { class: 'num', text: int.format(b.rejected) }),
    el('td', { class: 'reason', title: b.reason || null }, el('span', { text: b.reason || '' })))));
}

function renderRoutes(routes) {
  rows(document.getElementById('route-rows'), routes.map(r => {
    const started = r.status === 'Started';
    const key = 'route:' + r.id;
    return el('tr', { 'data-route': r.id, 'data-key': r.id },
      el('td', { class: 'mono', text: r.id }), el('td', { text: r.description || '' }),
      el('td', {}, badge(r.status, ROUTE_KIND[r.status] || 'muted', 'route-status'), supervision(r.supervision)),
      el('td', { class: 'live', text: r.uptimeMillis == null ? '—' : age(Math.floor(r.uptimeMillis / 1000)) }),
      el('td', {}, started
        ? el('button', { type: 'button', class: 'small danger stop', disabled: busy.has(key), onclick: () => route(r.id, 'stop') }, ...bi('停止', 'Stop'))
        : el('button', { type: 'button', class: 'small start', disabled: busy.has(key), onclick: () => route(r.id, 'start') }, ...bi('启动', 'Start'))));
  }));
}

/** What the supervising route controller is doing about a route that failed to start. */
function supervision(s) {
  if (!s) return '';
  const what = s.state === 'EXHAUSTED' ? '已放弃重启 Gave up restarting' : '自动重启中 Restarting';
  const attempts = s.attempts == null ? '' : ' · ' + s.attempts + ' 次 attempts';
  const next = s.nextAttemptAt ? ' · 下次 next ' + time(s.nextAttemptAt) : '';
  return el('div', { class: 'supervision reason', title: s.error || null, text: what + attempts + next + (s.error ? ' — ' + s.error : '') });
}

async function route(id, action) {
  const key = 'route:' + id;
  busy.add(key);
  try {
    const r = await api('/routes/' + encodeURIComponent(id) + '/' + action, { method: 'POST' });
    toast('路由 ' + id + ' → ' + r.status);
  } catch (e) {
    toast((action === 'stop' ? '停止失败 Stop failed: ' : '启动失败 Start failed: ') + e.message, 'error');
  } finally {
    busy.delete(key);
    refresh();
  }
}

function renderToday(feeds, routes) {
  const today = batches.filter(b => isToday(b.receivedAt));
  const sum = k => today.reduce((s, b) => s + b[k], 0);
  const bad = today.filter(b => b.status === 'REJECTED' || b.status === 'FAILED').length;
  document.getElementById('today-batches').textContent = int.format(today.length);
  const counts = {};
  today.forEach(b => { counts[b.status] = (counts[b.status] || 0) + 1; });
  document.getElementById('today-status').textContent = Object.entries(counts)
    .map(([s, n]) => (STATUS_ZH[s] || s) + ' ' + n).join(' · ') || '今天还没有批次 no batch yet today';
  document.getElementById('today-accepted').textContent = int.format(sum('accepted'));
  document.getElementById('today-read').textContent = '读取 read ' + int.format(sum('recordsRead'));
  document.getElementById('today-rejected').textContent = int.format(sum('rejected'));
  document.getElementById('today-rejected-files').textContent = '整批拒收或失败 rejected or failed batches: ' + bad;
  const fresh = feeds.filter(f => f.freshness === 'OK').length;
  document.getElementById('today-fresh').textContent = fresh + ' / ' + feeds.length;
  const up = routes.filter(r => r.status === 'Started').length;
  document.getElementById('today-routes').textContent = '路由运行 routes up ' + up + ' / ' + routes.length;
  // cluster mode: which node this console talks to, and which node leads (runs the scheduled pulls)
  const c = feeds.length ? feeds[0].cluster : null;
  const line = document.getElementById('today-cluster');
  line.hidden = !c;
  if (c) {
    line.textContent = '本节点 node ' + c.node + ' · 主节点 leader ' + (c.leader || '无 none')
      + (c.schedulesRunHere ? '（定时同步在本节点 schedules run here）' : '') + ' · 成员 members ' + c.members.length;
  }
}

async function openBatch(id) {
  selected = id;
  renderBatches();
  try {
    const [b, rejects] = await Promise.all([api('/batches/' + id), api('/batches/' + id + '/rejects')]);
    const panel = document.getElementById('batch-detail');
    panel.dataset.batch = b.id;
    document.getElementById('detail-title').replaceChildren('批次 #' + b.id + ' ', el('span', { class: 'en', text: 'Batch ' + b.id }), ' ', statusBadge(b.status));
    document.getElementById('detail-summary').textContent = b.feed + ' · ' + (b.dataset || '数据集未知 unknown dataset') + ' · '
      + b.transport + ' · ' + (b.source || '') + ' · 接收 received ' + time(b.receivedAt) + ' · 完成 finished ' + time(b.finishedAt)
      + ' · 读取 read ' + b.recordsRead + ' / 接收 accepted ' + b.accepted + ' / 拒收 rejected ' + b.rejected;
    const reason = document.getElementById('detail-reason');
    reason.textContent = b.reason ? '原因 Reason: ' + b.reason : '';
    reason.hidden = !b.reason;
    reason.className = 'notice ' + (b.status === 'REJECTED' || b.status === 'FAILED' ? 'error' : 'ok');
    const requeuable = b.transport === 'FILE' && (b.status === 'REJECTED' || b.status === 'FAILED');
    document.getElementById('requeue').hidden = !requeuable;
    document.getElementById('requeue').disabled = false;
    document.getElementById('requeue-hint').hidden = !requeuable;
    const download = document.getElementById('rejects-csv');
    download.href = '/ui-api/batches/' + b.id + '/rejects.csv';
    download.hidden = !rejects.length;
    document.getElementById('reject-rows').replaceChildren(...(rejects.length ? rejects.map(r => el('tr', {},
      el('td', { class: 'num', text: r.seq }), el('td', { class: 'mono', text: r.position || '—' }),
      el('td', { class: 'mono raw', text: r.rawText || '' }), el('td', { class: 'reject-reason', text: r.reason })))
      : [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, ...bi(b.status === 'REJECTED' || b.status === 'FAILED'
        ? '整个文件被拒收，原因见上' : '本批次没有拒收记录', b.status === 'REJECTED' || b.status === 'FAILED'
        ? 'the file was rejected whole: see the reason above' : 'no record of this batch was rejected')))]));
    panel.hidden = false;
    panel.scrollIntoView({ block: 'start' });
  } catch (e) {
    toast('无法打开批次 Cannot open batch ' + id + ': ' + e.message, 'error');
  }
}

async function requeue() {
  const id = Number(document.getElementById('batch-detail').dataset.batch);
  const button = document.getElementById('requeue');
  button.disabled = true;
  try {
    const r = await api('/batches/' + id + '/requeue', { method: 'POST' });
    toast('已重新入队 Re-queued: ' + r.message);
    button.hidden = true;
  } catch (e) {
    button.disabled = false;
    toast('重新入队失败 Re-queue failed: ' + e.message, 'error');
  }
  refresh();
}

document.addEventListener('DOMContentLoaded', async () => {
  document.getElementById('batch-feed').addEventListener('change', renderBatches);
  document.getElementById('requeue').addEventListener('click', requeue);
  document.getElementById('detail-close').addEventListener('click', () => {
    document.getElementById('batch-detail').hidden = true;
    selected = null;
    renderBatches();
  });
  await Hub.topbar('ops');
  await refresh();
  const m = location.hash.match(/^#batch-(\d+)$/);
  if (m) openBatch(Number(m[1]));
  setInterval(refresh, REFRESH_MS);
});
