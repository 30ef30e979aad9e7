#include "package/manifest_format.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <vector>

#include "core/file_names.h"
#include "core/utf8.h"
#include "package/manifest_protection.h"

namespace streamforge::package {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

__extension__ typedef unsigned __int128 UInt128;

Int128 pow10(int n) {
  Int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// Decodes one UTF-8 sequence at s[i], advancing i; U+FFFD (advancing one byte) when it is not
// well-formed (overlong forms, surrogates and values past U+10FFFF included).
char32_t next_code_point(std::string_view s, size_t& i) {
  size_t len = 0;
  const int32_t cp = core::decode_utf8_at(s, i, &len);
  if (cp < 0) {
    ++i;
    return kReplacement;
  }
  i += len;
  return static_cast<char32_t>(cp);
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Characters kept as they are in a URI path: RFC 3986 unreserved, the sub-delims, '@' and '/'.
// ':' is encoded so a first segment can never read as a scheme.
bool is_path_char(char c) {
  if (is_alpha(c) || is_digit(c)) return true;
  switch (c) {
    case '-': case '.': case '_': case '~':
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+': case ',': case ';': case '=':
    case '@': case '/':
      return true;
    default:
      return false;
  }
}

// Splits a root-relative path on '/', dropping empty and "." segments; false on "..".
bool split_path(std::string_view path, std::vector<std::string_view>& out) {
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(pos, slash - pos);
    if (seg == "..") return false;
    if (!seg.empty() && seg != ".") out.push_back(seg);
    pos = slash + 1;
  }
  return true;
}

// Shortest round-trip text of a double, locale-independent ("3", "4.5").
std::string short_double(double v) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

bool is_codecs_text(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return is_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '_' || c == '+' || c == ',';
  });
}

bool is_mime_text(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return is_alpha(c) || is_digit(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '+';
  });
}

}  // namespace

// ---- Segment names ----

std::string segment_file_name(int64_t number, std::string_view extension) {
  std::string digits = std::to_string(number < 0 ? 0 : number);
  if (digits.size() < static_cast<size_t>(kSegmentNumberDigits)) {
    digits.insert(0, static_cast<size_t>(kSegmentNumberDigits) - digits.size(), '0');
  }
  return "seg-" + digits + "." + std::string(extension);
}

std::string segment_file_name_template(std::string_view extension) {
  return "seg-$Number%0" + std::to_string(kSegmentNumberDigits) + "d$." + std::string(extension);
}

// ---- Decimals ----

std::string int128_to_string(Int128 value) {
  if (value == 0) return "0";
  bool negative = value < 0;
  // Work on the magnitude as unsigned (the most negative value has no positive twin).
  UInt128 mag = negative ? static_cast<UInt128>(-(value + 1)) + 1 : static_cast<UInt128>(value);
  std::string digits;
  while (mag > 0) {
    digits += static_cast<char>('0' + static_cast<int>(mag % 10));
    mag /= 10;
  }
  if (negative) digits += '-';
  std::reverse(digits.begin(), digits.end());
  return digits;
}

Int128 divide_rounded(Int128 num, Int128 den, Rounding rounding) {
  if (den == 0) return 0;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  Int128 q = num / den, r = num % den;
  if (r == 0) return q;
  switch (rounding) {
    case Rounding::kDown:
      if (num < 0) --q;
      break;
    case Rounding::kUp:
      if (num > 0) ++q;
      break;
    case Rounding::kNearest: {
      Int128 twice = (r < 0 ? -r : r) * 2;
      if (twice >= den) q += (num < 0 ? -1 : 1);
      break;
    }
  }
  return q;
}

std::string format_decimal(Int128 num, Int128 den, int decimals) {
  if (den == 0) return "0";
  if (decimals < 0) decimals = 0;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  bool negative = num < 0;
  Int128 scale = pow10(decimals);
  Int128 scaled = divide_rounded((negative ? -num : num) * scale, den, Rounding::kNearest);
  std::string out = negative && scaled != 0 ? "-" : "";
  out += int128_to_string(scaled / scale);
  if (decimals > 0) {
    std::string frac = int128_to_string(scaled % scale);
    out += '.';
    out.append(static_cast<size_t>(decimals) - frac.size(), '0');
    out += frac;
  }
  return out;
}

std::string format_seconds(int64_t ticks, uint32_t timescale, int decimals) {
  return format_decimal(ticks, timescale, decimals);
}

