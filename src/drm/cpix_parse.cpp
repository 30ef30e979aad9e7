// CPIX 2.3 document reader; see cpix.h.
#include <set>

#include "streamforge/drm/cpix.h"
#include "streamforge/drm/encoding.h"
#include "xml.h"

namespace streamforge::drm {
namespace {

using xml::Element;

Status bad(const std::string& where, const std::string& what) { return DataLossError("CPIX: " + where + ": " + what); }

std::string where_of(const char* name, size_t index, const Element& e) {
  return std::string(name) + "[" + std::to_string(index) + "] (line " + std::to_string(e.line) + ")";
}

Result<KeyId> uuid_attribute(const Element& e, const char* attr, const std::string& where) {
  const xml::Attribute* a = e.attribute(attr);
  if (!a) return bad(where, std::string("missing the ") + attr + " attribute");
  auto id = parse_uuid(a->value);
  if (!id.ok()) return bad(where, std::string(attr) + ": " + id.status().message());
  return *id;
}

Result<std::optional<uint64_t>> integer_attribute(const Element& e, const char* attr, const std::string& where) {
  const xml::Attribute* a = e.attribute(attr);
  if (!a) return std::optional<uint64_t>();
  const std::string& v = a->value;
  if (v.empty() || v.size() > 18) return bad(where, std::string(attr) + ": not a non-negative integer");
  uint64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return bad(where, std::string(attr) + ": not a non-negative integer");
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return std::optional<uint64_t>(n);
}

Result<std::vector<uint8_t>> base64_content(const Element& e, const std::string& where) {
  auto bytes = base64_decode_lenient_whitespace(e.text);
  if (!bytes.ok()) return bad(where, e.local + ": " + bytes.status().message());
  return std::move(*bytes);
}

Result<std::string> base64_text(const Element& e, const std::string& where) {
  SF_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, base64_content(e, where));
  std::string text(bytes.begin(), bytes.end());
  return text;
}

// pskc elements; CPIX documents in the wild also put Data in the cpix namespace.
const Element* child_any(const Element& e, std::string_view local) {
  if (const Element* c = e.child(kCpixNamespace, local)) return c;
  return e.child(kPskcNamespace, local);
}

Status parse_content_key(const Element& e, size_t i, CpixDocument& doc) {
  const std::string where = where_of("ContentKey", i, e);
  CpixContentKey key;
  SF_ASSIGN_OR_RETURN(key.kid, uuid_attribute(e, "kid", where));
  if (doc.find_key(key.kid)) return bad(where, "KID " + uuid_string(key.kid) + " listed twice");
  if (const xml::Attribute* iv = e.attribute("explicitIV")) {
    auto bytes = base64_decode_lenient_whitespace(iv->value);
    if (!bytes.ok()) return bad(where, "explicitIV: " + bytes.status().message());
    if (bytes->size() != 8 && bytes->size() != 16) return bad(where, "explicitIV must be 8 or 16 bytes");
    key.explicit_iv = std::move(*bytes);
  }
  if (const xml::Attribute* s = e.attribute("commonEncryptionScheme")) key.common_encryption_scheme = s->value;
  if (const Element* data = child_any(e, "Data")) {
    const Element* secret = data->child(kPskcNamespace, "Secret");
    if (!secret) return bad(where, "Data has no pskc:Secret");
    if (secret->child(kPskcNamespace, "EncryptedValue")) {
      return UnimplementedError("CPIX: " + where +
                                ": the content key is encrypted (DeliveryData); ask the key server for clear keys "
                                "(pskc:PlainValue) over HTTPS");
    }
    const Element* plain = secret->child(kPskcNamespace, "PlainValue");
    if (!plain) return bad(where, "Data/Secret has no pskc:PlainValue");
    SF_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, base64_content(*plain, where));
    if (bytes.size() != 16)
      return bad(where, "PlainValue is " + std::to_string(bytes.size()) + " bytes (expected a 16-byte key)");
    Key k{};
    for (size_t b = 0; b < 16; ++b) k[b] = bytes[b];
    key.key = k;
  }
  doc.content_keys.push_back(std::move(key));
  return OkStatus();
}

