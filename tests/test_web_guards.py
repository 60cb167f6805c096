"""What --web lets a browser do (no browser needed: aiohttp speaks the websocket): only this
server's pages may start a session, sessions are capped, a tab's size is clamped, a dropped tab's
nntui ends, /static/ lists nothing, and listening beyond localhost warns."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.test_web import free_port, http_ok, wait_for

aiohttp = pytest.importorskip("aiohttp")


def children(pid: int) -> list[int]:
    """The processes whose parent is pid (Linux /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return out


def cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


def environ(pid: int) -> dict[str, str]:
    """pid's environment, or {} once it has gone."""
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            data = f.read()
    except OSError:
        return {}
    return dict(item.decode(errors="replace").split("=", 1) for item in data.split(b"\0") if b"=" in item)


async def guards(port: int, server_pid: int) -> None:
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/static/") as r:
            assert r.status in (403, 404)  # no folder listing
        for origin in ("http://evil.example", f"http://evil.example:{port}", None):
            headers = {"Origin": origin} if origin else {}
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(f"{base}/ws", headers=headers)
            assert refused.value.status == 403, origin
        with pytest.raises(aiohttp.WSServerHandshakeError):  # a rebound DNS name: Host is not ours
            await session.ws_connect(f"{base}/ws", headers={"Origin": f"http://evil.example:{port}",
                                                            "Host": f"evil.example:{port}"})
        ws = await session.ws_connect(f"{base}/ws?width=10000&height=5000", headers={"Origin": base})
        # A child is seen between fork and exec too, with the server's own environment: wait for
        # one whose environment is the tab's (it has ROWS, which the server's has not).
        tab = wait_for(lambda: [p for p in children(server_pid) if b"nntui" in cmdline(p) and "ROWS" in environ(p)],
                       20, "the tab's nntui")[0]
        env = environ(tab)
        assert (env.get("COLUMNS"), env.get("ROWS")) == ("400", "200")  # clamped from 10000×5000
        with pytest.raises(aiohttp.WSServerHandshakeError) as full:  # --max-sessions 1
            await session.ws_connect(f"{base}/ws", headers={"Origin": f"http://localhost:{port}"})
        assert full.value.status == 503
        await ws.send_str('["stdin"')  # malformed: dropped, not a traceback
        await ws.close()
    wait_for(lambda: not os.path.exists(f"/proc/{tab}") or open(f"/proc/{tab}/stat").read().split()[2] == "Z",
             10, "the dropped tab's nntui to end")


def test_web_guards():
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "nntui", "--web", "--port", str(port), "--max-sessions", "1"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        wait_for(lambda: server.poll() is not None or http_ok(f"http://127.0.0.1:{port}/"), 30, "the web server")
        assert server.poll() is None, server.stdout.read()
        asyncio.run(guards(port, server.pid))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            raise
    log = server.stdout.read()
    assert "Traceback" not in log, log


def test_listening_beyond_localhost_warns_in_one_line(monkeypatch, capsys):
    from nntui import cli, web

    monkeypatch.setattr(web, "serve", lambda argv, host, port, sessions: 0)
    monkeypatch.setattr(web, "port_free", lambda host, port: None)
    assert cli.main(["--web", "--host", "0.0.0.0", "--port", "8123"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("nntui: warning: --host 0.0.0.0 serves nntui beyond this machine")
    assert cli.main(["--web", "--port", "8123"]) == 0
    assert capsys.readouterr().err == ""  # localhost: no warning


def test_origins():
    from nntui.web import origin_allowed

    assert origin_allowed("http://localhost:8000", "127.0.0.1:8000", "127.0.0.1", 8000)
    assert not origin_allowed("http://127.0.0.1:9000", "127.0.0.1:8000", "127.0.0.1", 8000)
    assert origin_allowed("http://10.0.0.5:8000", "10.0.0.5:8000", "0.0.0.0", 8000)
    assert not origin_allowed("http://evil.example:8000", "10.0.0.5:8000", "0.0.0.0", 8000)
    assert not origin_allowed("null", "127.0.0.1:8000", "127.0.0.1", 8000)


def test_each_tab_runs_without_the_web_options():
    from nntui.web import app_argv

    assert app_argv(["neuron", "--web", "--max-sessions", "2", "--port=9000", "--max-sessions=3"]) == ["neuron"]
