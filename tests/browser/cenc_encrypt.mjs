// cenc_encrypt.mjs -- a small, independent Common Encryption (ISO/IEC 23001-7) encrypter for the
// browser harness's REFERENCE media (make_reference_cenc_media.sh). It is not streamforge code and
// is not used on the packager's output; it exists because Debian's FFmpeg 5.1 cannot write CENC
// into fragmented MP4 (its mov muxer puts senc/saiz/saio in the moov's stbl and none in the moof,
// so every fragment is undecryptable) and cannot write cbcs at all.
//
//   node cenc_encrypt.mjs <dir> --kid HEX32 --key HEX32 [--audio-kid HEX32 --audio-key HEX32]
//                         [--scheme cenc|cbcs] [--iv HEX16|HEX32] [--no-pssh]
//                         [--mpd-cp mp4,clearkey,w3c|none] [--hls-key data|file|none] [--clear-header N]
//
// <dir> is the clear output of make_reference_media.sh (ffmpeg's dash muxer): init-streamN.m4s +
// chunk-streamN-NNNNN.m4s, manifest.mpd, master.m3u8 + media_N.m3u8. Everything is rewritten in
// place (one KID/key for every track, or --audio-kid/--audio-key for the audio tracks: multi-key):
//   init segments  avc1/mp4a -> encv/enca + sinf(frma, schm, schi/tenc); a W3C "common" pssh box
//                  (system ID 1077efec-c0b2-4d02-ace3-3c1e52e2fb4b, version 1, the KID) in the moov
//                  unless --no-pssh.
//                  cenc: tenc v0, default_Per_Sample_IV_Size 8.  cbcs: tenc v1, pattern 1:9 for
//                  video, 0:0 (every whole block) for audio, per-sample IV size 0 + a 16-byte
//                  default_constant_IV.
//   segments       sample data encrypted in place; senc (+ saiz/saio pointing into it) added to
//                  each traf; trun data_offset and sidx referenced_size moved by the added bytes.
//                  Video (AVC/HEVC, length-prefixed NAL units): subsample encryption, every NAL
//                  length + NAL header and every non-VCL NAL in the clear; cenc rounds the protected
//                  part of each NAL down to a multiple of 16 bytes (CMAF); cbcs encrypts the first
//                  block of every 10 (1:9), the CBC chain restarting from the constant IV in every
//                  subsample. Audio: whole-sample encryption, no subsamples.
//   manifest.mpd   ContentProtection in each AdaptationSet (--mpd-cp, default mp4,clearkey -- what both
//                  dash.js and Shaka play with keys AND with a license server; see play_test.sh):
//                    mp4      urn:mpeg:dash:mp4protection:2011 value=cenc|cbcs cenc:default_KID=UUID
//                    clearkey urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e value="ClearKey1.0" (DASH-IF)
//                    w3c      urn:uuid:1077efec-c0b2-4d02-ace3-3c1e52e2fb4b + <cenc:pssh> (the W3C
//                             common PSSH with the KID)
//   media_N.m3u8   #EXT-X-KEY:METHOD=SAMPLE-AES-CTR (cenc) | SAMPLE-AES (cbcs), KEYFORMAT="identity"
//                  with URI = the key itself (data:text/plain;base64,.. or a key-<kid>.bin file); the
//                  only ClearKey form Shaka 5.2's HLS parser takes (it reads the KID from the init's tenc).
//   --clear-header N  leave the first N bytes of every video slice NAL unit in the clear (default: just
//                  the NAL header), to mimic packagers that keep the slice header clear (wrong-key study).
// Checked: `ffmpeg -decryption_key KEY -i - -f framemd5` on init+segments (styp/sidx stripped, fed
// through a pipe: FFmpeg 5.1 attaches senc to the wrong fragment when it can seek) gives the same
// frame checksums as the clear ladder, video and audio, cenc and cbcs; Chromium's ClearKey plays
// both with the right picture (play_test.sh --clearkey).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const W3C_COMMON = '1077efecc0b24d02ace33c1e52e2fb4b';
const DASHIF_CLEARKEY = 'e2719d58-a985-b3c9-781a-b030af78d30e';

