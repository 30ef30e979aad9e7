#include "streamforge/media/opus_head.h"

#include <string>
#include <type_traits>

namespace streamforge {
namespace {

constexpr char kMagic[8] = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd'};
constexpr size_t kFixedSize = 19;      // OpusHead up to and including the mapping family
constexpr size_t kDopsFixedSize = 11;  // dOps up to and including ChannelMappingFamily

// Little- or big-endian integer reads/writes over a byte cursor; the caller checks sizes first.
template <typename T>
T load(const uint8_t* p, bool big_endian) {
  uint64_t v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    const size_t shift = big_endian ? (sizeof(T) - 1 - i) * 8 : i * 8;
    v |= uint64_t{p[i]} << shift;
  }
  return static_cast<T>(v);
}

template <typename T>
void store(ByteBuffer& out, T value, bool big_endian) {
  const auto v = static_cast<uint64_t>(static_cast<std::make_unsigned_t<T>>(value));
  for (size_t i = 0; i < sizeof(T); ++i) {
    const size_t shift = big_endian ? (sizeof(T) - 1 - i) * 8 : i * 8;
    out.push_back(static_cast<uint8_t>(v >> shift));
  }
}

// The fields after the magic/version: shared by both forms, differing in byte order.
Result<OpusHead> parse_body(ByteView body, bool big_endian, const char* what) {
  const size_t fixed = 10;  // channel count .. mapping family
  if (body.size() < fixed) {
    return DataLossError(std::string(what) + ": truncated header (" + std::to_string(body.size()) + " of " +
                         std::to_string(fixed) + " bytes after the version)");
  }
  OpusHead h;
  h.channel_count = body[0];
  h.pre_skip = load<uint16_t>(&body[1], big_endian);
  h.input_sample_rate = load<uint32_t>(&body[3], big_endian);
  h.output_gain = load<int16_t>(&body[7], big_endian);
  h.channel_mapping_family = body[9];
  if (h.channel_mapping_family != 0) {
    if (body.size() < fixed + 2 + h.channel_count) {
      return DataLossError(std::string(what) + ": truncated channel mapping table (" +
                           std::to_string(body.size() - fixed) + " bytes for " + std::to_string(h.channel_count) +
                           " channels)");
    }
    h.stream_count = body[10];
    h.coupled_count = body[11];
    h.channel_mapping.assign(body.begin() + 12, body.begin() + 12 + h.channel_count);
  }
  Status valid = h.validate();
  if (!valid.ok()) return DataLossError(std::string(what) + ": " + valid.message());
  return h;
}

void serialize_body(const OpusHead& h, bool big_endian, ByteBuffer& out) {
  out.push_back(h.channel_count);
  store<uint16_t>(out, h.pre_skip, big_endian);
  store<uint32_t>(out, h.input_sample_rate, big_endian);
  store<int16_t>(out, h.output_gain, big_endian);
  out.push_back(h.channel_mapping_family);
  if (h.channel_mapping_family != 0) {
    out.push_back(h.stream_count);
    out.push_back(h.coupled_count);
    out.append(h.channel_mapping.data(), h.channel_mapping.size());
  }
}

}  // namespace

Status OpusHead::validate() const {
  if (channel_count == 0) return InvalidArgumentError("channel count is 0", "channel_count");
  if (channel_mapping_family == 0) {
    if (channel_count > 2) {
      return InvalidArgumentError("mapping family 0 allows 1 or 2 channels, got " + std::to_string(channel_count),
                                  "channel_count");
    }
    return OkStatus();
  }
  if (channel_mapping_family == 1 && channel_count > 8) {
    return InvalidArgumentError("mapping family 1 allows 1 to 8 channels, got " + std::to_string(channel_count),
                                "channel_count");
  }
  if (stream_count == 0) return InvalidArgumentError("stream count is 0", "stream_count");
  if (coupled_count > stream_count) {
    return InvalidArgumentError("coupled count " + std::to_string(coupled_count) + " exceeds stream count " +
                                std::to_string(stream_count), "coupled_count");
  }
  if (static_cast<unsigned>(stream_count) + coupled_count > 255) {
    return InvalidArgumentError("stream count + coupled count exceeds 255", "stream_count");
  }
  if (channel_mapping.size() != channel_count) {
    return InvalidArgumentError("channel mapping has " + std::to_string(channel_mapping.size()) + " entries for " +
                                std::to_string(channel_count) + " channels", "channel_mapping");
  }
  const unsigned decoded_channels = static_cast<unsigned>(stream_count) + coupled_count;
  for (uint8_t index : channel_mapping) {
    if (index != 255 && index >= decoded_channels) {  // 255: silent channel
      return InvalidArgumentError("channel mapping index " + std::to_string(index) + " exceeds the " +
                                  std::to_string(decoded_channels) + " decoded channels", "channel_mapping");
    }
  }
  return OkStatus();
}

Result<OpusHead> OpusHead::parse(ByteView data) {
  if (data.size() < 9) return DataLossError("OpusHead: truncated (" + std::to_string(data.size()) + " bytes)");
  for (size_t i = 0; i < sizeof(kMagic); ++i) {
    if (data[i] != static_cast<uint8_t>(kMagic[i])) return DataLossError("OpusHead: missing \"OpusHead\" magic");
  }
  const uint8_t version = data[8];
  if (version >> 4) return UnimplementedError("OpusHead: version " + std::to_string(version) + " not supported");
  SF_ASSIGN_OR_RETURN(OpusHead h, parse_body(data.subspan(9), /*big_endian=*/false, "OpusHead"));
  h.version = version;
  return h;
}

Result<ByteBuffer> OpusHead::serialize() const {
  SF_RETURN_IF_ERROR(validate());
  if (version >> 4) return InvalidArgumentError("OpusHead: version " + std::to_string(version) + " has a major version");
  ByteBuffer out;
  out.reserve(kFixedSize + 2 + channel_mapping.size());
  for (char c : kMagic) out.push_back(static_cast<uint8_t>(c));
  out.push_back(version);
  serialize_body(*this, /*big_endian=*/false, out);
  return out;
}

Result<OpusHead> OpusHead::parse_dops(ByteView data) {
  if (data.empty()) return DataLossError("dOps: empty");
  if (data[0] != 0) return UnimplementedError("dOps: Version " + std::to_string(data[0]) + " not supported (expected 0)");
  SF_ASSIGN_OR_RETURN(OpusHead h, parse_body(data.subspan(1), /*big_endian=*/true, "dOps"));
  h.version = 1;
  return h;
}

Result<ByteBuffer> OpusHead::serialize_dops() const {
  SF_RETURN_IF_ERROR(validate());
  ByteBuffer out;
  out.reserve(kDopsFixedSize + 2 + channel_mapping.size());
  out.push_back(0);  // Version
  serialize_body(*this, /*big_endian=*/true, out);
  return out;
}

}  // namespace streamforge
