"""transcode(): a real 2-rung ladder, progress, cancellation, callback errors, the GIL."""

import json
import random
import signal
import threading
import time
from fractions import Fraction

import pytest

import streamforge as sf


def two_rung_ladder():
    return sf.LadderSpec(video=[sf.VideoRung(height=240, bitrate_kbps=400),
                                sf.VideoRung(height=120, bitrate_kbps=150)],
                         audio=[sf.AudioRendition(bitrate_kbps=64)])


def mp4s(folder):
    return sorted(p.name for p in folder.rglob("*.mp4")) if folder.exists() else []


def test_two_rungs(tmp_path, clip):
    out = tmp_path / "out"
    samples = []
    report = sf.transcode(clip, out, two_rung_ladder(), progress=samples.append)

    assert isinstance(report, sf.TranscodeReport)
    assert report.source_frames == 60
    assert report.decode_errors == 0
    assert report.chunks == 1
    assert report.wall_seconds > 0 and report.source_fps > 0
    names = [r.name for r in report.renditions]
    assert names == ["240p", "120p", "audio_aac_64k"]
    v0, v1, a = report.renditions
    assert (v0.type, v0.codec, v0.width, v0.height, v0.packets) == ("video", "h264", 320, 240, 60)
    assert (v1.width, v1.height) == (160, 120)
    assert v0.keyframes >= 1 and v0.bytes > 0 and abs(v0.duration_seconds - 2.0) < 0.1
    assert 0 < v0.bitrate_kbps < 2000
    assert (a.type, a.codec) == ("audio", "aac")
    assert a.gap_fill_seconds == 0 and a.to_dict()["gap_fill_seconds"] == 0  # no gaps in this source
    assert [r.index for r in report.renditions] == [0, 1, 2]
    assert [r.width for r in report.ladder.video] == [320, 160]

    assert mp4s(out) == ["120p.mp4", "240p.mp4", "audio_aac_64k.mp4"]
    assert (out / "streams.json").exists()
    assert json.loads((out / "report.json").read_text()) == report.to_dict()
    d = report.to_dict()
    assert d["renditions"][0] == v0.to_dict()
    assert sf.probe(out / "120p.mp4").first_video().height == 120

    # Progress: called at least once, with Progress objects, never going backwards, ending complete.
    assert samples and all(isinstance(p, sf.Progress) for p in samples)
    fractions = [p.fraction for p in samples]
    assert fractions == sorted(fractions)
    last = samples[-1]
    assert last.frames_done == last.frames_total == 60
    assert last.fraction == 1.0
    assert last.phase.startswith("transcode")


def test_ladder_as_dict_and_chunked(tmp_path, clip):
    report = sf.transcode(clip, tmp_path / "o", {"video": [{"height": 120, "bitrate_kbps": 150}]}, chunks=2,
                          workers=2)
    assert [r.name for r in report.renditions] == ["120p"]
    assert report.chunks == 2
    assert report.renditions[0].packets == 60


def test_chunk_warmup_changes_bytes_not_frames(tmp_path, clip):
    ladder = {"gop_seconds": 0.5, "video": [{"height": 120, "bitrate_kbps": 150}]}
    cold = sf.transcode(clip, tmp_path / "cold", ladder, chunks=2, workers=2, chunk_warmup_gops=0)
    warm = sf.transcode(clip, tmp_path / "warm", ladder, chunks=2, workers=2, chunk_warmup_gops=1)
    for r in (cold, warm):
        assert (r.renditions[0].packets, r.renditions[0].keyframes) == (60, 4)
    # The warmed-up second chunk starts from learnt rate control: other bytes, same frames.
    assert (tmp_path / "cold" / "120p.mp4").read_bytes() != (tmp_path / "warm" / "120p.mp4").read_bytes()