// ---- arguments -------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const o = { clearHeader: 0, scheme: 'cenc', pssh: true, mpdCp: ['mp4', 'clearkey'], hlsKey: 'data', iv: null, kid: null, key: null, dir: null };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i], val = () => { if (i + 1 >= argv.length) die(`${a} needs a value`); return argv[++i]; };
  if (a === '--kid') o.kid = val().toLowerCase().replace(/-/g, '');
  else if (a === '--key') o.key = val().toLowerCase();
  else if (a === '--audio-kid') o.audioKid = val().toLowerCase().replace(/-/g, '');
  else if (a === '--audio-key') o.audioKey = val().toLowerCase();
  else if (a === '--scheme') o.scheme = val();
  else if (a === '--iv') o.iv = val().toLowerCase();
  else if (a === '--no-pssh') o.pssh = false;
  else if (a === '--mpd-cp') { const v = val(); o.mpdCp = v === 'none' ? [] : v.split(','); }
  else if (a === '--hls-key') o.hlsKey = val();
  else if (a === '--clear-header') o.clearHeader = parseInt(val(), 10);
  else if (a.startsWith('-')) die(`unknown option ${a}`);
  else if (!o.dir) o.dir = a;
  else die(`unexpected argument ${a}`);
}
function die(msg) { console.error(`cenc_encrypt: ${msg}`); process.exit(2); }
if (!o.dir) die('usage: cenc_encrypt.mjs <dir> --kid HEX32 --key HEX32 [--scheme cenc|cbcs] [--iv HEX] [--no-pssh] [--mpd-cp mp4,clearkey,w3c|none] [--hls-key data|file|none]');
if (!/^[0-9a-f]{32}$/.test(o.kid || '')) die('--kid must be 32 hex digits');
if (!/^[0-9a-f]{32}$/.test(o.key || '')) die('--key must be 32 hex digits');
if (!o.audioKid !== !o.audioKey) die('--audio-kid and --audio-key go together');
if (o.audioKid && !/^[0-9a-f]{32}$/.test(o.audioKid)) die('--audio-kid must be 32 hex digits');
if (o.audioKey && !/^[0-9a-f]{32}$/.test(o.audioKey)) die('--audio-key must be 32 hex digits');
if (!['cenc', 'cbcs'].includes(o.scheme)) die('--scheme must be cenc or cbcs');
for (const c of o.mpdCp) if (!['mp4', 'clearkey', 'w3c'].includes(c)) die(`--mpd-cp: unknown ${c}`);
if (!['data', 'file', 'none'].includes(o.hlsKey)) die('--hls-key must be data, file or none');
// The key of a track: {kid, key, hex}; audio gets its own with --audio-kid/--audio-key (multi-key content).
const VIDEO_K = { kid: Buffer.from(o.kid, 'hex'), key: Buffer.from(o.key, 'hex'), hex: o.kid };
const AUDIO_K = o.audioKid ? { kid: Buffer.from(o.audioKid, 'hex'), key: Buffer.from(o.audioKey, 'hex'), hex: o.audioKid } : VIDEO_K;
const cbcs = o.scheme === 'cbcs';
// cenc: 8-byte per-sample IVs counting up from --iv (or random); cbcs: one 16-byte constant IV.
let ivCounter;
let constantIv;
if (cbcs) {
  constantIv = o.iv ? Buffer.from(o.iv.padEnd(32, '0'), 'hex') : crypto.randomBytes(16);
  if (constantIv.length !== 16) die('--iv for cbcs: up to 32 hex digits');
} else {
  const b = o.iv ? Buffer.from(o.iv, 'hex') : crypto.randomBytes(8);
  if (b.length !== 8) die('--iv for cenc: 16 hex digits');
  ivCounter = b.readBigUInt64BE(0);
}
const nextIv = () => { const b = Buffer.alloc(8); b.writeBigUInt64BE(ivCounter); ivCounter = (ivCounter + 1n) & 0xffffffffffffffffn; return b; };

