#include "streamforge/ts/psi.h"

#include <algorithm>
#include <array>

#include "ts/byte_io.h"

namespace streamforge::ts {
namespace {

using detail::get_u16;
using detail::get_u32;
using detail::put_u16;
using detail::put_u32;
using detail::put_u8;

constexpr std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i << 24;
    for (int bit = 0; bit < 8; ++bit) c = (c & 0x80000000u) ? (c << 1) ^ 0x04c11db7u : c << 1;
    table[i] = c;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kCrcTable = make_crc_table();

constexpr size_t kSectionHeaderSize = 8;  // table_id .. last_section_number
constexpr size_t kCrcSize = 4;

std::string hex16(uint32_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) s += kDigits[(v >> shift) & 0xf];
  return s;
}

// The common long-form section header (§2.4.4.3 / §2.4.4.8), with section_length patched by finish_section.
void begin_section(ByteBuffer& out, uint8_t table_id, uint16_t extension, uint8_t version, bool current_next,
                   uint8_t section_number, uint8_t last_section_number) {
  put_u8(out, table_id);
  put_u16(out, 0xb000);  // section_syntax_indicator '1', '0', reserved '11', section_length (patched)
  put_u16(out, extension);
  put_u8(out, 0xc0 | (version & 0x1f) << 1 | (current_next ? 1 : 0));
  put_u8(out, section_number);
  put_u8(out, last_section_number);
}

Result<ByteBuffer> finish_section(ByteBuffer out, const char* what) {
  const size_t total = out.size() + kCrcSize;
  if (total > kMaxPsiSectionSize) {
    return InvalidArgumentError(std::string(what) + " section of " + std::to_string(total) +
                                " bytes exceeds the 1024 bytes ISO/IEC 13818-1 allows");
  }
  const size_t section_length = total - 3;
  out.data()[1] = static_cast<uint8_t>(0xb0 | section_length >> 8);
  out.data()[2] = static_cast<uint8_t>(section_length);
  put_u32(out, mpeg2_crc32(out));
  return out;
}

struct SectionHeader {
  uint16_t extension = 0;
  uint8_t version = 0;
  bool current_next = true;
  uint8_t section_number = 0;
  uint8_t last_section_number = 0;
  ByteView body;  // after last_section_number, before CRC_32
};

Result<SectionHeader> parse_section_header(ByteView s, uint8_t table_id, const char* what) {
  auto corrupt = [&](const std::string& m) { return DataLossError(std::string(what) + ": " + m); };
  if (s.size() < 3) return corrupt("section truncated in its header (" + std::to_string(s.size()) + " bytes)");
  if (s[0] != table_id) {
    return corrupt("table_id 0x" + to_hex(s.first(1)) + " (expected 0x" + to_hex(ByteView(&table_id, 1)) + ")");
  }
  if ((s[1] & 0xc0) != 0x80) return corrupt("section_syntax_indicator/'0' bits are not '10'");
  const size_t section_length = get_u16(s.data() + 1) & 0x0fff;
  if (section_length > kMaxPsiSectionSize - 3) {
    return corrupt("section_length " + std::to_string(section_length) + " above 1021");
  }
  if (section_length < kSectionHeaderSize - 3 + kCrcSize) {
    return corrupt("section_length " + std::to_string(section_length) + " too short for the header and CRC_32");
  }
  const size_t total = 3 + section_length;
  if (s.size() < total) {
    return corrupt("section of " + std::to_string(total) + " bytes truncated to " + std::to_string(s.size()));
  }
  const ByteView section = s.first(total);
  if (mpeg2_crc32(section) != 0) {
    return corrupt("CRC_32 mismatch (stored 0x" + to_hex(section.last(4)) + ")");
  }
  SectionHeader h;
  h.extension = get_u16(section.data() + 3);
  h.version = static_cast<uint8_t>((section[5] >> 1) & 0x1f);
  h.current_next = section[5] & 1;
  h.section_number = section[6];
  h.last_section_number = section[7];
  h.body = section.subspan(kSectionHeaderSize, total - kSectionHeaderSize - kCrcSize);
  return h;
}

Status write_descriptors(const std::vector<Descriptor>& descriptors, ByteBuffer& out, const char* what) {
  for (const Descriptor& d : descriptors) {
    if (d.data.size() > 255) {
      return InvalidArgumentError(std::string(what) + ": descriptor with tag " + std::to_string(d.tag) + " has " +
                                  std::to_string(d.data.size()) + " bytes; descriptor_length allows 255");
    }
    put_u8(out, d.tag);
    put_u8(out, static_cast<uint32_t>(d.data.size()));
    out.append(d.data);
  }
  return OkStatus();
}

size_t descriptors_size(const std::vector<Descriptor>& descriptors) {
  size_t n = 0;
  for (const Descriptor& d : descriptors) n += 2 + d.data.size();
  return n;
}

Result<std::vector<Descriptor>> parse_descriptors(ByteView data, const char* what) {
  std::vector<Descriptor> out;
  size_t i = 0;
  while (i < data.size()) {
    if (data.size() - i < 2) return DataLossError(std::string(what) + ": descriptor header truncated");
    const size_t length = data[i + 1];
    if (data.size() - i - 2 < length) {
      return DataLossError(std::string(what) + ": descriptor with tag " + std::to_string(data[i]) + " of " +
                           std::to_string(length) + " bytes runs past its loop");
    }
    out.push_back({data[i], ByteBuffer(data.subspan(i + 2, length))});
    i += 2 + length;
  }
  return out;
}

Status check_pid(uint16_t pid, const char* what) {
  if (pid > kMaxPid) return InvalidArgumentError(std::string(what) + " " + std::to_string(pid) + " exceeds 13 bits");
  return OkStatus();
}

}  // namespace

