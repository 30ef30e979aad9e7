"""The streamforge.Error hierarchy and the errors probe() raises for bad inputs."""

import pickle
import random

import pytest

import streamforge as sf


def test_hierarchy():
    for name in ("InvalidArgumentError", "NotFoundError", "DataLossError", "CancelledError", "UnimplementedError",
                 "UnavailableError", "PermissionDeniedError", "FailedPreconditionError", "InternalError"):
        cls = getattr(sf, name)
        assert issubclass(cls, sf.Error), name
        assert issubclass(cls, Exception)
        assert cls.__module__ == "streamforge"
    assert issubclass(sf.InvalidArgumentError, ValueError)
    assert issubclass(sf.NotFoundError, FileNotFoundError)
    assert issubclass(sf.PermissionDeniedError, PermissionError)
    assert issubclass(sf.UnimplementedError, NotImplementedError)
    assert sf.ERROR_CLASSES["data_loss"] is sf.DataLossError
    assert sf.ERROR_CLASSES["invalid_argument"] is sf.InvalidArgumentError


def test_error_attributes_and_pickle():
    e = sf.InvalidArgumentError("must be even", code="invalid_argument", field="video[1].height")
    assert (e.code, e.field, e.message) == ("invalid_argument", "video[1].height", "must be even")
    assert str(e) == "video[1].height: must be even"
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is sf.InvalidArgumentError
    assert (e2.code, e2.field, e2.message) == (e.code, e.field, e.message)
    assert sf.DataLossError("x").code == "data_loss"


def test_missing_file(tmp_path):
    path = tmp_path / "missing.mp4"
    with pytest.raises(sf.NotFoundError) as info:
        sf.probe(path)
    assert info.value.code == "not_found"
    assert info.value.field == ""
    assert str(path) in str(info.value)
    # Also a plain FileNotFoundError, so existing `except FileNotFoundError` code works.
    with pytest.raises(FileNotFoundError):
        sf.probe(str(path))


def test_empty_file(tmp_path):
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    with pytest.raises(sf.InvalidArgumentError) as info:
        sf.probe(path)
    assert info.value.code == "invalid_argument"
    assert "empty" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_random_bytes(tmp_path):
    path = tmp_path / "random.mp4"
    # A fixed seed: about one random buffer in 200 happens to satisfy some FFmpeg probe (e.g. "lrc").
    path.write_bytes(random.Random(1).randbytes(64 * 1024))
    with pytest.raises(sf.InvalidArgumentError):
        sf.probe(path)


def test_directory(tmp_path):
    with pytest.raises(sf.InvalidArgumentError):
        sf.probe(tmp_path)


def test_truncated_mp4(tmp_path, clip):
    data = open(clip, "rb").read()
    path = tmp_path / "cut.mp4"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(sf.DataLossError) as info:
        sf.probe(path)
    assert info.value.code == "data_loss"
    assert "truncated" in info.value.message


def test_transcode_missing_source(tmp_path):
    with pytest.raises(sf.NotFoundError):
        sf.transcode(tmp_path / "nope.mp4", tmp_path / "out")
    assert not list((tmp_path).rglob("*.mp4"))
