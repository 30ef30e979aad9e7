"""streamforge.abr: controllers, configs, the simulator (built-in and Python policies), evaluate/compare, plots."""

import json
import pathlib

import pytest

import streamforge as sf
from streamforge import abr

SHARED = pathlib.Path(__file__).resolve().parents[3].parent / "shared" / "abr-traces"
needs_data = pytest.mark.skipif(not (SHARED / "train").is_dir(), reason="no ../shared/abr-traces")


def steady(mbps, seconds=400, name="steady"):
    return abr.Trace([float(i) for i in range(seconds + 1)], [0.0] + [mbps] * seconds, name=name)


def test_namespace():
    import streamforge.abr as again

    assert again is abr
    assert sf.abr is abr
    assert abr.ALGORITHMS[0] == "streamforge"
    assert set(abr.ALGORITHMS) >= {"robust-mpc", "mpc", "bola", "bba", "throughput-ewma", "throughput-hm"}
    assert abr.Controller.__module__ == "streamforge.abr"


def test_config_value_and_errors():
    c = abr.Config("bola", bola={"stable_buffer_seconds": 20}, cap={"data_saver": True})
    assert c.algorithm == "bola"
    d = c.to_dict()
    assert d["bola"]["stable_buffer_seconds"] == 20 and d["cap"]["data_saver"] is True
    assert abr.Config.from_json(c.to_json()) == c
    assert abr.Config.from_dict(d) == c
    with pytest.raises(sf.InvalidArgumentError) as e:
        abr.Config("bola", bola={"safty_factor": 1})
    assert e.value.field == "bola.safty_factor"
    with pytest.raises(ValueError) as e:  # InvalidArgumentError is a ValueError
        abr.Config("oracle")
    assert e.value.field == "algorithm"


def test_ladder_value():
    ref = abr.Ladder.reference()
    assert [r.bitrate_kbps for r in ref.renditions] == [300, 750, 1200, 1850, 2850, 4300]
    lad = abr.Ladder([abr.Rendition(800, height=360), abr.Rendition(3000, height=720, segment_bytes=[1, 2])],
                     segment_seconds=2)
    assert abr.Ladder.from_json(lad.to_json()).to_dict() == lad.to_dict()
    assert lad.segment_size(1, 1) == 2
    assert lad.segment_size(0, 5) == 800 * 1000 / 8 * 2
    bad = abr.Ladder([abr.Rendition(0)])
    with pytest.raises(sf.InvalidArgumentError) as e:
        bad.validate()
    assert e.value.field == "renditions[0].bitrate_kbps"


def test_controller_session():
    c = abr.Controller("streamforge", abr.Ladder.reference())
    assert c.name == "streamforge"
    assert c.levels == [0, 1, 2, 3, 4, 5]
    first = c.choose(buffer_seconds=0)
    assert first["reason"] == "startup"
    buffer, seg = 4.0, 1
    for _ in range(15):  # a steady 8 Mbit/s link
        d = c.choose(buffer_seconds=buffer, next_segment=seg)
        size = c.ladder.segment_size(d["rendition"], seg)
        seconds = size * 8 / 8e6
        c.on_download(d["rendition"], int(size), seconds, segment=seg)
        buffer = min(max(buffer - seconds, 0) + 4, 60)
        seg += 1
    d = c.choose(buffer_seconds=buffer, next_segment=seg)
    assert d["rendition"] == 5
    assert d["reason"] == "lookahead" and d["text"]
    c.set_cap(data_saver=True)  # at most 1200 kbit/s
    assert c.choose(buffer_seconds=buffer, next_segment=seg)["rendition"] == 2
    assert c.choose(buffer_seconds=buffer, next_segment=seg)["reason"] == "viewer_cap"
    c.reset()
    assert c.choose(buffer_seconds=0)["reason"] in ("startup", "viewer_cap")


def test_device_limits_through_config():
    ladder = abr.Ladder([abr.Rendition(800, height=360), abr.Rendition(3000, height=720, codec="hevc"),
                         abr.Rendition(6000, height=1080)])
    c = abr.Controller({"algorithm": "bba", "device": {"codecs": ["h264"]}}, ladder)
    assert c.levels == [0, 2]
    with pytest.raises(sf.InvalidArgumentError) as e:
        abr.Controller({"algorithm": "bba", "device": {"codecs": ["av1"]}}, ladder)
    assert e.value.field == "device"