uint32_t mpeg2_crc32(ByteView data) {
  uint32_t crc = 0xffffffffu;
  for (uint8_t b : data) crc = (crc << 8) ^ kCrcTable[((crc >> 24) ^ b) & 0xff];
  return crc;
}

Result<Descriptor> iso639_language_descriptor(std::string_view language, uint8_t audio_type) {
  const bool letters = language.size() == 3 && std::all_of(language.begin(), language.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                       });
  if (!letters) {
    return InvalidArgumentError("language \"" + std::string(language) +
                                "\" is not a 3-letter ISO 639-2 code (e.g. \"eng\")");
  }
  Descriptor d;
  d.tag = kIso639LanguageDescriptorTag;
  for (char c : language) d.data.push_back(static_cast<uint8_t>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  d.data.push_back(audio_type);
  return d;
}

std::optional<std::string> iso639_language(const Descriptor& descriptor) {
  if (descriptor.tag != kIso639LanguageDescriptorTag || descriptor.data.size() < 4) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(descriptor.data.data()), 3);
}

Result<ByteBuffer> ProgramAssociationTable::serialize() const {
  if (version_number > 31) return InvalidArgumentError("PAT: version_number above 31");
  ByteBuffer out;
  begin_section(out, kTableIdPat, transport_stream_id, version_number, current_next_indicator, section_number,
                last_section_number);
  for (const Program& p : programs) {
    SF_RETURN_IF_ERROR(check_pid(p.pid, "PAT: program_map_PID"));
    put_u16(out, p.program_number);
    put_u16(out, 0xe000 | p.pid);  // reserved '111'
  }
  return finish_section(std::move(out), "PAT");
}

Result<ProgramAssociationTable> ProgramAssociationTable::parse(ByteView section) {
  SF_ASSIGN_OR_RETURN(SectionHeader h, parse_section_header(section, kTableIdPat, "PAT"));
  if (h.body.size() % 4 != 0) {
    return DataLossError("PAT: program loop of " + std::to_string(h.body.size()) + " bytes is not a multiple of 4");
  }
  ProgramAssociationTable pat;
  pat.transport_stream_id = h.extension;
  pat.version_number = h.version;
  pat.current_next_indicator = h.current_next;
  pat.section_number = h.section_number;
  pat.last_section_number = h.last_section_number;
  for (size_t i = 0; i < h.body.size(); i += 4) {
    pat.programs.push_back({get_u16(h.body.data() + i), static_cast<uint16_t>(get_u16(h.body.data() + i + 2) & 0x1fff)});
  }
  return pat;
}

