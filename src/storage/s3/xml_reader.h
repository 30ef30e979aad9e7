// Private: a small, defensive XML reader for S3 responses (ListObjectsV2, multipart uploads,
// <Error> bodies). storage/ may not use drm/'s XML reader (layering), and S3 needs only elements
// and text: no DTDs (refused, so no entity expansion attacks), no external anything.
//
// Handles the XML declaration, comments, CDATA, attributes (parsed and dropped), namespace prefixes
// (dropped: elements are matched by local name), the five predefined entities and numeric character
// references (encoded as UTF-8). Limits: 32 levels of nesting, 200,000 elements; beyond them, or on
// any malformation, kInvalidArgument naming the offset -- never a crash (fuzz target
// tests/fuzz/s3_xml_fuzz.cpp).
//
// Value types and a free function; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/result.h"

namespace streamforge::storage::s3 {

struct XmlElement {
  std::string name;  // local name
  std::string text;  // concatenated character data directly inside this element
  std::vector<XmlElement> children;

  // The first child named `name`, or nullptr.
  const XmlElement* child(std::string_view name) const;
  // The text of the first child named `name`; empty when absent.
  std::string child_text(std::string_view name) const;
};

Result<XmlElement> parse_xml(std::string_view text);

}  // namespace streamforge::storage::s3
