"""streamforge.metadata: the metadata store (videos, renditions, jobs, watch progress, search, trending).

Example::

    from streamforge import metadata
    store = metadata.open("sqlite:///catalogue.db")     # or "postgresql:///db?host=/run/postgresql"
    v = store.create_video(metadata.Video(owner="alice", title="Cooking pasta", tags=["food"]))
    store.set_status(v.id, "processing"); store.set_status(v.id, "ready")
    page = store.search("pasta", category=None, limit=10)   # page.videos, page.next_offset

A store is thread-safe; every call releases the GIL. Stale writes raise AbortedError (re-read, retry).
"""

from ._streamforge import metadata as _native

Video = _native.Video
Rendition = _native.Rendition
Job = _native.Job
WatchProgress = _native.WatchProgress
SearchPage = _native.SearchPage
MetadataStore = _native.MetadataStore
open = _native.open  # noqa: A001 -- the module's entry point, like io.open

for _cls in (Video, Rendition, Job, WatchProgress, SearchPage, MetadataStore):
    _cls.__module__ = __name__
del _cls

__all__ = ["Video", "Rendition", "Job", "WatchProgress", "SearchPage", "MetadataStore", "open"]
