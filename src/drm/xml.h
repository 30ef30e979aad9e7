// Private: a small, strict XML 1.0 reader for the documents drm/ consumes (CPIX responses,
// PlayReady headers), and escaping for the documents it writes.
//
// Scope (what a key server or a PlayReady header actually uses): elements, attributes, character
// data, CDATA sections, comments, processing instructions, the XML declaration, the five predefined
// entities and character references, and Namespaces in XML 1.0 (prefixes resolved to URIs).
//
// Refused outright, by design: any DOCTYPE (so no DTD, no external or custom entities, no entity
// expansion: "billion laughs" and XXE cannot happen), encodings other than UTF-8, invalid UTF-8,
// characters outside the XML Char production, undeclared namespace prefixes, mismatched tags.
// Bounded: input size, nesting depth, element count, attributes per element, name and value
// lengths (Limits). The parser is iterative (no recursion on the input's nesting).
//
// Errors: kDataLoss "XML line N: <what>" for malformed input, kResourceExhausted for a limit.
// Thread-safe (pure functions).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/result.h"

namespace streamforge::drm::xml {

struct Attribute {
  std::string ns;     // namespace URI; empty for unprefixed attributes (Namespaces in XML §6.2)
  std::string local;  // local name
  std::string value;  // references decoded, whitespace normalized (XML §3.3.3)
};

struct Element {
  std::string ns;                     // namespace URI (empty when in no namespace)
  std::string local;                  // local name
  std::vector<Attribute> attributes;  // xmlns declarations are not listed
  std::vector<Element> children;
  std::string text;  // character data directly inside this element, concatenated
  size_t line = 1;   // line of the start tag

  // The attribute with this local name and namespace (unprefixed: ns ""), or nullptr.
  const Attribute* attribute(std::string_view local_name, std::string_view ns_uri = {}) const;
  // The first child element with this namespace and local name, or nullptr.
  const Element* child(std::string_view ns_uri, std::string_view local_name) const;
  // All child elements with this namespace and local name, in order.
  std::vector<const Element*> children_named(std::string_view ns_uri, std::string_view local_name) const;
};

struct Limits {
  size_t max_bytes = 8u << 20;
  size_t max_depth = 32;
  size_t max_elements = 100000;
  size_t max_attributes = 64;   // per element
  size_t max_name = 256;        // characters of a qualified name
  size_t max_value = 1u << 20;  // bytes of one attribute value
  size_t max_text = 4u << 20;   // bytes of character data in one element
};

// Parses a whole document and returns its root element.
Result<Element> parse(std::string_view document, const Limits& limits = {});

// Escapes character data: & < > (and CR, so it survives end-of-line normalization).
std::string escape_text(std::string_view text);
// Escapes a double-quoted attribute value: & < > " and TAB/LF/CR as character references.
std::string escape_attribute(std::string_view value);

// True when `text` is valid UTF-8 made only of XML Chars (XML §2.2).
bool is_valid_xml_utf8(std::string_view text);

}  // namespace streamforge::drm::xml
