// Program specific information (ISO/IEC 13818-1 §2.4.4): the program association table (PAT,
// §2.4.4.3), the program map table (PMT, §2.4.4.8), their descriptors (§2.6), the CRC_32 that
// ends every section (Annex A), and the packets that carry a section (§2.4.4.2 pointer_field).
//
// Sections here are single-section tables (section_number 0 of 0), which is all a PAT or PMT of
// one program needs. All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/bytes.h"
#include "streamforge/core/result.h"
#include "streamforge/ts/ts_packet.h"

namespace streamforge::ts {

// §2.4.4: section_length of a PAT or PMT is at most 1021, so a section is at most 1024 bytes.
inline constexpr size_t kMaxPsiSectionSize = 1024;

inline constexpr uint8_t kTableIdPat = 0x00;
inline constexpr uint8_t kTableIdPmt = 0x02;

// Table 2-34 stream_type values streamforge writes (and a few it recognises when reading).
inline constexpr uint8_t kStreamTypeMpeg2Video = 0x02;
inline constexpr uint8_t kStreamTypeMpeg1Audio = 0x03;
inline constexpr uint8_t kStreamTypeMpeg2Audio = 0x04;
inline constexpr uint8_t kStreamTypePrivatePes = 0x06;
inline constexpr uint8_t kStreamTypeAdtsAac = 0x0f;  // ISO/IEC 13818-7 audio with ADTS transport syntax
inline constexpr uint8_t kStreamTypeH264 = 0x1b;
inline constexpr uint8_t kStreamTypeHevc = 0x24;

// MPEG-2 CRC_32 (Annex A): polynomial 0x04C11DB7, initial value 0xFFFFFFFF, MSB first, no final
// XOR. Over a whole section including its CRC_32 field the result is 0.
uint32_t mpeg2_crc32(ByteView data);

// §2.6 descriptor(): tag, then descriptor_length bytes.
struct Descriptor {
  uint8_t tag = 0;
  ByteBuffer data;  // at most 255 bytes

  friend bool operator==(const Descriptor&, const Descriptor&) = default;
};

inline constexpr uint8_t kIso639LanguageDescriptorTag = 0x0a;

// §2.6.18 ISO_639_language_descriptor with one language: a 3-letter ISO 639-2 code and audio_type
// (0 undefined, 1 clean effects, 2 hearing impaired, 3 visual impaired commentary). InvalidArgument
// unless `language` is 3 ASCII letters.
Result<Descriptor> iso639_language_descriptor(std::string_view language, uint8_t audio_type = 0);
// The first language code of an ISO_639_language_descriptor; nullopt for another tag or a
// descriptor shorter than 4 bytes.
std::optional<std::string> iso639_language(const Descriptor& descriptor);

// §2.4.4.3 program_association_section()
struct ProgramAssociationTable {
  struct Program {
    uint16_t program_number = 0;  // 0: `pid` is the network PID
    uint16_t pid = 0;             // program_map_PID (13 bits)
    friend bool operator==(const Program&, const Program&) = default;
  };

  uint16_t transport_stream_id = 1;
  uint8_t version_number = 0;  // 5 bits
  bool current_next_indicator = true;
  uint8_t section_number = 0;
  uint8_t last_section_number = 0;
  std::vector<Program> programs;

  // The whole section, table_id through CRC_32. InvalidArgument when a field does not fit or
  // the section exceeds 1024 bytes.
  Result<ByteBuffer> serialize() const;
  // DataLoss on a wrong table_id, syntax bits, section_length, or CRC_32 mismatch. Bytes after
  // the section are ignored.
  static Result<ProgramAssociationTable> parse(ByteView section);

  friend bool operator==(const ProgramAssociationTable&, const ProgramAssociationTable&) = default;
};

// §2.4.4.8 TS_program_map_section()
struct ProgramMapTable {
  struct Stream {
    uint8_t stream_type = 0;      // Table 2-34
    uint16_t elementary_pid = 0;  // 13 bits
    std::vector<Descriptor> descriptors;  // ES_info
    friend bool operator==(const Stream&, const Stream&) = default;
  };

  uint16_t program_number = 1;
  uint8_t version_number = 0;  // 5 bits
  bool current_next_indicator = true;
  uint8_t section_number = 0;
  uint8_t last_section_number = 0;
  uint16_t pcr_pid = kNullPid;  // 13 bits; 0x1FFF when the program has no PCR
  std::vector<Descriptor> program_info;
  std::vector<Stream> streams;

  Result<ByteBuffer> serialize() const;
  static Result<ProgramMapTable> parse(ByteView section);

  // The entry of an elementary PID, or nullptr.
  const Stream* find_stream(uint16_t pid) const;

  friend bool operator==(const ProgramMapTable&, const ProgramMapTable&) = default;
};

// Appends the transport packets that carry one section on `pid` (§2.4.4.2): pointer_field 0 in
// the first packet, the section across as many packets as it needs, 0xFF stuffing after its end.
// Advances the continuity counter `cc` for every packet. Returns the number of packets.
size_t write_section_packets(uint16_t pid, ByteView section, uint8_t& cc, ByteBuffer& out);

}  // namespace streamforge::ts
