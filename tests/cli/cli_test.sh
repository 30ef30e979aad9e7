#!/usr/bin/env bash
# End-to-end tests of the `streamforge` CLI: every subcommand, its output and its exit codes.
# Usage: cli_test.sh <path to streamforge>
set -uo pipefail
sf=$1
work=$(mktemp -d)
cpix_pid=""
trap 'rm -rf "$work"; [[ -z $cpix_pid ]] || kill "$cpix_pid" 2>/dev/null' EXIT
source "$(dirname "$0")/cli_test_lib.sh"

expect_exit 0 "make-clip" "$sf" make-clip "$work/in.mp4" --width 320 --height 240 --duration 2 --language eng
expect_exit 0 "probe text" "$sf" probe "$work/in.mp4"
grep -q "320x240" "$work/out" && ok || bad "probe text shows the size"
grep -q "avc1\." "$work/out" && ok || bad "probe text shows the codec string"
expect_exit 0 "probe json" "$sf" probe "$work/in.mp4" --json
/usr/bin/python3 -c "import json,sys; d=json.load(open('$work/out')); assert d['streams'][0]['width']==320 and d['streams'][1]['language']=='eng'" && ok || bad "probe --json is valid JSON with the streams"

expect_exit 1 "probe missing file" "$sf" probe "$work/nope.mp4"
grep -q "not_found" "$work/err" && ok || bad "missing file says not_found"
: > "$work/empty.mp4"
expect_exit 1 "probe empty file" "$sf" probe "$work/empty.mp4"
grep -q "empty" "$work/err" && ok || bad "empty file says so"

cat > "$work/ladder.json" <<'JSON'
{"gop_seconds": 1, "video": [{"name": "240p", "height": 240, "bitrate_kbps": 300, "preset": "ultrafast"},
                             {"name": "120p", "height": 120, "bitrate_kbps": 100, "preset": "ultrafast"}],
 "audio": [{"codec": "aac", "bitrate_kbps": 64, "channels": 2}]}
JSON
expect_exit 0 "transcode" "$sf" transcode "$work/in.mp4" --out "$work/out1" --ladder "$work/ladder.json"
for f in 240p.mp4 120p.mp4 audio_aac_64k.mp4 streams.json report.json; do
  [[ -s "$work/out1/$f" ]] && ok || bad "transcode wrote $f"
done
grep -q "progress" "$work/err" && ok || bad "plain progress lines when stderr is not a terminal"
expect_exit 0 "transcode --chunked" "$sf" transcode "$work/in.mp4" --out "$work/out2" --ladder "$work/ladder.json" --chunked 2 --quiet
[[ -s "$work/out2/240p.mp4" ]] && ok || bad "chunked transcode wrote 240p.mp4"
expect_exit 0 "transcode --chunked --chunk-warmup-gops 0" "$sf" transcode "$work/in.mp4" --out "$work/out2cold" \
  --ladder "$work/ladder.json" --chunked 2 --chunk-warmup-gops 0 --quiet
cmp -s "$work/out2/240p.mp4" "$work/out2cold/240p.mp4" && bad "warm-up made no difference to the chunked output" || ok
expect_exit 2 "transcode --chunk-warmup-gops x" "$sf" transcode "$work/in.mp4" --out "$work/out2bad" --chunk-warmup-gops x
expect_exit 0 "transcode --null" "$sf" transcode "$work/in.mp4" --null --ladder "$work/ladder.json" --quiet