std::string format_xs_duration(Int128 num, Int128 den, Rounding rounding) {
  if (den == 0) return "PT0S";
  Int128 ms = divide_rounded(num * 1000, den, rounding);
  std::string out;
  if (ms < 0) {
    out += '-';  // xs:duration allows a sign; manifests never need one
    ms = -ms;
  }
  out += "PT";
  Int128 hours = ms / 3600000, minutes = (ms / 60000) % 60, rest = ms % 60000;
  if (hours > 0) out += int128_to_string(hours) + "H";
  if (minutes > 0) out += int128_to_string(minutes) + "M";
  if (rest > 0 || (hours == 0 && minutes == 0)) {
    out += int128_to_string(rest / 1000);
    if (Int128 frac = rest % 1000; frac > 0) {
      std::string f = int128_to_string(frac);
      f.insert(0, 3 - f.size(), '0');
      while (!f.empty() && f.back() == '0') f.pop_back();
      out += "." + f;
    }
    out += "S";
  }
  return out;
}

std::string format_hls_frame_rate(Rational fps) { return format_decimal(fps.num, fps.den, 3); }

std::string format_dash_frame_rate(Rational fps) {
  Rational r = fps.reduced();
  if (r.den == 1) return std::to_string(r.num);
  return std::to_string(r.num) + "/" + std::to_string(r.den);
}

// ---- Text ----

std::string hls_quoted_string_value(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    if (cp == '"') {
      out += '\'';
    } else if (is_control(cp)) {
      out += ' ';
    } else {
      core::append_utf8(out, cp);
    }
  }
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (is_control(cp)) {
          out += ' ';
        } else if (cp == 0xFFFE || cp == 0xFFFF) {
          core::append_utf8(out, kReplacement);
        } else {
          core::append_utf8(out, cp);
        }
    }
  }
  return out;
}

// ---- Paths ----

std::string join_path(std::string_view folder, std::string_view name) {
  while (!folder.empty() && folder.back() == '/') folder.remove_suffix(1);
  if (folder.empty()) return std::string(name);
  return std::string(folder) + "/" + std::string(name);
}

