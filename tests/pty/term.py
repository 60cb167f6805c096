"""Run nntui in a pseudo-terminal, as a user's terminal would: type keys, read what it sends."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time


class Terminal:
    def __init__(self, *args: str, size=(100, 30), env: dict | None = None, argv: list[str] | None = None) -> None:
        """Start `nntui ARGS` (or any other command line `argv`) in a new pseudo-terminal."""
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child
            os.environ.update({"TERM": os.environ.get("TERM", "xterm-256color"), **(env or {})})
            argv = argv or [sys.executable, "-m", "nntui", *args]
            os.execv(argv[0], argv)
        cols, rows = size
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = b""

    def read(self, seconds: float) -> bytes:
        """Everything the app sends within `seconds` (less if it closes the terminal)."""
        got, end = b"", time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            got += chunk
        self.output += got
        return got

    def read_until(self, text: bytes | tuple[bytes, ...], seconds: float = 15) -> bool:
        """Read only until `text` (or any of several) has arrived, checked at every chunk, so the
        caller can act the moment it does; False if it has not within `seconds`."""
        texts = (text,) if isinstance(text, bytes) else text
        end = time.monotonic() + seconds
        while not any(t in self.output for t in texts) and (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.5))
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:  # the app has closed the terminal
                    break
                self.output += chunk
        return any(t in self.output for t in texts)

    def wait_for(self, text: bytes, seconds: float = 15) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if text in self.output:
                return True
            self.read(0.1)
        return text in self.output

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def exited(self, seconds: float) -> int | None:
        """The exit status if the app ends within `seconds` (reading its output meanwhile)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.read(0.2)
                return os.waitstatus_to_exitcode(status)
            self.read(0.05)
        return None

    def kill(self) -> None:
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)
