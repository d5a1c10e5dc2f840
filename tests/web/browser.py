#!/usr/bin/env python3
"""A real headless Chromium, driven over the DevTools protocol, for tests.

Reads one command a line on stdin and answers one line on stdout
("ok [JSON]" or "err MESSAGE"), so a test in any language can drive it:

  open URL W H        load URL in a W x H viewport, wait for its load event
  eval JS             evaluate JS in the page (with a user gesture); ok <value as JSON>
  wait JS MS          until JS is truthy (polled every 10 ms); ok <value> or err timeout
  shot FILE           save a PNG screenshot of the viewport
  watch ID            record Date.now() and the text each time element #ID changes
  seen                the records since the last 'seen' (JSON list of [ms, text])
  quit

Standard library only: the WebSocket client below is the little of
RFC 6455 that the DevTools protocol needs.
"""
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request


class WebSocket:
    def __init__(self, url):
        assert url.startswith("ws://")
        hostport, path = url[5:].split("/", 1)
        host, port = hostport.rsplit(":", 1)
        self.s = socket.create_connection((host, int(port)))
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
                        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                        "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.s.recv(4096)
            if not chunk:
                raise OSError("websocket handshake failed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise OSError("websocket refused: " + head.split(b"\r\n", 1)[0].decode())
        self.buf = head.split(b"\r\n\r\n", 1)[1]

    def send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        head = bytes([0x81])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.s.sendall(head + mask + body)

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.s.recv(1 << 20)
            if not chunk:
                raise OSError("websocket closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            op = b0 & 0x0F
            if op == 8:
                raise OSError("websocket closed")
            if op in (0, 1, 2):
                message += payload
                if b0 & 0x80:
                    return message.decode()


class Page:
    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="goiso-chromium-")
        self.proc = subprocess.Popen(
            ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
             "--mute-audio", "--user-data-dir=" + self.tmp, "--remote-debugging-port=0",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.tmp, "DevToolsActivePort")
        for _ in range(1200):   # a loaded machine may take long to start it
            if os.path.exists(port_file) and open(port_file).read().count("\n") >= 1:
                break
            time.sleep(0.05)
        port = int(open(port_file).read().split("\n")[0])
        for _ in range(100):
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                break
            time.sleep(0.05)
        self.ws = WebSocket(pages[0]["webSocketDebuggerUrl"])
        self.next_id = 0
        self.events = []
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method, **params):
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my:
                if "error" in msg:
                    raise RuntimeError(msg["error"].get("message", "error"))
                return msg.get("result", {})
            self.events.append(msg)

    def wait_event(self, name, timeout):
        end = time.time() + timeout
        while time.time() < end:
            for i, e in enumerate(self.events):
                if e.get("method") == name:
                    del self.events[i]
                    return e
            self.ws.s.settimeout(max(0.01, end - time.time()))
            try:
                self.events.append(json.loads(self.ws.recv()))
            except socket.timeout:
                pass
            finally:
                self.ws.s.settimeout(None)
        return None

    def eval(self, js):
        r = self.call("Runtime.evaluate", expression=js, returnByValue=True, awaitPromise=True,
                      userGesture=True)
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"].get("text", "exception") + ": " +
                               json.dumps(r["exceptionDetails"].get("exception", {}).get("description", "")))
        return r.get("result", {}).get("value")

    def open(self, url, w, h):
        self.call("Emulation.setDeviceMetricsOverride", width=w, height=h, deviceScaleFactor=1,
                  mobile=w < h and w < 800)
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        self.call("Page.navigate", url=url)
        if not self.wait_event("Page.loadEventFired", 30):
            raise RuntimeError("page did not load")

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


WATCH = """(function (id) {
  window.__seen = window.__seen || [];
  var e = document.getElementById(id);
  new MutationObserver(function () { window.__seen.push([Date.now(), e.textContent]); })
    .observe(e, { childList: true, characterData: true, subtree: true });
  return true;
})(%s)"""


def main():
    page = Page()
    out = sys.stdout
    for line in sys.stdin:
        line = line.rstrip("\n")
        cmd, _, rest = line.partition(" ")
        try:
            if cmd == "quit":
                break
            if cmd == "open":
                url, w, h = rest.split(" ")
                page.open(url, int(w), int(h))
                out.write("ok\n")
            elif cmd == "eval":
                out.write("ok " + json.dumps(page.eval(rest), ensure_ascii=False) + "\n")
            elif cmd == "wait":
                js, _, ms = rest.rpartition(" ")
                end = time.time() + int(ms) / 1000
                v = None
                while time.time() < end:
                    try:
                        v = page.eval(js)
                    except RuntimeError:   # mid-navigation: no document yet
                        v = None
                    if v:
                        break
                    time.sleep(0.01)
                out.write(("ok " + json.dumps(v, ensure_ascii=False)) if v else "err timeout")
                out.write("\n")
            elif cmd == "shot":
                data = page.call("Page.captureScreenshot", format="png")["data"]
                with open(rest, "wb") as f:
                    f.write(base64.b64decode(data))
                out.write("ok\n")
            elif cmd == "watch":
                out.write("ok " + json.dumps(page.eval(WATCH % json.dumps(rest))) + "\n")
            elif cmd == "seen":
                out.write("ok " + json.dumps(page.eval("(window.__seen || []).splice(0)"), ensure_ascii=False) + "\n")
            else:
                out.write("err unknown command\n")
        except Exception as e:
            out.write("err " + str(e).replace("\n", " ") + "\n")
        out.flush()
    page.close()


if __name__ == "__main__":
    main()