// ---- ISO BMFF boxes as a tree ------------------------------------------------------------------------
// {type, prefix: Buffer (bytes before children: fullbox fields of stsd, sample-entry fields), kids: [] | null,
//  data: Buffer (leaf payload)}
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'mvex', 'edts', 'dinf', 'moof', 'traf', 'sinf', 'schi', 'udta']);
const VISUAL = new Set(['avc1', 'avc3', 'hvc1', 'hev1', 'encv']);
const AUDIO = new Set(['mp4a', 'enca', 'ac-3', 'ec-3', 'Opus', 'fLaC']);
function parse(buf, start = 0, end = buf.length, parent = '') {
  const out = [];
  let off = start;
  while (off + 8 <= end) {
    let size = buf.readUInt32BE(off), hdr = 8;
    const type = buf.toString('latin1', off + 4, off + 8);
    if (size === 1) { size = Number(buf.readBigUInt64BE(off + 8)); hdr = 16; }
    else if (size === 0) size = end - off;
    if (size < hdr || off + size > end) throw new Error(`bad box ${type} at ${off} size ${size}`);
    const body = off + hdr, bend = off + size;
    const box = { type, start: off, size };
    if (CONTAINERS.has(type)) { box.prefix = Buffer.alloc(0); box.kids = parse(buf, body, bend, type); }
    else if (type === 'stsd') { box.prefix = buf.subarray(body, body + 8); box.kids = parse(buf, body + 8, bend, type); }
    else if (parent === 'stsd' && VISUAL.has(type)) { box.prefix = buf.subarray(body, body + 78); box.kids = parse(buf, body + 78, bend, type); }
    else if (parent === 'stsd' && AUDIO.has(type)) {
      if (buf.readUInt16BE(body + 8) !== 0) throw new Error(`${type}: only version-0 audio sample entries are handled`);
      box.prefix = buf.subarray(body, body + 28); box.kids = parse(buf, body + 28, bend, type);
    } else box.data = buf.subarray(body, bend);
    out.push(box);
    off = bend;
  }
  return out;
}
function serialize(box) {
  const payload = box.kids ? Buffer.concat([box.prefix, ...box.kids.map(serialize)]) : box.data;
  const h = Buffer.alloc(8);
  h.writeUInt32BE(8 + payload.length); h.write(box.type, 4, 'latin1');
  return Buffer.concat([h, payload]);
}
const leaf = (type, data) => ({ type, data });
const full = (version, flags, body) => { const b = Buffer.alloc(4); b.writeUInt32BE(((version << 24) | flags) >>> 0); return Buffer.concat([b, body]); };
const find = (boxes, type) => boxes && boxes.find((b) => b.type === type);
const findPath = (boxes, ...types) => { let b = { kids: boxes }; for (const t of types) { b = find(b.kids, t); if (!b) return null; } return b; };
const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v >>> 0); return b; };
const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16BE(v); return b; };

function psshBox(k) {  // W3C common PSSH, version 1 with one KID, no data
  return leaf('pssh', full(1, 0, Buffer.concat([Buffer.from(W3C_COMMON, 'hex'), u32(1), k.kid, u32(0)])));
}
function tencBox(isVideo, k) {
  if (!cbcs) return leaf('tenc', full(0, 0, Buffer.concat([Buffer.from([0, 0, 1, 8]), k.kid])));
  const pattern = isVideo ? (1 << 4) | 9 : 0;
  return leaf('tenc', full(1, 0, Buffer.concat([Buffer.from([0, pattern, 1, 0]), k.kid, Buffer.from([16]), constantIv])));
}