def test_interlaced_source_is_deinterlaced_by_default(tmp_path, clips):
    src = sf.make_test_clip(clips / "interlaced.mp4", width=320, height=240, fps=25, duration=1.0, interlaced=True,
                            audio=False)
    video = sf.probe(src).first_video()
    assert (video.field_order, video.interlaced) == ("tff", True)
    ladder = sf.LadderSpec(video=[sf.VideoRung(height=240, bitrate_kbps=800)])
    auto = sf.transcode(src, tmp_path / "auto", ladder)
    assert auto.ladder.deinterlace == "auto"
    assert any("deinterlacing" in n for n in auto.ladder.notes)
    ladder.deinterlace = "off"
    off = sf.transcode(src, tmp_path / "off", ladder)
    assert off.ladder.deinterlace == "off"
    # One progressive frame per source frame: same count, different pictures.
    assert auto.renditions[0].packets == off.renditions[0].packets == auto.source_frames
    assert (tmp_path / "auto" / "240p.mp4").read_bytes() != (tmp_path / "off" / "240p.mp4").read_bytes()
    # One frame per field: twice the frames at twice the rate, the decision in the ladder.
    ladder.deinterlace, ladder.deinterlace_rate = "auto", "field"
    field = sf.transcode(src, tmp_path / "field", ladder)
    assert (field.ladder.deinterlace_rate, auto.ladder.deinterlace_rate) == ("field", "frame")
    assert field.ladder.video[0].frame_rate == 2 * auto.ladder.video[0].frame_rate
    assert field.renditions[0].packets == field.source_frames == 2 * auto.source_frames
    assert sf.probe(tmp_path / "field" / "240p.mp4").first_video().frame_count == 2 * auto.source_frames
    # A progressive source is left alone.
    plain = sf.probe(sf.make_test_clip(clips / "progressive.mp4", width=160, height=120, duration=0.5))
    assert (plain.first_video().field_order, plain.first_video().interlaced) != ("tff", True)
    assert sf.LadderSpec.default().resolve(plain).deinterlace == "off"



def test_field_coded_hevc_is_woven_into_frames(tmp_path, clips):
    # Broadcast 1080i HEVC codes every field as its own picture; FFmpeg reports 320x120 at 50 fps.
    src = sf.make_test_clip(clips / "field-coded.ts", codec="hevc", width=320, height=240, fps=25, duration=1.0,
                            interlaced=True, audio=False)
    v = sf.probe(src).first_video()
    assert (v.field_coded, v.field_order, v.width, v.height, v.frame_rate) == (True, "tff", 320, 240, Fraction(25))
    assert v.to_dict()["field_coded"] is True
    result = sf.transcode(src, tmp_path / "fc", sf.LadderSpec(video=[sf.VideoRung(height=240, bitrate_kbps=500)]))
    assert (result.ladder.video[0].width, result.ladder.video[0].height) == (320, 240)
    assert result.source_frames == result.renditions[0].packets >= 25


def test_full_range_source_comes_out_limited_range(tmp_path, clips):
    # Phones and MJPEG cameras record 0..255; every rung is limited range, converted, not relabelled.
    src = sf.make_test_clip(clips / "full-range.mp4", width=320, height=240, duration=0.5, full_range=True,
                            audio=False)
    assert sf.probe(src).first_video().color_range == "pc"
    sf.transcode(src, tmp_path / "fr", sf.LadderSpec(video=[sf.VideoRung(height=240, bitrate_kbps=500),
                                                           sf.VideoRung(height=120, bitrate_kbps=200)]))
    for name in ("240p", "120p"):
        assert sf.probe(tmp_path / "fr" / f"{name}.mp4").first_video().color_range != "pc"


def test_film_mode_removes_the_pulldown(tmp_path, clips):
    src = sf.make_test_clip(clips / "telecined.mp4", width=320, height=240, fps="30000/1001", duration=2.0,
                            telecine=True, audio=False)
    assert sf.probe(src).first_video().interlaced and sf.probe(src).first_video().telecined
    ladder = sf.LadderSpec(video=[sf.VideoRung(height=240, bitrate_kbps=800)], deinterlace_rate="film")
    film = sf.transcode(src, tmp_path / "film", ladder)
    assert (film.ladder.deinterlace_rate, film.ladder.inverse_telecine) == ("film", True)
    assert film.ladder.video[0].frame_rate == Fraction(24000, 1001)
    assert any("3:2 pulldown removed" in n for n in film.ladder.notes)
    frames = sf.probe(src).first_video().frame_count
    assert film.source_frames == film.renditions[0].packets == frames * 4 // 5
    out = sf.probe(tmp_path / "film" / "240p.mp4").first_video()
    assert out.frame_rate == Fraction(24000, 1001) and not out.interlaced
    # auto picks film where probe finds the pulldown.
    ladder.deinterlace_rate = "auto"
    assert ladder.resolve(sf.probe(src)).deinterlace_rate == "film"