# Interlaced sources: probe says so, transcode deinterlaces by default, --deinterlace overrides.
expect_exit 0 "make-clip --interlaced" "$sf" make-clip "$work/i.mp4" --width 320 --height 240 --fps 25 --duration 1 --interlaced --no-audio
expect_exit 0 "probe interlaced" "$sf" probe "$work/i.mp4"
grep -q "interlaced (tff)" "$work/out" && ok || bad "probe shows the field order"
expect_exit 0 "transcode interlaced" "$sf" transcode "$work/i.mp4" --out "$work/i-auto" --ladder "$work/ladder.json" --quiet
grep -q "note: deinterlacing" "$work/out" && ok || bad "transcode says it deinterlaces"
expect_exit 0 "transcode --deinterlace off" "$sf" transcode "$work/i.mp4" --out "$work/i-off" --ladder "$work/ladder.json" --deinterlace off --quiet
grep -q "deinterlacing" "$work/out" && bad "--deinterlace off still deinterlaced" || ok
cmp -s "$work/i-auto/240p.mp4" "$work/i-off/240p.mp4" && bad "deinterlacing made no difference" || ok
expect_exit 0 "transcode --deinterlace-rate field" "$sf" transcode "$work/i.mp4" --out "$work/i-field" --ladder "$work/ladder.json" --deinterlace-rate field --quiet
grep -q "one progressive frame per field (50 fps)" "$work/out" && ok || bad "transcode says it makes one frame per field"
"$sf" probe "$work/i-field/240p.mp4" | grep -q "50.00 fps" && ok || bad "--deinterlace-rate field gives 50 fps from 25i"
# Field-coded HEVC (each field its own picture): probe and transcode describe and make whole frames.
expect_exit 0 "make-clip --codec hevc --interlaced" "$sf" make-clip "$work/fc.ts" --codec hevc --width 320 --height 240 --fps 25 --duration 1 --interlaced --no-audio
expect_exit 0 "probe field-coded" "$sf" probe "$work/fc.ts"
grep -q "320x240 SAR 1/1 DAR 4/3, 25.00 fps.*interlaced (tff, field-coded)" "$work/out" && ok || bad "probe describes the frames of field-coded HEVC"
expect_exit 0 "transcode field-coded" "$sf" transcode "$work/fc.ts" --out "$work/fc-out" --ladder "$work/ladder.json" --quiet
"$sf" probe "$work/fc-out/240p.mp4" | grep -q "320x240 .*25.00 fps" && ok || bad "field-coded HEVC transcodes to whole 4:3 frames"
expect_exit 0 "make-clip --full-range" "$sf" make-clip "$work/fr.mp4" --width 320 --height 240 --duration 1 --full-range --no-audio
"$sf" probe "$work/fr.mp4" --json | grep -q '"color_range": "pc"' && ok || bad "a --full-range clip is tagged full range"
expect_exit 0 "transcode full range" "$sf" transcode "$work/fr.mp4" --out "$work/fr-out" --ladder "$work/ladder.json" --quiet
"$sf" probe "$work/fr-out/240p.mp4" --json | grep -q '"color_range": "pc"' && bad "a full-range source's rung is still full range" || ok
expect_exit 0 "make-clip --telecine" "$sf" make-clip "$work/tc.mp4" --width 320 --height 240 --fps 29.97 --duration 1 --telecine --no-audio
expect_exit 0 "transcode --deinterlace-rate film" "$sf" transcode "$work/tc.mp4" --out "$work/tc-film" --ladder "$work/ladder.json" --deinterlace-rate film --quiet
grep -q "3:2 pulldown removed (29.97 -> 23.976 fps)" "$work/out" && ok || bad "transcode says it removes the pulldown"
"$sf" probe "$work/tc-film/240p.mp4" | grep -q "23.98 fps" && ok || bad "--deinterlace-rate film gives 23.976 fps from 29.97i"
expect_exit 0 "probe telecined" "$sf" probe "$work/tc.mp4"
grep -q "telecined film (3:2 pulldown)" "$work/out" && ok || bad "probe finds the pulldown"
expect_exit 0 "transcode --deinterlace-rate auto" "$sf" transcode "$work/tc.mp4" --out "$work/tc-auto" --ladder "$work/ladder.json" --deinterlace-rate auto --quiet
grep -q "3:2 pulldown found in the pictures" "$work/out" && ok || bad "auto picks film for telecined film"
expect_exit 2 "transcode --deinterlace-rate double" "$sf" transcode "$work/i.mp4" --out "$work/i-bad" --deinterlace-rate double
# A dubbed source: the default ladder encodes every language, and the HLS master lists them.
expect_exit 0 "make-clip --audio-languages" "$sf" make-clip "$work/dub.mkv" --width 160 --height 120 --duration 1 --audio-languages eng,fra
expect_exit 0 "transcode dubbed --hls" "$sf" transcode "$work/dub.mkv" --out "$work/dub" --hls --quiet
for lang in eng fra; do
  grep -q "TYPE=AUDIO.*LANGUAGE=\"$lang\"" "$work/dub/master.m3u8" && ok || bad "the master lists the $lang audio"
