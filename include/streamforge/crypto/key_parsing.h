// Hex text -> key material, for specs, CLIs and tests. Pure functions, thread-safe.
//
// Accepted forms (case-insensitive, surrounding whitespace ignored):
//   KID  32 hex digits ("9eb4050de44b4802932e27d75083e266"), or the UUID form with dashes in the
//        8-4-4-4-12 places ("9eb4050d-e44b-4802-932e-27d75083e266"), as CPIX / DASH cenc:default_KID
//        write it. An optional "0x" prefix is accepted on the plain form.
//   key  32 hex digits (optional "0x").
//   IV   16 or 32 hex digits (optional "0x"): the 8- and 16-byte IVs of 23001-7 §9.3 / 'tenc'.
// Anything else is InvalidArgument with a message that says what was expected.
#pragma once

#include <string>
#include <string_view>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/crypto/types.h"

namespace streamforge::crypto {

Result<KeyId> parse_key_id(std::string_view text);
Result<Key> parse_key(std::string_view text);
Result<ByteBuffer> parse_iv(std::string_view text);

// "9eb4050d-e44b-4802-932e-27d75083e266": the UUID form of a KID (lower case).
std::string key_id_to_uuid(const KeyId& kid);

}  // namespace streamforge::crypto
