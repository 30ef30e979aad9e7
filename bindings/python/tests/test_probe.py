"""probe(): fields, JSON/dict forms."""

import json
import pathlib
from fractions import Fraction

import streamforge as sf


def test_basic_clip(clip):
    info = sf.probe(clip)
    assert isinstance(info, sf.ProbeInfo)
    assert info.path == clip
    assert "mp4" in info.container
    assert abs(info.duration_seconds - 2.0) < 0.1
    assert info.size_bytes == pathlib.Path(clip).stat().st_size
    assert [s.type for s in info.streams] == ["video", "audio"]

    v = info.first_video()
    assert (v.width, v.height) == (320, 240)
    assert (v.display_width, v.display_height) == (320, 240)
    assert v.codec == "h264"
    assert isinstance(v.codec_string, str)  # RFC 6381, e.g. "avc1.64000d"; "" while the library cannot derive it
    assert v.codec_string == "" or v.codec_string.startswith("avc1.")
    assert v.frame_rate == Fraction(30)
    assert isinstance(v.frame_rate, Fraction)
    assert v.fps == 30.0
    assert abs(v.duration_seconds - 2.0) < 0.1
    assert v.rotation == 0
    assert v.hdr == "sdr"
    assert v.bit_depth == 8
    assert v.pixel_format == "yuv420p"
    assert not v.variable_frame_rate

    a = info.first_audio()
    assert a.codec == "aac"
    assert (a.sample_rate, a.channels) == (48000, 2)
    assert a.codec_string == "" or a.codec_string.startswith("mp4a.40")


def test_hevc_hdr10_rotated(hdr_clip):
    info = sf.probe(pathlib.Path(hdr_clip))  # os.PathLike works too
    assert info.first_audio() is None
    v = info.first_video()
    assert v.codec == "hevc"
    assert v.codec_string == "" or v.codec_string.startswith(("hvc1.", "hev1."))
    assert (v.width, v.height) == (160, 120)
    assert v.rotation == 90
    assert (v.display_width, v.display_height) == (120, 160)
    assert v.bit_depth == 10
    assert v.hdr == "hdr10"
    assert v.color_primaries == "bt2020"
    assert v.color_transfer == "smpte2084"
    assert v.fps == 30.0
    # Static HDR10 metadata from the container (mdcv/clli), in cd/m2 and CIE xy.
    d = v.to_dict()
    assert d["content_light_level"] == {"max_cll": 1000, "max_fall": 400}
    assert d["mastering_display"]["max_luminance"] == 1000.0
    assert d["mastering_display"]["min_luminance"] == 0.005
    assert d["mastering_display"]["white_point"] == [0.3127, 0.329]


def test_json_and_dict(clip):
    info = sf.probe(clip)
    d = info.to_dict()
    assert d == json.loads(info.to_json())
    assert isinstance(d["streams"], list) and len(d["streams"]) == 2
    assert d["streams"][0] == info.streams[0].to_dict()
    assert "320" in info.to_text()
    assert "ProbeInfo" in repr(info)


def test_streams_are_values(clip):
    info = sf.probe(clip)
    v = info.first_video()
    v.width = 1
    assert info.first_video().width == 320  # first_video() returns a copy
    info.streams = [info.streams[1]]
    assert info.first_video() is None
    assert info.first_audio().codec == "aac"


def test_make_test_clip_options(clips):
    path = sf.make_test_clip(clips / "opts.mkv", width=176, height=144, duration=1, fps="25",
                             codec="vp9", audio_codec="opus", channels=1, language="fra")
    info = sf.probe(path)
    v, a = info.first_video(), info.first_audio()
    assert (v.codec, v.width, v.height, v.frame_rate) == ("vp9", 176, 144, Fraction(25))
    assert (a.codec, a.channels, a.language) == ("opus", 1, "fra")
    assert "matroska" in info.container