// ---- init segments -----------------------------------------------------------------------------------
const tracks = new Map();  // init file -> {isVideo, nalLen, nalHdr, codec}
function encryptInit(file) {
  const buf = fs.readFileSync(file);
  const top = parse(buf);
  const moov = find(top, 'moov');
  if (!moov) throw new Error(`${file}: no moov`);
  const traks = moov.kids.filter((b) => b.type === 'trak');
  if (traks.length !== 1) throw new Error(`${file}: expected one trak, found ${traks.length}`);
  const stsd = findPath(traks[0].kids, 'mdia', 'minf', 'stbl', 'stsd');
  if (!stsd || stsd.kids.length < 1) throw new Error(`${file}: no sample entry`);
  const entry = stsd.kids[0];
  if (entry.type === 'encv' || entry.type === 'enca') throw new Error(`${file}: already encrypted`);
  const isVideo = VISUAL.has(entry.type);
  if (!isVideo && !AUDIO.has(entry.type)) throw new Error(`${file}: sample entry ${entry.type} not handled`);
  const info = { isVideo, codec: entry.type, nalLen: 0, nalHdr: 0, k: isVideo ? VIDEO_K : AUDIO_K };
  if (isVideo) {
    const avcC = find(entry.kids, 'avcC'), hvcC = find(entry.kids, 'hvcC');
    if (avcC) { info.nalLen = (avcC.data[4] & 3) + 1; info.nalHdr = 1; info.hevc = false; }
    else if (hvcC) { info.nalLen = (hvcC.data[21] & 3) + 1; info.nalHdr = 2; info.hevc = true; }
    else throw new Error(`${file}: video without avcC/hvcC`);
  }
  const orig = entry.type;
  entry.type = isVideo ? 'encv' : 'enca';
  entry.kids.push({
    type: 'sinf', prefix: Buffer.alloc(0), kids: [
      leaf('frma', Buffer.from(orig, 'latin1')),
      leaf('schm', full(0, 0, Buffer.concat([Buffer.from(o.scheme, 'latin1'), u32(0x00010000)]))),
      { type: 'schi', prefix: Buffer.alloc(0), kids: [tencBox(isVideo, info.k)] },
    ],
  });
  if (o.pssh) moov.kids.push(psshBox(info.k));
  fs.writeFileSync(file, Buffer.concat(top.map(serialize)));
  return info;
}

