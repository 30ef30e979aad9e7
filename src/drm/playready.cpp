// PlayReady Object / Header: see playready.h for the specification sections.
#include "streamforge/drm/playready.h"

#include <set>

#include "streamforge/drm/encoding.h"
#include "unique_kids.h"
#include "utf.h"
#include "xml.h"

namespace streamforge::drm {
namespace {

constexpr std::string_view kPrhNamespace = "http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader";
constexpr uint16_t kRecordPlayReadyHeader = 1;  // §2.1 record type 0x0001

bool is_ctr(mp4::FourCC scheme) { return scheme == mp4::FourCC("cenc") || scheme == mp4::FourCC("cens"); }
bool is_cbc(mp4::FourCC scheme) { return scheme == mp4::FourCC("cbcs") || scheme == mp4::FourCC("cbc1"); }

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

Status validate_la_url(const std::string& url) {
  if (url.empty()) return OkStatus();
  // §3.3.3: "Only absolute URLs are allowed".
  const size_t scheme = starts_with_ci(url, "https://") ? 8 : starts_with_ci(url, "http://") ? 7 : 0;
  if (scheme == 0 || url.size() == scheme) {
    return InvalidArgumentError("must be an absolute http:// or https:// URL", "license_url");
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return InvalidArgumentError("must not contain spaces or control characters", "license_url");
    }
  }
  if (!xml::is_valid_xml_utf8(url)) return InvalidArgumentError("is not valid UTF-8", "license_url");
  return OkStatus();
}

Status validate_custom_attributes(const std::string& custom) {
  if (custom.empty()) return OkStatus();
  xml::Limits limits;
  limits.max_bytes = 64 * 1024;
  auto parsed = xml::parse("<CUSTOMATTRIBUTES>" + custom + "</CUSTOMATTRIBUTES>", limits);
  if (!parsed.ok()) {
    return InvalidArgumentError("must be well-formed XML content: " + parsed.status().message(),
                                "playready_custom_attributes");
  }
  return OkStatus();
}

void put_u16le(ByteBuffer& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v & 0xff));
  out.push_back(static_cast<uint8_t>((v >> 8) & 0xff));
}

uint32_t u16le(ByteView b, size_t at) { return b[at] | (uint32_t{b[at + 1]} << 8); }

const char* version_string(PlayReadyVersion v) {
  switch (v) {
    case PlayReadyVersion::kV4_0:
      return "4.0.0.0";
    case PlayReadyVersion::kV4_2:
      return "4.2.0.0";
    case PlayReadyVersion::kV4_3:
      return "4.3.0.0";
    case PlayReadyVersion::kAuto:
      break;
  }
  return "4.3.0.0";
}

}  // namespace

KeyId playready_guid_bytes(const KeyId& kid) {
  KeyId out = kid;
  out[0] = kid[3];
  out[1] = kid[2];
  out[2] = kid[1];
  out[3] = kid[0];
  out[4] = kid[5];
  out[5] = kid[4];
  out[6] = kid[7];
  out[7] = kid[6];
  return out;
}

std::string playready_kid_base64(const KeyId& kid) {
  const KeyId guid = playready_guid_bytes(kid);
  return base64_encode(ByteView(guid.data(), guid.size()));
}

Result<KeyId> parse_playready_kid_base64(std::string_view text) {
  auto bytes = base64_decode(text);
  if (!bytes.ok()) return bytes.status();
  if (bytes->size() != 16) {
    return InvalidArgumentError("PlayReady KID: " + std::to_string(bytes->size()) + " bytes (expected 16)");
  }
  KeyId guid{};
  for (size_t i = 0; i < 16; ++i) guid[i] = (*bytes)[i];
  return playready_guid_bytes(guid);
}

