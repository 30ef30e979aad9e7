"""PackageSpec(steering=...): Content Steering in the packaged manifests from Python, fed with
exactly what cdn.manifest_steering_json prints; field-named errors for a bad section."""

import json
import pathlib

import pytest

import streamforge as sf
from streamforge import cdn

CDNS = {
    "cdns": [{"id": "cdn-a", "base_url": "https://a.example.net/vod/title/", "weight": 3},
             {"id": "cdn-b", "base_url": "https://b.example.org/vod/title/"}],
    "steering": {"hls_server_uri": "https://steer.example.com/steering/hls",
                 "dash_server_uri": "https://steer.example.com/steering/dash"},
}


@pytest.fixture(scope="module")
def steering():
    """The steering section as `streamforge cdn manifest` would hand it to the packager."""
    return json.loads(cdn.manifest_steering_json(CDNS))


def test_spec_takes_the_cdn_manifest_output(steering):
    spec = sf.PackageSpec(steering=steering)
    assert spec.steering["default_pathway"] == "cdn-a"
    assert [p["id"] for p in spec.steering["pathways"]] == ["cdn-a", "cdn-b"]
    assert spec.steering["query_before_start"] is False
    spec.validate()
    # Round trips through the JSON form, dicts and JSON text alike.
    again = sf.PackageSpec.from_json(spec.to_json())
    assert again.to_dict() == spec.to_dict()
    assert sf.PackageSpec.from_dict({"steering": steering}).steering == spec.steering
    assert "steering=" in repr(spec)
    assert sf.PackageSpec().steering is None and "steering" not in sf.PackageSpec().to_dict()
    spec.steering = None
    assert spec.steering is None


@pytest.mark.parametrize("change, field", [
    (lambda s: s["pathways"][1].update(base_url="https://b.example.org/vod/title"), "steering.pathways[1].base_url"),
    (lambda s: s["pathways"][1].update(id="cdn a"), "steering.pathways[1].id"),
    (lambda s: s["pathways"][1].update(id="cdn-a"), "steering.pathways[1].id"),
    (lambda s: s.update(default_pathway="cdn-z"), "steering.default_pathway"),
    (lambda s: s.update(hls_server_uri='https://s/"x'), "steering.hls_server_uri"),
    (lambda s: s.update(pathways=[]), "steering.pathways"),
    (lambda s: s.update(ttl=3), "steering.ttl"),
])
def test_bad_sections_name_the_field(steering, change, field):
    bad = json.loads(json.dumps(steering))
    change(bad)
    with pytest.raises(sf.InvalidArgumentError) as e:
        sf.PackageSpec(steering=bad)
    assert e.value.field == field
    with pytest.raises(sf.InvalidArgumentError) as e:
        sf.PackageSpec.from_dict({"steering": bad})
    assert e.value.field == field
    with pytest.raises(TypeError):
        sf.PackageSpec(steering="cdn-a")


def test_formats_need_their_server(steering):
    no_dash = dict(steering, dash_server_uri="")
    with pytest.raises(sf.InvalidArgumentError) as e:
        sf.PackageSpec(steering=no_dash).validate()
    assert e.value.field == "steering.dash_server_uri"
    sf.PackageSpec(dash=False, steering=no_dash).validate()


def test_packaged_manifests_list_every_pathway(tmp_path, clips, steering):
    source = sf.make_test_clip(clips / "steering_source.mp4", width=320, height=240, duration=4.0, gop_frames=30)
    plain = sf.package(source, tmp_path / "plain", sf.PackageSpec(segment_seconds=2))
    steered = sf.package(source, tmp_path / "steered", sf.PackageSpec(segment_seconds=2, steering=steering))
    assert [r.id for r in steered.renditions] == [r.id for r in plain.renditions]

    master = (tmp_path / "steered" / "master.m3u8").read_text()
    assert '#EXT-X-CONTENT-STEERING:SERVER-URI="https://steer.example.com/steering/hls",PATHWAY-ID="cdn-a"' in master
    plain_master = (tmp_path / "plain" / "master.m3u8").read_text()
    assert master.count("#EXT-X-STREAM-INF:") == 2 * plain_master.count("#EXT-X-STREAM-INF:")
    assert master.count('PATHWAY-ID="cdn-b"') == plain_master.count("#EXT-X-STREAM-INF:") + \
        plain_master.count("#EXT-X-I-FRAME-STREAM-INF:")
    for line in master.splitlines():
        if line and not line.startswith("#"):
            assert line.startswith(("https://a.example.net/vod/title/", "https://b.example.org/vod/title/")), line

    mpd = (tmp_path / "steered" / "manifest.mpd").read_text()
    assert '<BaseURL serviceLocation="cdn-a">https://a.example.net/vod/title/</BaseURL>' in mpd
    assert '<BaseURL serviceLocation="cdn-b">https://b.example.org/vod/title/</BaseURL>' in mpd
    assert '<ContentSteering defaultServiceLocation="cdn-a" queryBeforeStart="false">' \
           'https://steer.example.com/steering/dash</ContentSteering>' in mpd

    # Media playlists and segments do not change.
    for rel in (p.relative_to(tmp_path / "plain") for p in (tmp_path / "plain").rglob("*") if p.is_file()):
        if rel.name in ("master.m3u8", "manifest.mpd", "summary.json"):
            continue
        assert (tmp_path / "steered" / rel).read_bytes() == (tmp_path / "plain" / rel).read_bytes(), rel