def test_timestamp_wrap_keeps_every_frame(tmp_path, clips):
    # An MPEG-TS capture whose 33-bit timestamps wrap 2.7 s in: FFmpeg puts the part before the
    # wrap at negative times; the output is moved to start at 0 instead of losing it.
    src = sf.make_test_clip(clips / "wrap.ts", width=160, height=120, fps=25, duration=3.0, start=95441)
    info = sf.probe(src)
    assert -2.8 < info.start_seconds < -2.6
    assert '"start_seconds"' in info.to_json()
    ladder = sf.LadderSpec(video=[sf.VideoRung(height=120, bitrate_kbps=200)],
                           audio=[sf.AudioRendition(bitrate_kbps=64)])
    report = sf.transcode(src, tmp_path / "out", ladder)
    assert any("timeline starts at -2." in n for n in report.ladder.notes)
    assert report.renditions[0].packets == 75
    out = sf.probe(tmp_path / "out" / "120p.mp4")
    assert out.start_seconds >= 0
    assert out.first_video().frame_count == 75
    plain = sf.probe(sf.make_test_clip(clips / "plain.ts", width=160, height=120, duration=0.5, start=10))
    assert 9.9 < plain.start_seconds < 10.1


def test_damaged_source_is_concealed_and_listed_or_refused(tmp_path, clips):
    # 16 KiB of random bytes in the middle of an MPEG-TS capture (a bad reception).
    src = sf.make_test_clip(clips / "to_damage.ts", width=160, height=120, fps=25, duration=8.0)
    with open(src, "rb") as f:
        data = bytearray(f.read())
    start = len(data) // 2 // 188 * 188
    data[start:start + 16384] = random.Random(7).randbytes(16384)
    damaged = tmp_path / "damaged.ts"
    damaged.write_bytes(bytes(data))
    ladder = sf.LadderSpec(video=[sf.VideoRung(height=120, bitrate_kbps=200)],
                           audio=[sf.AudioRendition(bitrate_kbps=64)])

    report = sf.transcode(damaged, tmp_path / "out", ladder)
    assert report.damage, "the damage is listed"
    span = report.damage[0]
    assert isinstance(span, sf.DamagedSpan)
    assert span.stream_index == 0 and 2 < span.to_seconds and span.from_seconds < 6 and span.events >= 1
    assert report.to_dict()["damage"][0] == span.to_dict()
    assert "DamagedSpan stream #0" in repr(span)
    assert (tmp_path / "out" / "120p.mp4").exists()
    assert sf.transcode(src, tmp_path / "clean", ladder, fail_on_damage=True).damage == []

    with pytest.raises(sf.DataLossError, match="damaged at"):
        sf.transcode(damaged, tmp_path / "refused", ladder, fail_on_damage=True)
    assert not (tmp_path / "refused").exists()


def test_a_pause_the_recording_was_made_with_is_not_damage(tmp_path, clips):
    # Two seconds without a picture (a browser tab hidden while recording), every byte there.
    src = sf.make_test_clip(clips / "paused.mkv", width=160, height=120, fps=25, duration=8.0,
                            pause_at=3.0, pause_for=2.0)
    ladder = sf.LadderSpec(video=[sf.VideoRung(height=120, bitrate_kbps=200)],
                           audio=[sf.AudioRendition(bitrate_kbps=64)])
    report = sf.transcode(src, tmp_path / "out", ladder, fail_on_damage=True)
    assert report.damage == []
    assert report.source_frames == 150
    # The picture is held over the pause (players stall or freeze on a hole in the video).
    video = report.renditions[0]
    assert abs(video.gap_fill_seconds - 2.0) < 0.05, video.to_dict()
    with pytest.raises(sf.InvalidArgumentError, match="pause"):
        sf.make_test_clip(tmp_path / "bad.mkv", duration=2.0, pause_at=1.0, pause_for=5.0)


