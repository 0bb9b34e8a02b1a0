// The charger's page: it uses the public API only (docs/api.md), like any other client.
'use strict';
const API = '/api/v1';
const $ = (id) => document.getElementById(id);
let role = null;
let refreshing = null;

// What each error code means, in words (the core's ErrorCode).
const MEANING = {
  DiodeFault: 'The EV\'s pilot diode is missing or shorted: check the cable and the EV.',
  VentilationNotAvailable: 'The EV asks for ventilation (state D), which this charger does not allow.',
  MREC2GroundFailure: 'Residual current: the RCD tripped. Unplug; a manual reset may be needed.',
  RcdSelftest: 'The RCD failed its self-test: the charger needs service.',
  MREC4OverCurrentFailure: 'The EV drew more current than offered for too long.',
  MREC9AuthorizationTimeout: 'No authorization arrived in time.',
  MREC14PilotFault: 'Pilot fault: CP shorted or an unexpected state F.',
  MREC17EVSEContactorFault: 'The contactor did not switch as commanded (possibly welded): service needed.',
  MREC23ProximityFault: 'The cable\'s proximity resistor is invalid.',
  ConnectorLockFailedLock: 'The connector lock did not lock.',
  PowermeterCommunicationFault: 'The powermeter does not answer or answers nonsense.',
};

async function call(method, path, body) {
  const opts = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(API + path, opts);
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!res.ok) {
    throw new Error((data && data.error) || ('HTTP ' + res.status));
  }
  return data;
}

function fmt(n, digits) { return (n === undefined || n === null) ? '–' : Number(n).toFixed(digits); }

function renderStatus(s) {
  $('state').textContent = s.state;
  $('pause').textContent = s.pause_reasons.length ? '(' + s.pause_reasons.join(', ') + ')' : '';
  $('limit-text').textContent = s.limit.text;
  for (const part of ['energy_leaf', 'ocpp']) { // present only when that plugin is on
    document.querySelectorAll('.part-' + part).forEach((e) => { e.hidden = !s[part]; });
    $(part + '-text').textContent = s[part] ? s[part].text : '';
  }
  $('offered').textContent = fmt(s.pilot.offered_A, 1);
  $('pilot').textContent = 'CP ' + s.cp + ', ' + (s.pilot.mode === 'PWM' ? 'PWM ' + fmt(s.pilot.duty_percent, 1) + ' %' : s.pilot.mode);
  $('drawn').textContent = fmt(s.drawn_A, 1);
  $('phases').textContent = s.phases;
  $('power').textContent = fmt(s.meter.power_W === undefined ? null : s.meter.power_W / 1000, 2);
  $('meter').textContent = fmt(s.meter.energy_Wh / 1000, 3);
  $('session-energy').textContent = s.session ? fmt(s.session.energy_Wh / 1000, 3) : '–';
  $('contactor').textContent = s.contactor ? 'closed' : 'open';
  $('claims').textContent = s.claims.length
    ? s.claims.map((c) => c.source + ': ' + c.claim + (c.value === true ? '' : ' ' + c.value)).join(', ') : 'none';
  const errors = $('errors');
  errors.replaceChildren(...s.errors.map((e) => {
    const li = document.createElement('li');
    li.textContent = e.code + ': ' + (MEANING[e.code] || e.type) + (e.detail ? ' (' + e.detail + ')' : '');
    return li;
  }));
  const slider = $('current-slider');
  const max = Math.min(...s.limits.filter((l) => l.source === 'board' || l.source === 'config').map((l) => l.current_A));
  if (isFinite(max)) slider.max = String(max);
  const user = s.claims.find((c) => c.claim === 'current_limit' && c.source === 'http');
  if (document.activeElement !== slider) slider.value = String(user ? user.value : slider.max);
  $('current-value').textContent = user ? user.value + ' A' : 'none';
  const paused = s.claims.some((c) => c.claim === 'pause' && c.source === 'http');
  $('pause-btn').textContent = paused ? 'Resume' : 'Pause';
  $('pause-btn').dataset.paused = paused ? '1' : '';
  const disabled = s.claims.some((c) => c.claim === 'disable' && c.source === 'http');
  $('disable').textContent = disabled ? 'Enable' : 'Disable';
  $('disable').dataset.disabled = disabled ? '1' : '';
}

async function refreshStatus() {
  try {
    renderStatus(await call('GET', '/status'));
  } catch (e) {
    $('state').textContent = e.message;
  }
}

function refreshSoon() {
  if (refreshing) return;
  refreshing = setTimeout(() => { refreshing = null; refreshStatus(); }, 150);
}

