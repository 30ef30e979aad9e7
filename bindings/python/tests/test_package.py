"""package() and transcode(package=...): HLS/DASH output on disk, the summary, PackageSpec as a
value, errors, cancellation, progress callbacks and the GIL."""

import copy
import json
import os
import pathlib
import pickle
import threading
import time

import pytest

import streamforge as sf


def ladder():
    """Two video rungs and one audio rendition with 1 s GOPs, so 2 s segments cut on keyframes."""
    return sf.LadderSpec(video=[sf.VideoRung(height=240, bitrate_kbps=300),
                                sf.VideoRung(height=120, bitrate_kbps=120)],
                         audio=[sf.AudioRendition(bitrate_kbps=64)],
                         gop_seconds=1.0)


def files(folder):
    """Every file under `folder`, as sorted relative POSIX paths ([] for a missing folder)."""
    folder = pathlib.Path(folder)
    if not folder.exists():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def manifests(folder):
    return [f for f in files(folder) if f.endswith((".m3u8", ".mpd")) or f.endswith("summary.json")]


@pytest.fixture(scope="module")
def source(clips):
    """320x240 30 fps H.264 + AAC, 4 s, a keyframe every second."""
    return str(sf.make_test_clip(clips / "pkg_source.mp4", width=320, height=240, duration=4.0, gop_frames=30))


@pytest.fixture(scope="module")
def encoded(tmp_path_factory, source):
    """The source transcoded to one MP4 per rendition (the inputs package() copies from)."""
    out = tmp_path_factory.mktemp("encoded")
    report = sf.transcode(source, out, ladder())
    assert report.package is None  # no package= : a plain transcode
    return [out / "240p.mp4", out / "120p.mp4", out / "audio_aac_64k.mp4"]


@pytest.fixture(scope="module")
def ts_source(clips):
    """6 s of MPEG-TS (H.264 + AAC), streamable through a pipe."""
    return str(sf.make_test_clip(clips / "pkg_source.ts", width=320, height=240, duration=6.0, gop_frames=30))


def without_timing(d):
    return {k: v for k, v in d.items() if k != "wall_seconds"}


def check_summary_matches_disk(out, summary):
    # wall_seconds: summary.json is written before the run ends, so it holds a slightly shorter time.
    assert without_timing(json.loads((out / "summary.json").read_text())) == without_timing(summary.to_dict())
    assert summary.storage.endswith(out.name)
    for r in summary.renditions:
        assert (out / r.init).is_file(), r.init
        if summary.hls_master:
            assert (out / r.hls_playlist).is_file(), r.hls_playlist
    assert summary.total_bytes == sum(r.bytes for r in summary.renditions)


# ---- package(): stream copy of encoded files -------------------------------------------------------------------


def test_package_hls_and_dash(tmp_path, encoded):
    out = tmp_path / "out"
    samples = []
    summary = sf.package(encoded, out, sf.PackageSpec(segment_seconds=2), progress=samples.append)

    assert isinstance(summary, sf.PackageSummary)
    assert (out / "master.m3u8").is_file()
    assert (out / "manifest.mpd").is_file()
    assert (out / "summary.json").is_file()
    assert (summary.hls_master, summary.dash_manifest) == ("master.m3u8", "manifest.mpd")
    assert abs(summary.duration_seconds - 4.0) < 0.2
    assert summary.wall_seconds > 0

    ids = [r.id for r in summary.renditions]
    assert ids == ["240p", "120p", "audio_aac"]
    for rid in ids:
        assert (out / rid).is_dir(), rid
        assert any(f.startswith(rid + "/") for f in files(out))
    v0, v1, a = summary.renditions
    assert (v0.type, v0.width, v0.height) == ("video", 320, 240)
    assert (v1.type, v1.width, v1.height) == ("video", 160, 120)
    assert v0.codecs.startswith("avc1.") and v1.codecs.startswith("avc1.")
    assert abs(v0.frame_rate - 30.0) < 0.01
    assert (a.type, a.codecs, a.sample_rate, a.channels) == ("audio", "mp4a.40.2", 48000, 2)
    for r in summary.renditions:
        assert r.segment_count == 2, (r.id, r.segment_count)  # 4 s in 2 s segments
        assert r.bytes > 0 and r.average_bitrate > 0 and r.peak_bitrate >= r.average_bitrate
        assert abs(r.duration_seconds - 4.0) < 0.2
        assert r.to_dict() == summary.to_dict()["renditions"][summary.renditions.index(r)]
    assert "width" in v0.to_dict() and "width" not in a.to_dict()
    # Audio and picture start together: no audio before the first picture was left out.
    assert a.lead_dropped_seconds == 0.0 and a.to_dict()["lead_dropped_seconds"] == 0.0
    assert "lead_dropped_seconds" not in v0.to_dict()

    check_summary_matches_disk(out, summary)
    master = (out / "master.m3u8").read_text()
    assert master.startswith("#EXTM3U") and "240p/playlist.m3u8" in master and v0.codecs in master
    assert "<MPD" in (out / "manifest.mpd").read_text()

    assert repr(summary).startswith("<streamforge.PackageSummary 3 renditions")
    assert repr(v0).startswith("<streamforge.RenditionSummary 240p avc1.")
    # Progress, when the run was long enough to report any: Progress objects of phase "package".
    assert all(isinstance(p, sf.Progress) and p.phase == "package" for p in samples)


