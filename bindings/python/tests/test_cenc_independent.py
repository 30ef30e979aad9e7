"""Our cenc and cbcs output checked by a decryptor that shares nothing with streamforge: a few
lines of ISO-BMFF reading and Python's `cryptography` AES, written from the specs. Every media
byte must come back as the clear packaging's. (streamforge's own decrypt tool and the C++ tests
use the library's reader and cipher code; Debian's FFmpeg 5.1 cannot decrypt fragmented cenc at
all, so it cannot be the referee.)"""

import struct
import subprocess

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

import streamforge as sf

KID, KEY = "0123456789abcdef0123456789abcdef", "00112233445566778899aabbccddeeff"
CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"sinf", b"schi", b"moof", b"traf"}


def boxes(data, start=0, end=None):
    """(type, payload start, payload end) of the boxes in data[start:end] (ISO/IEC 14496-12 §4.2)."""
    end = len(data) if end is None else end
    while start + 8 <= end:
        size, kind = struct.unpack(">I4s", data[start:start + 8])
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", data[start + 8:start + 16])[0], 16
        assert size >= header and start + size <= end, f"box {kind} overruns its parent"
        yield kind, start + header, start + size
        start += size


def find(data, path, start=0, end=None):
    """Payload bounds of the first box along `path` (sample entries are searched for sinf)."""
    for kind, s, e in boxes(data, start, end):
        if kind != path[0]:
            continue
        if len(path) == 1:
            return s, e
        if kind == b"stsd":  # FullBox + entry_count, then the entry: skip its fixed fields to its boxes
            entry_kind = data[s + 12:s + 16]
            fixed = 78 if entry_kind == b"encv" else 28  # VisualSampleEntry / AudioSampleEntry (§12.1.3, §12.2.3)
            return find(data, path[1:], s + 8 + 8 + fixed, e)
        return find(data, path[1:], s, e)
    raise AssertionError(f"no {path[0]} box")


def tenc(init):
    """The track's defaults from its tenc (ISO/IEC 23001-7 §8.2): IV size, constant IV, pattern."""
    s, _ = find(init, [b"moov", b"trak", b"mdia", b"minf", b"stbl", b"stsd", b"sinf", b"schi", b"tenc"])
    version = init[s]
    crypt, skip = (init[s + 5] >> 4, init[s + 5] & 15) if version >= 1 else (0, 0)
    iv_size = init[s + 7]
    assert init[s + 8:s + 24] == bytes.fromhex(KID)
    constant_iv = b""
    if iv_size == 0:
        n = init[s + 24]
        constant_iv = init[s + 25:s + 25 + n]
    return iv_size, constant_iv, crypt, skip


def samples_of_fragment(seg, moof_start, traf):
    """(offset, size) of each sample (trun, §8.8.8; tfhd default-base-is-moof) and its senc entry."""
    tfhd_s, _ = find(seg, [b"tfhd"], *traf)
    flags = int.from_bytes(seg[tfhd_s + 1:tfhd_s + 4], "big")
    pos = tfhd_s + 8 + (8 if flags & 1 else 0) + (4 if flags & 2 else 0) + (4 if flags & 8 else 0)
    default_size = struct.unpack(">I", seg[pos:pos + 4])[0] if flags & 0x10 else None
    trun_s, _ = find(seg, [b"trun"], *traf)
    flags = int.from_bytes(seg[trun_s + 1:trun_s + 4], "big")
    count, data_offset = struct.unpack(">Ii", seg[trun_s + 4:trun_s + 12])
    p = trun_s + 12 + (4 if flags & 4 else 0)
    sizes = []
    for _ in range(count):
        p += 4 if flags & 0x100 else 0
        size = default_size
        if flags & 0x200:
            size = struct.unpack(">I", seg[p:p + 4])[0]
            p += 4
        p += (4 if flags & 0x400 else 0) + (4 if flags & 0x800 else 0)
        sizes.append(size)
    offset = moof_start + data_offset
    placed = []
    for size in sizes:
        placed.append((offset, size))
        offset += size
    return placed


def senc_entries(seg, traf, count, iv_size):
    """Per sample: IV and [(clear, protected)] subsamples (ISO/IEC 23001-7 §7.2). Without a senc
    every sample is whole-sample encrypted with the tenc defaults: what CMAF (ISO/IEC 23000-19
    §8.2.2.1) recommends for cbcs audio, whose constant IV leaves nothing to say per sample."""
    if b"senc" not in [kind for kind, _, _ in boxes(seg, *traf)]:
        assert iv_size == 0, "per-sample IVs but no senc"
        return [(b"", None)] * count
    s, _ = find(seg, [b"senc"], *traf)
    flags = int.from_bytes(seg[s + 1:s + 4], "big")
    assert struct.unpack(">I", seg[s + 4:s + 8])[0] == count
    p, out = s + 8, []
    for _ in range(count):
        iv = seg[p:p + iv_size]
        p += iv_size
        subsamples = None
        if flags & 2:
            n = struct.unpack(">H", seg[p:p + 2])[0]
            subsamples = [struct.unpack(">HI", seg[p + 2 + 6 * i:p + 8 + 6 * i]) for i in range(n)]
            p += 2 + 6 * n
        out.append((iv, subsamples))
    return out


