"""Tests for tipwatch/ingest/limits.py: the per-file time limit and the ZIP bomb check."""

import io
import re
import signal
import threading
import time
import zipfile

import pytest

from tipwatch.errors import IngestError, TimeLimitError
from tipwatch.ingest import read_bytes
from tipwatch.ingest.limits import MAX_MEMBERS, check_archive, time_limit
from tipwatch.settings import Settings

from .hostile import make_docx, replace_part


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_time_limit_stops_a_pure_python_loop():
    started = time.monotonic()
    with pytest.raises(TimeLimitError) as info, time_limit(0.2, "loop.txt"):
        while True:
            pass
    assert time.monotonic() - started < 1.5
    assert str(info.value) == (
        "loop.txt: gave up after 0.2 seconds (the limit); raise TIPWATCH_MAX_SECONDS or split the file"
    )
    assert isinstance(info.value, IngestError)


def test_time_limit_is_not_swallowed_by_except_exception():
    caught = 0
    with pytest.raises(TimeLimitError), time_limit(0.1, "x"):
        while True:
            try:
                _spin(0.01)
            except Exception:  # what a careless parser does
                caught += 1
    assert caught == 0


def test_time_limit_fires_again_after_a_bare_except_swallows_it():
    swallowed = False
    with pytest.raises(TimeLimitError), time_limit(0.1, "x"):
        try:
            _spin(5)
        except BaseException:  # a parser that swallows everything, once
            swallowed = True
        _spin(5)
    assert swallowed


def test_time_limit_stops_a_runaway_regular_expression():
    started = time.monotonic()
    with pytest.raises(TimeLimitError), time_limit(0.2, "x"):
        re.match(r"(a+)+b", "a" * 40)  # backtracks for hours inside the C regex engine
    assert time.monotonic() - started < 1.5


def test_time_limit_restores_the_outer_timer_and_handler():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    outer = signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        with time_limit(5, "x"):
            assert signal.getitimer(signal.ITIMER_REAL)[0] <= 5
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 99 < left <= 100
        assert signal.getsignal(signal.SIGALRM) is not None
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        time.sleep(0.05)
        assert fired == [1]  # the outer handler is back
    finally:
        signal.setitimer(signal.ITIMER_REAL, *outer)
        signal.signal(signal.SIGALRM, previous)


def test_time_limit_leaves_a_sooner_outer_timer_in_charge():
    previous = signal.signal(signal.SIGALRM, lambda *_: None)
    outer = signal.setitimer(signal.ITIMER_REAL, 3)
    try:
        with time_limit(10, "x"):
            assert 2 < signal.getitimer(signal.ITIMER_REAL)[0] <= 3
    finally:
        signal.setitimer(signal.ITIMER_REAL, *outer)
        signal.signal(signal.SIGALRM, previous)


def test_time_limit_nested_inner_does_nothing():
    with pytest.raises(TimeLimitError) as info, time_limit(0.2, "outer"):
        with time_limit(0.05, "inner"):
            _spin(0.1)  # past the inner limit: the outer one governs
        _spin(5)
    assert str(info.value).startswith("outer:")


@pytest.mark.parametrize("seconds", [0, -1])
def test_time_limit_zero_or_less_is_off(seconds):
    with time_limit(seconds, "x"):
        _spin(0.05)


def test_time_limit_does_nothing_off_the_main_thread():
    errors = []

    def work():
        try:
            with time_limit(0.05, "x"):
                _spin(0.2)
        except BaseException as exc:  # recorded and asserted below
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors == []


def test_read_bytes_gives_up_on_a_file_past_the_time_limit():
    words = "harbour police freed seven boys from canoes near the lagoon at Elmina town".split()
    text = "\n\n".join(" ".join(words[(i + j) % len(words)] for j in range(60)) for i in range(20_000))
    with pytest.raises(TimeLimitError, match=r"^slow\.txt: gave up after 0\.05 seconds"):
        read_bytes(text.encode(), "slow.txt", Settings(max_seconds=0.05))
    assert signal.getitimer(signal.ITIMER_REAL)[0] > 0  # pytest-timeout's timer is armed again


def test_check_archive_accepts_a_word_file():
    check_archive(make_docx(), "ok.docx", Settings().max_bytes)


def test_check_archive_refuses_a_file_that_unpacks_past_the_limit():
    data = replace_part(make_docx(), "word/document.xml", chunks=3, chunk=b"<w:t>x</w:t>" * 100_000)
    with pytest.raises(
        IngestError, match=r"^big\.docx: DOCX unpacks to \d+ bytes, over the limit of 1000000"
    ):
        check_archive(data, "big.docx", 1_000_000)


def test_check_archive_refuses_a_zip_bomb_ratio():
    data = replace_part(make_docx(), "word/document.xml", chunks=3, chunk=b"\0" * 1_000_000)
    with pytest.raises(IngestError, match="times its packed size"):
        check_archive(data, "bomb.docx", 50_000_000)


def test_check_archive_refuses_too_many_members():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(MAX_MEMBERS + 1):
            archive.writestr(f"p/{i}", b"")
    with pytest.raises(IngestError, match=f"holds {MAX_MEMBERS + 1} parts"):
        check_archive(out.getvalue(), "many.docx", 50_000_000)