def test_hdr_source_gets_sdr_eight_bit_rungs(tmp_path, hdr_clip):
    ladder = sf.LadderSpec(video=[sf.VideoRung(height=120, bitrate_kbps=200),
                                  sf.VideoRung(name="120p_hevc", height=120, codec="hevc", bitrate_kbps=150)])
    report = sf.transcode(hdr_clip, tmp_path / "auto", ladder)
    assert [r.tone_map for r in report.ladder.video] == [True, False]
    assert any("tone-mapping 120p" in n for n in report.ladder.notes)
    assert (report.ladder.tone_curve, report.ladder.tone_map_peak_nits) == ("bt2390", 1000)
    assert sf.probe(tmp_path / "auto" / "120p.mp4").first_video().hdr == "sdr"
    assert sf.probe(tmp_path / "auto" / "120p_hevc.mp4").first_video().hdr == "hdr10"
    ladder.tone_curve = "hable"
    report = sf.transcode(hdr_clip, tmp_path / "hable", ladder)
    assert report.ladder.tone_curve == "hable"
    assert any("with the hable curve" in n for n in report.ladder.notes)
    ladder.tone_map = "off"
    report = sf.transcode(hdr_clip, tmp_path / "off", ladder)
    assert [r.tone_map for r in report.ladder.video] == [False, False]
    assert report.ladder.tone_map_peak_nits == 0
    assert sf.probe(tmp_path / "off" / "120p.mp4").first_video().color_transfer == "smpte2084"
    ladder.tone_map = "reinhard"
    with pytest.raises(sf.InvalidArgumentError) as e:
        ladder.validate()
    assert e.value.field == "tone_map"


def test_dubbed_source_keeps_every_language(tmp_path, clips):
    src = sf.make_test_clip(clips / "dubbed.mkv", width=160, height=120, duration=1.0,
                            audio_languages=["eng", "fra"])
    assert [s.language for s in sf.probe(src).streams if s.type == "audio"] == ["eng", "fra"]
    ladder = sf.LadderSpec(video=[sf.VideoRung(height=120, bitrate_kbps=150)],
                           audio=[sf.AudioRendition(bitrate_kbps=64, source_language="*")])
    report = sf.transcode(src, tmp_path / "all", ladder)
    assert [r.name for r in report.renditions] == ["120p", "audio_aac_64k_eng", "audio_aac_64k_fra"]
    assert [(a.spec.language, a.source_stream) for a in report.ladder.audio] == [("eng", 1), ("fra", 2)]
    assert sf.probe(tmp_path / "all" / "audio_aac_64k_fra.mp4").first_audio().language == "fra"
    # One language picked by name; a missing one is skipped with a note.
    ladder.audio = [sf.AudioRendition(name="fr", source_language="fra"),
                    sf.AudioRendition(name="de", source_language="deu")]
    report = sf.transcode(src, tmp_path / "fr", ladder)
    assert [(a.spec.name, a.source_stream) for a in report.ladder.audio] == [("fr", 2)]
    assert any("no 'deu' audio" in n for n in report.ladder.notes)
    assert any("#1 (eng) is not encoded" in n for n in report.ladder.notes)
    ladder.audio = [sf.AudioRendition(source_stream=7)]
    with pytest.raises(sf.FailedPreconditionError) as e:
        sf.transcode(src, tmp_path / "bad", ladder)
    assert e.value.field == "audio[0].source_stream"
    assert not (tmp_path / "bad").exists()  # the folder the failed job created is gone too