// ---- samples ------------------------------------------------------------------------------------------
// Subsamples [clear, protected] of one video sample (length-prefixed NAL units).
function videoSubsamples(sample, t) {
  const subs = [];
  let clear = 0;
  const push = (c, p) => {
    while (c > 0xffff) { subs.push([0xffff, 0]); c -= 0xffff; }
    subs.push([c, p]);
  };
  let off = 0;
  while (off < sample.length) {
    if (off + t.nalLen > sample.length) throw new Error('truncated NAL length');
    let len = 0;
    for (let i = 0; i < t.nalLen; i++) len = len * 256 + sample[off + i];
    if (off + t.nalLen + len > sample.length) throw new Error('NAL runs past the sample');
    const nalType = t.hevc ? (sample[off + t.nalLen] >> 1) & 0x3f : sample[off + t.nalLen] & 0x1f;
    const vcl = t.hevc ? nalType < 32 : nalType >= 1 && nalType <= 5;
    let prot = vcl ? len - Math.max(t.nalHdr, Math.min(len, o.clearHeader)) : 0;
    if (!cbcs) prot -= prot % 16;           // cenc: whole blocks only (CMAF)
    if (prot < 16) prot = 0;
    clear += t.nalLen + len - prot;
    if (prot > 0) { push(clear, prot); clear = 0; }
    off += t.nalLen + len;
  }
  if (clear > 0 || subs.length === 0) push(clear, 0);
  return subs;
}
function ctr(key, iv8, data) {
  const c = crypto.createCipheriv('aes-128-ctr', key, Buffer.concat([iv8, Buffer.alloc(8)]));
  return Buffer.concat([c.update(data), c.final()]);
}
// cbcs: in [start, end) encrypt `crypt` blocks then skip `skip` blocks, repeatedly; a trailing partial
// block stays clear. One CBC chain per call (per subsample), starting from the constant IV.
function cbcsRange(key, buf, start, end, crypt, skip) {
  const c = crypto.createCipheriv('aes-128-cbc', key, constantIv);
  c.setAutoPadding(false);
  let off = start;
  while (end - off >= 16) {
    const n = crypt === 0 ? Math.floor((end - off) / 16) : Math.min(crypt, Math.floor((end - off) / 16));
    c.update(buf.subarray(off, off + 16 * n)).copy(buf, off);
    off += 16 * n;
    if (crypt === 0) break;
    off += 16 * skip;
  }
}
// Encrypts one sample in place; returns its sample auxiliary information {iv, subs}.
function encryptSample(buf, start, size, t) {
  const sample = buf.subarray(start, start + size);
  const subs = t.isVideo ? videoSubsamples(sample, t) : null;
  if (cbcs) {
    if (subs) { let off = 0; for (const [c, p] of subs) { off += c; cbcsRange(t.k.key, sample, off, off + p, 1, 9); off += p; } }
    else cbcsRange(t.k.key, sample, 0, size, 0, 0);
    return { iv: Buffer.alloc(0), subs };
  }
  const iv = nextIv();
  if (subs) {
    const prot = [];
    let off = 0;
    for (const [c, p] of subs) { off += c; prot.push(sample.subarray(off, off + p)); off += p; }
    const enc = ctr(t.k.key, iv, Buffer.concat(prot));
    let e = 0;
    for (const r of prot) { enc.copy(r, 0, e, e + r.length); e += r.length; }
  } else ctr(t.k.key, iv, sample).copy(sample);
  return { iv, subs };
}