std::string uri_escape_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (is_path_char(c)) {
      out += c;
    } else {
      auto b = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

Result<std::string> relative_uri(std::string_view from_file, std::string_view to_path) {
  auto bad = [](std::string_view which, std::string_view path, const char* why) {
    return InvalidArgumentError(std::string(which) + " '" + std::string(path) + "' " + why);
  };
  if (to_path.empty()) return InvalidArgumentError("empty path");
  if (to_path.front() == '/' || from_file.empty() || from_file.front() == '/') {
    return bad("path", to_path.front() == '/' ? to_path : from_file,
               "is absolute; paths in a Presentation are relative to the output root");
  }
  std::vector<std::string_view> from, to;
  if (!split_path(from_file, from)) return bad("path", from_file, "leaves the output root ('..')");
  if (!split_path(to_path, to)) return bad("path", to_path, "leaves the output root ('..')");
  if (to.empty() || to_path.back() == '/') return bad("path", to_path, "names no file");
  if (from.empty() || from_file.back() == '/') return bad("path", from_file, "names no file");
  from.pop_back();  // the folder holding from_file
  size_t common = 0;
  while (common < from.size() && common + 1 < to.size() && from[common] == to[common]) ++common;
  std::string out;
  for (size_t i = common; i < from.size(); ++i) out += "../";
  for (size_t i = common; i < to.size(); ++i) {
    if (i > common) out += '/';
    out += uri_escape_path(to[i]);
  }
  return out;
}

// ---- Renditions ----

std::string rendition_field(const Presentation& p, const Rendition& r) {
  const Rendition* first = p.renditions.data();
  if (&r >= first && &r < first + p.renditions.size()) {
    return "renditions[" + std::to_string(&r - first) + "]";
  }
  return "rendition";
}

Status rendition_error(const Presentation& p, const Rendition& r, std::string_view field, std::string_view what) {
  std::string path = rendition_field(p, r);
  if (!field.empty()) path.append(".").append(field);
  // Appended piecewise: GCC 12's -Wrestrict misfires on the operator+ chain here (GCC PR 105329).
  std::string message = "rendition '";
  message.append(r.id).append("': ").append(what);
  return InvalidArgumentError(message, path);
}

Status validate_rendition(const Presentation& p, const Rendition& r) {
  auto fail = [&](std::string_view field, const std::string& what) { return rendition_error(p, r, field, what); };
  if (!is_plain_file_name(r.id)) return fail("id", std::string("id ") + kPlainFileNameRule);
  if (r.type != MediaType::kVideo && r.type != MediaType::kAudio && r.type != MediaType::kSubtitle) {
    return fail("type", "type must be video, audio or subtitle");
  }
  if (r.timescale == 0) return fail("timescale", "timescale must be positive");
  bool av = r.type == MediaType::kVideo || r.type == MediaType::kAudio;
  if (av && r.codecs.empty()) return fail("codecs", "needs an RFC 6381 codecs string (HLS CODECS, DASH @codecs)");
  if (!is_codecs_text(r.codecs)) return fail("codecs", "codecs '" + r.codecs + "' is not an RFC 6381 codecs string");
  if (r.mime_type.empty()) return fail("mime_type", "needs a MIME type");
  if (!is_mime_text(r.mime_type)) return fail("mime_type", "mime_type '" + r.mime_type + "' is not a MIME type");
  if (!r.language.empty() && !is_language_tag(r.language)) {
    return fail("language",
                "language '" + r.language + "' is not a BCP 47 language tag (e.g. \"en\", \"pt-BR\", \"und\")");
  }
  if (r.type == MediaType::kVideo && (r.width <= 0 || r.height <= 0)) {
    return fail("width", "video needs its width and height");
  }
  if (!r.video_range.empty() && r.video_range != "SDR" && r.video_range != "PQ" && r.video_range != "HLG") {
    return fail("video_range", "video_range must be SDR, PQ or HLG (RFC 8216bis VIDEO-RANGE)");
  }
  if (av && r.peak_bitrate == 0) return fail("peak_bitrate", "peak_bitrate is 0: measure the written segments first");
  if (r.presentation_time_offset < 0) return fail("presentation_time_offset", "must not be negative");
  if (r.segments.empty()) return fail("segments", "has no segments");
  for (size_t i = 0; i < r.segments.size(); ++i) {
    const Segment& s = r.segments[i];
    std::string field = "segments[" + std::to_string(i) + "]";
    if (s.duration <= 0) return fail(field + ".duration", field + " has no duration");
    if (s.start < 0) return fail(field + ".start", field + " starts before 0");
    if (i > 0 && s.start <= r.segments[i - 1].start) {
      return fail(field + ".start", field + " does not start after segments[" + std::to_string(i - 1) + "]");
    }
    if (s.uri.empty() && !(s.range && !r.media_uri.empty())) {
      return fail(field + ".uri", field + " has neither a uri nor a byte range of media_uri");
    }
    if (s.range && s.range->size == 0) return fail(field + ".range", field + " has an empty byte range");
  }
  return validate_protection(p, r);
}

Status check_segment_lengths(const Presentation& p, const Rendition& r, double factor) {
  if (!(factor > 0) || !(p.target_segment_seconds > 0) || r.type == MediaType::kSubtitle) return OkStatus();
  // A configuration check, not media timing: a double comparison is fine here.
  double limit_ticks = factor * p.target_segment_seconds * r.timescale;
  for (size_t i = 0; i < r.segments.size(); ++i) {
    if (static_cast<double>(r.segments[i].duration) <= limit_ticks) continue;
    std::string field = "segments[" + std::to_string(i) + "]";
    return rendition_error(p, r, field + ".duration",
                           field + " lasts " + format_seconds(r.segments[i].duration, r.timescale, 3) +
                               " s, more than " + short_double(factor) + " x the " +
                               short_double(p.target_segment_seconds) +
                               " s segment target: keyframes are not aligned to the target");
  }
  return OkStatus();
}

Status validate_presentation(const Presentation& p) {
  if (p.renditions.empty()) return InvalidArgumentError("the presentation has no renditions", "renditions");
  bool has_av = std::any_of(p.renditions.begin(), p.renditions.end(), [](const Rendition& r) {
    return r.type == MediaType::kVideo || r.type == MediaType::kAudio;
  });
  if (!has_av) return InvalidArgumentError("the presentation has no video and no audio rendition", "renditions");
  std::set<std::string> ids;
  for (const Rendition& r : p.renditions) {
    SF_RETURN_IF_ERROR(validate_rendition(p, r));
    if (!ids.insert(r.id).second) return rendition_error(p, r, "id", "id is not unique");
  }
  return OkStatus();
}

std::string codec_family(std::string_view codecs) {
  std::string_view fourcc = codecs.substr(0, codecs.find('.'));
  if (fourcc == "avc1" || fourcc == "avc3") return "avc";
  if (fourcc == "hvc1" || fourcc == "hev1") return "hevc";
  if (fourcc == "vp09") return "vp9";
  if (fourcc == "av01") return "av1";
  if (fourcc == "mp4a") return codecs.substr(0, 10) == "mp4a.40.34" ? "mp3" : "aac";
  if (fourcc == "ac-3") return "ac3";
  if (fourcc == "ec-3") return "ec3";
  std::string out;
  for (char c : fourcc) {
    if (is_alpha(c) || is_digit(c)) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out.empty() ? "other" : out;
}

bool is_single_file(const Rendition& r) { return !r.media_uri.empty(); }

std::string segment_path(const Rendition& r, const Segment& s) {
  if (!s.uri.empty()) return join_path(r.folder, s.uri);
  return r.media_uri;
}

}  // namespace streamforge::package
