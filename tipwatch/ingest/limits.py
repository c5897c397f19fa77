"""Limits that keep one hostile file from stopping a batch: a time limit and a ZIP bomb check.

``time_limit`` bounds the time spent on one file (``TIPWATCH_MAX_SECONDS``). A thread timer
cannot stop a pure-Python loop in a parser, so the limit is an interval timer (SIGALRM) whose
handler raises inside whatever the main thread is running. It raises a private BaseException,
so a parser's ``except Exception`` cannot swallow it, and the timer repeats every
``_REPEAT_SECONDS`` in case a bare ``except:`` or a ``__del__`` swallows it anyway. A C call
(lxml parsing a page) is interrupted when it returns; those calls are bounded by
``TIPWATCH_MAX_BYTES``. Signals work only in the main thread: elsewhere (a web server's worker
thread, a Dask worker) the limit does nothing and the size limits alone bound the work.

``check_archive`` refuses a ZIP (DOCX) whose members would unpack to more than the size limit,
or with a compression ratio no Word file has, before any parser inflates a byte of it.
"""

from __future__ import annotations

import io
import signal
import threading
import time
import zipfile
from types import FrameType, TracebackType
from typing import Any

from ..errors import IngestError, TimeLimitError

__all__ = ["check_archive", "time_limit"]

_REPEAT_SECONDS = 0.25  # re-raise this often after the deadline, should the first be swallowed
MAX_MEMBERS = 10_000  # a Word file has tens of parts; thousands is a crafted archive
MAX_RATIO = 200  # XML prose deflates 5-20x; a bomb of repeated bytes is 1000x and more
_RATIO_FLOOR = 1_000_000  # small members may compress very well without being a threat


class _Expired(BaseException):
    """Raised by the alarm; a BaseException so ``except Exception`` in a parser lets it pass."""


class time_limit:  # lower case: a context manager read like a function (contextlib.suppress)
    """``with time_limit(seconds, label):`` raises TimeLimitError if the block runs longer.

    Does nothing when ``seconds`` is 0 or less, off the main thread, on a platform without
    ``setitimer``, inside another ``time_limit`` (the outer one governs), or when an outer
    interval timer (pytest-timeout's, say) would fire first. The outer timer is restored after.
    """

    def __init__(self, seconds: float, label: str) -> None:
        self.seconds = seconds
        self.label = label
        self._armed = False
        self._deadline = 0.0
        self._previous_handler: Any = None
        self._previous_delay = 0.0
        self._previous_interval = 0.0
        self._started = 0.0

    _active = False  # one limit at a time: signals and the timer are process-wide

    def __enter__(self) -> time_limit:
        if (
            self.seconds <= 0
            or time_limit._active
            or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
        ):
            return self
        delay, interval = signal.getitimer(signal.ITIMER_REAL)
        if delay and delay <= self.seconds:
            return self  # an outer timer fires first and governs
        self._started = time.monotonic()
        self._deadline = self._started + self.seconds
        self._previous_handler = signal.signal(signal.SIGALRM, self._on_alarm)
        self._previous_delay, self._previous_interval = delay, interval
        time_limit._active = self._armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds, _REPEAT_SECONDS)
        return self

    def _on_alarm(self, signum: int, frame: FrameType | None) -> None:
        # Never raise inside __exit__: the block has ended, and the limit with it.
        if frame is not None and frame.f_code is _EXIT_CODE:
            return
        if time.monotonic() >= self._deadline - 0.001:
            raise _Expired

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self._armed:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)  # first: no alarm may land below this line
        signal.signal(signal.SIGALRM, self._previous_handler)
        time_limit._active = self._armed = False
        if self._previous_delay:
            left = self._previous_delay - (time.monotonic() - self._started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), self._previous_interval)
        if exc_type is not None and issubclass(exc_type, _Expired):
            raise TimeLimitError(self.label, self.seconds) from None


_EXIT_CODE = time_limit.__exit__.__code__


def check_archive(data: bytes, label: str, max_bytes: int) -> None:
    """Refuse a ZIP that would unpack past ``max_bytes`` or is packed like a ZIP bomb.

    The sizes come from the central directory; ``zipfile`` never inflates a member past its
    declared size (and fails its CRC check when the data disagrees), so they are a bound.

    Raises:
        IngestError: too many members, too large when unpacked, or an implausible ratio.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, OSError) as exc:
        raise IngestError(label, "DOCX is damaged (not a readable ZIP); re-save it from Word") from exc
    if len(members) > MAX_MEMBERS:
        raise IngestError(
            label, f"DOCX holds {len(members)} parts (over {MAX_MEMBERS}); it is not a Word file"
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > max_bytes:
        raise IngestError(
            label,
            f"DOCX unpacks to {unpacked} bytes, over the limit of {max_bytes}; "
            "raise TIPWATCH_MAX_BYTES if the file is genuine",
        )
    for member in members:
        if member.file_size > _RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise IngestError(
                label,
                f"DOCX part {member.filename[:60]} unpacks {member.file_size // max(member.compress_size, 1)} "
                "times its packed size (a ZIP bomb?); refused",
            )
