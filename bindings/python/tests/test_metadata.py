"""streamforge.metadata: the SQLite store from Python (the C++ suite covers PostgreSQL too)."""

import threading

import pytest

import streamforge as sf
from streamforge import metadata


@pytest.fixture
def store(tmp_path):
    return metadata.open(f"sqlite://{tmp_path / 'meta.db'}")


def publish(store, **fields):
    v = store.create_video(metadata.Video(owner="alice", **fields))
    store.set_status(v.id, "processing")
    return store.set_status(v.id, "ready")


def test_video_lifecycle_and_errors(store):
    assert store.schema_version() == 2
    v = store.create_video(metadata.Video(owner="alice", title="Clip", tags=["a", "b"], probe_json='{"w": 1}'))
    assert v.status == "uploading" and v.version == 1 and len(v.id) == 32
    with pytest.raises(sf.FailedPreconditionError):
        store.set_status(v.id, "ready")
    failed = store.set_status(v.id, "failed", reason="no video stream")
    assert failed.status == "failed" and failed.failure_reason == "no video stream"
    with pytest.raises(sf.AbortedError):
        store.set_status(v.id, "processing", expected_version=v.version)
    got = store.get_video(v.id)
    assert got.tags == ["a", "b"]
    stale = metadata.Video(owner="alice", title="x", id=v.id)
    stale.version = 1
    with pytest.raises(sf.AbortedError):
        store.update_video(stale)
    with pytest.raises(sf.NotFoundError):
        store.get_video("missing")
    with pytest.raises(sf.InvalidArgumentError) as e:
        store.create_video(metadata.Video(owner="a", title="t" * 1000))
    assert e.value.field == "title"
    with pytest.raises(sf.InvalidArgumentError):
        metadata.Video(owner="a", title="t", visibility="secret")


def test_search_filters_pages_and_injection(store):
    publish(store, title="Cooking pasta", category="food", duration_ms=600_000)
    publish(store, title="Pasta race", category="sport", duration_ms=60_000)
    evil = "'; DROP TABLE videos; --"
    publish(store, title=evil, description=evil, tags=[evil])
    # Equal scores (one title hit each): the newest first.
    assert [v.title for v in store.search("pasta").videos] == ["Pasta race", "Cooking pasta"]
    assert [v.title for v in store.search("pasta", category="sport").videos] == ["Pasta race"]
    assert len(store.search("pasta", min_duration_ms=100_000).videos) == 1
    assert [v.title for v in store.search(evil).videos] == [evil]
    first = store.search(limit=2)
    assert len(first.videos) == 2 and first.next_offset == 2
    assert len(store.search(limit=2, offset=first.next_offset).videos) == 1


def test_jobs_progress_views_and_threads(store):
    v = publish(store, title="Film")
    job = store.enqueue_job("transcode", video_id=v.id, payload_json='{"ladder": "default"}')
    leased = store.lease_job("transcode", "w1")
    assert leased.id == job.id and leased.state == "running" and leased.attempts == 1
    assert store.lease_job("transcode", "w2") is None
    store.heartbeat_job(job.id, "w1")
    assert store.finish_job(job.id, "w1", True).state == "succeeded"

    store.set_watch_progress("bob", v.id, 90_000, device="tv")
    assert store.get_watch_progress("bob", v.id).position_ms == 90_000
    assert store.get_watch_progress("carol", v.id) is None

    # Several Python threads at once (the GIL is released in every call): no view is lost.
    threads = [threading.Thread(target=lambda: [store.record_view(v.id) for _ in range(25)]) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.get_video(v.id).view_count == 100
    assert store.trending(24 * 3600 * 1000) == [(v.id, 100)]


def test_open_errors():
    with pytest.raises(sf.InvalidArgumentError):
        metadata.open("mysql://x")
    assert metadata.open("sqlite://:memory:").uri == "sqlite://:memory:"
