/* A citizen's ticket: follows /t/<token>/events. When the ticket is
 * called the counter fills the screen, and the phone rings and vibrates
 * if the citizen allowed it with the button (browsers need one touch). */
'use strict';

var alertOn = false, lastState = null, lastCounter = 0, lastRecalls = 0;

function $(id) { return document.getElementById(id); }

function minutes(m) {
  // the words of the printed ticket (caller/kiosk/ticket.c), the same figure
  if (m < 0) return 'Thời gian chờ: chưa đủ dữ liệu';
  if (m === 0) return 'Dự kiến: được gọi ngay';
  if (m === 1) return 'Dự kiến chờ khoảng 1 phút';
  if (m < 60) return 'Dự kiến chờ khoảng ' + m + ' phút';
  return 'Dự kiến chờ khoảng ' + Math.floor(m / 60) + ' giờ ' + (m % 60) + ' phút';
}

function ring(t) {
  if (!alertOn) return;
  if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 800]);
  var a = new Audio('/sound/' + encodeURIComponent(t.ticket) + '-' + t.counter + '.wav');
  a.play().catch(function () {});
}

function draw(t) {
  document.body.className = 'ticket ' + t.state;
  $('center').textContent = t.center || '';
  if (t.state === 'refused') {
    /* the gateway is not paired with the display: no state of this ticket
     * can be trusted; lastState is kept, so a call made meanwhile still
     * rings once it is back */
    $('number').textContent = '—';
    $('service').textContent = '';
    $('waiting').hidden = true;
    $('called').hidden = true;
    $('state').textContent = t.notice.split('\n')[0];
    $('detail').textContent = t.notice.split('\n').slice(1).join('\n');
    $('detail').hidden = false;
    document.title = 'Vé của ông/bà';
    return;
  }
  $('detail').hidden = true;
  if (t.state === 'unknown') {
    $('number').textContent = '—';
    $('service').textContent = '';
    $('waiting').hidden = true;
    $('called').hidden = true;
    $('state').textContent = 'Không tìm thấy vé này, hoặc vé đã hết hạn (vé chỉ dùng trong ngày).';
    $('alert').hidden = true;
    return;
  }
  document.title = 'Số ' + t.ticket + (t.state === 'called' ? ' · Mời đến quầy ' + t.counter : '');
  $('number').textContent = t.ticket;
  $('service').textContent = t.service + (t.prio ? ' · Ưu tiên' : '');
  $('waiting').hidden = t.state !== 'waiting';
  $('called').hidden = t.state !== 'called';
  /* nothing left to ring for (a no-show put back in the queue waits again) */
  $('alert').hidden = t.state !== 'waiting' && t.state !== 'called';
  if (t.state === 'waiting') {
    /* as the printed ticket and the kiosk say it: none ahead is not a
     * promise of the next call (every counter may be busy) */
    $('ahead').textContent = t.ahead === 0 ? 'Không có ai trước ông/bà' : 'Trước ông/bà còn ' + t.ahead + ' người';
    $('wait').textContent = minutes(t.wait_min);
    $('state').textContent = 'Đang chờ';
  } else if (t.state === 'called') {
    $('counter').textContent = 'QUẦY ' + t.counter;
    $('state').textContent = 'Đến lượt ông/bà! Mời đến ' + (t.counter_name || 'quầy ' + t.counter) + '.';
    /* called, called at another counter, or called again (a recall) */
    if (lastState !== null && (lastState !== 'called' || lastCounter !== t.counter ||
                               lastRecalls !== t.recalls)) ring(t);
  } else if (t.state === 'served') {
    $('state').textContent = 'Đã phục vụ xong. Cảm ơn ông/bà!';
  } else if (t.state === 'void') {
    $('state').textContent = 'Vé này đã bị hủy (chưa in được) và sẽ không được gọi. Xin mời ông/bà đến quầy lễ tân để được cấp số mới.';
  } else if (t.state === 'noshow') {
    $('state').textContent = 'Số này đã bị bỏ qua vì ông/bà vắng mặt khi được gọi. Xin mời ông/bà đến quầy lễ tân để được xếp lại vào hàng chờ.';
  }
  lastState = t.state;
  lastCounter = t.counter;
  lastRecalls = t.recalls;
}

function start() {
  var es = new EventSource(location.pathname.replace(/\/$/, '') + '/events');
  es.addEventListener('ticket', function (ev) {
    draw(JSON.parse(ev.data));
    document.body.dataset.updates = String((+document.body.dataset.updates || 0) + 1);
  });
  es.onerror = function () {
    if (lastState === null) $('state').textContent = 'Mất kết nối, đang thử lại…';
  };
  $('alert').addEventListener('click', function () {
    alertOn = true;
    if (navigator.vibrate) navigator.vibrate(100);
    $('alert').textContent = 'Đã bật chuông và rung';
    $('alert').disabled = true;
  });
}

start();