def test_package_fills_sound_that_ends_before_the_picture(tmp_path, clips):
    # A 4 s picture and 2 s of AAC or Opus, copied from two files: players would stall at 2 s, so
    # the packager adds 2 s of silent frames and says so. What it cannot fill (an AAC layout given
    # by a program_config_element) it leaves, and warns instead.
    picture = sf.make_test_clip(clips / "fill_picture.mp4", duration=4.0, gop_frames=30, audio=False)
    for codec in ("aac", "opus"):
        sound = sf.make_test_clip(clips / f"fill_{codec}.mp4", duration=2.0, video=False, audio_codec=codec)
        summary = sf.package([picture, sound], tmp_path / codec, sf.PackageSpec(segment_seconds=2))
        audio = summary.renditions[1]
        assert audio.type == "audio" and abs(audio.gap_fill_seconds - 2.0) < 0.05, (codec, audio.gap_fill_seconds)
        assert abs(audio.duration_seconds - summary.renditions[0].duration_seconds) < 0.05
        assert audio.to_dict()["gap_fill_seconds"] == audio.gap_fill_seconds
        assert summary.warnings == [] and summary.to_dict()["warnings"] == []

    import subprocess
    pce = tmp_path / "fill_pce.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac", "-aac_pce", "1",
                    "-ac", "2", str(pce)], check=True)
    summary = sf.package([picture, pce], tmp_path / "pce", sf.PackageSpec(segment_seconds=2))
    assert summary.renditions[1].gap_fill_seconds == 0.0
    assert len(summary.warnings) == 1 and "program_config_element" in summary.warnings[0], summary.warnings
    assert summary.to_dict()["warnings"] == summary.warnings


def test_package_single_file(tmp_path, encoded):
    out = tmp_path / "out"
    summary = sf.package([str(p) for p in encoded[1:]], out, {"segment_seconds": 2, "single_file": True})
    assert [r.id for r in summary.renditions] == ["120p", "audio_aac"]
    check_summary_matches_disk(out, summary)
    for r in summary.renditions:
        assert r.segment_count == 2
        media = [f for f in files(out / r.id) if not f.endswith(".m3u8")]
        assert len(media) == 1, media  # one file per rendition, segments addressed by byte range
    assert "#EXT-X-BYTERANGE" in (out / summary.renditions[0].hls_playlist).read_text()


def test_package_dash_only(tmp_path, encoded):
    out = tmp_path / "out"
    summary = sf.package(encoded[0], out, '{"hls": false, "dash_addressing": "number"}')
    assert [r.id for r in summary.renditions] == ["240p"]
    assert (summary.hls_master, summary.dash_manifest) == ("", "manifest.mpd")
    assert all(r.hls_playlist == "" for r in summary.renditions)
    assert not [f for f in files(out) if f.endswith(".m3u8")]
    assert "$Number" in (out / "manifest.mpd").read_text()
    check_summary_matches_disk(out, summary)


