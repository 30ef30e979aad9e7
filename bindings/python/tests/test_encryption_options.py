"""Encryption options beyond plain cenc/cbcs, through PackageSpec(encryption=dict): HLS AES-128 for
MPEG-TS, clear lead and key rotation (the same JSON keys as the CLI's spec file)."""

import pytest

import streamforge as sf

KID_A, KEY_A = "0123456789abcdef0123456789abcdef", "00112233445566778899aabbccddeeff"
KID_B, KEY_B = "fedcba9876543210fedcba9876543210", "ffeeddccbbaa99887766554433221100"


@pytest.fixture(scope="module")
def clip6(clips):
    """6 s, one keyframe a second: three 2 s segments."""
    return str(sf.make_test_clip(clips / "enc6.mp4", width=320, height=240, duration=6.0))


def test_ts_hls_is_aes128_with_a_stored_or_given_key(tmp_path, clip6):
    spec = sf.PackageSpec(segment_seconds=2, ts=True, dash=False,
                          encryption={"keys": [{"kid": KID_A, "key": KEY_A}]})
    sf.package([clip6], tmp_path / "stored", spec)
    playlist = (tmp_path / "stored" / "240p" / "playlist.m3u8").read_text()
    assert f'#EXT-X-KEY:METHOD=AES-128,URI="../keys/{KID_A}.key"' in playlist
    assert (tmp_path / "stored" / "keys" / f"{KID_A}.key").read_bytes() == bytes.fromhex(KEY_A)
    assert (tmp_path / "stored" / "240p" / "seg-00001.ts").read_bytes()[0] != 0x47  # encrypted

    spec = sf.PackageSpec(segment_seconds=2, ts=True, dash=False,
                          encryption={"keys": [{"kid": KID_A, "key": KEY_A}],
                                      "hls_key_uri": "https://keys.example.com/k1"})
    assert spec.encryption["hls_key_uri"] == "https://keys.example.com/k1"
    sf.package([clip6], tmp_path / "given", spec)
    assert 'URI="https://keys.example.com/k1"' in (tmp_path / "given" / "240p" / "playlist.m3u8").read_text()
    assert not (tmp_path / "given" / "keys").exists()


def test_clear_lead_and_key_rotation(tmp_path, clip6):
    spec = sf.PackageSpec(segment_seconds=2, encryption={
        "keys": [{"kid": KID_A, "key": KEY_A}, {"kid": KID_B, "key": KEY_B}],
        "drm_systems": ["widevine"], "clear_lead_seconds": 1, "key_rotation_segments": 1})
    sf.package([clip6], tmp_path / "enc", spec)
    playlist = (tmp_path / "enc" / "240p" / "playlist.m3u8").read_text()
    # Segment 1 clear (before any key tag), then one key tag per rotated period (2 and 3).
    assert playlist.index("seg-00001.m4s") < playlist.index("#EXT-X-KEY:")
    assert playlist.count("#EXT-X-KEY:") == 2
    folder = tmp_path / "enc" / "240p"
    parts = [folder / "init.mp4"] + sorted(folder.glob("seg-*.m4s"))
    with pytest.raises(sf.NotFoundError, match=KID_A):  # A is the default KID and period 2 (segment 3) again
        sf.decrypt(parts, tmp_path / "x.mp4", [f"{KID_B}:{KEY_B}"])
    report = sf.decrypt(parts, tmp_path / "clear.mp4", [f"{KID_A}:{KEY_A}", f"{KID_B}:{KEY_B}"])
    assert 0 < report["encrypted_samples"] < report["samples"]


def test_option_errors_name_the_field():
    keys = [{"kid": KID_A, "key": KEY_A}]
    for change, field in (({"clear_lead_seconds": -1}, "encryption.clear_lead_seconds"),
                          ({"key_rotation_segments": -2}, "encryption.key_rotation_segments"),
                          ({"hls_key_uri": "https://x/\"y"}, "encryption.hls_key_uri")):
        with pytest.raises(sf.InvalidArgumentError) as e:
            sf.PackageSpec(encryption={"keys": keys, **change})
        assert e.value.field == field