// ---- media segments -----------------------------------------------------------------------------------
function encryptSegment(file, t, trex) {
  const buf = Buffer.from(fs.readFileSync(file));  // a private copy: sample data is encrypted in it
  const top = parse(buf);
  const deltas = [];  // bytes added to each moof, in order
  for (const moof of top.filter((b) => b.type === 'moof')) {
    let added = 0;
    const trafs = moof.kids.filter((b) => b.type === 'traf');
    const fixups = [];
    for (const traf of trafs) {
      const tfhd = find(traf.kids, 'tfhd');
      const tf = tfhd.data.readUInt32BE(0) & 0xffffff;
      let p = 8;
      let baseOffset = null;
      if (tf & 0x1) { baseOffset = Number(tfhd.data.readBigUInt64BE(p)); p += 8; }
      if (tf & 0x2) p += 4;
      if (tf & 0x8) p += 4;
      let defSize = trex.defaultSize;
      if (tf & 0x10) { defSize = tfhd.data.readUInt32BE(p); p += 4; }
      const base = baseOffset !== null ? baseOffset : moof.start;  // default-base-is-moof (or first traf)
      const aux = [];
      const truns = traf.kids.filter((b) => b.type === 'trun');
      for (const trun of truns) {
        const d = trun.data, fl = d.readUInt32BE(0) & 0xffffff, n = d.readUInt32BE(4);
        let q = 8, dataOffset = 0;
        if (fl & 0x1) { dataOffset = d.readInt32BE(q); fixups.push({ trun, at: q }); q += 4; }
        else if (truns.length > 1 || trafs.length > 1) throw new Error(`${file}: trun without data_offset in a multi-run fragment`);
        if (fl & 0x4) q += 4;
        let pos = base + dataOffset;
        for (let i = 0; i < n; i++) {
          if (fl & 0x100) q += 4;
          let size = defSize;
          if (fl & 0x200) { size = d.readUInt32BE(q); q += 4; }
          if (fl & 0x400) q += 4;
          if (fl & 0x800) q += 4;
          if (size === undefined) throw new Error(`${file}: no sample size`);
          aux.push(encryptSample(buf, pos, size, t));
          pos += size;
        }
      }
      // senc, saiz, saio. Per-sample info = IV (8 bytes for cenc, none for cbcs) + subsamples.
      const useSubs = t.isVideo;
      const entries = aux.map((a) => Buffer.concat([a.iv, ...(useSubs ? [u16(a.subs.length), ...a.subs.map(([c, pr]) => Buffer.concat([u16(c), u32(pr)]))] : [])]));
      const senc = leaf('senc', full(0, useSubs ? 2 : 0, Buffer.concat([u32(entries.length), ...entries])));
      const sizes = entries.map((e) => e.length);
      const same = sizes.every((s) => s === sizes[0]);
      if (sizes.some((s) => s > 255)) throw new Error(`${file}: sample aux info over 255 bytes`);
      // default_sample_info_size 0 means "a size per sample follows" (all 0 for cbcs audio: no IV, no subsamples).
      const def = same && sizes[0] > 0 ? sizes[0] : 0;
      const saiz = leaf('saiz', full(0, 0, Buffer.concat([Buffer.from([def]), u32(sizes.length), def ? Buffer.alloc(0) : Buffer.from(sizes)])));
      const saio = leaf('saio', full(0, 0, Buffer.concat([u32(1), u32(0)])));  // offset patched below
      traf.kids.push(senc, saiz, saio);
      added += 8 + saiz.data.length + 8 + saio.data.length + 8 + senc.data.length;
      traf.saio = saio; traf.senc = senc; traf.baseOffset = baseOffset;
    }
    // Now that the moof's new size is known: patch trun data offsets (+added), then saio (offset of the
    // senc's first entry, relative to the moof start -- every traf here is default-base-is-moof or the
    // first one). Explicit base_data_offsets (absolute) are not produced by ffmpeg; refuse them.
    for (const traf of trafs) if (traf.baseOffset !== null) throw new Error(`${file}: explicit base_data_offset not handled`);
    for (const f of fixups) f.trun.data.writeInt32BE(f.trun.data.readInt32BE(f.at) + added, f.at);
    // Layout the moof to find each senc's offset.
    let off = 8;  // moof header
    for (const k of moof.kids) {
      if (k.type !== 'traf') { off += serialize(k).length; continue; }
      let toff = off + 8;
      for (const kk of k.kids) {
        if (kk === k.senc) k.saio.data.writeUInt32BE(toff + 8 + 4 + 4, 8);  // box header + fullbox + sample_count
        toff += serialize(kk).length;
      }
      off += serialize(k).length;
    }
    deltas.push(added);
  }
  // sidx: referenced_size of each reference grows by its moof's delta.
  const sidx = find(top, 'sidx');
  if (sidx) {
    const d = sidx.data, v = d[0];
    let q = 4 + 4 + 4 + (v === 0 ? 8 : 16) + 2;
    const count = d.readUInt16BE(q); q += 2;
    if (count !== deltas.length && !(count === 1 && deltas.length >= 1)) throw new Error(`${file}: sidx has ${count} references for ${deltas.length} moofs`);
    for (let i = 0; i < count; i++, q += 12) {
      const ref = d.readUInt32BE(q);
      if (ref & 0x80000000) throw new Error(`${file}: hierarchical sidx not handled`);
      const grow = count === 1 ? deltas.reduce((a, b) => a + b, 0) : deltas[i];
      d.writeUInt32BE(ref + grow, q);
    }
  }
  fs.writeFileSync(file, Buffer.concat(top.map(serialize)));
}
function trexDefaults(initFile) {
  const top = parse(fs.readFileSync(initFile));
  const trex = findPath(top, 'moov', 'mvex', 'trex');
  return trex ? { defaultSize: trex.data.readUInt32BE(16) } : { defaultSize: undefined };
}

