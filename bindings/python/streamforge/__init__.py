"""streamforge: an embeddable media pipeline (probe, ABR ladder transcode, HLS/DASH packaging, ...).

Quick start::

    from pathlib import Path
    import streamforge as sf

    clip = sf.make_test_clip("in.mp4", width=640, height=360, duration=4)
    info = sf.probe(clip)                       # ProbeInfo; info.to_dict() for plain values
    ladder = sf.LadderSpec(video=[sf.VideoRung(height=360, bitrate_kbps=800),
                                  sf.VideoRung(height=240, bitrate_kbps=400)],
                           audio=[sf.AudioRendition(bitrate_kbps=96)])
    report = sf.transcode(clip, "out", ladder, progress=lambda p: print(f"{p.fraction:.0%}"))

    # Package the MP4s into HLS + DASH (stream copy): out/hls_dash/{master.m3u8, manifest.mpd,
    # summary.json, 360p/, 240p/, audio_aac/}
    summary = sf.package(sorted(Path("out").glob("*.mp4")), "out/hls_dash", sf.PackageSpec(segment_seconds=2))
    print([(r.id, r.codecs, r.segment_count) for r in summary.renditions])

    # ... or encode and package in one pass, no intermediate files; report.package is the summary
    report = sf.transcode(clip, "vod", ladder, package=sf.PackageSpec(dash=False))

Conventions:

* Values (LadderSpec, VideoRung, AudioRendition, PackageSpec, SubtitleInput) round-trip through JSON
  (``to_json``/``from_json``) and plain dicts (``to_dict``/``from_dict``). Codecs and media types are strings ("h264", "video");
  rationals (frame rates, aspect ratios) are ``fractions.Fraction``.
* A failed call raises a subclass of :class:`Error` chosen by the status code, with ``.code``
  ("invalid_argument", "data_loss", ...), ``.field`` (e.g. "video[1].height") and ``.message``.
  Several are also builtin exceptions: NotFoundError is a FileNotFoundError, InvalidArgumentError a
  ValueError, PermissionDeniedError a PermissionError, UnimplementedError a NotImplementedError.
* Long calls (probe, make_test_clip, transcode, package) release the GIL. transcode and package take a
  ``progress`` callable and a :class:`CancelToken`; ``token.cancel()`` works from any thread. A failed
  or cancelled package run never leaves a manifest behind.

Thread-safety: module functions may be called from several threads at once. Result objects are plain
values; a LadderSpec or PackageSpec being mutated by one thread must not be used by another at the same
time.
"""

from ._streamforge import (
    # errors
    ERROR_CLASSES,
    AbortedError,
    AlreadyExistsError,
    CancelledError,
    DataLossError,
    DeadlineExceededError,
    Error,
    FailedPreconditionError,
    InternalError,
    InvalidArgumentError,
    NotFoundError,
    OutOfRangeError,
    PermissionDeniedError,
    ResourceExhaustedError,
    UnavailableError,
    UnimplementedError,
    UnknownError,
    # core
    CancelToken,
    Progress,
    log_level,
    set_log_level,
    set_log_sink,
    # probe
    ProbeInfo,
    ProbeStream,
    probe,
    # ladder
    AudioRendition,
    LadderSpec,
    ResolvedAudio,
    ResolvedLadder,
    ResolvedRung,
    VideoRung,
    default_ladder,
    resolve_ladder,
    # package
    PackageSpec,
    PackageSummary,
    RenditionSummary,
    SubtitleInput,
    package,
    # transcode
    DamagedSpan,
    RenditionReport,
    TranscodeReport,
    transcode,
    # packaging
    decrypt,
    # test clips
    make_test_clip,
)
from ._streamforge import __version__
from . import abr  # streamforge.abr: ABR controllers and the QoE simulator
from . import metadata  # streamforge.metadata: the metadata store (sqlite://, postgresql://)

# Show the public classes as streamforge.X (repr, help, pickle) rather than streamforge._streamforge.X.
for _cls in (CancelToken, Progress, ProbeInfo, ProbeStream, AudioRendition, LadderSpec, ResolvedAudio,
             ResolvedLadder, ResolvedRung, VideoRung, PackageSpec, PackageSummary, RenditionSummary, SubtitleInput,
             DamagedSpan, RenditionReport, TranscodeReport):
    _cls.__module__ = __name__
del _cls

_LOGGING_LEVELS = {"trace": 5, "debug": 10, "info": 20, "warn": 30, "error": 40}


def log_to_python_logging(logger=None):
    """Route streamforge's log lines (FFmpeg's included) to the standard :mod:`logging` module.

    Lines go to ``logger`` (default: ``logging.getLogger("streamforge")``) at the matching level
    ("trace" maps to 5, below DEBUG). The library's own level still filters first: see
    :func:`set_log_level`. Undo with ``set_log_sink(None)``.
    """
    import logging

    log = logger if logger is not None else logging.getLogger("streamforge")

    def sink(level, message):
        log.log(_LOGGING_LEVELS.get(level, logging.WARNING), "%s", message)

    set_log_sink(sink)


__all__ = [
    "__version__",
    # errors
    "Error",
    "ERROR_CLASSES",
    "AbortedError",
    "AlreadyExistsError",
    "CancelledError",
    "DataLossError",
    "DeadlineExceededError",
    "FailedPreconditionError",
    "InternalError",
    "InvalidArgumentError",
    "NotFoundError",
    "OutOfRangeError",
    "PermissionDeniedError",
    "ResourceExhaustedError",
    "UnavailableError",
    "UnimplementedError",
    "UnknownError",
    # core
    "CancelToken",
    "Progress",
    "log_level",
    "set_log_level",
    "set_log_sink",
    "log_to_python_logging",
    # probe
    "ProbeInfo",
    "ProbeStream",
    "probe",
    # ladder
    "AudioRendition",
    "LadderSpec",
    "ResolvedAudio",
    "ResolvedLadder",
    "ResolvedRung",
    "VideoRung",
    "default_ladder",
    "resolve_ladder",
    # package
    "PackageSpec",
    "PackageSummary",
    "RenditionSummary",
    "SubtitleInput",
    "package",
    # transcode
    "RenditionReport",
    "TranscodeReport",
    "DamagedSpan",
    "transcode",
    "decrypt",
    # test clips
    "make_test_clip",
]