def test_package_inputs_forms(tmp_path, encoded):
    # One os.PathLike (not in a list) and the defaults: HLS + DASH with 4 s segments.
    summary = sf.package(encoded[2], tmp_path / "a")
    assert [r.id for r in summary.renditions] == ["audio_aac"]
    assert summary.renditions[0].segment_count >= 1
    assert (tmp_path / "a" / "master.m3u8").is_file() and (tmp_path / "a" / "manifest.mpd").is_file()
    # A tuple of str; renditions of the same height get distinct ids.
    summary = sf.package((str(encoded[1]), str(encoded[1])), str(tmp_path / "b"), sf.PackageSpec(dash=False))
    assert [r.id for r in summary.renditions] == ["120p", "120p_2"]
    with pytest.raises(TypeError):
        sf.package(42, tmp_path / "c")
    with pytest.raises(TypeError):
        sf.package([encoded[0], 42], tmp_path / "c")
    with pytest.raises(sf.InvalidArgumentError):
        sf.package([], tmp_path / "c")
    assert files(tmp_path / "c") == []


def test_package_missing_input(tmp_path, encoded):
    out = tmp_path / "out"
    with pytest.raises(sf.NotFoundError) as info:
        sf.package([encoded[0], tmp_path / "missing.mp4"], out)
    assert isinstance(info.value, FileNotFoundError)
    assert info.value.code == "not_found"
    assert "missing.mp4" in str(info.value)
    assert files(out) == []


def test_package_invalid_spec_raises_before_work(tmp_path, encoded):
    out = tmp_path / "out"
    for spec, field in ((sf.PackageSpec(segment_seconds=0.1), "segment_seconds"),
                        ({"segment_seconds": 0.1}, "segment_seconds"),
                        ('{"hls": false, "dash": false}', "hls"),
                        ({"ts": True, "single_file": True}, "single_file"),
                        ({"segmentseconds": 2}, "segmentseconds")):
        with pytest.raises(sf.InvalidArgumentError) as info:
            sf.package(encoded, out, spec)
        assert info.value.field == field, spec
    assert not out.exists()
    with pytest.raises(TypeError):
        sf.package(encoded, out, spec=42)
    with pytest.raises(TypeError):
        sf.package(encoded, out, progress="not callable")


def test_package_already_cancelled(tmp_path, encoded):
    token = sf.CancelToken()
    token.cancel()
    with pytest.raises(sf.CancelledError):
        sf.package(encoded, tmp_path / "out", cancel=token)
    assert files(tmp_path / "out") == []


# ---- package() from a pipe: a job that lasts as long as the test wants ------------------------------------------


