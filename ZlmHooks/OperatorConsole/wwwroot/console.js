// The ZlmHooks operator console: one page over the admin API (docs/admin-api.md), no framework, no
// build step. Every value from a server is put in the page as text (never as HTML): stream names,
// reasons and client addresses come from MediaServers and their clients.
'use strict';

const KEY = 'zlmhooks.adminKey';
const AUTO = 'zlmhooks.autoRefresh';
const WATCHED = ['servers', 'streams', 'activity'];   // the views an operator leaves open to watch
const $ = (selector, root = document) => root.querySelector(selector);

/** h('td', {class: 'num'}, 'text', child...): an element with attributes and text or element children. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

class Unauthorized extends Error {}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: Object.assign({ Authorization: 'Bearer ' + sessionStorage.getItem(KEY) },
      body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
  if (response.status === 401) throw new Unauthorized((json && json.msg) || 'the admin key was refused');
  if (!response.ok) throw new Error((json && json.msg) || `HTTP ${response.status}`);
  return json;
}

function say(message) { $('#status').textContent = message || ''; }

// ---- time and size, in words ----
function ago(iso) {
  if (!iso) return '—';
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  return duration(s) + ' ago';
}
function duration(s) {
  if (s < 60) return Math.round(s) + ' s';
  if (s < 3600) return Math.round(s / 60) + ' min';
  if (s < 86400) return (s / 3600).toFixed(1) + ' h';
  return (s / 86400).toFixed(1) + ' d';
}
function when(iso) { return iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—'; }
function time(iso) { return iso ? h('time', { datetime: iso, title: when(iso) }, ago(iso)) : '—'; }
function bytes(n) {
  if (n === undefined || n === null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}
const STATUS_SYMBOL = { online: '● online', missing: '◐ missed keepalives', exited: '○ exited' };
function badge(kind, text) { return h('span', { class: 'badge ' + kind }, text || kind); }

function table(id, caption, headers, rows, empty) {
  // At phone width a row is shown as a card, each cell under its column's name.
  for (const row of rows) [...row.children].forEach((cell, i) => { if (headers[i]) cell.dataset.label = headers[i]; });
  return h('div', { class: 'table-wrap' },
    h('table', { id },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: headers.length, class: 'muted' }, empty)))));
}

function field(id, label, input) {
  input.id = id;
  return h('div', {}, h('label', { for: id }, label), input);
}
function text(value, attrs) { return h('input', Object.assign({ type: 'text', value: value ?? '' }, attrs || {})); }
function select(options, value) {
  return h('select', {}, options.map(([v, t]) => h('option', { value: v, selected: v === (value ?? '') }, t)));
}
function serverSelect(servers, value, anyLabel) {
  return select([['', anyLabel || 'all servers'], ...servers.map(s => [s.mediaServerId, s.mediaServerId])], value);
}
function copyButton(input) {
  return h('button', {
    type: 'button', 'aria-label': 'Copy ' + (input.getAttribute('aria-label') || 'URL'),
    onclick: async () => {
      input.select();
      try { await navigator.clipboard.writeText(input.value); say('Copied.'); }
      catch { document.execCommand('copy'); say('Copied (selected).'); }
    },
  }, 'Copy');
}

// ---- views ----
const views = {};

views.servers = async (main) => {
  const [servers, streams] = await Promise.all([api('GET', '/api/servers'), api('GET', '/api/streams?online=true')]);
  const live = {};
  for (const s of streams.streams || []) live[s.mediaServerId] = (live[s.mediaServerId] || 0) + 1;
  const rows = (servers.servers || []).map(s => {
    const c = s.config || {};
    const ports = ['http', 'rtsp', 'rtmp', 'rtc', 'srt'].filter(p => c[p + '.port'] && c[p + '.port'] !== '0').map(p => `${p} ${c[p + '.port']}`).join(', ');
    const on = ['rtsp', 'rtmp', 'hls', 'ts', 'fmp4', 'mp4'].filter(p => c['protocol.enable_' + p] === '1').join(', ');
    const uptime = s.status !== 'exited' && s.startedAt ? duration((Date.now() - Date.parse(s.startedAt)) / 1000) : '—';
    return h('tr', { dataset: { server: s.mediaServerId } },
      h('th', { scope: 'row' }, s.mediaServerId),
      h('td', {}, badge(s.status, STATUS_SYMBOL[s.status] || s.status)),
      h('td', {}, time(s.lastKeepalive)),
      h('td', {}, uptime),
      h('td', { class: 'num' }, String(live[s.mediaServerId] || 0)),
      h('td', {}, s.address || '—'),
      h('td', { class: 'mono' }, s.version || '—'),
      h('td', {}, ports || '—', on ? h('div', { class: 'muted' }, 'protocols: ' + on) : null,
        s.configDigest ? h('div', { class: 'muted mono', title: 'SHA-256 of its configuration, secrets redacted' }, 'config ' + s.configDigest.slice(0, 12)) : null));
  });
  main.append(h('h2', {}, 'Servers'),
    table('servers-table', 'Every MediaServer that has called a server hook; status from its keepalives.',
      ['Server', 'Status', 'Last keepalive', 'Uptime', 'Live streams', 'Address', 'Version', 'Config'], rows, 'No MediaServer has called on_server_started or on_server_keepalive yet.'));
};

views.streams = async (main, params) => {
  const server = params.get('server') || '';
  const showOffline = params.get('offline') === '1';
  const [servers, list] = await Promise.all([
    api('GET', '/api/servers'),
    api('GET', '/api/streams' + (showOffline ? '' : '?online=true') + (server ? (showOffline ? '?' : '&') + 'server=' + encodeURIComponent(server) : '')),
  ]);
  const pick = serverSelect(servers.servers || [], server);
  const offline = h('input', { type: 'checkbox', id: 'streams-offline', checked: showOffline });
  const apply = () => go('streams', { server: pick.value, offline: offline.checked ? '1' : '' });
  pick.addEventListener('change', apply);
  offline.addEventListener('change', apply);
  const panel = h('div', { id: 'stream-panel' });
  const rows = (list.streams || []).map(s => {
    const tracks = (s.tracks || []).map(t => t.type === 'video'
      ? `${t.codec || '?'} ${t.width || '?'}×${t.height || '?'}${t.fps ? ' ' + Math.round(t.fps) + ' fps' : ''}`
      : `${t.codec || '?'}${t.sampleRate ? ' ' + t.sampleRate + ' Hz' : ''}${t.channels ? ' ' + t.channels + ' ch' : ''}`).join('; ');
    const name = `${s.app}/${s.stream}`;
    return h('tr', { dataset: { stream: `${s.mediaServerId}/${name}` } },
      h('td', {}, s.mediaServerId),
      h('th', { scope: 'row' }, name, s.vhost && s.vhost !== '__defaultVhost__' ? h('div', { class: 'muted' }, 'vhost ' + s.vhost) : null),
      h('td', {}, s.online ? (s.schemas || []).join(', ') : badge('exited', '○ offline' + (s.offlineReason ? ': ' + s.offlineReason : ''))),
      h('td', { class: 'num readers', title: 'players when it last registered a schema' }, s.readers ?? '—'),
      h('td', {}, tracks || '—'),
      h('td', {}, s.originTypeStr || '—', s.originUrl ? h('div', { class: 'mono muted' }, s.originUrl) : null),
      h('td', {}, s.createdAt ? duration((Date.now() - Date.parse(s.createdAt)) / 1000) : '—'),
      h('td', { class: 'actions' }, s.online
        ? h('button', { type: 'button', class: 'preview', 'aria-label': 'Preview and play URLs of ' + name, onclick: () => showStream(panel, s) }, 'Preview')
        : null));
  });
  // Readers now, from each server's own API where ZlmHooks may ask it (getMediaList); else as of the
  // last registration, which is all the hooks tell.
  const live = await Promise.all([...new Set((list.streams || []).filter(x => x.online).map(x => x.mediaServerId))]
    .map(id => api('GET', '/api/streams/live?server=' + encodeURIComponent(id)).catch(e => { if (e instanceof Unauthorized) throw e; return null; })));
  for (const answer of live.filter(a => a && a.available)) {
    for (const m of answer.streams) {
      const row = rows.find(r => r.dataset.stream === `${answer.mediaServerId}/${m.app}/${m.stream}`);
      const cell = row && row.querySelector('td.readers');
      if (!cell) continue;
      cell.textContent = String(m.readers);
      cell.title = 'players now, from the server';
      cell.dataset.live = 'true';
    }
  }
  main.append(h('h2', {}, 'Live streams'),
    h('div', { class: 'filters' }, field('streams-server', 'Server', pick),
      h('div', {}, h('label', { for: 'streams-offline' }, 'Offline too'), offline)),
    panel,
    table('streams-table', 'Streams by server; readers now where the server\'s API is configured, else as of the last registration.',
      ['Server', 'App/stream', 'Schemas', 'Readers', 'Tracks', 'Origin', 'Age', ''], rows, 'No live streams.'));
};

async function showStream(panel, s, bind) {
  panel.replaceChildren(h('p', { class: 'muted' }, 'Asking for play URLs…'));
  let urls;
  try {
    const ask = { server: s.mediaServerId, vhost: s.vhost, app: s.app, stream: s.stream };
    if (bind) ask.ip = bind;
    urls = await api('GET', '/api/play-urls?' + new URLSearchParams(ask));
  } catch (e) {
    if (e instanceof Unauthorized) throw e;
    panel.replaceChildren(h('div', { class: 'panel' }, h('p', { class: 'error', role: 'alert' }, e.message)));
    return;
  }
  const rows = [['RTSP', urls.rtsp], ['RTMP', urls.rtmp], ['HTTP-FLV', urls.flv], ['HLS', urls.hls], ['fMP4', urls.preview]].map(([label, url]) => {
    const id = 'url-' + label.toLowerCase().replace(/[^a-z0-9]/g, '');
    const input = h('input', { id, type: 'text', readonly: true, value: url, 'aria-label': label + ' URL' });
    return h('div', { class: 'url-row' }, h('label', { for: id }, label), input, copyButton(input));
  });
  const video = h('video', { id: 'preview-video', controls: true, muted: true, autoplay: true, playsinline: true, src: urls.preview });
  video.muted = true;
  // A signed URL can be bound to one viewer's address or range, so a leaked link works nowhere else.
  const range = text(bind || '', { placeholder: '203.0.113.5 or 10.1.2.0/24' });
  const binding = urls.access === 'signed' || bind
    ? h('form', { id: 'bind-form', class: 'filters', onsubmit: (e) => { e.preventDefault(); showStream(panel, s, range.value.trim()); } },
      field('bind-ip', 'Only for clients in', range), h('div', {}, h('button', { type: 'submit', id: 'bind-apply' }, 'Sign for them')))
    : null;
  panel.replaceChildren(h('div', { class: 'panel', role: 'region', 'aria-label': 'Preview of ' + s.app + '/' + s.stream },
    h('h3', {}, `${s.app}/${s.stream} on ${s.mediaServerId}`),
    h('p', {}, badge(urls.access, urls.access), ' ', urls.note || (urls.access === 'open' ? 'play is allowed without a credential' : '')),
    video, rows, binding,
    h('button', { type: 'button', onclick: () => { video.removeAttribute('src'); video.load(); panel.replaceChildren(); } }, 'Close preview')));
}

views.recordings = async (main, params) => {
  const f = { server: params.get('server') || '', app: params.get('app') || '', stream: params.get('stream') || '', day: params.get('day') || '' };
  const query = new URLSearchParams({ limit: '1000' });
  if (f.server) query.set('server', f.server);
  if (f.app) query.set('app', f.app);
  if (f.stream) query.set('stream', f.stream);
  if (f.day) { query.set('from', f.day); query.set('to', f.day); }
  const [servers, list] = await Promise.all([api('GET', '/api/servers'), api('GET', '/api/recordings?' + query)]);
  const recordings = list.recordings || [];
  const pick = serverSelect(servers.servers || [], f.server);
  const app = text(f.app, { placeholder: 'any' });
  const stream = text(f.stream, { placeholder: 'any' });
  const day = h('input', { type: 'date', value: f.day });
  const form = h('form', { class: 'filters', id: 'recordings-filter', onsubmit: (e) => {
    e.preventDefault();
    go('recordings', { server: pick.value, app: app.value.trim(), stream: stream.value.trim(), day: day.value });
  } }, field('rec-server', 'Server', pick), field('rec-app', 'App', app), field('rec-stream', 'Stream', stream), field('rec-day', 'Day', day),
    h('div', {}, h('button', { id: 'rec-apply', type: 'submit', class: 'primary' }, 'Show')));

  const totals = {};
  for (const r of recordings) {
    const key = `${r.mediaServerId || '?'}\u0000${r.app}/${r.stream}`;
    const t = totals[key] || (totals[key] = { server: r.mediaServerId || '?', name: `${r.app}/${r.stream}`, files: 0, seconds: 0, bytes: 0 });
    t.files++; t.seconds += r.timeLen || 0; t.bytes += r.fileSize || 0;
  }
  const totalRows = Object.values(totals).map(t => h('tr', { dataset: { totals: `${t.server}/${t.name}` } },
    h('td', {}, t.server), h('th', { scope: 'row' }, t.name), h('td', { class: 'num' }, String(t.files)),
    h('td', { class: 'num', title: (t.seconds / 3600).toFixed(2) + ' h' }, duration(t.seconds)), h('td', { class: 'num' }, bytes(t.bytes))));
  const player = h('div', { id: 'recording-player' });
  const rows = recordings.map(r => h('tr', { dataset: { recording: r.fileName || r.blob } },
    h('td', {}, r.mediaServerId || '—'),
    h('th', { scope: 'row' }, `${r.app}/${r.stream}`),
    h('td', {}, r.kind),
    h('td', {}, r.startTimeUtc ? when(r.startTimeUtc) : r.day),
    h('td', { class: 'num' }, r.timeLen !== undefined && r.timeLen !== null ? r.timeLen.toFixed(1) + ' s' : '—'),
    h('td', { class: 'num' }, bytes(r.fileSize)),
    h('td', { class: 'mono' }, r.fileName || r.blob),
    h('td', { class: 'actions' }, r.kind === 'mp4'
      ? h('button', { type: 'button', class: 'play', 'aria-label': 'Play ' + (r.fileName || 'recording'), onclick: () => playRecording(player, r) }, 'Play')
      : null)));
  main.append(h('h2', {}, 'Recordings'), form,
    table('recording-totals', 'Totals per stream for this filter.', ['Server', 'App/stream', 'Files', 'Recorded', 'Bytes'], totalRows, 'No recordings.'),
    player,
    h('h3', {}, 'Files'),
    table('recordings-table', `${recordings.length} recording(s), newest first.`, ['Server', 'App/stream', 'Kind', 'Started', 'Length', 'Size', 'File', ''], rows, 'No recordings match.'));
};

async function playRecording(player, r) {
  // The file's URL from the server's HTTP port, signed when its http rule takes signed URLs.
  let url = r.playbackUrl;
  let note = null;
  if (r.url && r.mediaServerId) {
    try {
      const file = await api('GET', '/api/play-urls?' + new URLSearchParams({ server: r.mediaServerId, path: '/' + r.url.replace(/^\/+/, '') }));
      url = file.file;
      note = file.access === 'open' ? null : [badge(file.access, file.access), ' ', file.note || ''];
    } catch (e) {
      if (e instanceof Unauthorized) throw e;
      if (!url) {
        player.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message));
        return;
      }
    }
  }
  if (!url) {
    player.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'No playback URL: the recording has no url, and no public base URL is configured.'));
    return;
  }
  player.replaceChildren(h('div', { class: 'panel' }, h('h3', {}, r.fileName || 'Recording'),
    note ? h('p', {}, note) : null,
    h('video', { id: 'recording-video', controls: true, preload: 'metadata', src: url }),
    h('p', { class: 'mono' }, url)));
}

// ---- access ----
const RULE_FIELDS = ['id', 'action', 'vhost', 'app', 'stream', 'path', 'effect', 'realm', 'mediaServerId', 'schemas', 'protocols', 'ipRanges',
  'notBefore', 'notAfter', 'cacheSeconds', 'close', 'sourceUrl', 'label'];
const CREDENTIALS = ['Token', 'SignedUrl', 'RtspLogin', 'Jwt'];

function ruleForm(onSaved) {
  const inputs = {
    id: text('', { required: true, placeholder: 'viewers' }),
    action: select([['play', 'play'], ['publish', 'publish'], ['http', 'http'], ['idle', 'idle'], ['pull', 'pull']]),
    vhost: text('*'), app: text('*'), stream: text('*'), path: text('', { placeholder: 'http: /folder/' }),
    effect: select([['Allow', 'Allow'], ['Deny', 'Deny'], ['Credential', 'Credential']]),
    realm: text(''), mediaServerId: text(''), schemas: text('', { placeholder: 'rtmp, rtsp' }), protocols: text('', { placeholder: 'rtmp, rtsp' }),
    ipRanges: text('', { placeholder: '10.0.0.0/8, 203.0.113.5' }),
    notBefore: text('', { placeholder: '2026-12-01T00:00:00Z' }), notAfter: text('', { placeholder: '2026-12-31T00:00:00Z' }),
    cacheSeconds: h('input', { type: 'number', min: '0' }), close: select([['', 'not set'], ['true', 'true'], ['false', 'false']]),
    sourceUrl: text('', { placeholder: 'pull: rtsp://camera/stream' }), label: text(''),
    options: h('textarea', { placeholder: '{"enable_mp4": true}' }), pullOptions: h('textarea', { placeholder: '{"retry_count": "3"}' }),
  };
  const creds = CREDENTIALS.map(c => h('input', { type: 'checkbox', id: 'rule-cred-' + c, value: c }));
  const error = h('p', { id: 'rule-error', class: 'error', role: 'alert', hidden: true });
  const grid = h('div', { class: 'form-grid' },
    RULE_FIELDS.map(name => field('rule-' + name, name, inputs[name])),
    h('div', { class: 'wide' }, h('fieldset', {}, h('legend', {}, 'credentials (effect Credential)'),
      creds.map(c => h('label', { for: c.id }, c, ' ' + c.value)))),
    h('div', { class: 'wide' }, h('label', { for: 'rule-options' }, 'options (on_publish options, JSON)'), Object.assign(inputs.options, { id: 'rule-options' })),
    h('div', { class: 'wide' }, h('label', { for: 'rule-pullOptions' }, 'pullOptions (JSON)'), Object.assign(inputs.pullOptions, { id: 'rule-pullOptions' })));
  const form = h('form', { id: 'rule-form', 'aria-label': 'Add or edit a rule', onsubmit: async (e) => {
    e.preventDefault();
    error.hidden = true;
    let rule;
    try { rule = collect(); } catch (x) { error.textContent = x.message; error.hidden = false; return; }
    try {
      await api('PUT', '/api/rules/' + encodeURIComponent(rule.id), rule);
      say(`Rule '${rule.id}' saved.`);
      onSaved();
    } catch (x) {
      if (x instanceof Unauthorized) throw x;
      error.textContent = x.message;
      error.hidden = false;
      error.focus?.();
    }
  } }, grid, error,
  h('div', { class: 'form-grid' }, h('div', {}, h('button', { id: 'rule-save', type: 'submit', class: 'primary' }, 'Save rule')),
    h('div', {}, h('button', { type: 'reset', id: 'rule-clear' }, 'Clear'))));

  const list = (v) => v.split(',').map(s => s.trim()).filter(Boolean);
  function json(name) {
    const v = inputs[name].value.trim();
    if (!v) return undefined;
    try { return JSON.parse(v); } catch { throw new Error(`${name} is not valid JSON`); }
  }
  function collect() {
    const rule = {};
    for (const name of RULE_FIELDS) {
      const v = inputs[name].value.trim();
      if (!v) continue;
      if (['schemas', 'protocols', 'ipRanges'].includes(name)) rule[name] = list(v);
      else if (name === 'cacheSeconds') rule[name] = Number(v);
      else if (name === 'close') rule[name] = v === 'true';
      else rule[name] = v;
    }
    const chosen = creds.filter(c => c.checked).map(c => c.value);
    if (chosen.length) rule.credentials = chosen.join(', ');
    const options = json('options');
    if (options !== undefined) rule.options = options;
    const pull = json('pullOptions');
    if (pull !== undefined) rule.pullOptions = pull;
    return rule;
  }
  form.edit = (rule) => {
    for (const name of RULE_FIELDS) {
      const v = rule[name];
      inputs[name].value = v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v);
    }
    const has = String(rule.credentials || '').split(',').map(s => s.trim());
    for (const c of creds) c.checked = has.includes(c.value);
    inputs.options.value = rule.options ? JSON.stringify(rule.options) : '';
    inputs.pullOptions.value = rule.pullOptions ? JSON.stringify(rule.pullOptions) : '';
    error.hidden = true;
    inputs.id.focus();
  };
  return form;
}

function confirmButton(label, name, run) {
  const cell = h('span');
  const ask = h('button', { type: 'button', class: 'danger', 'aria-label': `${label} ${name}`, onclick: () => {
    cell.replaceChildren(
      h('button', { type: 'button', class: 'danger confirm', 'aria-label': `Confirm: ${label.toLowerCase()} ${name}`, onclick: run }, 'Confirm'),
      h('button', { type: 'button', onclick: () => cell.replaceChildren(ask) }, 'Cancel'));
    $('button.confirm', cell).focus();
  } }, label);
  cell.append(ask);
  return cell;
}

views.access = async (main) => {
  const [rules, tokens, rtsp, shell] = await Promise.all([
    api('GET', '/api/rules'), api('GET', '/api/tokens'), api('GET', '/api/rtsp-users'), api('GET', '/api/shell-users')]);
  const reload = () => render();
  const form = ruleForm(reload);
  const ruleRows = (rules.rules || []).map(r => h('tr', { dataset: { rule: r.id } },
    h('th', { scope: 'row' }, r.id),
    h('td', {}, r.action),
    h('td', { class: 'mono' }, r.action === 'http' ? (r.path || '/') : `${r.vhost}/${r.app}/${r.stream}`),
    h('td', {}, badge(r.effect === 'Allow' ? 'allowed' : r.effect === 'Deny' ? 'refused' : 'credential', r.effect)),
    h('td', {}, r.credentials && r.credentials !== 'None' ? r.credentials : '—'),
    h('td', {}, [r.mediaServerId && 'server ' + r.mediaServerId, r.schemas && 'schemas ' + r.schemas.join(','), r.protocols && 'protocols ' + r.protocols.join(','),
      r.ipRanges && 'from ' + r.ipRanges.join(','), r.notBefore && 'from ' + when(r.notBefore), r.notAfter && 'until ' + when(r.notAfter),
      r.sourceUrl && 'source ' + r.sourceUrl, r.label].filter(Boolean).join('; ') || '—'),
    h('td', { class: 'actions' },
      h('button', { type: 'button', class: 'edit', 'aria-label': 'Edit rule ' + r.id, onclick: () => form.edit(r) }, 'Edit'),
      confirmButton('Delete', 'rule ' + r.id, async () => {
        await api('DELETE', '/api/rules/' + encodeURIComponent(r.id));
        say(`Rule '${r.id}' removed.`);
        reload();
      }))));

  // What would happen
  const d = {
    action: select([['play', 'play'], ['publish', 'publish'], ['http', 'http']]), vhost: text('', { placeholder: '__defaultVhost__' }),
    app: text('', { placeholder: 'live' }), stream: text('', { placeholder: 'cam1' }), path: text('', { placeholder: 'http: /live/cam1/hls.m3u8' }),
    ip: text('', { placeholder: '203.0.113.5' }), params: text('', { placeholder: 'token=…' }), schema: text('', { placeholder: 'rtmp' }),
    mediaServerId: text(''),
  };
  const result = h('div', { id: 'decide-result', role: 'status', 'aria-live': 'polite' });
  const decide = h('form', { id: 'decide-form', 'aria-label': 'What would happen', onsubmit: async (e) => {
    e.preventDefault();
    const body = {};
    for (const [k, input] of Object.entries(d)) if (input.value.trim()) body[k] = input.value.trim();
    try {
      const r = await api('POST', '/api/decide', body);
      result.replaceChildren(h('p', {}, badge(r.allowed ? 'allowed' : 'refused', r.allowed ? '✔ allowed' : '✘ refused'),
        ' rule ', h('strong', {}, r.ruleId || '(none)'), ': ', r.reason));
    } catch (x) {
      if (x instanceof Unauthorized) throw x;
      result.replaceChildren(h('p', { class: 'error', role: 'alert' }, x.message));
    }
  } }, h('div', { class: 'form-grid' }, Object.entries(d).map(([k, input]) => field('decide-' + k, k, input)),
    h('div', {}, h('button', { id: 'decide-run', type: 'submit', class: 'primary' }, 'What would happen?'))), result);

  // Tokens
  const t = {
    label: text('', { required: true }), action: select([['play', 'play'], ['publish', 'publish'], ['http', 'http']]),
    vhost: text('*'), app: text('*'), stream: text('*'), expiresInDays: h('input', { type: 'number', min: '0', step: 'any' }),
    uses: h('input', { type: 'number', min: '1' }), perIp: h('input', { type: 'checkbox' }),
  };
  const created = h('div', { id: 'token-created', role: 'status', 'aria-live': 'polite' });
  const tokenError = h('p', { id: 'token-error', class: 'error', role: 'alert', hidden: true });
  const tokenForm = h('form', { id: 'token-form', 'aria-label': 'Add a token', onsubmit: async (e) => {
    e.preventDefault();
    tokenError.hidden = true;
    const body = { label: t.label.value.trim(), action: t.action.value, vhost: t.vhost.value.trim() || '*', app: t.app.value.trim() || '*', stream: t.stream.value.trim() || '*', perIp: t.perIp.checked };
    if (t.expiresInDays.value) body.expiresInDays = Number(t.expiresInDays.value);
    if (t.uses.value) body.uses = Number(t.uses.value);
    try {
      const r = await api('POST', '/api/tokens', body);
      await render();
      const shown = h('input', { id: 'token-value', type: 'text', readonly: true, value: r.token, 'aria-label': 'New token' });
      $('#token-created').replaceChildren(h('div', { class: 'secret-once' },
        h('p', {}, h('strong', {}, `Token '${r.label}' — shown this once; copy it now.`)), h('div', { class: 'url-row' }, shown, copyButton(shown))));
    } catch (x) {
      if (x instanceof Unauthorized) throw x;
      tokenError.textContent = x.message;
      tokenError.hidden = false;
    }
  } }, h('div', { class: 'form-grid' }, Object.entries(t).map(([k, input]) => field('token-' + k, k, input)),
    h('div', {}, h('button', { id: 'token-add', type: 'submit', class: 'primary' }, 'Add token'))), tokenError);
  const tokenRows = (tokens.tokens || []).map(k => h('tr', { dataset: { token: k.label } },
    h('th', { scope: 'row' }, k.label), h('td', {}, k.action), h('td', { class: 'mono' }, `${k.vhost}/${k.app}/${k.stream}`),
    h('td', {}, k.expiresAt ? when(k.expiresAt) : 'never'),
    h('td', {}, k.uses ? `${k.used} of ${k.uses}${k.perIp ? ' (per address)' : ''}` : `${k.used} (unlimited)`),
    h('td', { class: 'actions' }, confirmButton('Remove', 'token ' + k.label, async () => {
      await api('DELETE', '/api/tokens/' + encodeURIComponent(k.label));
      say(`Token '${k.label}' removed.`);
      reload();
    }))));

  // RTSP and shell users: passwords typed, never shown
  function userForm(id, fields, save) {
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const password = h('input', { type: 'password', autocomplete: 'new-password', required: true });
    const inputs = fields.map(f => [f, text('', { required: true })]);
    return h('form', { id, onsubmit: async (e) => {
      e.preventDefault();
      error.hidden = true;
      try {
        await save(Object.fromEntries(inputs.map(([f, i]) => [f, i.value.trim()])), password.value);
        password.value = '';
        say('Saved.');
        reload();
      } catch (x) {
        if (x instanceof Unauthorized) throw x;
        error.textContent = x.message;
        error.hidden = false;
      }
    } }, h('div', { class: 'form-grid' }, inputs.map(([f, i]) => field(`${id}-${f}`, f, i)), field(`${id}-password`, 'password', password),
      h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Save user'))), error);
  }
  const rtspRows = (rtsp.users || []).map(u => h('tr', { dataset: { user: `${u.realm}/${u.user}` } },
    h('td', {}, u.realm), h('th', { scope: 'row' }, u.user),
    h('td', { class: 'actions' }, confirmButton('Remove', `RTSP user ${u.user}`, async () => {
      await api('DELETE', `/api/rtsp-users/${encodeURIComponent(u.realm)}/${encodeURIComponent(u.user)}`);
      reload();
    }))));
  const shellRows = (shell.users || []).map(u => h('tr', { dataset: { user: u } },
    h('th', { scope: 'row' }, u),
    h('td', { class: 'actions' }, confirmButton('Remove', `shell user ${u}`, async () => {
      await api('DELETE', `/api/shell-users/${encodeURIComponent(u)}`);
      reload();
    }))));

  main.append(h('h2', {}, 'Access'),
    h('h3', { id: 'rules-title' }, 'Rules'),
    table('rules-table', 'Who may publish, play, fetch files; idle and pull policies (docs/access-rules.md).',
      ['Id', 'Action', 'Applies to', 'Effect', 'Credentials', 'Conditions', ''], ruleRows, 'No rules: every play and publish is refused.'),
    h('h3', {}, 'Add or edit a rule'), form,
    h('h3', {}, 'What would happen'), decide,
    h('h3', {}, 'Tokens'), created,
    table('tokens-table', 'Tokens by label; the token itself is shown only when made.', ['Label', 'Action', 'Applies to', 'Expires', 'Uses', ''], tokenRows, 'No tokens.'),
    tokenForm,
    h('h3', {}, 'RTSP users'),
    table('rtsp-users-table', 'RTSP digest logins by realm; passwords are never shown.', ['Realm', 'User', ''], rtspRows, 'No RTSP users.'),
    userForm('rtsp-user-form', ['realm', 'user'], (v, password) =>
      api('PUT', `/api/rtsp-users/${encodeURIComponent(v.realm)}/${encodeURIComponent(v.user)}`, { password })),
    h('h3', {}, 'Debug-shell users'),
    table('shell-users-table', 'Telnet debug-shell logins; passwords are never shown.', ['User', ''], shellRows, 'No shell users.'),
    userForm('shell-user-form', ['user'], (v, password) => api('PUT', `/api/shell-users/${encodeURIComponent(v.user)}`, { password })));
};

views.activity = async (main, params) => {
  const refusals = params.get('refusals') === '1';
  const server = params.get('server') || '';
  const query = new URLSearchParams({ limit: '200' });
  if (refusals) query.set('refusals', 'true');
  if (server) query.set('server', server);
  const [servers, list] = await Promise.all([api('GET', '/api/servers'), api('GET', '/api/activity?' + query)]);
  const only = h('input', { type: 'checkbox', id: 'activity-refusals', checked: refusals });
  const pick = serverSelect(servers.servers || [], server);
  const apply = () => go('activity', { refusals: only.checked ? '1' : '', server: pick.value });
  only.addEventListener('change', apply);
  pick.addEventListener('change', apply);
  const rows = (list.entries || []).map(e => h('tr', { dataset: { hook: e.hook, outcome: e.outcome } },
    h('td', {}, time(e.at)),
    h('td', {}, e.hook),
    h('td', {}, badge(e.outcome, { allowed: '✔ allowed', refused: '✘ refused', failed: '⚠ failed', event: '• event' }[e.outcome] || e.outcome)),
    h('td', {}, e.mediaServerId || '—'),
    h('th', { scope: 'row' }, e.app ? `${e.app}/${e.stream}` : '—', e.schema ? h('span', { class: 'muted' }, ' ' + e.schema) : null),
    h('td', {}, e.client || '—'),
    h('td', {}, e.rule || '—'),
    h('td', {}, e.reason || '')));
  main.append(h('h2', {}, 'Activity'),
    h('div', { class: 'filters' },
      h('div', {}, h('label', { for: 'activity-refusals' }, 'Refusals and failures only'), only),
      field('activity-server', 'Server', pick),
      h('div', {}, h('button', { type: 'button', id: 'activity-refresh', onclick: () => render() }, 'Refresh'))),
    table('activity-table', 'Newest first, kept a week: refusals, publishes, stream changes, recordings, server starts.',
      ['When', 'Hook', 'Outcome', 'Server', 'Stream', 'Client', 'Rule', 'Reason'], rows, 'Nothing yet.'));
};

// ---- routing and sign-in ----
function route() {
  const [name, query] = (location.hash.replace(/^#\/?/, '') || 'servers').split('?');
  return { name: views[name] ? name : 'servers', params: new URLSearchParams(query || '') };
}

function go(name, params) {
  const query = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v)).toString();
  location.hash = '#/' + name + (query ? '?' + query : '');
}

let rendering = 0;
async function render() {
  if (!sessionStorage.getItem(KEY)) return showLogin();
  const { name, params } = route();
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const ticket = ++rendering;
  const main = h('main', { id: 'view', tabindex: '-1', 'aria-busy': 'true' });
  say('Loading…');
  try {
    await views[name](main, params);
    if (ticket !== rendering) return;
    main.removeAttribute('aria-busy');
    $('#view').replaceWith(main);
    document.title = `${$('h2', main)?.textContent || 'ZlmHooks'} · ZlmHooks console`;
    say('');
  } catch (e) {
    if (ticket !== rendering) return;
    if (e instanceof Unauthorized) return showLogin(e.message);
    main.removeAttribute('aria-busy');
    main.replaceChildren(h('h2', {}, 'Could not load this view'), h('p', { class: 'error', role: 'alert' }, e.message));
    $('#view').replaceWith(main);
    say('');
  }
}

function showLogin(error) {
  sessionStorage.removeItem(KEY);
  $('#login').hidden = false;
  $('#view').hidden = true;
  $('#view').replaceChildren();
  $('#nav').hidden = true;
  $('#session').hidden = true;
  const shown = $('#login-error');
  shown.textContent = error ? 'Sign-in failed: ' + error : '';
  shown.hidden = !error;
  say('');
  $('#admin-key').focus();
}

function showApp() {
  $('#login').hidden = true;
  $('#nav').hidden = false;
  $('#session').hidden = false;
  $('#view').hidden = false;
}

document.addEventListener('DOMContentLoaded', () => {
  $('#login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY, $('#admin-key').value.trim());
    $('#admin-key').value = '';
    try {
      await api('GET', '/api/servers');   // the key is checked before anything is shown
    } catch (x) {
      return showLogin(x.message);
    }
    showApp();
    await render();
  });
  $('#sign-out').addEventListener('click', () => showLogin());
  window.addEventListener('hashchange', () => { if (sessionStorage.getItem(KEY)) render(); });
  // Auto-refresh of the watched views, for this tab; never while a preview or recording plays, or
  // while the operator is typing in a field.
  const auto = $('#auto-refresh');
  auto.checked = sessionStorage.getItem(AUTO) === '1';
  auto.addEventListener('change', () => { if (auto.checked) sessionStorage.setItem(AUTO, '1'); else sessionStorage.removeItem(AUTO); });
  setInterval(() => {
    if (!sessionStorage.getItem(KEY) || !auto.checked || !WATCHED.includes(route().name)) return;
    if (document.querySelector('#preview-video, #recording-video')) return;
    const focused = document.activeElement;
    if (focused && focused !== auto && ['INPUT', 'SELECT', 'TEXTAREA'].includes(focused.tagName)) return;
    render();
  }, 5000);
  // A key that arrives from anything but the form is not trusted yet.
  if (sessionStorage.getItem(KEY)) { showApp(); render(); } else showLogin();
});