Status parse_drm_system(const Element& e, size_t i, CpixDocument& doc) {
  const std::string where = where_of("DRMSystem", i, e);
  CpixDrmSystem s;
  SF_ASSIGN_OR_RETURN(s.kid, uuid_attribute(e, "kid", where));
  SF_ASSIGN_OR_RETURN(s.system_id, uuid_attribute(e, "systemId", where));
  if (!doc.find_key(s.kid)) return bad(where, "kid " + uuid_string(s.kid) + " matches no ContentKey");
  if (const Element* c = e.child(kCpixNamespace, "PSSH")) {
    SF_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, base64_content(*c, where));
    s.pssh = ByteBuffer(std::move(bytes));
  }
  if (const Element* c = e.child(kCpixNamespace, "ContentProtectionData")) {
    SF_ASSIGN_OR_RETURN(s.content_protection_data, base64_text(*c, where));
  }
  if (const Element* c = e.child(kCpixNamespace, "URIExtXKey")) {
    SF_ASSIGN_OR_RETURN(s.uri_ext_x_key, base64_text(*c, where));
  }
  for (const Element* c : e.children_named(kCpixNamespace, "HLSSignalingData")) {
    const xml::Attribute* playlist = c->attribute("playlist");
    const std::string target = playlist ? playlist->value : "media";
    SF_ASSIGN_OR_RETURN(std::string text, base64_text(*c, where));
    if (target == "master") {
      s.hls_signaling_master = std::move(text);
    } else if (target == "media" || target == "variant") {
      s.hls_signaling_media = std::move(text);
    } else {
      return bad(where, "HLSSignalingData playlist must be \"media\" or \"master\"");
    }
  }
  doc.drm_systems.push_back(std::move(s));
  return OkStatus();
}

Status parse_usage_rule(const Element& e, size_t i, CpixDocument& doc) {
  const std::string where = where_of("ContentKeyUsageRule", i, e);
  CpixUsageRule r;
  SF_ASSIGN_OR_RETURN(r.kid, uuid_attribute(e, "kid", where));
  if (!doc.find_key(r.kid)) return bad(where, "kid " + uuid_string(r.kid) + " matches no ContentKey");
  if (const xml::Attribute* t = e.attribute("intendedTrackType")) r.intended_track_type = t->value;
  for (const Element* f : e.children_named(kCpixNamespace, "KeyPeriodFilter")) {
    const xml::Attribute* id = f->attribute("periodId");
    if (!id) return bad(where, "KeyPeriodFilter without a periodId");
    bool known = false;
    for (const CpixKeyPeriod& p : doc.periods) known = known || p.id == id->value;
    if (!known) return bad(where, "KeyPeriodFilter periodId \"" + id->value + "\" matches no ContentKeyPeriod");
    r.period_ids.push_back(id->value);
  }
  if (const Element* v = e.child(kCpixNamespace, "VideoFilter")) {
    r.video_filter = true;
    SF_ASSIGN_OR_RETURN(r.min_pixels, integer_attribute(*v, "minPixels", where));
    SF_ASSIGN_OR_RETURN(r.max_pixels, integer_attribute(*v, "maxPixels", where));
  }
  r.audio_filter = e.child(kCpixNamespace, "AudioFilter") != nullptr;
  doc.usage_rules.push_back(std::move(r));
  return OkStatus();
}

}  // namespace

const CpixContentKey* CpixDocument::find_key(const KeyId& kid) const {
  for (const CpixContentKey& k : content_keys) {
    if (k.kid == kid) return &k;
  }
  return nullptr;
}

Result<CpixDocument> parse_cpix(std::string_view document) {
  auto root = xml::parse(document);
  if (!root.ok()) return Status(root.status().code(), "CPIX: " + root.status().message());
  if (root->local != "CPIX" || root->ns != kCpixNamespace) {
    return DataLossError("CPIX: the root element is not CPIX in the urn:dashif:org:cpix namespace");
  }
  CpixDocument doc;
  if (const xml::Attribute* v = root->attribute("version")) doc.version = v->value;
  if (const xml::Attribute* c = root->attribute("contentId")) doc.content_id = c->value;

  if (const Element* list = root->child(kCpixNamespace, "ContentKeyList")) {
    size_t i = 0;
    for (const Element* e : list->children_named(kCpixNamespace, "ContentKey"))
      SF_RETURN_IF_ERROR(parse_content_key(*e, i++, doc));
  }
  if (const Element* list = root->child(kCpixNamespace, "DRMSystemList")) {
    size_t i = 0;
    for (const Element* e : list->children_named(kCpixNamespace, "DRMSystem"))
      SF_RETURN_IF_ERROR(parse_drm_system(*e, i++, doc));
  }
  if (const Element* list = root->child(kCpixNamespace, "ContentKeyPeriodList")) {
    size_t i = 0;
    std::set<std::string> ids;
    for (const Element* e : list->children_named(kCpixNamespace, "ContentKeyPeriod")) {
      const std::string where = where_of("ContentKeyPeriod", i++, *e);
      CpixKeyPeriod p;
      const xml::Attribute* id = e->attribute("id");
      if (!id || id->value.empty()) return bad(where, "missing the id attribute");
      if (!ids.insert(id->value).second) return bad(where, "id \"" + id->value + "\" used twice");
      p.id = id->value;
      SF_ASSIGN_OR_RETURN(p.index, integer_attribute(*e, "index", where));
      doc.periods.push_back(std::move(p));
    }
  }
  if (const Element* list = root->child(kCpixNamespace, "ContentKeyUsageRuleList")) {
    size_t i = 0;
    for (const Element* e : list->children_named(kCpixNamespace, "ContentKeyUsageRule")) {
      SF_RETURN_IF_ERROR(parse_usage_rule(*e, i++, doc));
    }
  }
  return doc;
}

}  // namespace streamforge::drm