class SlowPipe:
    """A pipe that a Python thread fills with the bytes of `source` in small pieces over about
    `seconds`; ``path`` ("/dev/fd/N") opens its read end. package() reading it cannot finish before
    that Python thread has written everything, so it can only finish if the GIL is released while
    it runs; and it runs long enough for progress reports (the first comes after 250 ms).

    This process keeps its own read end open until exit, so the writer never sees a broken pipe
    while the library opens and closes the path (it does, to check the input)."""

    def __init__(self, source, seconds, pieces=20):
        self.data = pathlib.Path(source).read_bytes()
        self.pieces = pieces
        self.pause = seconds / pieces
        self.written = 0  # pieces written
        self.read_fd, self.write_fd = os.pipe()
        self.thread = threading.Thread(target=self._write, daemon=True)

    @property
    def path(self):
        return f"/dev/fd/{self.read_fd}"

    def _write(self):
        step = -(-len(self.data) // self.pieces)
        try:
            for i in range(0, len(self.data), step):
                view = memoryview(self.data)[i:i + step]
                while view:
                    view = view[os.write(self.write_fd, view):]
                self.written += 1
                time.sleep(self.pause)
        except OSError:  # BrokenPipeError: the reader stopped early and __exit__ closed our read end
            pass
        finally:
            os.close(self.write_fd)

    def __enter__(self):
        if not os.path.exists(self.path):
            pytest.skip("no /dev/fd")
        self.thread.start()
        return self

    def __exit__(self, *exc):
        os.close(self.read_fd)  # a writer blocked on a full pipe gets EPIPE
        self.thread.join(10)
        assert not self.thread.is_alive()


def test_package_gil_released(tmp_path, ts_source):
    with SlowPipe(ts_source, seconds=0.6) as pipe:
        t0 = time.monotonic()
        summary = sf.package(pipe.path, tmp_path / "out", sf.PackageSpec(segment_seconds=2))
        elapsed = time.monotonic() - t0
        assert pipe.written == pipe.pieces  # the writer thread ran while package() was reading
    assert elapsed >= 0.4
    assert [r.type for r in summary.renditions] == ["video", "audio"]
    assert summary.renditions[0].segment_count == 3  # 6 s in 2 s segments
    assert (tmp_path / "out" / "master.m3u8").is_file()


def test_package_cancel_from_progress(tmp_path, ts_source):
    token = sf.CancelToken()
    calls = []

    def on_progress(p):
        calls.append(p)
        token.cancel()

    out = tmp_path / "out"
    with SlowPipe(ts_source, seconds=3.0) as pipe:
        with pytest.raises(sf.CancelledError):
            sf.package(pipe.path, out, progress=on_progress, cancel=token)
        assert pipe.written < pipe.pieces  # stopped early
    assert calls and calls[0].phase == "package" and calls[0].frames_done > 0
    assert manifests(out) == []
    assert files(out) == []


class Boom(Exception):
    pass


def test_package_progress_exception_propagates(tmp_path, ts_source):
    raised = Boom("from the callback")
    calls = []

    def on_progress(p):
        calls.append(p)
        raise raised

    token = sf.CancelToken()
    with SlowPipe(ts_source, seconds=3.0) as pipe:
        with pytest.raises(Boom) as info:
            sf.package([pipe.path], tmp_path / "out", progress=on_progress, cancel=token)
    assert info.value is raised
    assert len(calls) == 1  # not called again after it raised
    assert token.cancelled
    assert files(tmp_path / "out") == []


# ---- transcode(package=...): encode and package in one pass -------------------------------------------------


def test_transcode_and_package(tmp_path, source):
    out = tmp_path / "out"
    report = sf.transcode(source, out, ladder(), package=sf.PackageSpec(segment_seconds=2))
    assert isinstance(report, sf.TranscodeReport)
    assert [r.name for r in report.renditions] == ["240p", "120p", "audio_aac_64k"]
    assert repr(report).endswith(", packaged>")
    summary = report.package
    assert isinstance(summary, sf.PackageSummary)
    assert [r.id for r in summary.renditions] == ["240p", "120p", "audio_aac_64k"]
    assert [r.codecs[:5] for r in summary.renditions] == ["avc1.", "avc1.", "mp4a."]
    assert all(r.segment_count == 2 for r in summary.renditions)
    for name in ("master.m3u8", "manifest.mpd", "summary.json", "240p", "120p", "audio_aac_64k"):
        assert (out / name).exists(), name
    assert not [f for f in files(out) if f.endswith(".mp4") and "/" not in f]  # no intermediate MP4s
    check_summary_matches_disk(out, summary)
    assert "package" not in report.to_dict()


def test_transcode_chunked_and_package_ts(tmp_path, source):
    """Chunked mode feeds the packager like one pass; HLS in MPEG-TS, DASH in CMAF."""
    out = tmp_path / "out"
    report = sf.transcode(source, out, {"gop_seconds": 1, "video": [{"height": 120, "bitrate_kbps": 100}],
                                        "audio": [{"bitrate_kbps": 64}]},
                          chunks=2, workers=2, package={"segment_seconds": 2, "ts": True})
    assert report.chunks == 2
    assert [(r.id, r.segment_count) for r in report.package.renditions] == [("120p", 2), ("audio_aac_64k", 2)]
    assert "120p/seg-00001.ts" in files(out) and "120p/seg-00001.m4s" in files(out)
    assert ".ts" in (out / report.package.renditions[0].hls_playlist).read_text()
    check_summary_matches_disk(out, report.package)


def test_transcode_package_spec_errors(tmp_path, source):
    with pytest.raises(sf.InvalidArgumentError) as info:
        sf.transcode(source, tmp_path / "out", ladder(), package={"segment_seconds": 0.1})
    assert info.value.field == "segment_seconds"
    with pytest.raises(sf.InvalidArgumentError) as info:
        sf.transcode(source, tmp_path / "out", sf.LadderSpec(video=[sf.VideoRung(height=241)]), package={})
    assert info.value.field.startswith("video[0]")
    with pytest.raises(TypeError):
        sf.transcode(source, tmp_path / "out", ladder(), package=42)
    assert files(tmp_path) == []


def test_transcode_package_cancel_from_progress(tmp_path, long_clip, slow_ladder):
    token = sf.CancelToken()
    calls = []

    def on_progress(p):
        calls.append(p)
        if p.frames_done > 0:
            token.cancel()

    out = tmp_path / "out"
    with pytest.raises(sf.CancelledError):
        sf.transcode(long_clip, out, slow_ladder, progress=on_progress, cancel=token, package=sf.PackageSpec())
    assert calls
    assert manifests(out) == []
    assert files(out) == []


def test_transcode_package_progress_exception(tmp_path, long_clip, slow_ladder):
    raised = Boom("from the callback")

    def on_progress(p):
        raise raised

    with pytest.raises(Boom) as info:
        sf.transcode(long_clip, tmp_path / "out", slow_ladder, progress=on_progress, package={"dash": False})
    assert info.value is raised
    assert files(tmp_path / "out") == []


# ---- PackageSpec / SubtitleInput as values ---------------------------------------------------------------------


def test_spec_defaults_and_fields():
    spec = sf.PackageSpec()
    assert (spec.hls, spec.dash, spec.segment_seconds, spec.ts, spec.single_file) == (True, True, 4.0, False, False)
    assert (spec.dash_addressing, spec.iframe_playlists) == ("timeline", True)
    assert (spec.hls_master, spec.dash_manifest, spec.subtitles) == ("master.m3u8", "manifest.mpd", [])
    assert repr(spec) == "PackageSpec()"
    spec.validate()
    assert spec.is_valid()
    spec.segment_seconds = 6
    spec.dash = False
    assert repr(spec) == "PackageSpec(dash=False, segment_seconds=6.0)"
    with pytest.raises(TypeError):
        sf.PackageSpec(True)  # keywords only
    with pytest.raises(TypeError):
        spec.hls_master = 3


def test_spec_json_and_dict_round_trip(tmp_path):
    spec = sf.PackageSpec(segment_seconds=2, ts=True, dash=False, dash_addressing="number", iframe_playlists=False,
                          hls_master="index.m3u8",
                          subtitles=[sf.SubtitleInput(tmp_path / "en.vtt", language="en", name="English",
                                                      default=True),
                                     {"path": "fr.vtt", "language": "fr"}])
    assert all(isinstance(s, sf.SubtitleInput) for s in spec.subtitles)
    assert spec.subtitles[0].path == str(tmp_path / "en.vtt")
    d = spec.to_dict()
    assert d["segment_seconds"] == 2 and d["ts"] is True and d["hls_master"] == "index.m3u8"
    assert d["subtitles"][1] == {"path": "fr.vtt", "language": "fr", "name": "", "default": False}
    assert sf.PackageSpec.from_dict(d) == spec
    assert sf.PackageSpec.from_json(spec.to_json()) == spec
    assert sf.PackageSpec.from_json(spec.to_json(indent=-1)) == spec
    assert json.loads(spec.to_json()) == d
    assert sf.PackageSpec(**{k: v for k, v in d.items()}) == spec  # the dict's keys are the keywords
    assert pickle.loads(pickle.dumps(spec)) == spec
    assert copy.deepcopy(spec) == spec and copy.copy(spec) is not spec
    assert eval(repr(spec), {"PackageSpec": sf.PackageSpec, "SubtitleInput": sf.SubtitleInput}) == spec
    assert spec != sf.PackageSpec()

    # subtitles is the list itself: edits in place change the spec.
    spec.subtitles[1].language = "de"
    spec.subtitles.append(sf.SubtitleInput("es.vtt", language="es"))
    assert [s["language"] for s in spec.to_dict()["subtitles"]] == ["en", "de", "es"]
    del spec.subtitles[:]
    assert spec.to_dict()["subtitles"] == []

    sub = sf.SubtitleInput("en.vtt", language="en", default=True)
    assert sub.to_dict() == {"path": "en.vtt", "language": "en", "name": "", "default": True}
    assert sf.SubtitleInput(**sub.to_dict()) == sub
    assert sf.SubtitleInput.from_dict(sub.to_dict()) == sub
    assert pickle.loads(pickle.dumps(sub)) == sub
    assert repr(sub) == "SubtitleInput(path='en.vtt', language='en', default=True)"
    assert sf.SubtitleInput("x.vtt").language == "und"


def test_spec_validation_errors():
    cases = [
        (dict(segment_seconds=0.1), "segment_seconds"),
        (dict(segment_seconds=61), "segment_seconds"),
        (dict(segment_seconds=float("nan")), "segment_seconds"),
        (dict(hls=False, dash=False), "hls"),
        (dict(dash_addressing="bogus"), "dash_addressing"),
        (dict(ts=True, hls=False), "ts"),
        (dict(ts=True, single_file=True), "single_file"),
        (dict(hls_master="../master.m3u8"), "hls_master"),
        (dict(dash_manifest=""), "dash_manifest"),
        (dict(subtitles=[sf.SubtitleInput("")]), "subtitles[0].path"),
        (dict(subtitles=[sf.SubtitleInput("a.vtt"), sf.SubtitleInput("b.vtt", language="en us")]),
         "subtitles[1].language"),
    ]
    for kwargs, field in cases:
        spec = sf.PackageSpec(**kwargs)  # nothing checked yet
        assert not spec.is_valid(), kwargs
        with pytest.raises(sf.InvalidArgumentError) as info:
            spec.validate()
        assert info.value.field == field, kwargs
        assert isinstance(info.value, ValueError)
        with pytest.raises(sf.InvalidArgumentError) as info:
            sf.PackageSpec.from_dict(spec.to_dict())
        assert info.value.field == field, kwargs

    with pytest.raises(sf.InvalidArgumentError) as info:
        sf.PackageSpec.from_json('{"segment_seconds": "two"}')
    assert info.value.field == "segment_seconds"
    with pytest.raises(sf.InvalidArgumentError) as info:
        sf.PackageSpec.from_dict({"subtitles": [{"path": "a.vtt", "lang": "en"}]})
    assert info.value.field == "subtitles[0].lang"
    with pytest.raises(sf.InvalidArgumentError):
        sf.PackageSpec.from_json("not json")
    with pytest.raises(sf.InvalidArgumentError) as info:
        sf.PackageSpec(subtitles=[{"path": "a.vtt", "lang": "en"}])
    assert info.value.field == "subtitles[0].lang"
    with pytest.raises(TypeError):
        sf.PackageSpec(subtitles="en.vtt")
    with pytest.raises(TypeError):
        sf.PackageSpec(subtitles=[42])


def test_thumbnails_sprites_posters_and_spec_dict(tmp_path, encoded):
    spec = sf.PackageSpec(segment_seconds=2, thumbnails={"enabled": True, "columns": 2, "rows": 2})
    assert spec.thumbnails["enabled"] is True and spec.thumbnails["tile_width"] == 160
    summary = sf.package(encoded, tmp_path / "out", spec)
    d = summary.to_dict()
    assert d["thumbnails_vtt"] == "thumbnails/thumbnails.vtt"
    assert d["sprite_count"] >= 1 and len(d["posters"]) == 5
    assert (tmp_path / "out" / "thumbnails" / "sprite-1.jpg").stat().st_size > 0
    assert (tmp_path / "out" / d["posters"][2]["key"]).exists()
    assert "contentType=\"image\"" in (tmp_path / "out" / "manifest.mpd").read_text()
    with pytest.raises(sf.InvalidArgumentError) as e:
        spec.thumbnails = {"tile_width": 161}
    assert e.value.field == "thumbnails.tile_width"
    with pytest.raises(TypeError):
        spec.thumbnails = 3


def test_encryption_cenc_and_cbcs_signalled_and_keys_hidden_in_repr(tmp_path, encoded):
    kid, key = "0123456789abcdef0123456789abcdef", "00112233445566778899aabbccddeeff"
    for scheme in ("cenc", "cbcs"):
        spec = sf.PackageSpec(segment_seconds=2, encryption={"scheme": scheme, "keys": [{"kid": kid, "key": key}]})
        assert spec.encryption["scheme"] == scheme and spec.encryption["keys"][0]["kid"] == kid
        assert key not in repr(spec)
        out = tmp_path / scheme
        sf.package(encoded, out, spec)
        mpd = (out / "manifest.mpd").read_text()
        assert f'value="{scheme}" cenc:default_KID="01234567-89ab-cdef-0123-456789abcdef"' in mpd
        assert b"encv" in (out / "240p" / "init.mp4").read_bytes()
    with pytest.raises(sf.InvalidArgumentError) as e:
        sf.PackageSpec(encryption={"scheme": "cens", "keys": [{"kid": kid, "key": key}]})
    assert e.value.field == "encryption.scheme"
    spec = sf.PackageSpec(encryption={"keys": [{"kid": kid, "key": key}]})
    spec.encryption = None
    assert spec.encryption is None and spec == sf.PackageSpec()


def test_decrypt_round_trip(tmp_path, encoded):
    kid, key = "0123456789abcdef0123456789abcdef", "00112233445566778899aabbccddeeff"
    spec = sf.PackageSpec(segment_seconds=2, encryption={"scheme": "cenc", "keys": [{"kid": kid, "key": key}]})
    sf.package(encoded, tmp_path / "enc", spec)
    folder = tmp_path / "enc" / "240p"
    parts = [folder / "init.mp4"] + sorted(folder.glob("seg-*.m4s"))
    report = sf.decrypt(parts, tmp_path / "clear.mp4", [f"{kid}:{key}"])
    assert report["scheme"] == "cenc" and report["encrypted_samples"] == report["samples"] > 0
    assert (tmp_path / "clear.mp4").stat().st_size > 1000
    with pytest.raises(sf.NotFoundError):
        sf.decrypt(parts, tmp_path / "x.mp4", ["ff" * 16 + ":" + key])
    assert not (tmp_path / "x.mp4").exists()


# ---- keys from a CPIX key server ---------------------------------------------------------------------------------

CPIX_SERVER = pathlib.Path(__file__).resolve().parents[3] / "tests" / "support" / "cpix_server.py"


@pytest.fixture()
def cpix_server():
    """tests/support/cpix_server.py: a real CPIX 2.3 key server on 127.0.0.1 that wants a bearer token.
    Yields its base URL; GET <base>/keys tells which keys it handed out."""
    import subprocess
    proc = subprocess.Popen(["/usr/bin/python3", str(CPIX_SERVER), "--require-header", "Authorization: Bearer t0k"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        yield "http://127.0.0.1:%d" % int(proc.stdout.readline())
    finally:
        proc.kill()
        proc.wait()


def issued_keys(base):
    import urllib.request
    with urllib.request.urlopen(base + "/keys") as r:
        return json.load(r)


def test_package_with_keys_from_a_cpix_server(tmp_path, encoded, cpix_server):
    encryption = {"scheme": "cbcs", "cpix_url": cpix_server + "/cpix?sig=querysecret",
                  "cpix_headers": ["X-Speke-Version: 2.0", "Authorization: Bearer t0k"], "content_id": "py-1",
                  "cpix_track_types": ["audio", "sd"]}
    spec = sf.PackageSpec(segment_seconds=2, encryption=encryption)
    assert spec.encryption["cpix_url"].endswith("?sig=querysecret")  # the value itself is kept
    assert "t0k" not in repr(spec) and "querysecret" not in repr(spec) and "<2 headers hidden>" in repr(spec)
    assert sf.PackageSpec.from_json(spec.to_json()) == spec
    out = tmp_path / "cpix"
    summary = sf.package(encoded, out, spec)
    seen = issued_keys(cpix_server)
    assert seen["requests"] == 1 and seen["content_ids"] == ["py-1"] and seen["track_types"] == ["AUDIO", "SD"]
    assert seen["headers"]["x-speke-version"] == "2.0"
    keys = [f"{kid}:{key}" for kid, key in seen["keys"].items()]
    assert len(keys) == 2  # one for audio, one for SD video
    for r in summary.renditions:  # 240p and 120p (SD key), audio (audio key)
        init = out / r.init
        parts = [init] + sorted(init.parent.glob("seg-*.m4s"))
        report = sf.decrypt(parts, tmp_path / f"{r.id}.mp4", keys)
        assert report["scheme"] == "cbcs" and report["encrypted_samples"] > 0, r.id
    # Wrong credentials: nothing is written, and the error says why without the token.
    encryption["cpix_headers"] = ["Authorization: Bearer wr0ng"]
    with pytest.raises(sf.PermissionDeniedError) as e:
        sf.package(encoded, tmp_path / "refused", sf.PackageSpec(encryption=encryption))
    assert "HTTP 401" in str(e.value) and "wr0ng" not in str(e.value) and "querysecret" not in str(e.value)
    assert manifests(tmp_path / "refused") == []


def test_cpix_encryption_spec_errors():
    base = {"cpix_url": "https://keys.example/cpix", "content_id": "c"}
    for change, field in (({"content_id": ""}, "encryption.content_id"),
                          ({"cpix_url": "ftp://x/"}, "encryption.cpix_url"),
                          ({"cpix_headers": ["no colon"]}, "encryption.cpix_headers[0]"),
                          ({"cpix_track_types": ["8k"]}, "encryption.cpix_track_types[0]"),
                          ({"keys": [{"kid": "01" * 16, "key": "02" * 16}]}, "encryption.cpix_url")):
        with pytest.raises(sf.InvalidArgumentError) as e:
            sf.PackageSpec(encryption={**base, **change})
        assert e.value.field == field, change
