/* The live board: follows /events and draws what the wall shows, or,
 * while the display refuses the gateway's key, its notice and no number.
 * A zone: ?counters=7-12 (numbers and ranges, comma-separated) and/or
 * ?services=A,B (service codes) keep only those counters, their calls
 * and their services' waiting counts. */
'use strict';

var STATES = { serving: 'Đang phục vụ', open: 'Sẵn sàng', paused: 'Tạm nghỉ', closed: 'Đóng' };
var WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
var FLASH_MS = 8000;

var board = null, offset = 0, lastCallAt = null, soundOn = false, playing = [], flashUntil = 0;
var filter = parseFilter(location.search), streamUp = false;

function $(id) { return document.getElementById(id); }

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/* { counters: [[lo,hi],...] | null, services: {A:true} | null, bad: '' } */
function parseFilter(search) {
  var q = new URLSearchParams(search), f = { counters: null, services: null, bad: '' };
  var c = q.get('counters'), s = q.get('services');
  if (c !== null) {
    f.counters = [];
    c.split(',').forEach(function (part) {
      var m = /^\s*(\d{1,3})\s*(?:-\s*(\d{1,3}))?\s*$/.exec(part);
      if (!m) { f.bad = 'counters=' + c; return; }
      var lo = +m[1], hi = m[2] ? +m[2] : lo;
      f.counters.push([Math.min(lo, hi), Math.max(lo, hi)]);
    });
  }
  if (s !== null) {
    f.services = {};
    s.split(',').forEach(function (code) {
      code = code.trim().toUpperCase();
      if (!/^[A-Z0-9]{1,3}$/.test(code)) f.bad = 'services=' + s;
      else f.services[code] = true;
    });
  }
  if (f.bad) { f.counters = null; f.services = null; }
  return f;
}

function counterShown(c) {
  if (filter.counters && !filter.counters.some(function (r) { return c.no >= r[0] && c.no <= r[1]; }))
    return false;
  if (filter.services && !c.services.some(function (s) { return filter.services[s]; })) return false;
  return true;
}

function shownNumbers() {
  var n = {};
  board.counters.forEach(function (c) { if (counterShown(c)) n[c.no] = true; });
  return n;
}

function counterName(no) {
  for (var i = 0; i < board.counters.length; i++)
    if (board.counters[i].no === no && board.counters[i].name) return board.counters[i].name;
  return 'Quầy ' + no;
}

function two(n) { return (n < 10 ? '0' : '') + n; }

/* The center's local time (the display's clock and time zone, not the TV's). */
function local(ms) { return new Date(ms + (board ? board.tz : 420) * 60000); }

function drawClock() {
  if (!board) return;
  var d = local(Date.now() + offset);
  $('clock').textContent = two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds());
  $('date').textContent = WEEKDAYS[d.getUTCDay()] + ', ' + two(d.getUTCDate()) + '/' +
    two(d.getUTCMonth() + 1) + '/' + d.getUTCFullYear();
  $('call').classList.toggle('flash', Date.now() < flashUntil && Math.floor(Date.now() / 500) % 2 === 0);
}

function drawCall(shown) {
  var call = board.call && shown[board.call.c] ? board.call : null;
  if (!call) {
    for (var i = 0; i < board.recent.length && !call; i++)
      if (shown[board.recent[i].c]) call = board.recent[i];
  }
  if (!call) {
    $('caption').textContent = 'KÍNH CHÀO QUÝ CÔNG DÂN';
    $('calltext').textContent = 'Mời lấy số thứ tự tại máy lấy số';
    $('call').classList.add('idle');
    return null;
  }
  $('call').classList.remove('idle');
  $('caption').textContent = 'XIN MỜI CÔNG DÂN CÓ SỐ' + (call.prio ? '  ·  ƯU TIÊN' : '');
  $('calltext').textContent = 'Số ' + call.t + ' → ' + 'Quầy ' + call.c;
  $('calltext').dataset.ticket = call.t;
  $('calltext').dataset.counter = call.c;
  return call;
}

function gridFor(n, w, h) {
  var best = 1, bestSize = 0;
  for (var cols = 1; cols <= n; cols++) {
    var rows = Math.ceil(n / cols), tw = w / cols, th = h / rows;
    var size = Math.min(tw / 1.7, th);   /* tiles about 1.7 times wider than tall */
    if (size > bestSize) { bestSize = size; best = cols; }
  }
  return best;
}

