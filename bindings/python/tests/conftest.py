"""Shared fixtures: small synthetic clips, generated once per test session."""

import faulthandler
import os

import pytest

import streamforge as sf


_real_stderr = None


def pytest_configure(config):
    # Output capture is suspended while plugins configure: this is the terminal's stderr.
    global _real_stderr
    _real_stderr = open(os.dup(2), "w")


@pytest.fixture(autouse=True)
def watchdog():
    """A test that hangs (a deadlock in the engine) ends the run with every thread's Python stack
    on stderr instead of blocking it forever. No test here needs more than a few seconds."""
    faulthandler.dump_traceback_later(90, exit=True, file=_real_stderr)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    return tmp_path_factory.mktemp("clips")


@pytest.fixture(scope="session")
def clip(clips):
    """320x240 30 fps H.264 + AAC stereo, 2 s."""
    return str(sf.make_test_clip(clips / "basic.mp4", width=320, height=240, duration=2.0))


@pytest.fixture(scope="session")
def hdr_clip(clips):
    """160x120 10-bit HEVC with HDR10 tags, rotated 90 degrees, video only."""
    return str(sf.make_test_clip(clips / "hdr.mp4", width=160, height=120, duration=1.0, codec="hevc",
                                 bit_depth=10, hdr="hdr10", rotation=90, audio=False))


@pytest.fixture(scope="session")
def long_clip(clips):
    """320x240, 20 s: long enough that a slow-preset transcode of it is still running when a test
    cancels it (the tests that use it never let it run to the end)."""
    return str(sf.make_test_clip(clips / "long.mp4", width=320, height=240, duration=20.0, audio=False))


@pytest.fixture
def slow_ladder():
    """One rung with a slow preset: a transcode that takes seconds, to be cancelled."""
    return sf.LadderSpec(video=[sf.VideoRung(height=240, bitrate_kbps=500, preset="veryslow")])