// ---- the folder ----------------------------------------------------------------------------------------
const dir = path.resolve(o.dir);
const files = fs.readdirSync(dir);
const inits = files.filter((f) => /^init-stream\d+\.m4s$/.test(f)).sort();
if (!inits.length) die(`${dir}: no init-streamN.m4s`);
let nSeg = 0;
for (const init of inits) {
  const n = /^init-stream(\d+)\.m4s$/.exec(init)[1];
  const trex = trexDefaults(path.join(dir, init));
  const t = encryptInit(path.join(dir, init));
  tracks.set(init, t);
  for (const seg of files.filter((f) => f.startsWith(`chunk-stream${n}-`) && f.endsWith('.m4s')).sort()) {
    encryptSegment(path.join(dir, seg), t, trex);
    nSeg++;
  }
}

const uuid = (h) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
const mpdFile = path.join(dir, 'manifest.mpd');
if (fs.existsSync(mpdFile)) {
  let mpd = fs.readFileSync(mpdFile, 'utf8');
  const cps = (k) => {
    const out = [];
    if (o.mpdCp.includes('mp4')) out.push(`<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="${o.scheme}" cenc:default_KID="${uuid(k.hex)}"/>`);
    if (o.mpdCp.includes('clearkey')) out.push(`<ContentProtection schemeIdUri="urn:uuid:${DASHIF_CLEARKEY}" value="ClearKey1.0"/>`);
    if (o.mpdCp.includes('w3c')) out.push(`<ContentProtection schemeIdUri="urn:uuid:${uuid(W3C_COMMON)}"><cenc:pssh>${serialize(psshBox(k)).toString('base64')}</cenc:pssh></ContentProtection>`);
    return out;
  };
  if (o.mpdCp.length) {
    mpd = mpd.replace(/<MPD\b/, '<MPD xmlns:cenc="urn:mpeg:cenc:2013"');
    mpd = mpd.replace(/(\n?)([ \t]*)(<AdaptationSet\b[^>]*>)/g, (_m, nl, ind, tag) => {
      const k = /contentType="audio"|mimeType="audio\//.test(tag) ? AUDIO_K : VIDEO_K;
      return `${nl}${ind}${tag}` + cps(k).map((c) => `\n${ind}\t${c}`).join('');
    });
  }
  fs.writeFileSync(mpdFile, mpd);
}
let nPl = 0;
if (o.hlsKey !== 'none') {
  const method = cbcs ? 'SAMPLE-AES' : 'SAMPLE-AES-CTR';
  for (const f of files.filter((x) => /^media_\d+\.m3u8$/.test(x))) {
    const p = path.join(dir, f);
    const text = fs.readFileSync(p, 'utf8');
    if (text.includes('#EXT-X-KEY')) continue;
    const map = /^#EXT-X-MAP:URI="([^"]+)"/m.exec(text);
    const t = map && tracks.get(map[1]);
    const k = t ? t.k : VIDEO_K;
    let uri;
    if (o.hlsKey === 'data') uri = `data:text/plain;base64,${k.key.toString('base64')}`;
    else { const name = `key-${k.hex}.bin`; fs.writeFileSync(path.join(dir, name), k.key); uri = name; }
    fs.writeFileSync(p, text.replace(/^#EXT-X-MAP:/m, `#EXT-X-KEY:METHOD=${method},URI="${uri}",KEYFORMAT="identity",KEYFORMATVERSIONS="1"\n#EXT-X-MAP:`));
    nPl++;
  }
}
console.log(`cenc_encrypt: ${o.scheme} ${dir}: ${inits.length} init + ${nSeg} media segments, KID ${uuid(o.kid)}` +
            (o.audioKid ? ` (audio KID ${uuid(o.audioKid)})` : '') +
            `${o.pssh ? ', pssh in init' : ', no pssh'}, MPD ContentProtection [${o.mpdCp.join(',') || 'none'}]` +
            `${nPl ? `, ${nPl} HLS playlists (identity key ${o.hlsKey})` : ''}` + (cbcs ? `, constant IV ${constantIv.toString('hex')}` : ''));