Result<std::string> playready_header_xml(const PsshParams& params) {
  const std::vector<KeyId> kids = unique_kids(params.kids);
  if (kids.empty()) return InvalidArgumentError("PlayReady needs at least one KID", "kids");
  const bool ctr = is_ctr(params.scheme);
  if (!ctr && !is_cbc(params.scheme)) {
    return InvalidArgumentError("unsupported protection scheme '" + params.scheme.to_string() + "'", "scheme");
  }
  SF_RETURN_IF_ERROR(validate_la_url(params.license_url));
  SF_RETURN_IF_ERROR(validate_custom_attributes(params.playready_custom_attributes));
  if (!params.playready_checksums.empty()) {
    if (!ctr) {
      return InvalidArgumentError("CHECKSUM is not defined for AESCBC keys (PlayReady Header §3.3.1, §5)",
                                  "playready_checksums");
    }
    if (params.playready_checksums.size() != kids.size()) {
      return InvalidArgumentError("needs one checksum per distinct KID (" + std::to_string(kids.size()) + ")",
                                  "playready_checksums");
    }
  }
  PlayReadyVersion version = params.playready_version;
  if (version == PlayReadyVersion::kAuto) {
    version = !ctr ? PlayReadyVersion::kV4_3 : kids.size() == 1 ? PlayReadyVersion::kV4_0 : PlayReadyVersion::kV4_2;
  }
  if (version == PlayReadyVersion::kV4_0 && (kids.size() != 1 || !ctr)) {
    return InvalidArgumentError("PlayReady Header 4.0.0.0 holds exactly one AESCTR key", "playready_version");
  }
  if (version == PlayReadyVersion::kV4_2 && !ctr) {
    return InvalidArgumentError("PlayReady Header 4.2.0.0 has no AESCBC keys (use 4.3.0.0)", "playready_version");
  }

  auto checksum = [&](size_t i) {
    const auto& c = params.playready_checksums[i];
    return base64_encode(ByteView(c.data(), c.size()));
  };
  std::string x = "<WRMHEADER xmlns=\"";
  x += kPrhNamespace;
  x += "\" version=\"";
  x += version_string(version);
  x += "\"><DATA>";
  if (version == PlayReadyVersion::kV4_0) {
    // §3.6, in the element order of the specification's example.
    x += "<PROTECTINFO><KEYLEN>16</KEYLEN><ALGID>AESCTR</ALGID></PROTECTINFO>";
    x += "<KID>" + playready_kid_base64(kids[0]) + "</KID>";
    if (!params.playready_checksums.empty()) x += "<CHECKSUM>" + checksum(0) + "</CHECKSUM>";
  } else {
    // §3.3.3 / §3.4.3: attributes in alphabetical order (§3.2.5), explicit closing tags (§3.2.3).
    x += "<PROTECTINFO><KIDS>";
    for (size_t i = 0; i < kids.size(); ++i) {
      x += "<KID ALGID=\"";
      x += ctr ? "AESCTR" : "AESCBC";
      x += "\"";
      if (!params.playready_checksums.empty()) x += " CHECKSUM=\"" + checksum(i) + "\"";
      x += " VALUE=\"" + playready_kid_base64(kids[i]) + "\"></KID>";
    }
    x += "</KIDS></PROTECTINFO>";
  }
  if (!params.license_url.empty()) x += "<LA_URL>" + xml::escape_text(params.license_url) + "</LA_URL>";
  if (!params.playready_custom_attributes.empty()) {
    x += "<CUSTOMATTRIBUTES>" + params.playready_custom_attributes + "</CUSTOMATTRIBUTES>";
  }
  x += "</DATA></WRMHEADER>";
  return x;
}

Result<ByteBuffer> playready_object(const PsshParams& params) {
  SF_ASSIGN_OR_RETURN(std::string header, playready_header_xml(params));
  SF_ASSIGN_OR_RETURN(ByteBuffer utf16, utf::utf8_to_utf16le(header));
  if (utf16.size() > 0xffff) {
    return InvalidArgumentError("PlayReady Header of " + std::to_string(utf16.size()) +
                                    " bytes does not fit a PlayReady Object record (65535 bytes; the specification "
                                    "recommends under 15 KB): use fewer KIDs",
                                "kids");
  }
  ByteBuffer pro;
  const size_t total = 4 + 2 + 4 + utf16.size();
  pro.push_back(static_cast<uint8_t>(total & 0xff));  // §2 Length, DWORD little-endian
  pro.push_back(static_cast<uint8_t>((total >> 8) & 0xff));
  pro.push_back(static_cast<uint8_t>((total >> 16) & 0xff));
  pro.push_back(static_cast<uint8_t>((total >> 24) & 0xff));
  put_u16le(pro, 1);                                    // record count
  put_u16le(pro, kRecordPlayReadyHeader);               // §2.1 record type
  put_u16le(pro, static_cast<uint32_t>(utf16.size()));  // record length
  pro.append(utf16.view());
  return pro;
}

