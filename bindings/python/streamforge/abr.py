"""streamforge.abr: adaptive-bitrate controllers, the trace-driven QoE simulator, and statistics.

Quick start::

    from streamforge import abr

    video = abr.load_video("abr-traces/video_sizes")          # or a packaged title's summary.json
    traces = abr.load_traces("abr-traces/train", "trace_*")   # FCC traces only
    results = abr.evaluate(["streamforge", "robust-mpc", "bola"], traces, video)
    for name, r in results.items():
        mean, ci = r["summary"]["qoe_lin"]
        print(f"{name:12s} QoE_lin {mean:.3f} +- {ci:.3f}")
    print(abr.compare(results["streamforge"]["sessions"], results["robust-mpc"]["sessions"]))

    # One session, with a policy written in Python:
    def greedy(state, history):
        if not history:
            return 1
        kbps = history[-1]["bytes"] * 8 / history[-1]["seconds"] / 1000
        fits = [i for i, r in enumerate(video.renditions) if r.bitrate_kbps <= 0.8 * kbps]
        return fits[-1] if fits else 0
    session = abr.simulate(greedy, traces[0], video)
    print(session["metrics"]["qoe_lin"])

    # A controller in a player: tell it what happened, ask what to fetch next.
    c = abr.Controller("streamforge", video)
    c.on_download(rendition=1, bytes=380_000, seconds=1.2, ttfb_seconds=0.08, segment=0)
    decision = c.choose(buffer_seconds=4.0, next_segment=1, segment_count=48)
    print(decision["rendition"], decision["reason"], decision["text"])

Algorithms (ALGORITHMS): streamforge, robust-mpc, mpc, bola, bba, throughput-ewma, throughput-hm.
Thread-safety: a Controller serves one session (no concurrent calls); the functions may run on
several threads at once (evaluate and simulate of built-in algorithms release the GIL).
"""

from ._streamforge.abr import (
    ALGORITHMS,
    Config,
    Controller,
    Ladder,
    Rendition,
    Trace,
    compare,
    evaluate,
    load_trace,
    load_traces,
    load_video,
    plot_svg,
    select_initial_rendition,
    simulate,
)

for _cls in (Config, Controller, Ladder, Rendition, Trace):
    _cls.__module__ = __name__
del _cls

__all__ = [
    "ALGORITHMS",
    "Config",
    "Controller",
    "Ladder",
    "Rendition",
    "Trace",
    "compare",
    "evaluate",
    "load_trace",
    "load_traces",
    "load_video",
    "plot_svg",
    "select_initial_rendition",
    "simulate",
]
