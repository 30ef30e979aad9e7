"""CancelToken, Progress, logging, module surface."""

import logging
import sys

import pytest

import streamforge as sf


def test_module_surface():
    assert sf.__version__.count(".") == 2
    for name in sf.__all__:
        assert hasattr(sf, name), name
    assert sf.probe.__doc__ and sf.transcode.__doc__ and sf.LadderSpec.__doc__


def test_cancel_token():
    t = sf.CancelToken()
    assert not t.cancelled
    t.cancel()
    t.cancel()
    assert t.cancelled
    assert "cancelled=True" in repr(t)


def test_progress_value():
    p = sf.Progress()
    p.frames_done, p.frames_total = 15, 60
    assert p.fraction == 0.25
    assert sf.Progress().fraction == 0.0
    assert p.to_dict()["fraction"] == 0.25


def test_log_level():
    old = sf.log_level()
    try:
        sf.set_log_level("error")
        assert sf.log_level() == "error"
        sf.set_log_level("warn")
        assert sf.log_level() == "warn"
        with pytest.raises(sf.InvalidArgumentError):
            sf.set_log_level("loud")
    finally:
        sf.set_log_level(old)


def not_media(folder):
    path = folder / "zeros.mp4"
    path.write_bytes(bytes(4096))  # FFmpeg's mov demuxer logs "moov atom not found" (error level) for this
    return path


def test_log_sink(tmp_path, caplog, monkeypatch):
    cut = not_media(tmp_path)
    lines = []
    sf.set_log_sink(lambda level, message: lines.append((level, message)))
    try:
        with pytest.raises(sf.InvalidArgumentError):
            sf.probe(cut)
    finally:
        sf.set_log_sink(None)
    assert lines, "expected FFmpeg's error line"
    assert all(isinstance(level, str) and isinstance(msg, str) for level, msg in lines)
    assert any(level == "error" and msg.startswith("ffmpeg: ") for level, msg in lines)

    # A sink that raises does not fail the call (the error goes to sys.unraisablehook).
    def bad_sink(level, message):
        raise RuntimeError("sink failed")

    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    sf.set_log_sink(bad_sink)
    try:
        with pytest.raises(sf.InvalidArgumentError):
            sf.probe(cut)
    finally:
        sf.set_log_sink(None)
    assert unraisable and isinstance(unraisable[0].exc_value, RuntimeError)
    monkeypatch.undo()

    sf.log_to_python_logging()
    try:
        with caplog.at_level(logging.DEBUG, logger="streamforge"):
            with pytest.raises(sf.InvalidArgumentError):
                sf.probe(cut)
    finally:
        sf.set_log_sink(None)
    assert any(r.name == "streamforge" and r.levelno == logging.ERROR for r in caplog.records)
