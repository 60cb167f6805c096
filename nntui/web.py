"""--web: nntui in a browser tab, served by textual-serve.

textual-serve runs `python -m nntui …` once per browser tab and relays its screen and keys over
a websocket, so the browser shows exactly the terminal app. It binds to 127.0.0.1 unless a host
is given: anyone who can reach the port gets a running nntui (the command line warns).

What textual-serve leaves open, closed here: a websocket is accepted only from a page of this
server (its Origin, and on localhost its Host: no other web site, no DNS rebinding); at most
`--max-sessions` tabs run at once (MAX_SESSIONS by default); a tab's terminal is at most
MAX_COLS × MAX_ROWS; a tab's nntui always ends when its browser goes (asked to quit, then
killed after QUIT_SECONDS, even when it is blocked writing to a pipe nobody reads); and
/static/ lists no folder.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from urllib.parse import urlsplit

WEB_OPTIONS = {"--web": 0, "--host": 1, "--port": 1, "--max-sessions": 1}  # option: how many values it takes
MAX_SESSIONS = 8  # browser tabs at once: each is an nntui process (~40 MB)
MAX_COLS, MAX_ROWS = 400, 200  # a tab's terminal, at most
QUIT_SECONDS = 2.0  # a tab's nntui has this long to quit once its browser has gone
LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}


def app_argv(argv: list[str]) -> list[str]:
    """The command line without the web options: what each browser tab runs."""
    rest, skip = [], 0
    for arg in argv:
        if skip:
            skip -= 1
            continue
        name = arg.split("=", 1)[0]
        if name in WEB_OPTIONS:
            skip = WEB_OPTIONS[name] if "=" not in arg else 0
            continue
        rest.append(arg)
    return rest


def port_free(host: str, port: int) -> str | None:
    """None if the server can listen on host:port, else why not."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as e:
        return e.strerror or str(e)
    return None


def is_local(host: str) -> bool:
    """Does `host` listen on this machine only (a loopback address or 'localhost')?"""
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def clamp(text: str | int | None, default: int, most: int) -> int:
    """A terminal size from a browser: a whole number from 1 to `most`, else `default`."""
    try:
        return min(most, max(1, int(text)))
    except (TypeError, ValueError):
        return default


def origin_allowed(origin: str | None, host_header: str | None, listen: str, port: int) -> bool:
    """A websocket from a page this server served: its Origin names this server (the same host
    and port as the request's Host, or a localhost name and our port); listening on localhost,
    the Host must be a localhost name too (a rebound DNS name is not)."""
    if not origin or not host_header:
        return False
    try:
        seen, asked = urlsplit(origin), urlsplit(f"//{host_header}")
        seen_port, asked_port = seen.port, asked.port
    except ValueError:
        return False
    if seen.scheme not in ("http", "https") or (seen_port or 80) != port or (asked_port or 80) != port:
        return False
    names = LOCAL_NAMES | {listen}
    if is_local(listen):
        return seen.hostname in names and asked.hostname in names
    return seen.hostname in names or seen.hostname == asked.hostname


def make_server(command: str, host: str, port: int, max_sessions: int):
    """textual-serve's Server with the guards above."""
    import asyncio

    from aiohttp import WSMsgType, web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class Session(AppService):
        async def set_terminal_size(self, width: int, height: int) -> None:
            await super().set_terminal_size(clamp(width, 80, MAX_COLS), clamp(height, 24, MAX_ROWS))

        async def stop(self) -> None:
            """Ask the app to quit; if it has not within QUIT_SECONDS, end it."""
            task, process = self._task, self._process
            try:
                await asyncio.wait_for(asyncio.shield(super().stop()), QUIT_SECONDS)
            except (asyncio.TimeoutError, OSError, RuntimeError):
                pass
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
            if task is not None and not task.done():
                task.cancel()
            self._task = None

    class GuardedServer(Server):
        sessions = 0

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            for resource in app.router.resources():  # /static/ serves files, not folder listings
                if getattr(resource, "_show_index", False):
                    resource._show_index = False
            return app

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            if not origin_allowed(request.headers.get("Origin"), request.headers.get("Host"), host, port):
                return web.Response(status=403, text="nntui: this page may not start a session\n")
            if self.sessions >= max_sessions:
                return web.Response(status=503, text=f"nntui: {max_sessions} sessions already running\n")
            websocket = web.WebSocketResponse(heartbeat=15)
            width = clamp(request.query.get("width"), 80, MAX_COLS)
            height = clamp(request.query.get("height"), 24, MAX_ROWS)
            self.sessions += 1
            session = None
            try:
                await websocket.prepare(request)
                session = Session(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                  close=websocket.close, download_manager=self.download_manager)
                await session.start(width, height)
                await self.relay(websocket, session)
            except (asyncio.CancelledError, ConnectionError):
                pass
            except Exception as e:  # one line in the server's log, never a traceback
                print(f"nntui --web: a session ended: {type(e).__name__}: {e}", file=sys.stderr)
            finally:
                self.sessions -= 1
                if session is not None:
                    await session.stop()
                await websocket.close()
            return websocket

        async def relay(self, websocket, session) -> None:
            """The browser's keys, sizes, focus and pings to the app; anything malformed is dropped."""
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    envelope = message.json()
                except ValueError:
                    continue
                if not isinstance(envelope, list) or not envelope:
                    continue
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
                if kind == "stdin" and isinstance(data, str):
                    await session.send_bytes(data.encode("utf-8"))
                elif kind == "resize" and isinstance(data, dict):
                    await session.set_terminal_size(data.get("width"), data.get("height"))
                elif kind == "ping":
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await session.blur()
                elif kind == "focus":
                    await session.focus()

    return GuardedServer(command, host=host, port=port, title="nntui")


def serve(argv: list[str], host: str, port: int, max_sessions: int = MAX_SESSIONS) -> int:
    """Serve until Ctrl+C (or SIGTERM); every tab gets its own nntui with these options."""
    command = "exec " + shlex.join([sys.executable, "-m", "nntui", *app_argv(argv)])  # the shell becomes nntui
    make_server(command, host, port, max_sessions).serve()
    return 0
