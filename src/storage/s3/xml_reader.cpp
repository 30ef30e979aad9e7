#include "storage/s3/xml_reader.h"

#include <fmt/format.h>

#include <cstdint>

#include "core/utf8.h"

namespace streamforge::storage::s3 {
namespace {

constexpr int kMaxDepth = 32;
constexpr size_t kMaxElements = 200'000;

bool is_name_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ':';
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<XmlElement> document() {
    SF_RETURN_IF_ERROR(skip_misc());
    if (at_end() || s_[pos_] != '<') return error("expected the root element");
    XmlElement root;
    SF_RETURN_IF_ERROR(element(root, 0));
    SF_RETURN_IF_ERROR(skip_misc());
    if (!at_end()) return error("content after the root element");
    return root;
  }

 private:
  bool at_end() const { return pos_ >= s_.size(); }
  bool starts(std::string_view p) const { return s_.substr(pos_).starts_with(p); }
  Status error(std::string_view what) const {
    return InvalidArgumentError(fmt::format("malformed XML from the S3 server at byte {}: {}", pos_, what));
  }
  void skip_space() {
    while (!at_end() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\n')) ++pos_;
  }
  Status skip_past(std::string_view end, std::string_view what) {
    size_t e = s_.find(end, pos_);
    if (e == std::string_view::npos) return error(fmt::format("unterminated {}", what));
    pos_ = e + end.size();
    return OkStatus();
  }
  // Whitespace, comments and processing instructions between top-level items; DTDs are refused.
  Status skip_misc() {
    while (true) {
      skip_space();
      if (starts("<?")) {
        SF_RETURN_IF_ERROR(skip_past("?>", "processing instruction"));
      } else if (starts("<!--")) {
        SF_RETURN_IF_ERROR(skip_past("-->", "comment"));
      } else if (starts("<!")) {
        return error("DTDs and declarations are not accepted");
      } else {
        return OkStatus();
      }
    }
  }
  Result<std::string> name() {
    size_t b = pos_;
    while (!at_end() && is_name_char(s_[pos_])) ++pos_;
    if (b == pos_) return error("expected a name");
    std::string_view n = s_.substr(b, pos_ - b);
    if (auto colon = n.rfind(':'); colon != std::string_view::npos) n = n.substr(colon + 1);
    return std::string(n);
  }
  Status entity(std::string& out) {
    size_t semi = s_.find(';', pos_);
    if (semi == std::string_view::npos || semi - pos_ > 12) return error("bad entity reference");
    std::string_view ref = s_.substr(pos_ + 1, semi - pos_ - 1);
    pos_ = semi + 1;
    if (ref == "amp") out.push_back('&');
    else if (ref == "lt") out.push_back('<');
    else if (ref == "gt") out.push_back('>');
    else if (ref == "quot") out.push_back('"');
    else if (ref == "apos") out.push_back('\'');
    else if (ref.size() >= 2 && ref[0] == '#') {
      bool hex = ref[1] == 'x' || ref[1] == 'X';
      std::string_view digits = ref.substr(hex ? 2 : 1);
      if (digits.empty()) return error("empty character reference");
      uint32_t cp = 0;
      for (char c : digits) {
        int d = (c >= '0' && c <= '9') ? c - '0'
                : hex && (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : hex && (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                : -1;
        if (d < 0) return error("bad character reference");
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
        if (cp > 0x10FFFF) return error("character reference out of range");
      }
      if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return error("character reference not allowed");
      core::append_utf8(out, cp);
    } else {
      return error("unknown entity (only the five predefined ones and &#...; are accepted)");
    }
    return OkStatus();
  }
  Status attributes() {
    while (true) {
      skip_space();
      if (at_end()) return error("unterminated start tag");
      if (s_[pos_] == '>' || s_[pos_] == '/') return OkStatus();
      SF_RETURN_IF_ERROR(name().status());
      skip_space();
      if (at_end() || s_[pos_] != '=') return error("expected '=' after an attribute name");
      ++pos_;
      skip_space();
      if (at_end() || (s_[pos_] != '"' && s_[pos_] != '\'')) return error("expected a quoted attribute value");
      char q = s_[pos_++];
      size_t e = s_.find(q, pos_);
      if (e == std::string_view::npos) return error("unterminated attribute value");
      pos_ = e + 1;
    }
  }
  Status element(XmlElement& out, int depth) {
    if (depth >= kMaxDepth) return error("nesting deeper than 32 levels");
    if (++elements_ > kMaxElements) return error("more than 200000 elements");
    ++pos_;  // '<'
    SF_ASSIGN_OR_RETURN(std::string tag, name());
    // Keep the qualified tag to match the end tag exactly.
    size_t qstart = pos_;
    while (qstart > 0 && is_name_char(s_[qstart - 1])) --qstart;
    std::string_view qualified = s_.substr(qstart, pos_ - qstart);
    out.name = std::move(tag);
    SF_RETURN_IF_ERROR(attributes());
    if (s_[pos_] == '/') {
      if (pos_ + 1 >= s_.size() || s_[pos_ + 1] != '>') return error("expected '/>'");
      pos_ += 2;
      return OkStatus();
    }
    ++pos_;  // '>'
    while (true) {
      if (at_end()) return error(fmt::format("element <{}> is not closed", out.name));
      char c = s_[pos_];
      if (c == '&') {
        SF_RETURN_IF_ERROR(entity(out.text));
      } else if (c != '<') {
        out.text.push_back(c);
        ++pos_;
      } else if (starts("</")) {
        pos_ += 2;
        size_t b = pos_;
        while (!at_end() && is_name_char(s_[pos_])) ++pos_;
        if (s_.substr(b, pos_ - b) != qualified) return error(fmt::format("end tag does not match <{}>", out.name));
        skip_space();
        if (at_end() || s_[pos_] != '>') return error("expected '>' in an end tag");
        ++pos_;
        return OkStatus();
      } else if (starts("<!--")) {
        SF_RETURN_IF_ERROR(skip_past("-->", "comment"));
      } else if (starts("<![CDATA[")) {
        size_t b = pos_ + 9;
        size_t e = s_.find("]]>", b);
        if (e == std::string_view::npos) return error("unterminated CDATA section");
        out.text.append(s_.substr(b, e - b));
        pos_ = e + 3;
      } else if (starts("<?")) {
        SF_RETURN_IF_ERROR(skip_past("?>", "processing instruction"));
      } else if (starts("<!")) {
        return error("declarations are not accepted inside elements");
      } else {
        out.children.emplace_back();
        SF_RETURN_IF_ERROR(element(out.children.back(), depth + 1));
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  size_t elements_ = 0;
};

}  // namespace

const XmlElement* XmlElement::child(std::string_view n) const {
  for (const auto& c : children) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

std::string XmlElement::child_text(std::string_view n) const {
  const XmlElement* c = child(n);
  return c ? c->text : std::string();
}

Result<XmlElement> parse_xml(std::string_view text) { return Parser(text).document(); }

}  // namespace streamforge::storage::s3
