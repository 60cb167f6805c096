"""--web: nntui in a browser tab, served by textual-serve.

textual-serve runs `python -m nntui …` once per browser tab and relays its screen and keys over
a websocket, so the browser shows exactly the terminal app. It binds to 127.0.0.1 unless a host
is given: anyone who can reach the port gets a running nntui.
"""

from __future__ import annotations

import shlex
import socket
import sys

WEB_OPTIONS = {"--web": 0, "--host": 1, "--port": 1}  # option: how many values it takes


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


def serve(argv: list[str], host: str, port: int) -> int:
    """Serve until Ctrl+C (or SIGTERM); every tab gets its own nntui with these options."""
    from textual_serve.server import Server

    command = shlex.join([sys.executable, "-m", "nntui", *app_argv(argv)])
    Server(command, host=host, port=port, title="nntui").serve()
    return 0