def decrypt_cenc(key, iv, protected_parts):
    """AES-CTR, one keystream over the sample's protected bytes (§10.1); 8-byte IVs pad with zeros."""
    stream = Cipher(algorithms.AES(key), modes.CTR(iv.ljust(16, b"\0"))).decryptor()
    return [stream.update(part) for part in protected_parts]


def decrypt_cbcs_part(key, iv, part, crypt, skip):
    """AES-CBC from the IV in every protected range, over crypt blocks of a crypt:skip pattern, the
    chain running across the skipped blocks; a trailing partial block stays clear (§10.4)."""
    blocks = len(part) // 16
    if crypt == 0 and skip == 0:
        crypt = blocks
    chosen = [b for b in range(blocks) if b % (crypt + skip) < crypt]
    if not chosen:
        return part
    cipher = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = cipher.update(b"".join(part[16 * b:16 * b + 16] for b in chosen)) + cipher.finalize()
    out = bytearray(part)
    for i, b in enumerate(chosen):
        out[16 * b:16 * b + 16] = plain[16 * i:16 * i + 16]
    return bytes(out)


def decrypted_media(folder, scheme):
    key = bytes.fromhex(KEY)
    init = (folder / "init.mp4").read_bytes()
    iv_size, constant_iv, crypt, skip = tenc(init)
    media = bytearray()
    encrypted = protected_ranges = 0
    for path in sorted(folder.glob("seg-*.m4s")):
        seg = bytearray(path.read_bytes())
        for kind, moof_s, moof_e in boxes(seg):
            if kind != b"moof":
                continue
            traf = find(seg, [b"traf"], moof_s, moof_e)
            placed = samples_of_fragment(seg, moof_s - 8, traf)
            for (offset, size), (iv, subsamples) in zip(placed, senc_entries(seg, traf, len(placed), iv_size)):
                iv = iv or constant_iv
                ranges, pos = [], offset
                for clear, protected in subsamples or [(0, size)]:
                    ranges.append((pos + clear, protected))
                    pos += clear + protected
                assert pos == offset + size, "subsamples do not add up to the sample"
                parts = [bytes(seg[s:s + n]) for s, n in ranges]
                protected_ranges += sum(1 for _, n in ranges if n > 0)
                if scheme == "cenc":
                    plain = decrypt_cenc(key, iv, parts)
                else:
                    plain = [decrypt_cbcs_part(key, iv, part, crypt, skip) for part in parts]
                for (s, n), p in zip(ranges, plain):
                    seg[s:s + n] = p
                encrypted += 1
        for kind, s, e in boxes(seg):
            if kind == b"mdat":
                media += seg[s:e]
    return bytes(media), encrypted, (crypt, skip), protected_ranges


def clear_media(folder):
    media = bytearray()
    for path in sorted(folder.glob("seg-*.m4s")):
        seg = path.read_bytes()
        for kind, s, e in boxes(seg):
            if kind == b"mdat":
                media += seg[s:e]
    return bytes(media)


@pytest.mark.parametrize("scheme", ["cenc", "cbcs"])
def test_an_independent_decryptor_gets_the_clear_media_back(tmp_path, clips, scheme):
    # Four slices a picture: several protected ranges per sample, so a keystream (cenc) or CBC
    # chain (cbcs) wrongly carried over, or wrongly restarted, between them shows.
    clip = str(clips / "sliced.mp4")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=4", "-f", "lavfi",
                    "-i", "sine=d=4", "-c:v", "libx264", "-preset", "ultrafast", "-slices", "4", "-g", "30",
                    "-c:a", "aac", clip], check=True)
    sf.package([clip], tmp_path / "clear", sf.PackageSpec(segment_seconds=2))
    sf.package([clip], tmp_path / "enc", sf.PackageSpec(
        segment_seconds=2, encryption={"scheme": scheme, "keys": [{"kid": KID, "key": KEY}]}))
    for rendition, pattern in (("240p", (1, 9)), ("audio_aac", (0, 0))):
        clear = clear_media(tmp_path / "clear" / rendition)
        encrypted_bytes = clear_media(tmp_path / "enc" / rendition)
        assert len(encrypted_bytes) == len(clear) and encrypted_bytes != clear, rendition
        media, samples, found_pattern, ranges = decrypted_media(tmp_path / "enc" / rendition, scheme)
        assert samples > 0
        if rendition == "240p":
            assert ranges > 3 * samples, "expected several protected ranges per picture"
        if scheme == "cbcs":
            assert found_pattern == pattern, rendition
        assert media == clear, f"{rendition}: {scheme} does not decrypt to the clear packaging"