Result<std::string> playready_pro_base64(const PsshParams& params) {
  SF_ASSIGN_OR_RETURN(ByteBuffer pro, playready_object(params));
  return base64_encode(pro.view());
}

Result<PlayReadyHeaderInfo> parse_playready_object(ByteView pro) {
  if (pro.size() < 6)
    return DataLossError("PlayReady Object: " + std::to_string(pro.size()) + " bytes, shorter than its header");
  const uint32_t length = pro[0] | (uint32_t{pro[1]} << 8) | (uint32_t{pro[2]} << 16) | (uint32_t{pro[3]} << 24);
  if (length != pro.size()) {
    return DataLossError("PlayReady Object: Length field " + std::to_string(length) + " but " +
                         std::to_string(pro.size()) + " bytes");
  }
  const uint32_t count = u16le(pro, 4);
  size_t pos = 6;
  for (uint32_t r = 0; r < count; ++r) {
    if (pro.size() - pos < 4) return DataLossError("PlayReady Object: record " + std::to_string(r) + " truncated");
    const uint32_t type = u16le(pro, pos);
    const uint32_t size = u16le(pro, pos + 2);
    pos += 4;
    if (size > pro.size() - pos) {
      return DataLossError("PlayReady Object: record " + std::to_string(r) + " of " + std::to_string(size) +
                           " bytes overruns the object");
    }
    const ByteView value = pro.subspan(pos, size);
    pos += size;
    if (type != kRecordPlayReadyHeader) continue;  // 3: Embedded License Store; others reserved

    PlayReadyHeaderInfo info;
    auto text = utf::utf16le_to_utf8(value);
    if (!text.ok()) return DataLossError("PlayReady Header: " + text.status().message());
    info.xml = std::move(*text);
    xml::Limits limits;
    limits.max_bytes = 0x20000;  // a 64 KiB UTF-16 record is at most 96 KiB of UTF-8
    limits.max_depth = 16;
    auto root = xml::parse(info.xml, limits);
    if (!root.ok()) return Status(root.status().code(), "PlayReady Header: " + root.status().message());
    if (root->local != "WRMHEADER" || root->ns != kPrhNamespace) {
      return DataLossError("PlayReady Header: root element is not a WRMHEADER in the PlayReady namespace");
    }
    const xml::Attribute* version = root->attribute("version");
    if (!version) return DataLossError("PlayReady Header: WRMHEADER has no version attribute");
    info.version = version->value;
    const xml::Element* data = root->child(kPrhNamespace, "DATA");
    if (!data) return info;  // §3.3.3: DATA is optional from 4.1 on
    auto add_kid = [&](std::string_view b64) -> Status {
      auto kid = parse_playready_kid_base64(b64);
      if (!kid.ok()) return DataLossError("PlayReady Header: bad KID: " + kid.status().message());
      info.kids.push_back(*kid);
      return OkStatus();
    };
    // 4.0.0.0: DATA/KID text and PROTECTINFO/ALGID text.
    if (const xml::Element* kid = data->child(kPrhNamespace, "KID")) SF_RETURN_IF_ERROR(add_kid(kid->text));
    if (const xml::Element* protect = data->child(kPrhNamespace, "PROTECTINFO")) {
      if (const xml::Element* algid = protect->child(kPrhNamespace, "ALGID")) info.algid = algid->text;
      // 4.1.0.0: PROTECTINFO/KID; 4.2.0.0+: PROTECTINFO/KIDS/KID, with VALUE and ALGID attributes.
      std::vector<const xml::Element*> kids = protect->children_named(kPrhNamespace, "KID");
      if (const xml::Element* list = protect->child(kPrhNamespace, "KIDS")) {
        for (const xml::Element* k : list->children_named(kPrhNamespace, "KID")) kids.push_back(k);
      }
      for (const xml::Element* k : kids) {
        const xml::Attribute* value = k->attribute("VALUE");
        if (!value) return DataLossError("PlayReady Header: KID element without a VALUE attribute");
        SF_RETURN_IF_ERROR(add_kid(value->value));
        if (const xml::Attribute* algid = k->attribute("ALGID")) info.algid = algid->value;
      }
    }
    if (const xml::Element* la = data->child(kPrhNamespace, "LA_URL")) info.la_url = la->text;
    return info;
  }
  return DataLossError("PlayReady Object: no PlayReady Header record (type 1)");
}

}  // namespace streamforge::drm
