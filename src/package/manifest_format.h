// Private: what the HLS and DASH manifest writers share -- the segment file naming rule the
// packager and the DASH templates agree on, exact decimal formatting of integer times (no
// floating point, no locale), escaping for M3U8 quoted-strings and XML, relative URIs, and the
// checks every rendition must pass before a manifest names it.
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/language_tag.h"  // is_language_tag: what both manifests accept
#include "package/presentation.h"
#include "streamforge/core/rational.h"
#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

namespace streamforge::package {

// ---- Segment file naming (the packager writes these names; the manifests assume them) ----
//
// Segment-files layout: segment k (1-based, in presentation order) of a rendition is the file
// `<rendition.folder>/seg-NNNNN.<ext>` with k zero-padded to at least 5 digits ("seg-00001.m4s",
// "seg-123456.m4s" past 99999). HLS lists the names as they are; DASH addresses the same files with
// SegmentTemplate@media="<folder>/seg-$Number%05d$.m4s" and @startNumber=1 (ISO/IEC 23009-1
// 5.3.9.4.4: the %05d width tag pads the same way), so both protocols share one set of files.
inline constexpr int64_t kFirstSegmentNumber = 1;
// The HLS media sequence number of the first segment; equal to the file number of seg-00001 so
// playlist entries and file names line up (RFC 8216 4.3.3.2 allows any start). AES-128 segments
// without an IV attribute use it as their IV (RFC 8216 5.2).
inline constexpr int64_t kFirstMediaSequence = kFirstSegmentNumber;
inline constexpr int kSegmentNumberDigits = 5;
inline constexpr std::string_view kCmafSegmentExtension = "m4s";
inline constexpr std::string_view kTsSegmentExtension = "ts";

// "seg-00001.m4s" for number 1 (number >= 1).
std::string segment_file_name(int64_t number, std::string_view extension = kCmafSegmentExtension);
// The DASH template matching segment_file_name: "seg-$Number%05d$.m4s".
std::string segment_file_name_template(std::string_view extension = kCmafSegmentExtension);

// ---- Exact decimals from integers ----

// num/den (den > 0) rounded half away from zero to `decimals` places, always with exactly that many
// ("6.006000" for 540540/90000 at 6). 128-bit arithmetic: exact for any int64 ticks and timescale.
std::string format_decimal(Int128 num, Int128 den, int decimals);
// ticks/timescale seconds, as format_decimal.
std::string format_seconds(int64_t ticks, uint32_t timescale, int decimals);
// num/den rounded to an integer: half away from zero (kNearest), toward -inf (kDown), +inf (kUp).
Int128 divide_rounded(Int128 num, Int128 den, Rounding rounding);
// Decimal digits of a 128-bit integer.
std::string int128_to_string(Int128 value);

// xs:duration (XML Schema 3.2.6) of num/den seconds >= 0, rounded to milliseconds with `rounding`,
// zero fields and trailing fractional zeros left out: "PT0S", "PT20.02S", "PT1H2M3.5S".
std::string format_xs_duration(Int128 num, Int128 den, Rounding rounding = Rounding::kNearest);
inline std::string format_xs_duration(Rational seconds, Rounding rounding = Rounding::kNearest) {
  return format_xs_duration(seconds.num, seconds.den, rounding);
}

// HLS FRAME-RATE (RFC 8216 4.3.4.2): decimal with 3 places, "29.970" for 30000/1001.
std::string format_hls_frame_rate(Rational fps);
// DASH @frameRate / @maxFrameRate (23009-1 5.3.7.2, FrameRateType): "30000/1001", or "25" when
// the reduced rate is whole.
std::string format_dash_frame_rate(Rational fps);

// ---- Text ----

// The value of an M3U8 quoted-string (RFC 8216 4.2: no '"', CR or LF; 4.1: no control characters
// U+0000-U+001F, U+007F-U+009F; UTF-8). Sanitizes rather than rejects, because it is used for
// human-readable names: '"' becomes '\'' and control characters become ' '; invalid UTF-8 becomes
// U+FFFD. (Unicode NFC normalization, also required by 4.1, is the caller's business.)
std::string hls_quoted_string_value(std::string_view text);
// XML 1.0 character data / attribute value: & < > " ' as entities; characters XML cannot carry
// (controls other than tab/LF/CR, U+FFFE/U+FFFF, invalid UTF-8) become ' ' or U+FFFD; tab, LF
// and CR become ' ' so attribute-value normalization cannot change them.
std::string xml_escape(std::string_view text);

// ---- Paths and URIs ----

// folder + "/" + name (just name when folder is empty).
std::string join_path(std::string_view folder, std::string_view name);
// Percent-encodes a relative path for use as a URI reference (RFC 3986 path characters kept,
// '/' kept; '%', space, '"', '#', '?', '<', '>', '\\', controls and non-ASCII bytes encoded).
std::string uri_escape_path(std::string_view path);
// The URI of `to_path` relative to the folder holding `from_file`, both relative to the output
// root ("720p/playlist.m3u8", "720p/init.mp4" -> "init.mp4"; "audio/init.mp4" -> "../audio/init.mp4"),
// percent-encoded. InvalidArgument for absolute paths, URLs, empty names and ".." segments (paths
// in a Presentation stay inside the output root).
Result<std::string> relative_uri(std::string_view from_file, std::string_view to_path);

// ---- Renditions ----

// "renditions[2]" when `r` is an element of `p.renditions`, else "rendition" (for field paths).
std::string rendition_field(const Presentation& p, const Rendition& r);
// InvalidArgument naming the rendition: "rendition '720p': <what>", field "<rendition_field>.<field>".
Status rendition_error(const Presentation& p, const Rendition& r, std::string_view field, std::string_view what);

// Checks shared by every manifest: a plain id, a known media type, a timescale, segments with
// positive durations and non-negative starts in order, a file per segment, codecs/MIME/language
// that the manifests can carry, video size, bitrates for video and audio, and the encryption
// signalling (validate_protection, manifest_protection.h).
Status validate_rendition(const Presentation& p, const Rendition& r);
// A media segment longer than `factor` x Presentation::target_segment_seconds means the keyframes
// are not where the packager asked for them (players would stall on switches): InvalidArgument
// naming the segment. factor <= 0 or no target turns the check off; subtitles are exempt (one
// WebVTT segment may cover the whole title).
Status check_segment_lengths(const Presentation& p, const Rendition& r, double factor);
// Rendition ids unique, at least one video or audio rendition, each rendition valid.
Status validate_presentation(const Presentation& p);

// Codec family of an RFC 6381 codecs string, for grouping renditions that can switch seamlessly:
// "avc1.64001f"/"avc3..." -> "avc", "hvc1..."/"hev1..." -> "hevc", "vp09..." -> "vp9",
// "av01..." -> "av1", "mp4a.40.34" -> "mp3", other "mp4a..." -> "aac", "opus", "ac-3" -> "ac3",
// "ec-3" -> "ec3", "fLaC" -> "flac"; otherwise the lower-cased four-character code.
std::string codec_family(std::string_view codecs);

// True when the rendition is the single-file layout (segments are byte ranges of media_uri).
bool is_single_file(const Rendition& r);
// Root-relative path of the file holding a segment: folder/uri, or media_uri for byte ranges.
std::string segment_path(const Rendition& r, const Segment& s);

}  // namespace streamforge::package
