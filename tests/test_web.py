"""Web mode: `nntui --web` serves the app through textual-serve; a headless Chromium loads the
page, and the app's home screen reaches it; the server then stops cleanly.

The browser is Debian's `chromium` (`.ci/run` installs it). The test talks to it over the
DevTools protocol with aiohttp (which textual-serve brings) and reads what the app sends to the
page's terminal over its websocket, since xterm.js draws that text on a canvas.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
if BROWSER is None and os.environ.get("NNTUI_REQUIRE_BROWSER"):
    raise RuntimeError("NNTUI_REQUIRE_BROWSER is set but no chromium is installed")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium: `apt-get install chromium` (.ci/run does)")

HOME_TEXT = "How a neural network works, live"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, seconds: float, what: str):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds:g} s waiting for {what}")


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def start_browser(profile: Path) -> tuple[subprocess.Popen, int]:
    browser = subprocess.Popen(
        [BROWSER, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--no-first-run", "--no-default-browser-check",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", "--window-size=1280,800", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    active = profile / "DevToolsActivePort"
    wait_for(lambda: active.is_file() and active.read_text().strip(), 30, "Chromium's DevTools port")
    return browser, int(active.read_text().split()[0])


async def page_terminal_text(devtools: int, url: str, screenshot: Path) -> str:
    """Open `url` in the browser's page; return the text the page's terminal received."""
    import aiohttp

    with urllib.request.urlopen(f"http://127.0.0.1:{devtools}/json/list") as r:
        page = next(t for t in json.load(r) if t["type"] == "page")
    received: list[str] = []
    async with aiohttp.ClientSession() as session, session.ws_connect(
            page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
        ids = iter(range(1, 1_000_000))

        async def call(method: str, **params) -> dict:
            n = next(ids)
            await ws.send_json({"id": n, "method": method, "params": params})
            async for msg in ws:
                data = json.loads(msg.data)
                collect(data)
                if data.get("id") == n:
                    return data.get("result", {})
            return {}

        def collect(event: dict) -> None:
            if event.get("method") == "Network.webSocketFrameReceived":
                frame = event["params"]["response"]
                payload = frame["payloadData"]
                raw = base64.b64decode(payload) if frame.get("opcode") == 2 else payload.encode()
                received.append(raw.decode("utf-8", "replace"))

        await call("Network.enable")
        await call("Page.enable")
        await call("Page.navigate", url=url)
        end = time.monotonic() + 60
        while HOME_TEXT not in "".join(received) and time.monotonic() < end:
            try:
                msg = await ws.receive(timeout=1)
            except asyncio.TimeoutError:
                continue
            if msg.type == aiohttp.WSMsgType.TEXT:
                collect(json.loads(msg.data))
        drawn = await call("Runtime.evaluate", expression="document.querySelectorAll('.xterm-screen').length")
        assert drawn.get("result", {}).get("value") == 1, "the page has no xterm.js terminal"
        shot = await call("Page.captureScreenshot", format="png")
        if "data" in shot:
            screenshot.write_bytes(base64.b64decode(shot["data"]))
    return "".join(received)


def test_web_mode_serves_the_home_screen_to_a_browser_and_stops_cleanly(tmp_path):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "nntui", "--web", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    browser = None
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(lambda: server.poll() is not None or http_ok(url), 30, "the web server")
        assert server.poll() is None, server.stdout.read()
        browser, devtools = start_browser(tmp_path / "profile")
        text = asyncio.run(page_terminal_text(devtools, url, tmp_path / "web.png"))
        assert HOME_TEXT in text  # the home screen's intro, drawn in the browser's terminal
        assert "neuron" in text and "next-token" in text  # …and its menu of scenes
    finally:
        if browser is not None:
            browser.terminate()
            browser.wait(timeout=10)
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            raise
    assert code == 0, server.stdout.read()
    assert not http_ok(f"http://127.0.0.1:{port}/")  # nothing listens any more
    with pytest.raises(ProcessLookupError):
        os.killpg(server.pid, 0)  # and the tab's nntui, started by the server, is gone too


def test_web_listens_on_localhost_only_by_default():
    from nntui.cli import build_parser

    args = build_parser().parse_args(["--web"])
    assert args.host is None  # serve_web binds 127.0.0.1 unless --host is given


def test_each_tab_runs_the_same_options_without_the_web_ones():
    from nntui.web import app_argv

    assert app_argv(["neuron", "--web", "--host", "0.0.0.0", "--port=9000", "--lang", "zh"]) == ["neuron", "--lang", "zh"]