function drawTiles() {
  var box = $('tiles'), list = board.counters.filter(counterShown);
  box.textContent = '';
  list.forEach(function (c) {
    var t = el('div', 'tile ' + c.state), head = el('div', 'head');
    head.appendChild(el('span', 'name', c.name || 'Quầy ' + c.no));
    if (c.service) head.appendChild(el('span', 'svc', ' · ' + c.service));
    t.appendChild(head);
    var st = STATES[c.state] || c.state;
    if (c.state === 'paused' && c.reason) st += ': ' + c.reason;
    t.appendChild(el('div', 'state', st));
    var num = el('div', 'num', c.ticket || '—');
    if (!c.ticket) num.classList.add('none');
    if (c.prio) { num.classList.add('prio'); num.appendChild(el('span', 'badge', 'ƯT')); }
    t.appendChild(num);
    if (c.officer) t.appendChild(el('div', 'officer', c.officer));
    t.dataset.counter = c.no;
    box.appendChild(t);
  });
  if (!list.length) box.appendChild(el('p', 'empty', 'Không có quầy nào trong khu vực này.'));
  var cols = gridFor(Math.max(list.length, 1), box.clientWidth || 1, box.clientHeight || 1);
  box.style.setProperty('--cols', cols);
  box.style.setProperty('--rows', Math.ceil(Math.max(list.length, 1) / cols));
}

function drawPanels(shown) {
  var ol = $('recent'), ul = $('waiting');
  ol.textContent = '';
  board.recent.filter(function (r) { return shown[r.c]; }).forEach(function (r, i) {
    var li = el('li', i === 0 ? 'first' : '');
    var d = local(r.at);
    li.appendChild(el('span', 't', r.t));
    li.appendChild(el('span', 'c', 'Quầy ' + r.c));
    li.appendChild(el('span', 'at', two(d.getUTCHours()) + ':' + two(d.getUTCMinutes())));
    ol.appendChild(li);
  });
  ul.textContent = '';
  var codes = {};
  board.counters.forEach(function (c) { if (counterShown(c)) c.services.forEach(function (s) { codes[s] = true; }); });
  board.services.filter(function (s) {
    return (!filter.services || filter.services[s.code]) && (!filter.counters || codes[s.code]);
  }).forEach(function (s) {
    var li = el('li');
    li.appendChild(el('span', 'n', s.prefix + '  ' + s.name));
    li.appendChild(el('span', 'w', String(s.waiting)));
    ul.appendChild(li);
  });
}

function drawStatus() {
  var msg = [];
  if (!streamUp) msg.push('Mất kết nối với máy chủ, đang thử lại…');
  else if (board && !board.up && !board.refused) msg.push('Mất kết nối với máy hiển thị');
  if (filter.bad) msg.push('Bộ lọc không hợp lệ: ' + filter.bad);
  $('status').textContent = msg.join('  ·  ');
  document.body.classList.toggle('down', msg.length > 0 && !filter.bad);
}

function playNext() {
  if (!playing.length) return;
  var a = new Audio(playing[0]);
  a.onended = a.onerror = function () { playing.shift(); playNext(); };
  a.play().catch(function () { playing.shift(); playNext(); });
}

function announce(call) {
  if (!soundOn) return;
  playing.push('/sound/' + encodeURIComponent(call.t) + '-' + call.c + '.wav');
  if (playing.length === 1) playNext();
}

/* The display refused the gateway's key: what was on the page may be
 * stale, so none of it stays, and the notice takes its place. */
function drawNotice() {
  var lines = board.notice.split('\n');
  $('noticetitle').textContent = lines[0];
  $('noticetext').textContent = lines.slice(1).join('\n');
  ['calltext', 'tiles', 'recent', 'waiting'].forEach(function (id) { $(id).textContent = ''; });
  playing = [];
  lastCallAt = null;   /* back on line, the newest call is not announced as new */
}

function draw() {
  var shown = shownNumbers();
  $('center').textContent = board.center;
  document.title = 'Bảng gọi số · ' + board.center;
  $('ticker').textContent = board.ticker || '';
  $('notice').hidden = !board.notice;
  $('call').hidden = $('main').hidden = !!board.notice;
  if (board.notice) {
    drawNotice();
    drawStatus();
    drawClock();
    document.body.dataset.updates = String((+document.body.dataset.updates || 0) + 1);
    return;
  }
  var call = drawCall(shown);
  drawTiles();
  drawPanels(shown);
  drawStatus();
  drawClock();
  if (call && lastCallAt !== null && call.at > lastCallAt) {
    flashUntil = Date.now() + FLASH_MS;
    announce(call);
  }
  if (call) lastCallAt = Math.max(lastCallAt || 0, call.at);
  else if (lastCallAt === null) lastCallAt = 0;
  document.body.dataset.updates = String((+document.body.dataset.updates || 0) + 1);
}

function start() {
  var es = new EventSource('/events');
  es.addEventListener('board', function (ev) {
    board = JSON.parse(ev.data);
    offset = board.now - Date.now();
    streamUp = true;
    draw();
  });
  es.onopen = function () { streamUp = true; if (board) drawStatus(); };
  es.onerror = function () { streamUp = false; drawStatus(); };
  $('sound').addEventListener('click', function () {
    soundOn = !soundOn;
    $('sound').textContent = soundOn ? 'Tắt âm thanh' : 'Bật âm thanh';
    $('sound').classList.toggle('on', soundOn);
    if (!soundOn) playing = [];
  });
  window.addEventListener('resize', function () { if (board) drawTiles(); });
  setInterval(drawClock, 250);
  drawStatus();
}

start();