done
# An MPEG-TS whose timestamps wrap: probe shows the negative start, transcode moves it to 0.
expect_exit 0 "make-clip --start" "$sf" make-clip "$work/wrap.ts" --width 160 --height 120 --fps 25 --duration 3 --start 95441
expect_exit 0 "probe wrapped ts" "$sf" probe "$work/wrap.ts"
grep -q "s from -2\.7" "$work/out" && ok || bad "probe shows the start below zero"
expect_exit 0 "transcode wrapped ts" "$sf" transcode "$work/wrap.ts" --out "$work/wrap" --ladder "$work/ladder.json" --quiet
grep -q "note: the source's timeline starts at -2\." "$work/out" && ok || bad "transcode says it moved the timeline"
# A damaged MPEG-TS capture (random bytes mid-file): concealed and listed, or refused with --fail-on-damage.
expect_exit 0 "make-clip for damage" "$sf" make-clip "$work/dmg.ts" --width 160 --height 120 --fps 25 --duration 8
python3 -c "import random,sys; d=bytearray(open(sys.argv[1],'rb').read()); s=len(d)//2//188*188; d[s:s+16384]=random.Random(7).randbytes(16384); open(sys.argv[1],'wb').write(d)" "$work/dmg.ts"
expect_exit 0 "transcode damaged ts" "$sf" --log-level off transcode "$work/dmg.ts" --out "$work/dmg" --ladder "$work/ladder.json" --quiet
grep -q "warning: the source is damaged in 1 place" "$work/out" && ok || bad "transcode warns where the source is damaged"
grep -q "source stream #0: [2-5]\.[0-9]*-[3-6]\.[0-9]* s" "$work/out" && ok || bad "transcode names the damaged stretch"
grep -q '"from_seconds"' "$work/dmg/report.json" && ok || bad "report.json lists the damage"
expect_exit 1 "transcode damaged ts --fail-on-damage" "$sf" --log-level off transcode "$work/dmg.ts" --out "$work/dmg-refused" --ladder "$work/ladder.json" --quiet --fail-on-damage
grep -q "data_loss: the source is damaged at [0-9.]* s (stream #0, video h264)" "$work/err" && ok || bad "--fail-on-damage says where"
[[ ! -e $work/dmg-refused ]] && ok || bad "--fail-on-damage leaves no output"
# A recording that pauses on purpose (--pause-at/--pause-for): two seconds without a picture, every byte there: no damage.
expect_exit 0 "make-clip --pause-at" "$sf" make-clip "$work/paused.mkv" --width 160 --height 120 --fps 25 --duration 8 --pause-at 3 --pause-for 2
expect_exit 0 "transcode paused mkv --fail-on-damage" "$sf" --log-level off transcode "$work/paused.mkv" --out "$work/paused" --ladder "$work/ladder.json" --quiet --fail-on-damage
! grep -q "damaged" "$work/out" && ok || bad "a pause the file was written with is no damage"
grep -q "transcoded 150 frames" "$work/out" && ok || bad "the pause leaves 150 of 200 pictures"
grep -q "note: 120p: the picture held for 2\.0[0-9] s over pauses in the source's video" "$work/out" && ok || bad "transcode says it held the picture over the pause"
expect_exit 2 "make-clip --pause-for past the end" "$sf" make-clip "$work/bad-pause.mkv" --duration 2 --pause-at 1 --pause-for 5
grep -q "pause_at_seconds: the pause must start after 0 and end before the clip does" "$work/err" && ok || bad "make-clip names the bad pause"
# An HDR10 source: H.264 rungs are tone-mapped to SDR unless --tone-map off.
expect_exit 0 "make-clip hdr10" "$sf" make-clip "$work/hdr.mp4" --width 320 --height 180 --duration 1 --codec hevc --bit-depth 10 --hdr hdr10 --no-audio
expect_exit 0 "transcode hdr10" "$sf" transcode "$work/hdr.mp4" --out "$work/hdr-auto" --ladder "$work/ladder.json" --quiet
grep -q "note: tone-mapping" "$work/out" && ok || bad "transcode says it tone-maps"
"$sf" probe "$work/hdr-auto/120p.mp4" | grep -q "bt709/bt709/bt709" && ok || bad "the tone-mapped rung is tagged BT.709"
expect_exit 0 "transcode --tone-map off" "$sf" transcode "$work/hdr.mp4" --out "$work/hdr-off" --ladder "$work/ladder.json" --tone-map off --quiet
"$sf" probe "$work/hdr-off/120p.mp4" | grep -q "smpte2084" && ok || bad "--tone-map off keeps the PQ tags"
expect_exit 2 "transcode --tone-map hable" "$sf" transcode "$work/hdr.mp4" --out "$work/hdr-bad" --tone-map hable
grep -q "with the bt2390 curve, source peak 1000 cd/m2" "$work/hdr-auto/report.json" && ok || bad "the report names the default curve and the peak"
expect_exit 0 "transcode --tone-curve hable" "$sf" transcode "$work/hdr.mp4" --out "$work/hdr-hable" --ladder "$work/ladder.json" --tone-curve hable --quiet
grep -q '"tone_curve": "hable"' "$work/hdr-hable/report.json" && ok || bad "--tone-curve hable reaches the ladder"
expect_exit 2 "transcode --tone-curve reinhard" "$sf" transcode "$work/hdr.mp4" --out "$work/hdr-bad" --tone-curve reinhard
expect_exit 2 "transcode --deinterlace maybe" "$sf" transcode "$work/i.mp4" --out "$work/i-bad" --deinterlace maybe

