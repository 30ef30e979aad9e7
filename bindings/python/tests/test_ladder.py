"""LadderSpec / VideoRung / AudioRendition: construction, JSON and dict round trips, validation."""

import copy
import json
import pickle

import pytest

import streamforge as sf


def two_rungs():
    return sf.LadderSpec(
        video=[sf.VideoRung(height=240, bitrate_kbps=400, maxrate_kbps=428, bufsize_kbps=800, preset="veryfast"),
               sf.VideoRung(name="low", height=120, codec="hevc", crf=30, maxrate_kbps=300, bufsize_kbps=600)],
        audio=[sf.AudioRendition(codec="opus", bitrate_kbps=64, language="eng")],
        gop_seconds=1.0)


def test_defaults():
    r = sf.VideoRung()
    assert (r.height, r.width, r.codec, r.crf, r.speed, r.bitrate_kbps) == (0, 0, "h264", -1, -1, 0)
    a = sf.AudioRendition()
    assert (a.codec, a.bitrate_kbps, a.channels, a.sample_rate) == ("aac", 128, 2, 0)
    s = sf.LadderSpec()
    assert (s.gop_seconds, s.scene_cut_keyframes, s.video, s.audio) == (2.0, False, [], [])
    assert (s.deinterlace, s.tone_map, s.tone_curve) == ("auto", "auto", "bt2390")


def test_json_round_trip():
    spec = two_rungs()
    text = spec.to_json()
    back = sf.LadderSpec.from_json(text)
    assert back == spec
    assert back.to_json() == text
    assert back.video[1].codec == "hevc"
    assert back.video[1].name == "low"
    assert back.audio[0].language == "eng"
    assert json.loads(spec.to_json(indent=-1)) == json.loads(text)


def test_dict_round_trip():
    spec = two_rungs()
    d = spec.to_dict()
    assert d["gop_seconds"] == 1.0
    assert d["video"][0] == {"height": 240, "codec": "h264", "bitrate_kbps": 400, "maxrate_kbps": 428,
                             "bufsize_kbps": 800, "preset": "veryfast"}
    back = sf.LadderSpec.from_dict(d)
    assert back == spec
    assert back.to_dict() == d
    # Rungs round-trip on their own too.
    for r in spec.video:
        assert sf.VideoRung(**r.to_dict()) == r
        assert sf.VideoRung.from_dict(r.to_dict()) == r
    assert sf.AudioRendition(**spec.audio[0].to_dict()) == spec.audio[0]


def test_lists_are_mutable_in_place():
    spec = sf.LadderSpec()
    spec.video.append(sf.VideoRung(height=360, bitrate_kbps=700))
    spec.video.append({"height": 240, "bitrate_kbps": 400})  # dicts are accepted where rungs are
    spec.audio.append(sf.AudioRendition())
    spec.video[0].bitrate_kbps = 800
    spec.video.insert(0, sf.VideoRung(height=480, bitrate_kbps=1200))
    assert [v["height"] for v in spec.to_dict()["video"]] == [480, 360, 240]
    assert spec.to_dict()["video"][1]["bitrate_kbps"] == 800
    spec.validate()
    spec.video = [sf.VideoRung(height=144, bitrate_kbps=100)]
    assert len(spec.to_dict()["video"]) == 1
    # A rung object is shared, not copied: changing it changes the spec.
    r = sf.VideoRung(height=720, bitrate_kbps=2800)
    spec.video.append(r)
    r.height = 1080
    assert spec.to_dict()["video"][-1]["height"] == 1080


def test_wrong_element_type():
    with pytest.raises(TypeError, match=r"video\[0\]"):
        sf.LadderSpec(video=[42])
    spec = sf.LadderSpec()
    spec.audio.append("aac")
    with pytest.raises(TypeError, match=r"audio\[0\]"):
        spec.to_json()


def test_validation_names_the_field():
    spec = sf.LadderSpec(video=[sf.VideoRung(height=240, bitrate_kbps=400), sf.VideoRung(height=121, bitrate_kbps=100)])
    with pytest.raises(sf.InvalidArgumentError) as info:
        spec.validate()
    e = info.value
    assert e.field == "video[1].height"
    assert e.code == "invalid_argument"
    assert "even" in e.message
    assert str(e).startswith("video[1].height: ")
    assert not spec.is_valid()
    spec.video[1].height = 120
    spec.validate()
    assert spec.is_valid()

    spec.audio = [sf.AudioRendition(bitrate_kbps=2)]
    with pytest.raises(ValueError) as info:  # InvalidArgumentError is a ValueError
        spec.validate()
    assert info.value.field == "audio[0].bitrate_kbps"

    with pytest.raises(sf.InvalidArgumentError) as info:
        sf.LadderSpec(video=[sf.VideoRung(height=240)]).validate()  # no bitrate and no crf
    assert info.value.field == "video[0].bitrate_kbps"


def test_from_json_errors():
    with pytest.raises(sf.InvalidArgumentError) as info:
        sf.LadderSpec.from_json('{"video": [{"height": 240, "bitrate_kbps": 400}, {"heigth": 120}]}')
    assert info.value.field == "video[1].heigth"
    with pytest.raises(sf.InvalidArgumentError) as info:
        sf.LadderSpec.from_dict({"video": [{"height": "tall", "bitrate_kbps": 400}]})
    assert info.value.field == "video[0].height"
    with pytest.raises(sf.InvalidArgumentError):
        sf.LadderSpec.from_json("{not json")
    with pytest.raises(sf.InvalidArgumentError) as info:
        sf.LadderSpec.from_dict({"video": [{"height": 241, "bitrate_kbps": 400}]})  # from_* validate
    assert info.value.field == "video[0].height"
    with pytest.raises(sf.InvalidArgumentError) as info:
        sf.VideoRung.from_dict({"hieght": 3})
    assert info.value.field == "hieght"