def test_initial_rendition():
    # 0.8 x 20 Mbit/s for 0.9 s (1 s target - 0.1 s RTT) = 1.8 MB: 2850 kbit/s x 4 s fits, 4300 does not.
    d = abr.select_initial_rendition(abr.Ladder.reference(), bandwidth_kbps=20000)
    assert d["rendition"] == 4 and d["reason"] == "startup"
    # A phone with nothing measured: 1500 kbit/s assumed, even 300 kbit/s x 4 s misses 1 s: the lowest.
    assert abr.select_initial_rendition(abr.Ladder.reference(), device="phone")["rendition"] == 0
    with pytest.raises(sf.InvalidArgumentError):
        abr.select_initial_rendition(abr.Ladder.reference(), device="toaster")


def test_trace_checks():
    t = steady(3.0, 10)
    assert len(t) == 11 and t.mean_mbps == pytest.approx(3.0)
    with pytest.raises(sf.InvalidArgumentError):
        abr.Trace([0.0, 1.0], [0.0, 0.0])  # never delivers
    with pytest.raises(sf.InvalidArgumentError):
        abr.Trace([0.0, 2.0, 1.0], [1.0, 1.0, 1.0])


def test_simulate_builtin_and_python_policy():
    video = abr.Ladder.reference()
    s = abr.simulate("bba", steady(6.0), video, segments=20)
    assert s["algorithm"] == "bba" and len(s["segments"]) == 20
    assert s["segments"][0]["rendition"] == 1
    assert s["segments"][-1]["rendition"] == 5
    assert s["metrics"]["rebuffer_seconds"] == 0

    calls = []

    def always_lowest(state, history):
        calls.append((state["next_segment"], len(history)))
        return 0

    p = abr.simulate(always_lowest, steady(6.0), video, segments=10)
    assert p["algorithm"] == "always_lowest"
    assert [x["rendition"] for x in p["segments"]] == [1] + [0] * 9
    assert calls[0] == (1, 1) and calls[-1] == (9, 9)
    assert p["metrics"]["qoe_lin"] == pytest.approx((0.3 * 9 - 0.45) / 9)

    with pytest.raises(sf.OutOfRangeError):
        abr.simulate(lambda s, h: 9, steady(6.0), video, segments=5)
    # A Controller works too (it is reset first).
    c = abr.Controller("robust-mpc", video)
    assert abr.simulate(c, steady(6.0), video, segments=20)["segments"][-1]["rendition"] == 5


def test_evaluate_compare_plot(tmp_path):
    video = abr.Ladder.reference()
    traces = [steady(1.0, name="slow"), steady(5.0, name="fast"), steady(0.4, name="starved")]
    r = abr.evaluate(["streamforge", "bba"], traces, video, segments=30)
    assert set(r) == {"streamforge", "bba"}
    assert len(r["bba"]["sessions"]) == 3
    mean, ci = r["streamforge"]["summary"]["qoe_lin"]
    assert ci >= 0 and r["streamforge"]["summary"]["sessions"] == 3
    c = abr.compare(r["streamforge"]["sessions"], r["bba"]["sessions"])
    assert c["n"] == 3 and c["wins"] + c["ties"] + c["losses"] == 3
    assert c["mean_difference"] == pytest.approx(c["mean_a"] - c["mean_b"])
    sessions = [abr.simulate(a, traces[0], video, segments=30) for a in ("streamforge", "bola")]
    svg = abr.plot_svg(sessions, traces[0], title="slow link")
    assert svg.startswith("<svg") and "slow link" in svg and ">bola<" in svg


@needs_data
def test_train_set_ordering():
    video = abr.load_video(SHARED / "video_sizes")
    assert len(video.renditions) == 6 and video.known_segments == 49
    hsdpa = [t for t in abr.load_traces(SHARED / "train") if not t.name.startswith("trace_")]
    r = abr.evaluate(["streamforge", "robust-mpc"], hsdpa, video)
    assert r["streamforge"]["summary"]["qoe_lin"][0] > r["robust-mpc"]["summary"]["qoe_lin"][0]