def test_invalid_ladder_raises_before_work(tmp_path, clip):
    ladder = sf.LadderSpec(video=[sf.VideoRung(height=241, bitrate_kbps=100)])
    with pytest.raises(sf.InvalidArgumentError) as info:
        sf.transcode(clip, tmp_path / "o", ladder)
    assert info.value.field == "video[0].height"
    assert mp4s(tmp_path) == []
    for kwargs, field in (({"chunks": -1}, "chunks"), ({"queue_frames": 0}, "queue_frames"),
                          ({"encoder_threads": -2}, "encoder_threads"),
                          ({"chunks": 2, "chunk_warmup_gops": -1}, "chunk_warmup_gops")):
        with pytest.raises(sf.InvalidArgumentError) as info:
            sf.transcode(clip, tmp_path / "o", two_rung_ladder(), **kwargs)
        assert info.value.field == field
    assert mp4s(tmp_path) == []
    with pytest.raises(TypeError):
        sf.transcode(clip, tmp_path / "o", ladder=42)
    with pytest.raises(TypeError):
        sf.transcode(clip, tmp_path / "o", two_rung_ladder(), progress="not callable")


def test_cancel_from_another_thread(tmp_path, long_clip, slow_ladder):
    out = tmp_path / "out"
    token = sf.CancelToken()
    started = threading.Event()

    def on_progress(p):
        started.set()

    def canceller():
        started.wait(30)
        token.cancel()

    t = threading.Thread(target=canceller)
    t.start()
    t0 = time.monotonic()
    with pytest.raises(sf.CancelledError) as info:
        sf.transcode(long_clip, out, slow_ladder, progress=on_progress, cancel=token)
    t.join()
    assert info.value.code == "cancelled"
    assert started.is_set()
    assert token.cancelled
    assert time.monotonic() - t0 < 15
    assert mp4s(out) == []


def test_already_cancelled_token(tmp_path, clip):
    token = sf.CancelToken()
    token.cancel()
    with pytest.raises(sf.CancelledError):
        sf.transcode(clip, tmp_path / "out", two_rung_ladder(), cancel=token)
    assert mp4s(tmp_path) == []


class Boom(Exception):
    pass


def test_exception_in_progress_callback(tmp_path, long_clip, slow_ladder):
    raised = Boom("from the callback")
    calls = []

    def on_progress(p):
        calls.append(p)
        raise raised

    token = sf.CancelToken()
    with pytest.raises(Boom) as info:
        sf.transcode(long_clip, tmp_path / "out", slow_ladder, progress=on_progress, cancel=token)
    assert info.value is raised
    assert len(calls) == 1  # not called again after it raised
    assert token.cancelled  # the job was cancelled through its token
    assert mp4s(tmp_path / "out") == []


def test_signal_handler_cancels(tmp_path, long_clip, slow_ladder):
    """On the main thread a signal handler runs while transcode() waits: if it raises (as the
    default SIGINT handler raises KeyboardInterrupt), the job is cancelled and the exception
    propagates once the job has stopped."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals are delivered to the main thread only")
    token = sf.CancelToken()

    def handler(signum, frame):
        raise Boom("interrupted")

    sent = threading.Event()

    def on_progress(p):
        if p.frames_done > 0 and not sent.is_set():
            sent.set()
            signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR1)

    old = signal.signal(signal.SIGUSR1, handler)
    try:
        with pytest.raises(Boom, match="interrupted"):
            sf.transcode(long_clip, tmp_path / "out", slow_ladder, progress=on_progress, cancel=token)
    finally:
        signal.signal(signal.SIGUSR1, old)
    assert token.cancelled
    assert mp4s(tmp_path / "out") == []


def test_gil_is_released(tmp_path, long_clip, slow_ladder):
    """A Python thread keeps running while transcode() runs: it counts, then cancels the job. If
    the GIL were held the thread could not run, and the job would finish instead of being cancelled."""
    token = sf.CancelToken()
    count = 0
    stop = threading.Event()

    def counter():
        nonlocal count
        while not stop.is_set():
            count += 1
            if count == 200:
                token.cancel()
            time.sleep(0.001)

    t = threading.Thread(target=counter)
    t.start()
    try:
        with pytest.raises(sf.CancelledError):
            sf.transcode(long_clip, tmp_path / "out", slow_ladder, cancel=token)
    finally:
        stop.set()
        t.join()
    assert count >= 200


def test_probe_runs_in_parallel_threads(clip):
    results = []
    threads = [threading.Thread(target=lambda: results.append(sf.probe(clip).first_video().width)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [320] * 4