echo '{"video": [{"height": 240, "bitrate_kbps": 300, "maxrate_kbps": 400}]}' > "$work/bad.json"
expect_exit 2 "invalid ladder" "$sf" transcode "$work/in.mp4" --out "$work/out3" --ladder "$work/bad.json"
grep -q "video\[0\].bufsize_kbps" "$work/err" && ok || bad "invalid ladder names the field"
[[ ! -e "$work/out3/240p.mp4" ]] && ok || bad "nothing written for an invalid ladder"
expect_exit 2 "missing ladder file" "$sf" transcode "$work/in.mp4" --out "$work/out5" --ladder "$work/none.json"
grep -q -- "--ladder.*cannot read '$work/none.json': No such file" "$work/err" && ok || bad "a missing ladder file names the option and the reason"
expect_exit 2 "ladder is a folder" "$sf" transcode "$work/in.mp4" --out "$work/out5" --ladder "$work"
grep -q "it is a directory" "$work/err" && ok || bad "a folder given as the ladder says so"
[[ ! -e "$work/out5" ]] && ok || bad "an unreadable ladder leaves no output folder"
expect_exit 1 "transcode missing source" "$sf" transcode "$work/nope.mp4" --out "$work/out4"
expect_exit 2 "bad usage" "$sf" transcode
expect_exit 2 "unknown log level" "$sf" --log-level loud probe "$work/in.mp4"

