"""streamforge.storage: object storage by URI -- file:///path, memory://name, s3://bucket/prefix.

Example::

    from streamforge import storage
    s = storage.open("s3://media/vod?endpoint=http://127.0.0.1:4569&region=us-east-1")
    s.put("v1/index.m3u8", b"#EXTM3U\\n", content_type="application/vnd.apple.mpegurl")
    s.put_file("v1/master.mp4", "/tmp/master.mp4")        # parallel multipart upload
    data = s.get("v1/master.mp4", offset=0, length=1024)   # ranged read
    objects, token = s.list_page("v1/", limit=100)         # pass token back for the next page
    url = storage.presign("s3://media/vod", "v1/upload.mp4", method="PUT", expires=900)
    moves = storage.TieringPolicy().plan([{"key": "v1/master.mp4", "bytes": 1 << 30, "age_days": 200,
                                           "views_per_day": 0, "days_since_last_view": 120}])

Credentials for s3:// come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) or
the AWS config files (AWS_PROFILE). A Storage is thread-safe; every call releases the GIL.
"""

from ._streamforge import storage as _native

Storage = _native.Storage
ObjectInfo = _native.ObjectInfo
open = _native.open  # noqa: A001 -- the module's entry point, like io.open
presign = _native.presign
sigv4_sign = _native.sigv4_sign
sigv4_presign = _native.sigv4_presign
TieringPolicy = _native.TieringPolicy

for _cls in (Storage, ObjectInfo, TieringPolicy):
    _cls.__module__ = __name__
del _cls

__all__ = ["Storage", "ObjectInfo", "TieringPolicy", "open", "presign", "sigv4_sign", "sigv4_presign"]