async function refreshSessions() {
  try {
    const rows = await call('GET', '/sessions');
    $('sessions').tBodies[0].replaceChildren(...rows.slice().reverse().map((r) => {
      const tr = document.createElement('tr');
      const minutes = (Date.parse(r.stop) - Date.parse(r.start)) / 60000;
      for (const v of [new Date(r.start).toLocaleString(), r.tag, r.user, fmt(r.energy_Wh / 1000, 2), fmt(minutes, 0), r.stop_reason]) {
        const td = document.createElement('td');
        td.textContent = v;
        tr.appendChild(td);
      }
      return tr;
    }));
  } catch (e) { /* not logged in: the table stays empty */ }
}

async function refreshTags() {
  try {
    const tags = await call('GET', '/tags');
    $('tag-list').tBodies[0].replaceChildren(...tags.map((t) => {
      const tr = document.createElement('tr');
      const tag = document.createElement('td'); tag.textContent = t.tag;
      const user = document.createElement('td'); user.textContent = t.user + (t.from_config ? ' (config file)' : '');
      const act = document.createElement('td');
      if (!t.from_config) {
        const b = document.createElement('button');
        b.type = 'button'; b.textContent = 'Remove'; b.className = 'needs-control';
        b.disabled = role !== 'control';
        b.onclick = () => act_(() => call('DELETE', '/tags/' + encodeURIComponent(t.tag)), 'tag-error').then(refreshTags);
        act.appendChild(b);
      }
      tr.append(tag, user, act);
      return tr;
    }));
  } catch (e) { /* not logged in */ }
}

async function act_(fn, errorId) {
  $(errorId).textContent = '';
  try {
    return await fn();
  } catch (e) {
    $(errorId).textContent = e.message;
    return null;
  }
}

function control(body) {
  return act_(() => call('POST', '/control', body), 'control-error').then(refreshSoon);
}

async function whoami() {
  const w = await call('GET', '/whoami');
  role = w.role;
  $('who').textContent = w.anonymous ? (w.role ? 'read-only' : 'not logged in') : w.user + ' (' + w.role + ')';
  $('login-open').hidden = !w.anonymous;
  $('logout').hidden = w.anonymous;
  $('login').hidden = !(w.anonymous && !w.role);
  for (const el of document.querySelectorAll('.needs-control')) el.disabled = role !== 'control';
  $('control-hint').hidden = role === 'control';
  return w;
}

function listen() {
  const es = new EventSource(API + '/events');
  let opened = false;
  es.onopen = () => {
    $('connection').textContent = 'live'; $('connection').className = 'badge live'; refreshSoon();
    // A stream ends every 300 s and events between two streams are not replayed: a session may have finished.
    if (opened) refreshSessions();
    opened = true;
  };
  es.onerror = () => { $('connection').textContent = 'reconnecting'; $('connection').className = 'badge'; };
  es.onmessage = (m) => {
    refreshSoon();
    const e = JSON.parse(m.data);
    if (e.type === 'transaction' && e.event === 'finished') setTimeout(refreshSessions, 300);
  };
}

async function start() {
  const w = await whoami();
  if (!w.role) return; // the login form shows
  await Promise.all([refreshStatus(), refreshSessions(), refreshTags()]);
  listen();
  // Meter readings (current, power, energy) are not events of their own: read them every 2 s.
  setInterval(refreshSoon, 2000);
}

$('login-open').onclick = () => { $('login').hidden = false; $('login-user').focus(); };
$('login').onsubmit = async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    await call('POST', '/login', { user: $('login-user').value, password: $('login-password').value });
    $('login-password').value = '';
    $('login').hidden = true;
    location.reload();
  } catch (e) {
    $('login-error').textContent = e.message;
  }
};
$('logout').onclick = () => call('POST', '/logout').then(() => location.reload());
$('start').onclick = () => control({ enable: true, pause: false });
$('stop').onclick = () => control({ stop: true });
$('pause-btn').onclick = () => control({ pause: !$('pause-btn').dataset.paused });
$('disable').onclick = () => control({ enable: !!$('disable').dataset.disabled });
$('current-slider').oninput = () => { $('current-value').textContent = $('current-slider').value + ' A'; };
$('current-slider').onchange = () => control({ current_limit: Number($('current-slider').value) });
$('current-release').onclick = () => control({ current_limit: null });
$('phases-select').onchange = () => {
  const v = $('phases-select').value;
  control({ phases: v === '' ? null : Number(v) });
};
$('tag-add').onsubmit = (ev) => {
  ev.preventDefault();
  act_(() => call('PUT', '/tags/' + encodeURIComponent($('tag-new').value), { user: $('tag-user').value }), 'tag-error')
    .then((r) => { if (r) { $('tag-new').value = ''; $('tag-user').value = ''; } refreshTags(); });
};
start();