# package (stream copy) and transcode --hls/--dash (encode + package in one pass)
expect_exit 0 "package" "$sf" package "$work/in.mp4" --out "$work/pkg" --segment 2 --quiet
[[ -s "$work/pkg/master.m3u8" && -s "$work/pkg/manifest.mpd" && -s "$work/pkg/summary.json" ]] && ok || bad "package wrote both manifests and the summary"
grep -q "hls:  $work/pkg/master.m3u8" "$work/out" && ok || bad "package prints where the manifests are"
expect_exit 0 "package --hls --ts" "$sf" package "$work/in.mp4" --out "$work/pkg-ts" --hls --ts --quiet
[[ -s "$work/pkg-ts/240p/seg-00001.ts" && ! -e "$work/pkg-ts/manifest.mpd" ]] && ok || bad "--hls --ts writes TS segments and no MPD"
expect_exit 0 "transcode --hls --dash" "$sf" transcode "$work/in.mp4" --out "$work/title" --ladder "$work/ladder.json" --hls --dash --single-file --quiet
[[ -s "$work/title/240p/240p.mp4" && -s "$work/title/master.m3u8" ]] && ok || bad "transcode --hls --dash --single-file packaged the ladder"
# A picture starting a second after the sound: the packaged title starts with the picture, and says what it left out.
expect_exit 0 "make-clip video only" "$sf" make-clip "$work/v-only.ts" --width 160 --height 120 --duration 4 --no-audio
expect_exit 0 "make-clip audio only" "$sf" make-clip "$work/a-only.ts" --duration 5 --no-video
ffmpeg -v error -itsoffset 1 -i "$work/v-only.ts" -i "$work/a-only.ts" -map 0:v -map 1:a -c copy "$work/late-video.ts" && ok || bad "ffmpeg muxes a late picture"
expect_exit 0 "transcode late picture --hls --dash" "$sf" transcode "$work/late-video.ts" --out "$work/late" --ladder "$work/ladder.json" --hls --dash --quiet
grep -q "note: audio_aac[_0-9k]*: the first 0\.9[0-9] s of audio, before the first picture, left out" "$work/out" && ok || bad "transcode --hls says what audio it left out"
# Sound that ends before the picture: package (stream copy) fills it with silent AAC frames and says so.
expect_exit 0 "make-clip short audio" "$sf" make-clip "$work/a-short.mp4" --duration 2 --no-video
expect_exit 0 "package short audio" "$sf" package "$work/v-only.ts" "$work/a-short.mp4" --out "$work/short" --quiet
grep -q "note: audio_aac: [12]\.[0-9]* s of silence added where the source has no sound" "$work/out" && ok || bad "package says it filled the missing sound"
expect_exit 0 "package --thumbnails" "$sf" package "$work/in.mp4" --out "$work/pkg-th" --thumbnails --quiet
[[ -s "$work/pkg-th/thumbnails/sprite-1.jpg" && -s "$work/pkg-th/thumbnails/poster-50.jpg" ]] && ok || bad "--thumbnails writes sprites and posters"
k=0123456789abcdef0123456789abcdef:00112233445566778899aabbccddeeff
expect_exit 0 "package --encrypt cbcs" "$sf" package "$work/in.mp4" --out "$work/enc" --encrypt cbcs --key "$k" --quiet
grep -q 'value="cbcs"' "$work/enc/manifest.mpd" && ok || bad "encrypted MPD signals cbcs"
expect_exit 0 "decrypt" "$sf" decrypt "$work/enc/240p/init.mp4" "$work/enc/240p/"seg-*.m4s --out "$work/dec.mp4" --key "$k"
[[ $(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$work/dec.mp4") == 60 ]] && ok || bad "decrypted rendition decodes all 60 frames"
expect_exit 1 "decrypt wrong kid" "$sf" decrypt "$work/enc/240p/init.mp4" --out "$work/dec2.mp4" --key ffffffffffffffffffffffffffffffff:00112233445566778899aabbccddeeff
grep -q "no key given for KID" "$work/err" && ok || bad "decrypt without the right KID says so"
expect_exit 0 "package --hls --ts --encrypt (AES-128)" "$sf" package "$work/in.mp4" --out "$work/enc-ts" --hls --ts --encrypt cenc --key "$k" --quiet
grep -q '#EXT-X-KEY:METHOD=AES-128,URI="../keys/0123456789abcdef0123456789abcdef.key"' "$work/enc-ts/240p/playlist.m3u8" && ok || bad "TS HLS is AES-128 with the stored key"
[[ $(ffprobe -v error -allowed_extensions ALL -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$work/enc-ts/240p/playlist.m3u8" | grep -m1 .) == 60 ]] && ok || bad "ffmpeg decrypts the AES-128 TS rendition (60 frames)"
expect_exit 2 "package --encrypt bad key" "$sf" package "$work/in.mp4" --out "$work/enc2" --encrypt cenc --key abc:def
# Keys from a CPIX 2.3 key server: tests/support/cpix_server.py, a real HTTP server on 127.0.0.1 that
# hands out random keys and tells (GET /keys) which. The packaged output must decrypt with them.
/usr/bin/python3 "$(dirname "$0")/../support/cpix_server.py" --require-header 'Authorization: Bearer t0k' >"$work/cpix.port" &
cpix_pid=$!
for _ in $(seq 100); do [[ -s $work/cpix.port ]] && break; sleep 0.05; done
cpix="http://127.0.0.1:$(head -1 "$work/cpix.port")"
expect_exit 0 "package --cpix" "$sf" package "$work/in.mp4" --out "$work/cpix" --encrypt cenc --cpix "$cpix/cpix" \
  --cpix-header 'X-Speke-Version: 2.0' --cpix-header 'Authorization: Bearer t0k' --content-id clip-1 --quiet
cpix_keys() { /usr/bin/python3 -c "import json,sys,urllib.request; d=json.load(urllib.request.urlopen('$cpix/keys')); print(d[sys.argv[1]])" "$1"; }
ck=$(/usr/bin/python3 -c "import json,urllib.request; d=json.load(urllib.request.urlopen('$cpix/keys'))['keys']; print(' '.join(k+':'+v for k,v in d.items()))")
[[ $(wc -w <<<"$ck") == 1 && $(cpix_keys content_ids) == "['clip-1']" ]] && ok || bad "one key for content clip-1 from the key server (got: $(cpix_keys content_ids))"
kid_uuid=$(sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12}):.*/\1-\2-\3-\4-\5/' <<<"$ck")
grep -q "cenc:default_KID=\"$kid_uuid\"" "$work/cpix/manifest.mpd" && ok || bad "the MPD names the key server's KID"
expect_exit 0 "decrypt with the key server's key" "$sf" decrypt "$work/cpix/240p/init.mp4" "$work/cpix/240p/"seg-*.m4s --out "$work/cpix-dec.mp4" --key "$ck"
[[ $(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$work/cpix-dec.mp4") == 60 ]] && ok || bad "CPIX-keyed rendition decrypts to all 60 frames"
expect_exit 1 "package --cpix without the credentials" "$sf" package "$work/in.mp4" --out "$work/cpix2" --cpix "$cpix/cpix" --content-id clip-1 --quiet
grep -q "permission_denied.*HTTP 401" "$work/err" && ok || bad "a refused key request says HTTP 401"
[[ ! -e "$work/cpix2/manifest.mpd" ]] && ok || bad "no output after a refused key request"
expect_exit 2 "package --cpix without --content-id" "$sf" package "$work/in.mp4" --out "$work/cpix3" --cpix "$cpix/cpix"
grep -q "encryption.content_id" "$work/err" && ok || bad "missing --content-id names the field"
expect_exit 2 "package --cpix and --key" "$sf" package "$work/in.mp4" --out "$work/cpix4" --cpix "$cpix/cpix" --content-id c --key "$k"
kill "$cpix_pid" 2>/dev/null; cpix_pid=""
expect_exit 2 "package missing --package-spec" "$sf" package "$work/in.mp4" --out "$work/pkg5" --package-spec "$work/none.json"
grep -q -- "--package-spec" "$work/err" && ok || bad "a missing package spec names the option"
expect_exit 2 "package bad segment" "$sf" package "$work/in.mp4" --out "$work/pkg2" --segment 0.1
grep -q "segment_seconds" "$work/err" && ok || bad "bad --segment names the field"
expect_exit 1 "package missing input" "$sf" package "$work/nope.mp4" --out "$work/pkg3"
[[ ! -e "$work/pkg3" ]] && ok || bad "a missing input leaves no output folder"
expect_exit 2 "package --ts --single-file" "$sf" package "$work/in.mp4" --out "$work/pkg4" --ts --single-file
expect_exit 2 "transcode --hls --null" "$sf" transcode "$work/in.mp4" --null --hls

finish "CLI"
