#include "xml.h"

#include <cctype>
#include <cstdint>
#include <optional>
#include <utility>

#include "utf.h"

namespace streamforge::drm::xml {
namespace {

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kXmlnsNamespace = "http://www.w3.org/2000/xmlns/";

// XML 1.0 §2.2 Char.
bool is_xml_char(uint32_t cp) {
  return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
         (cp >= 0x10000 && cp <= 0x10ffff);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// §2.3 NameStartChar / NameChar, simplified for ASCII; every non-ASCII character is accepted (the
// document is valid UTF-8 by then). ':' is handled by the namespace split.
bool is_name_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) || c == '_' || c == ':' || u >= 0x80;
}
bool is_name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return is_name_start(c) || std::isdigit(u) || c == '-' || c == '.';
}

struct RawAttribute {
  std::string qname;
  std::string value;
};

class Parser {
 public:
  Parser(std::string_view doc, const Limits& limits) : doc_(doc), limits_(limits) {}

  Result<Element> run() {
    if (doc_.size() > limits_.max_bytes) {
      return ResourceExhaustedError("XML: document of " + std::to_string(doc_.size()) + " bytes exceeds the limit of " +
                                    std::to_string(limits_.max_bytes));
    }
    if (doc_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
    if (!is_valid_xml_utf8(doc_.substr(pos_))) {
      return DataLossError("XML: not UTF-8 text made of XML characters (only UTF-8 documents are accepted)");
    }
    if (starts_with("<?xml") && pos_ + 5 < doc_.size() && (is_space(doc_[pos_ + 5]) || doc_[pos_ + 5] == '?')) {
      SF_RETURN_IF_ERROR(parse_xml_declaration());
    }
    SF_RETURN_IF_ERROR(parse_misc(/*before_root=*/true));
    if (at_end() || doc_[pos_] != '<') return error("no root element");
    SF_RETURN_IF_ERROR(parse_start_tag());
    while (!stack_.empty()) {
      if (at_end()) return error("document ends inside <" + stack_.back().qname + ">");
      const char c = doc_[pos_];
      if (c == '<') {
        if (starts_with("<!--")) {
          SF_RETURN_IF_ERROR(skip_comment());
        } else if (starts_with("<![CDATA[")) {
          SF_RETURN_IF_ERROR(parse_cdata());
        } else if (starts_with("<?")) {
          SF_RETURN_IF_ERROR(skip_processing_instruction());
        } else if (starts_with("<!")) {
          return error(starts_with("<!DOCTYPE") ? "DOCTYPE declarations are not accepted (no DTDs, no entities)"
                                                : "markup declaration inside an element");
        } else if (starts_with("</")) {
          SF_RETURN_IF_ERROR(parse_end_tag());
        } else {
          SF_RETURN_IF_ERROR(parse_start_tag());
        }
      } else if (c == '&') {
        std::string decoded;
        SF_RETURN_IF_ERROR(read_reference(decoded));
        SF_RETURN_IF_ERROR(append_text(decoded));
      } else {
        SF_RETURN_IF_ERROR(parse_char_data());
      }
    }
    SF_RETURN_IF_ERROR(parse_misc(/*before_root=*/false));
    if (!at_end()) return error("content after the root element");
    return std::move(*root_);
  }

 private:
  struct Open {
    Element element;
    std::string qname;
    size_t ns_mark = 0;
  };

  bool at_end() const { return pos_ >= doc_.size(); }
  bool starts_with(std::string_view s) const { return doc_.substr(pos_, s.size()) == s; }
  void skip_space() {
    while (!at_end() && is_space(doc_[pos_])) ++pos_;
  }

  // Line of `pos`, counted incrementally (positions asked for only grow, except in errors).
  size_t line_at(size_t pos) const {
    if (pos < line_pos_) {
      line_pos_ = 0;
      line_ = 1;
    }
    for (; line_pos_ < pos && line_pos_ < doc_.size(); ++line_pos_) line_ += doc_[line_pos_] == '\n';
    return line_;
  }
  Status error(const std::string& what) const {
    return DataLossError("XML line " + std::to_string(line_at(pos_)) + ": " + what);
  }
  static Status limit(const std::string& what) { return ResourceExhaustedError("XML: " + what); }

  // Prolog or epilog: whitespace, comments, processing instructions (§2.8 Misc).
  Status parse_misc(bool before_root) {
    for (;;) {
      skip_space();
      if (at_end()) return OkStatus();
      if (starts_with("<!--")) {
        SF_RETURN_IF_ERROR(skip_comment());
      } else if (starts_with("<?")) {
        SF_RETURN_IF_ERROR(skip_processing_instruction());
      } else if (starts_with("<!DOCTYPE")) {
        return error("DOCTYPE declarations are not accepted (no DTDs, no entities)");
      } else if (before_root && doc_[pos_] == '<' && !starts_with("<!")) {
        return OkStatus();
      } else {
        return error(before_root ? "content before the root element" : "content after the root element");
      }
    }
  }

  // §2.8 XMLDecl: version 1.x; the encoding, when named, must be UTF-8.
  Status parse_xml_declaration() {
    pos_ += 5;
    bool have_version = false;
    for (;;) {
      const size_t before = pos_;
      skip_space();
      if (starts_with("?>")) {
        pos_ += 2;
        break;
      }
      if (at_end()) return error("unterminated XML declaration");
      if (pos_ == before) return error("malformed XML declaration");
      SF_ASSIGN_OR_RETURN(std::string name, read_name());
      skip_space();
      if (at_end() || doc_[pos_] != '=') return error("malformed XML declaration");
      ++pos_;
      skip_space();
      SF_ASSIGN_OR_RETURN(std::string value, read_simple_quoted());
      std::string lower;
      for (char ch : value) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
      if (name == "version") {
        if (value.size() < 3 || value.substr(0, 2) != "1.") return error("unsupported XML version");
        have_version = true;
      } else if (name == "encoding") {
        if (lower != "utf-8" && lower != "utf8") return error("only UTF-8 documents are accepted");
      } else if (name != "standalone") {
        return error("unknown pseudo-attribute in the XML declaration");
      }
    }
    if (!have_version) return error("XML declaration without a version");
    return OkStatus();
  }

  Result<std::string> read_simple_quoted() {
    if (at_end() || (doc_[pos_] != '"' && doc_[pos_] != '\'')) return error("expected a quoted value");
    const char quote = doc_[pos_++];
    const size_t end = doc_.find(quote, pos_);
    if (end == std::string_view::npos || end - pos_ > 64) return error("unterminated quoted value");
    std::string v(doc_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return v;
  }

  Status skip_comment() {
    const size_t start = pos_ + 4;
    const size_t end = doc_.find("-->", start);
    if (end == std::string_view::npos) return error("unterminated comment");
    const std::string_view body = doc_.substr(start, end - start);
    // §2.5: "--" must not occur in a comment, nor may it end with '-'.
    if (body.find("--") != std::string_view::npos || (!body.empty() && body.back() == '-')) {
      return error("'--' inside a comment");
    }
    pos_ = end + 3;
    return OkStatus();
  }

  Status skip_processing_instruction() {
    pos_ += 2;
    SF_ASSIGN_OR_RETURN(std::string target, read_name());
    std::string lower;
    for (char ch : target) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    if (lower == "xml") return error("XML declaration not at the start of the document");
    const size_t end = doc_.find("?>", pos_);
    if (end == std::string_view::npos) return error("unterminated processing instruction");
    if (end != pos_ && !is_space(doc_[pos_])) return error("malformed processing instruction");
    pos_ = end + 2;
    return OkStatus();
  }

  Result<std::string> read_name() {
    const size_t start = pos_;
    if (at_end() || !is_name_start(doc_[pos_])) return error("expected a name");
    while (!at_end() && is_name_char(doc_[pos_])) {
      ++pos_;
      if (pos_ - start > limits_.max_name) return limit("name longer than " + std::to_string(limits_.max_name));
    }
    return std::string(doc_.substr(start, pos_ - start));
  }

  // §4.1 references: the five predefined entities (§4.6) and character references. Any other
  // entity would need a DTD, which is refused.
  Status read_reference(std::string& out) {
    const size_t semicolon = doc_.find(';', pos_);
    if (semicolon == std::string_view::npos || semicolon - pos_ > 12)
      return error("malformed reference ('&' must be escaped as &amp;)");
    const std::string_view name = doc_.substr(pos_ + 1, semicolon - pos_ - 1);
    if (!name.empty() && name[0] == '#') {
      const bool hex = name.size() > 1 && name[1] == 'x';
      const std::string_view digits = name.substr(hex ? 2 : 1);
      if (digits.empty()) return error("empty character reference");
      uint32_t cp = 0;
      for (char c : digits) {
        int d = -1;
        if (c >= '0' && c <= '9')
          d = c - '0';
        else if (hex && c >= 'a' && c <= 'f')
          d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F')
          d = c - 'A' + 10;
        if (d < 0) return error("malformed character reference");
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
        if (cp > 0x10ffff) return error("character reference out of range");
      }
      if (!is_xml_char(cp)) return error("character reference to a character XML does not allow");
      utf::append_utf8(out, cp);
    } else if (name == "lt") {
      out.push_back('<');
    } else if (name == "gt") {
      out.push_back('>');
    } else if (name == "amp") {
      out.push_back('&');
    } else if (name == "quot") {
      out.push_back('"');
    } else if (name == "apos") {
      out.push_back('\'');
    } else {
      return error(
          "undeclared entity reference (only &lt; &gt; &amp; &quot; &apos; and character references "
          "are accepted; DTDs are not)");
    }
    pos_ = semicolon + 1;
    return OkStatus();
  }

  Status append_text(std::string_view s) {
    Element& e = stack_.back().element;
    if (e.text.size() + s.size() > limits_.max_text) {
      return limit("character data of <" + stack_.back().qname + "> exceeds " + std::to_string(limits_.max_text) +
                   " bytes");
    }
    e.text.append(s);
    return OkStatus();
  }

  // Character data up to the next markup or reference, with §2.11 end-of-line normalization.
  Status parse_char_data() {
    std::string chunk;
    while (!at_end() && doc_[pos_] != '<' && doc_[pos_] != '&') {
      const char c = doc_[pos_];
      if (c == ']' && starts_with("]]>")) return error("']]>' in character data");
      if (c == '\r') {
        chunk.push_back('\n');
        ++pos_;
        if (!at_end() && doc_[pos_] == '\n') ++pos_;
        continue;
      }
      chunk.push_back(c);
      ++pos_;
    }
    return append_text(chunk);
  }

  Status parse_cdata() {
    const size_t start = pos_ + 9;
    const size_t end = doc_.find("]]>", start);
    if (end == std::string_view::npos) return error("unterminated CDATA section");
    std::string chunk;
    for (size_t i = start; i < end; ++i) {
      if (doc_[i] == '\r') {
        chunk.push_back('\n');
        if (i + 1 < end && doc_[i + 1] == '\n') ++i;
      } else {
        chunk.push_back(doc_[i]);
      }
    }
    pos_ = end + 3;
    return append_text(chunk);
  }

  // §3.1 AttValue with §3.3.3 normalization (no DTD, so every attribute is CDATA).
  Result<std::string> read_attribute_value() {
    if (at_end() || (doc_[pos_] != '"' && doc_[pos_] != '\'')) return error("attribute value must be quoted");
    const char quote = doc_[pos_++];
    std::string value;
    for (;;) {
      if (at_end()) return error("unterminated attribute value");
      const char c = doc_[pos_];
      if (c == quote) {
        ++pos_;
        return value;
      }
      if (c == '<') return error("'<' inside an attribute value");
      if (c == '&') {
        SF_RETURN_IF_ERROR(read_reference(value));
      } else if (c == '\r' || c == '\n' || c == '\t') {
        value.push_back(' ');
        ++pos_;
        if (c == '\r' && !at_end() && doc_[pos_] == '\n') ++pos_;
      } else {
        value.push_back(c);
        ++pos_;
      }
      if (value.size() > limits_.max_value)
        return limit("attribute value longer than " + std::to_string(limits_.max_value) + " bytes");
    }
  }

  // Splits a QName (Namespaces in XML §4) into prefix and local part.
  Status split_qname(const std::string& qname, std::string* prefix, std::string* local) const {
    const size_t colon = qname.find(':');
    if (colon == std::string::npos) {
      prefix->clear();
      *local = qname;
      return OkStatus();
    }
    if (colon == 0 || colon + 1 == qname.size() || qname.find(':', colon + 1) != std::string::npos ||
        !is_name_start(qname[colon + 1])) {
      return error("malformed qualified name '" + qname + "'");
    }
    *prefix = qname.substr(0, colon);
    *local = qname.substr(colon + 1);
    return OkStatus();
  }

  std::optional<std::string> lookup(const std::string& prefix) const {
    if (prefix == "xml") return std::string(kXmlNamespace);
    for (size_t i = bindings_.size(); i-- > 0;) {
      if (bindings_[i].first == prefix) return bindings_[i].second;
    }
    if (prefix.empty()) return std::string();  // no default namespace declared
    return std::nullopt;
  }

  Status parse_start_tag() {
    const size_t tag_pos = pos_;
    ++pos_;  // '<'
    SF_ASSIGN_OR_RETURN(std::string qname, read_name());
    std::vector<RawAttribute> raw;
    bool empty = false;
    for (;;) {
      const size_t before = pos_;
      skip_space();
      if (at_end()) return error("unterminated start tag <" + qname + ">");
      if (doc_[pos_] == '>') {
        ++pos_;
        break;
      }
      if (starts_with("/>")) {
        pos_ += 2;
        empty = true;
        break;
      }
      if (pos_ == before) return error("expected whitespace between attributes of <" + qname + ">");
      SF_ASSIGN_OR_RETURN(std::string name, read_name());
      skip_space();
      if (at_end() || doc_[pos_] != '=') return error("attribute '" + name + "' without a value");
      ++pos_;
      skip_space();
      SF_ASSIGN_OR_RETURN(std::string value, read_attribute_value());
      for (const RawAttribute& a : raw) {
        if (a.qname == name) return error("duplicate attribute '" + name + "'");
      }
      raw.push_back({std::move(name), std::move(value)});
      if (raw.size() > limits_.max_attributes) {
        return limit("more than " + std::to_string(limits_.max_attributes) + " attributes on <" + qname + ">");
      }
    }
    if (stack_.size() + 1 > limits_.max_depth) return limit("nesting deeper than " + std::to_string(limits_.max_depth));
    if (++element_count_ > limits_.max_elements)
      return limit("more than " + std::to_string(limits_.max_elements) + " elements");

    // Namespace declarations first (they apply to the element's own name and attributes).
    const size_t mark = bindings_.size();
    for (const RawAttribute& a : raw) {
      if (a.qname == "xmlns") {
        if (a.value == kXmlNamespace || a.value == kXmlnsNamespace) return error("reserved namespace as the default");
        bindings_.emplace_back("", a.value);
      } else if (a.qname.rfind("xmlns:", 0) == 0) {
        const std::string prefix = a.qname.substr(6);
        if (prefix.empty() || prefix.find(':') != std::string::npos) return error("malformed namespace declaration");
        if (a.value.empty()) return error("namespace prefix '" + prefix + "' bound to an empty URI");
        if (prefix == "xmlns" || (prefix == "xml") != (a.value == kXmlNamespace) || a.value == kXmlnsNamespace) {
          return error("reserved namespace prefix or URI");
        }
        bindings_.emplace_back(prefix, a.value);
      }
    }
    Element e;
    e.line = line_at(tag_pos);
    std::string prefix;
    SF_RETURN_IF_ERROR(split_qname(qname, &prefix, &e.local));
    auto ns = lookup(prefix);
    if (!ns) return error("undeclared namespace prefix '" + prefix + "'");
    e.ns = std::move(*ns);
    for (RawAttribute& a : raw) {
      if (a.qname == "xmlns" || a.qname.rfind("xmlns:", 0) == 0) continue;
      Attribute attr;
      SF_RETURN_IF_ERROR(split_qname(a.qname, &prefix, &attr.local));
      if (!prefix.empty()) {
        auto attr_ns = lookup(prefix);
        if (!attr_ns) return error("undeclared namespace prefix '" + prefix + "'");
        attr.ns = std::move(*attr_ns);
      }
      for (const Attribute& other : e.attributes) {
        if (other.ns == attr.ns && other.local == attr.local) return error("duplicate attribute '" + a.qname + "'");
      }
      attr.value = std::move(a.value);
      e.attributes.push_back(std::move(attr));
    }
    stack_.push_back(Open{std::move(e), std::move(qname), mark});
    if (empty) close_top();
    return OkStatus();
  }

  Status parse_end_tag() {
    pos_ += 2;
    SF_ASSIGN_OR_RETURN(std::string qname, read_name());
    skip_space();
    if (at_end() || doc_[pos_] != '>') return error("malformed end tag </" + qname + ">");
    ++pos_;
    if (qname != stack_.back().qname) {
      return error("end tag </" + qname + "> does not match <" + stack_.back().qname + ">");
    }
    close_top();
    return OkStatus();
  }

  void close_top() {
    Open top = std::move(stack_.back());
    stack_.pop_back();
    bindings_.resize(top.ns_mark);
    if (stack_.empty()) {
      root_ = std::move(top.element);
    } else {
      stack_.back().element.children.push_back(std::move(top.element));
    }
  }

  std::string_view doc_;
  const Limits& limits_;
  size_t pos_ = 0;
  size_t element_count_ = 0;
  mutable size_t line_pos_ = 0;
  mutable size_t line_ = 1;
  std::vector<Open> stack_;
  std::vector<std::pair<std::string, std::string>> bindings_;  // (prefix, URI), innermost last
  std::optional<Element> root_;
};

}  // namespace

const Attribute* Element::attribute(std::string_view local_name, std::string_view ns_uri) const {
  for (const Attribute& a : attributes) {
    if (a.local == local_name && a.ns == ns_uri) return &a;
  }
  return nullptr;
}

const Element* Element::child(std::string_view ns_uri, std::string_view local_name) const {
  for (const Element& c : children) {
    if (c.local == local_name && c.ns == ns_uri) return &c;
  }
  return nullptr;
}

std::vector<const Element*> Element::children_named(std::string_view ns_uri, std::string_view local_name) const {
  std::vector<const Element*> out;
  for (const Element& c : children) {
    if (c.local == local_name && c.ns == ns_uri) out.push_back(&c);
  }
  return out;
}

Result<Element> parse(std::string_view document, const Limits& limits) {
  Parser parser(document, limits);
  return parser.run();
}

bool is_valid_xml_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t len = 0;
    const int32_t cp = utf::decode_utf8_at(text, i, &len);
    if (cp < 0 || !is_xml_char(static_cast<uint32_t>(cp))) return false;
    i += len;
  }
  return true;
}

std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string escape_attribute(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace streamforge::drm::xml