Result<ByteBuffer> ProgramMapTable::serialize() const {
  if (version_number > 31) return InvalidArgumentError("PMT: version_number above 31");
  SF_RETURN_IF_ERROR(check_pid(pcr_pid, "PMT: PCR_PID"));
  ByteBuffer out;
  begin_section(out, kTableIdPmt, program_number, version_number, current_next_indicator, section_number,
                last_section_number);
  put_u16(out, 0xe000 | pcr_pid);  // reserved '111', PCR_PID
  const size_t info_length = descriptors_size(program_info);
  if (info_length > 0x3ff) return InvalidArgumentError("PMT: program_info exceeds 1023 bytes");
  put_u16(out, 0xf000 | static_cast<uint32_t>(info_length));  // reserved '1111', program_info_length
  SF_RETURN_IF_ERROR(write_descriptors(program_info, out, "PMT program_info"));
  for (const Stream& s : streams) {
    SF_RETURN_IF_ERROR(check_pid(s.elementary_pid, "PMT: elementary_PID"));
    const size_t es_info_length = descriptors_size(s.descriptors);
    if (es_info_length > 0x3ff) return InvalidArgumentError("PMT: ES_info exceeds 1023 bytes");
    put_u8(out, s.stream_type);
    put_u16(out, 0xe000 | s.elementary_pid);                      // reserved '111', elementary_PID
    put_u16(out, 0xf000 | static_cast<uint32_t>(es_info_length));  // reserved '1111', ES_info_length
    SF_RETURN_IF_ERROR(write_descriptors(s.descriptors, out, "PMT ES_info"));
  }
  return finish_section(std::move(out), "PMT");
}

Result<ProgramMapTable> ProgramMapTable::parse(ByteView section) {
  SF_ASSIGN_OR_RETURN(SectionHeader h, parse_section_header(section, kTableIdPmt, "PMT"));
  ProgramMapTable pmt;
  pmt.program_number = h.extension;
  pmt.version_number = h.version;
  pmt.current_next_indicator = h.current_next;
  pmt.section_number = h.section_number;
  pmt.last_section_number = h.last_section_number;
  const ByteView b = h.body;
  if (b.size() < 4) return DataLossError("PMT: truncated before program_info_length");
  pmt.pcr_pid = get_u16(b.data()) & 0x1fff;
  const size_t info_length = get_u16(b.data() + 2) & 0x0fff;
  if (info_length > b.size() - 4) {
    return DataLossError("PMT: program_info_length " + std::to_string(info_length) + " runs past the section");
  }
  SF_ASSIGN_OR_RETURN(pmt.program_info, parse_descriptors(b.subspan(4, info_length), "PMT program_info"));
  size_t i = 4 + info_length;
  while (i < b.size()) {
    if (b.size() - i < 5) return DataLossError("PMT: elementary stream entry truncated");
    Stream s;
    s.stream_type = b[i];
    s.elementary_pid = get_u16(b.data() + i + 1) & 0x1fff;
    const size_t es_info_length = get_u16(b.data() + i + 3) & 0x0fff;
    if (es_info_length > b.size() - i - 5) {
      return DataLossError("PMT: ES_info_length " + std::to_string(es_info_length) + " of PID " +
                           hex16(s.elementary_pid) + " runs past the section");
    }
    SF_ASSIGN_OR_RETURN(s.descriptors, parse_descriptors(b.subspan(i + 5, es_info_length), "PMT ES_info"));
    pmt.streams.push_back(std::move(s));
    i += 5 + es_info_length;
  }
  return pmt;
}

const ProgramMapTable::Stream* ProgramMapTable::find_stream(uint16_t pid) const {
  for (const Stream& s : streams) {
    if (s.elementary_pid == pid) return &s;
  }
  return nullptr;
}

size_t write_section_packets(uint16_t pid, ByteView section, uint8_t& cc, ByteBuffer& out) {
  size_t packets = 0;
  size_t pos = 0;
  do {
    const size_t start = out.size();
    out.vector().resize(start + kPacketSize, 0xff);  // §2.4.4.2: stuffing bytes 0xFF after the section
    uint8_t* p = out.data() + start;
    const bool first = pos == 0;
    // §2.4.3.2 header: payload only (adaptation_field_control '01').
    p[0] = kSyncByte;
    p[1] = static_cast<uint8_t>((first ? 0x40 : 0) | ((pid >> 8) & 0x1f));
    p[2] = static_cast<uint8_t>(pid);
    p[3] = static_cast<uint8_t>(0x10 | (cc & 0x0f));
    cc = static_cast<uint8_t>((cc + 1) & 0x0f);
    size_t i = kHeaderSize;
    if (first) p[i++] = 0;  // pointer_field: the section starts right after it
    const size_t n = std::min(kPacketSize - i, section.size() - pos);
    std::copy(section.begin() + static_cast<std::ptrdiff_t>(pos),
              section.begin() + static_cast<std::ptrdiff_t>(pos + n), p + i);
    pos += n;
    ++packets;
  } while (pos < section.size());
  return packets;
}

}  // namespace streamforge::ts
