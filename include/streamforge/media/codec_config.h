// Codec configuration records, one header each; include this one to get them all:
//   AvcDecoderConfigurationRecord   'avcC'  ISO/IEC 14496-15 §5.3.3.1
//   HevcDecoderConfigurationRecord  'hvcC'  ISO/IEC 14496-15 §8.3.3.1
//   Av1CodecConfigurationRecord     'av1C'  AV1-ISOBMFF §2.3.3
//   VpCodecConfigurationRecord      'vpcC'  VP Codec ISO Media File Format Binding §2.2
//   AudioSpecificConfig             'esds'  ISO/IEC 14496-3 §1.6.2.1 (DecoderSpecificInfo)
//   OpusHead                        'dOps'  RFC 7845 §5.1 / Opus in ISOBMFF §4.3.2
//
// Every record is a plain struct with `static Result<T> parse(ByteView)` and
// `Result<ByteBuffer> serialize() const`, kept symmetric: for a conforming record,
// serialize(parse(x)) == x byte for byte, and parse(serialize(r)) == r whenever parse(x) gave r.
// (Reserved bits are written with their specified values, so a record with non-conforming reserved
// bits or unknown trailing data comes back normalised.) Builders derive a record from the codec's
// own parameter sets or headers. Thread-safety: value types.
#pragma once

#include "streamforge/media/audio_specific_config.h"  // IWYU pragma: export
#include "streamforge/media/av1_config.h"             // IWYU pragma: export
#include "streamforge/media/avc_config.h"             // IWYU pragma: export
#include "streamforge/media/hevc_config.h"            // IWYU pragma: export
#include "streamforge/media/opus_head.h"              // IWYU pragma: export
#include "streamforge/media/vp_config.h"              // IWYU pragma: export