def test_codec_strings():
    r = sf.VideoRung(codec="H265")
    assert r.codec == "hevc"
    r.codec = "avc"
    assert r.codec == "h264"
    with pytest.raises(ValueError, match="unknown codec"):
        sf.VideoRung(codec="mpeg2")
    with pytest.raises(ValueError):
        r.codec = "nope"


def test_default_ladder():
    d = sf.LadderSpec.default()
    assert d == sf.default_ladder()
    heights = [r.height for r in d.video]
    assert heights == [2160, 1080, 720, 480, 360, 240]
    assert d.video[0].codec == "hevc"
    assert d.audio[0].codec == "aac"
    d.validate()


def test_resolve(clip):
    info = sf.probe(clip)
    resolved = sf.LadderSpec.default().resolve(info)
    assert [(r.width, r.height) for r in resolved.video] == [(320, 240)]
    assert resolved.video[0].encoder == "libx264"
    assert resolved.video[0].spec.name == "240p"
    assert resolved.audio[0].sample_rate == 48000
    assert any("dropped" in n for n in resolved.notes)
    assert resolved.to_dict()["video"]
    assert sf.resolve_ladder(None, info).to_dict() == resolved.to_dict()


def test_copy_and_pickle():
    spec = two_rungs()
    for other in (copy.copy(spec), copy.deepcopy(spec), pickle.loads(pickle.dumps(spec))):
        assert other == spec
        other.video[0].height = 480
        assert spec.video[0].height == 240
    r = spec.video[1]
    assert pickle.loads(pickle.dumps(r)) == r
    assert copy.copy(spec.audio[0]) == spec.audio[0]
    assert "VideoRung(" in repr(spec)


def test_value_semantics():
    assert sf.VideoRung(height=240) == sf.VideoRung(height=240)
    assert sf.VideoRung(height=240) != sf.VideoRung(height=360)
    assert sf.VideoRung() != None  # noqa: E711 (comparing with another type is False, not an error)
    assert sf.LadderSpec() != "x"
    with pytest.raises(TypeError):
        hash(sf.VideoRung())  # mutable values are not hashable


def test_audio_source_selection_round_trips():
    a = sf.AudioRendition(source_language="fra")
    assert (a.source_language, a.source_stream) == ("fra", -1)
    assert a.to_dict()["source_language"] == "fra"
    assert sf.AudioRendition(**a.to_dict()) == a
    assert "source_language='fra'" in repr(a)
    b = sf.AudioRendition(source_stream=3)
    assert sf.AudioRendition.from_dict(b.to_dict()).source_stream == 3
    assert sf.LadderSpec.default().audio[0].source_language == "*"
    with pytest.raises(sf.InvalidArgumentError) as e:
        sf.LadderSpec(audio=[sf.AudioRendition(source_language="fra", source_stream=2)]).validate()
    assert e.value.field == "audio[0].source_stream"


def test_tone_curve_option():
    spec = two_rungs()
    spec.tone_curve = "hable"
    assert sf.LadderSpec.from_json(spec.to_json()).tone_curve == "hable"
    assert pickle.loads(pickle.dumps(spec)).tone_curve == "hable"
    assert "tone_curve='hable'" in repr(spec)
    assert sf.LadderSpec(tone_curve="hable").to_dict()["tone_curve"] == "hable"
    spec.tone_curve = "reinhard"
    with pytest.raises(sf.InvalidArgumentError) as e:
        spec.validate()
    assert e.value.field == "tone_curve"


def test_deinterlace_option():
    spec = two_rungs()
    spec.deinterlace = "off"
    spec.tone_map = "off"
    assert sf.LadderSpec.from_json(spec.to_json()).deinterlace == "off"
    assert sf.LadderSpec.from_json(spec.to_json()).tone_map == "off"
    assert pickle.loads(pickle.dumps(spec)).tone_map == "off"
    spec.tone_map = "auto"
    assert pickle.loads(pickle.dumps(spec)).deinterlace == "off"
    assert sf.LadderSpec(deinterlace="on").deinterlace == "on"
    assert "deinterlace='off'" in repr(spec)
    assert spec.deinterlace_rate == "frame"
    spec.deinterlace_rate = "field"
    assert sf.LadderSpec.from_json(spec.to_json()).deinterlace_rate == "field"
    assert pickle.loads(pickle.dumps(spec)).deinterlace_rate == "field"
    assert sf.LadderSpec(deinterlace_rate="field").to_dict()["deinterlace_rate"] == "field"
    assert "deinterlace_rate='field'" in repr(spec)
    assert sf.LadderSpec.from_dict({"deinterlace_rate": "film", "video": [{"height": 240, "bitrate_kbps": 400}]}
                                   ).deinterlace_rate == "film"
    spec.deinterlace_rate = "double"
    with pytest.raises(sf.InvalidArgumentError) as e:
        spec.validate()
    assert e.value.field == "deinterlace_rate"
    spec.deinterlace_rate = "frame"
    spec.deinterlace = "sometimes"
    with pytest.raises(sf.InvalidArgumentError) as e:
        spec.validate()
    assert e.value.field == "deinterlace"
    with pytest.raises(sf.InvalidArgumentError) as e:
        sf.LadderSpec.from_dict({"deinterlace": "yes", "video": [{"height": 240, "bitrate_kbps": 400}]})
    assert e.value.field == "deinterlace"
