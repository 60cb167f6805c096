"""What the terminal link can take: the output backlog, and the frame-rate caps.

Over a slow SSH link the bytes Textual writes pile up; a frame drawn then only adds to the wait
before a key's answer gets through. Two places show it: the tty's own output queue (TIOCOUTQ; a
real terminal or serial line — a pseudo-terminal, as under SSH, always reports 0) and Textual's
writer thread, whose queue fills once the pseudo-terminal's buffer is full and writes block.
`backed_up()` looks at both, so the animation clock can skip frames until they drain.
"""

from __future__ import annotations

import fcntl
import struct
import sys
import termios

from nntui.textual_internals import writer_queue

BACKLOG_LIMIT = 2048  # bytes waiting in the tty: above this, animation frames are skipped
PENDING_WRITES = 2  # frames waiting in Textual's writer thread: from this many, frames are skipped
LOW_BANDWIDTH_FPS = 4.0


def backlog(stream=None) -> int:
    """Bytes written to the terminal and not yet sent; 0 where that cannot be known."""
    stream = stream or sys.__stderr__
    try:
        if stream is None or not stream.isatty():
            return 0
        raw = fcntl.ioctl(stream.fileno(), termios.TIOCOUTQ, struct.pack("i", 0))
        return struct.unpack("i", raw)[0]
    except (OSError, ValueError, AttributeError):
        return 0


def pending_writes(driver) -> int:
    """Frames waiting in the writer thread of Textual's `driver` (0 if it has none)."""
    queue = writer_queue(driver)
    return queue.qsize() if queue is not None else 0


def backed_up(driver) -> bool:
    """True while output waits: in the tty, or in the writer thread of Textual's `driver`."""
    return pending_writes(driver) >= PENDING_WRITES or backlog() > BACKLOG_LIMIT
