// Emulation prevention (ITU-T H.264 §7.3.1 / §7.4.1, H.265 §7.3.1.1 / §7.4.2): inside a NAL unit an
// encoder inserts emulation_prevention_three_byte 0x03 after every 0x00 0x00 that precedes a byte
// <= 0x03, so no start code can appear in the payload. Parsers read the RBSP with those bytes removed.
// Pure functions, thread-safe.
#pragma once

#include "streamforge/core/bytes.h"

namespace streamforge {

// NAL unit bytes -> RBSP: drops every 0x03 that follows two zero bytes. Never fails.
ByteBuffer unescape_rbsp(ByteView nal);

// RBSP -> NAL unit bytes: inserts 0x03 wherever two zero bytes precede a byte <= 0x03, and after a
// final zero byte (§7.4.1: the last byte of a NAL unit is never 0x00).
ByteBuffer escape_rbsp(ByteView rbsp);

}  // namespace streamforge
