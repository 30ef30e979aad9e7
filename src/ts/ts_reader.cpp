#include "streamforge/ts/ts_reader.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <utility>

#include "streamforge/ts/pes.h"
#include "ts/byte_io.h"

namespace streamforge::ts {
namespace {

constexpr size_t kPidCount = size_t{kMaxPid} + 1;
// A resync candidate is confirmed by a sync byte one packet later.
constexpr size_t kResyncWindow = kPacketSize + 1;
// How many bytes of a new feed() are copied behind a partial packet before parsing goes on in place.
constexpr size_t kTopUp = 2 * kPacketSize + 1;
constexpr size_t kPesPrefixSize = 6;

enum class PidKind : uint8_t { kNone, kPat, kPmt, kElementary };

std::string pid_name(uint16_t pid) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "PID 0x";
  for (int shift = 12; shift >= 0; shift -= 4) s += kDigits[(pid >> shift) & 0xf];
  return s;
}

struct SectionAssembler {
  bool active = false;
  uint64_t offset = 0;
  ByteBuffer bytes;

  // Bytes the section needs in all: 0 until its 3-byte header is in.
  size_t total() const { return bytes.size() < 3 ? 0 : 3 + (detail::get_u16(bytes.data() + 1) & 0x0fff); }
};

struct PesAssembler {
  bool active = false;
  bool header_checked = false;
  size_t expected = 0;  // whole PES size; 0: unbounded (PES_packet_length 0)
  uint64_t offset = 0;
  uint64_t end_offset = 0;
  bool random_access = false;
  size_t packets = 0;
  ByteBuffer bytes;
};

}  // namespace

struct TsReader::Impl {
  explicit Impl(TsReaderOptions o) : options(o) { kind[kPatPid] = PidKind::kPat; }

  TsReaderOptions options;
  std::vector<TsEvent> events;
  std::vector<TsWarning> warnings;
  size_t warning_count = 0;
  Status failed;
  bool finished = false;

  ByteBuffer pending;     // a partial packet (or resync candidate) waiting for more bytes
  uint64_t position = 0;  // stream offset of the next byte to parse (pending[0] when pending)
  uint64_t fed = 0;
  uint64_t packets = 0;
  bool resyncing = false;

  // Per PID (zero-initialised, which matters for a reader per small buffer): the last
  // continuity_counter + 1 (0: none seen yet), whether it was just repeated, what the PID carries.
  std::array<uint8_t, kPidCount> last_cc_plus_one{};
  std::array<uint8_t, kPidCount> duplicate_seen{};
  std::array<PidKind, kPidCount> kind{};
  std::array<uint8_t, kPidCount> stream_type{};
  std::map<uint16_t, SectionAssembler> sections;
  std::map<uint16_t, PesAssembler> pes;
  size_t buffered = 0;  // bytes held by all PES in progress

  // Records a problem; true when parsing must stop (strict mode).
  bool problem(uint64_t offset, const Status& s) {
    Status located(s.code(), "at offset " + std::to_string(offset) + ": " + s.message());
    if (options.strict) {
      failed = std::move(located);
      return true;
    }
    ++warning_count;
    if (warnings.size() < options.max_warnings) warnings.push_back({offset, std::move(located)});
    return false;
  }

  size_t process(ByteView data, uint64_t base, bool at_end);
  void handle_packet(ByteView bytes, uint64_t offset);
  void handle_section_payload(uint16_t pid, const TsPacket& packet, uint64_t offset);
  bool section_bytes(SectionAssembler& sec, ByteView& data, uint16_t pid, uint64_t offset);
  void complete_section(uint16_t pid, SectionAssembler& sec);
  void handle_pes_payload(uint16_t pid, const TsPacket& packet, uint64_t offset);
  void complete_pes(uint16_t pid, PesAssembler& p, bool at_end);
  void drop_pes(PesAssembler& p) {
    buffered -= p.bytes.size();
    p.bytes = ByteBuffer();
    p.active = false;
  }
  void drop_unit(uint16_t pid) {
    if (auto it = pes.find(pid); it != pes.end()) drop_pes(it->second);
    if (auto it = sections.find(pid); it != sections.end()) it->second = SectionAssembler();
  }
};

// Parses whole packets from `data` (whose first byte is at stream offset `base`); returns the bytes
// consumed (parsed or skipped while resynchronising). Stops early when strict parsing fails.
size_t TsReader::Impl::process(ByteView data, uint64_t base, bool at_end) {
  size_t i = 0;
  while (failed.ok()) {
    if (resyncing) {
      const auto hit = std::find(data.begin() + static_cast<std::ptrdiff_t>(i), data.end(), kSyncByte);
      i = static_cast<size_t>(hit - data.begin());
      if (i == data.size()) break;
      const size_t left = data.size() - i;
      if (left < kResyncWindow) {
        if (!(at_end && left >= kPacketSize)) break;  // the last packet of the stream: nothing follows to confirm it
      } else if (data[i + kPacketSize] != kSyncByte) {
        ++i;
        continue;
      }
      resyncing = false;
    }
    if (data.size() - i < kPacketSize) break;
    if (data[i] != kSyncByte) {
      if (problem(base + i, DataLossError("sync byte lost: 0x" + to_hex(data.subspan(i, 1)) + " where 0x47 was expected"))) {
        break;
      }
      resyncing = true;
      continue;
    }
    handle_packet(data.subspan(i, kPacketSize), base + i);
    i += kPacketSize;
  }
  return i;
}

void TsReader::Impl::handle_packet(ByteView bytes, uint64_t offset) {
  ++packets;
  const uint16_t raw_pid = static_cast<uint16_t>((bytes[1] & 0x1f) << 8 | bytes[2]);
  auto parsed = parse_packet(bytes);
  if (!parsed.ok()) {
    drop_unit(raw_pid);
    last_cc_plus_one[raw_pid] = 0;
    problem(offset, parsed.status());
    return;
  }
  const TsPacket& packet = *parsed;
  const uint16_t pid = packet.header.pid;
  if (pid == kNullPid) return;
  if (packet.header.transport_error_indicator) {
    drop_unit(pid);
    last_cc_plus_one[pid] = 0;
    problem(offset, DataLossError(pid_name(pid) + ": transport_error_indicator set"));
    return;
  }

  // §2.4.3.3 continuity_counter: +1 per packet with payload, unchanged without; one duplicate allowed.
  const uint8_t cc = packet.header.continuity_counter;
  const bool discontinuity = packet.adaptation_field && packet.adaptation_field->discontinuity_indicator;
  const int last = last_cc_plus_one[pid] - 1;
  if (last >= 0 && !discontinuity) {
    const int expected = packet.has_payload() ? (last + 1) & 0x0f : last;
    if (cc != expected) {
      if (packet.has_payload() && cc == last && !duplicate_seen[pid]) {
        duplicate_seen[pid] = 1;  // a duplicate packet: its payload was delivered already
        return;
      }
      drop_unit(pid);
      if (problem(offset, DataLossError(pid_name(pid) + ": continuity_counter " + std::to_string(cc) + " after " +
                                        std::to_string(last) + " (expected " + std::to_string(expected) + ")"))) {
        return;
      }
    }
  }
  if (cc != last) duplicate_seen[pid] = 0;
  last_cc_plus_one[pid] = static_cast<uint8_t>(cc + 1);

  if (packet.adaptation_field && packet.adaptation_field->pcr) {
    events.push_back(TsPcrEvent{offset, pid, *packet.adaptation_field->pcr, discontinuity});
  }
  if (packet.header.transport_scrambling_control != 0) {
    drop_unit(pid);
    problem(offset, UnimplementedError(pid_name(pid) + ": scrambled packets cannot be parsed"));
    return;
  }
  if (!packet.has_payload()) return;
  switch (kind[pid]) {
    case PidKind::kPat:
    case PidKind::kPmt: handle_section_payload(pid, packet, offset); break;
    case PidKind::kElementary: handle_pes_payload(pid, packet, offset); break;
    case PidKind::kNone: break;
  }
}

// Appends to `sec` what it still needs from `data` (advancing `data`); false on a problem.
bool TsReader::Impl::section_bytes(SectionAssembler& sec, ByteView& data, uint16_t pid, uint64_t offset) {
  if (sec.bytes.size() < 3) {
    const size_t n = std::min(data.size(), 3 - sec.bytes.size());
    sec.bytes.append(data.first(n));
    data = data.subspan(n);
  }
  const size_t total = sec.total();
  if (total == 0) return true;
  if (total > kMaxPsiSectionSize) {
    sec = SectionAssembler();
    problem(offset, DataLossError(pid_name(pid) + ": section_length " + std::to_string(total - 3) + " above 1021"));
    return false;
  }
  const size_t n = std::min(data.size(), total - sec.bytes.size());
  sec.bytes.append(data.first(n));
  data = data.subspan(n);
  return true;
}

void TsReader::Impl::handle_section_payload(uint16_t pid, const TsPacket& packet, uint64_t offset) {
  SectionAssembler& sec = sections[pid];
  ByteView data = packet.payload;
  if (!packet.header.payload_unit_start_indicator) {
    if (!sec.active) return;  // joined mid-section, or after a problem
    if (!section_bytes(sec, data, pid, offset)) return;
    if (sec.total() != 0 && sec.bytes.size() == sec.total()) complete_section(pid, sec);
    return;  // §2.4.4.2: a new section starts only in a packet with payload_unit_start_indicator
  }
  // §2.4.4.2 pointer_field: the bytes before the new section end the previous one.
  if (data.empty() || size_t{data[0]} + 1 > data.size()) {
    sec = SectionAssembler();
    problem(offset, DataLossError(pid_name(pid) + ": pointer_field runs past the packet"));
    return;
  }
  ByteView tail = data.subspan(1, data[0]);
  data = data.subspan(1 + data[0]);
  if (sec.active) {
    if (!section_bytes(sec, tail, pid, offset)) return;
    if (sec.total() != 0 && sec.bytes.size() == sec.total()) {
      complete_section(pid, sec);
    } else {
      sec = SectionAssembler();
      if (problem(offset, DataLossError(pid_name(pid) + ": section cut short by the next one"))) return;
    }
  }
  while (failed.ok() && !data.empty() && data[0] != 0xff) {  // table_id 0xFF: stuffing up to the packet end
    sec = SectionAssembler();
    sec.active = true;
    sec.offset = offset;
    if (!section_bytes(sec, data, pid, offset)) return;
    if (sec.total() == 0 || sec.bytes.size() < sec.total()) return;  // continues in the next packet
    complete_section(pid, sec);
  }
}

void TsReader::Impl::complete_section(uint16_t pid, SectionAssembler& sec) {
  const ByteBuffer bytes = std::move(sec.bytes);
  const uint64_t offset = sec.offset;
  sec = SectionAssembler();
  const uint8_t table_id = bytes.data()[0];
  if (kind[pid] == PidKind::kPat && table_id == kTableIdPat) {
    auto pat = ProgramAssociationTable::parse(bytes);
    if (!pat.ok()) {
      problem(offset, pat.status());
      return;
    }
    if (!pat->current_next_indicator) return;  // not applicable yet
    for (const auto& program : pat->programs) {
      if (program.program_number != 0 && program.pid != kPatPid && program.pid != kNullPid) {
        kind[program.pid] = PidKind::kPmt;
      }
    }
    events.push_back(TsPatEvent{offset, std::move(*pat)});
  } else if (kind[pid] == PidKind::kPmt && table_id == kTableIdPmt) {
    auto pmt = ProgramMapTable::parse(bytes);
    if (!pmt.ok()) {
      problem(offset, pmt.status());
      return;
    }
    if (!pmt->current_next_indicator) return;
    for (const auto& s : pmt->streams) {
      if (s.elementary_pid == kPatPid || s.elementary_pid == kNullPid || kind[s.elementary_pid] == PidKind::kPmt) {
        continue;
      }
      kind[s.elementary_pid] = PidKind::kElementary;
      stream_type[s.elementary_pid] = s.stream_type;
    }
    events.push_back(TsPmtEvent{offset, pid, std::move(*pmt)});
  }
  // Other tables on these PIDs are not ours to read.
}

void TsReader::Impl::handle_pes_payload(uint16_t pid, const TsPacket& packet, uint64_t offset) {
  PesAssembler& p = pes[pid];
  if (packet.header.payload_unit_start_indicator) {
    if (p.active) complete_pes(pid, p, false);
    if (!failed.ok()) return;
    p = PesAssembler();
    p.active = true;
    p.offset = offset;
    p.random_access = packet.adaptation_field && packet.adaptation_field->random_access_indicator;
  }
  if (!p.active) return;  // joined mid-PES, or after a problem
  const ByteView data = packet.payload;
  if (p.bytes.size() + data.size() > options.max_pes_size) {
    drop_pes(p);
    problem(offset, ResourceExhaustedError(pid_name(pid) + ": PES packet exceeds max_pes_size (" +
                                           std::to_string(options.max_pes_size) + " bytes)"));
    return;
  }
  if (buffered + data.size() > options.max_buffered_bytes) {
    drop_pes(p);
    problem(offset, ResourceExhaustedError("PES packets in progress exceed max_buffered_bytes (" +
                                           std::to_string(options.max_buffered_bytes) + " bytes)"));
    return;
  }
  p.bytes.append(data);
  buffered += data.size();
  p.packets++;
  p.end_offset = offset + kPacketSize;
  if (!p.header_checked && p.bytes.size() >= kPesPrefixSize) {
    const uint8_t* b = p.bytes.data();
    if (b[0] != 0 || b[1] != 0 || b[2] != 1) {
      drop_pes(p);
      problem(p.offset, DataLossError(pid_name(pid) + ": PES does not start with packet_start_code_prefix 000001"));
      return;
    }
    const size_t length = detail::get_u16(b + 4);
    p.expected = length == 0 ? 0 : kPesPrefixSize + length;
    p.header_checked = true;
  }
  if (p.header_checked && p.expected != 0 && p.bytes.size() >= p.expected) complete_pes(pid, p, false);
}

void TsReader::Impl::complete_pes(uint16_t pid, PesAssembler& p, bool at_end) {
  const std::string where = pid_name(pid) + ": PES";
  if (!p.header_checked) {
    drop_pes(p);
    problem(p.offset, DataLossError(where + " ends within its first 6 bytes"));
    return;
  }
  if (p.expected != 0 && p.bytes.size() < p.expected) {
    const std::string message = where + " has " + std::to_string(p.bytes.size()) + " of the " +
                                std::to_string(p.expected) + " bytes of its PES_packet_length" +
                                (at_end ? " at the end of the stream" : " when the next one starts");
    drop_pes(p);
    problem(p.offset, DataLossError(message));
    return;
  }
  if (p.expected != 0 && p.bytes.size() > p.expected) {
    const size_t extra = p.bytes.size() - p.expected;
    if (problem(p.offset, DataLossError(where + " is followed by " + std::to_string(extra) +
                                        " bytes beyond its PES_packet_length in its last packet"))) {
      drop_pes(p);
      return;
    }
  }
  auto parsed = parse_pes(p.bytes);
  if (!parsed.ok()) {
    drop_pes(p);
    problem(p.offset, parsed.status().with_context(pid_name(pid)));
    return;
  }
  TsPesEvent e;
  e.offset = p.offset;
  e.end_offset = p.end_offset;
  e.pid = pid;
  e.stream_type = stream_type[pid];
  e.stream_id = parsed->header.stream_id;
  e.pts = parsed->header.pts;
  e.dts = parsed->header.dts;
  e.random_access = p.random_access;
  e.data_alignment = parsed->header.data_alignment_indicator;
  e.packet_count = p.packets;
  e.payload = ByteBuffer(parsed->payload);
  drop_pes(p);
  events.push_back(std::move(e));
}

TsReader::TsReader(TsReaderOptions options) : impl_(std::make_unique<Impl>(options)) {}
TsReader::TsReader(TsReader&&) noexcept = default;
TsReader& TsReader::operator=(TsReader&&) noexcept = default;
TsReader::~TsReader() = default;

Status TsReader::feed(ByteView data) {
  Impl& m = *impl_;
  if (!m.failed.ok()) return m.failed;
  if (m.finished) return FailedPreconditionError("TsReader: feed() after finish()");
  m.fed += data.size();
  if (!m.pending.empty()) {
    // Complete the partial packet with the first bytes of `data`, then go on in place.
    const size_t held = m.pending.size();
    const size_t n = std::min(data.size(), kTopUp);
    m.pending.append(data.first(n));
    const size_t used = m.process(m.pending, m.position, false);
    m.position += used;
    if (used >= held) {
      m.pending.clear();
      data = data.subspan(used - held);
    } else {
      auto& v = m.pending.vector();
      v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(used));
      m.pending.append(data.subspan(n));
      data = {};
    }
  }
  if (m.failed.ok() && !data.empty()) {
    const size_t used = m.process(data, m.position, false);
    m.position += used;
    m.pending.append(data.subspan(used));
  }
  return m.failed;
}

Status TsReader::finish() {
  Impl& m = *impl_;
  if (!m.failed.ok()) return m.failed;
  if (m.finished) return FailedPreconditionError("TsReader: finish() called twice");
  m.finished = true;
  if (!m.pending.empty()) {
    const size_t used = m.process(m.pending, m.position, true);
    m.position += used;
    auto& v = m.pending.vector();
    v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(used));
    if (!m.failed.ok()) return m.failed;
    if (!m.pending.empty()) {
      const size_t left = m.pending.size();
      m.pending.clear();
      if (m.problem(m.position, DataLossError("the stream ends with " + std::to_string(left) +
                                              " bytes of a partial " + std::to_string(kPacketSize) +
                                              "-byte packet"))) {
        return m.failed;
      }
    }
  }
  for (auto& [pid, p] : m.pes) {
    if (p.active) m.complete_pes(pid, p, true);
    if (!m.failed.ok()) return m.failed;
  }
  for (auto& [pid, sec] : m.sections) {
    if (sec.active) {
      const uint64_t offset = sec.offset;
      sec = SectionAssembler();
      if (m.problem(offset, DataLossError(pid_name(pid) + ": section cut short by the end of the stream"))) {
        return m.failed;
      }
    }
  }
  return OkStatus();
}

std::vector<TsEvent> TsReader::take_events() { return std::exchange(impl_->events, {}); }
const std::vector<TsWarning>& TsReader::warnings() const { return impl_->warnings; }
size_t TsReader::warning_count() const { return impl_->warning_count; }
uint64_t TsReader::bytes_fed() const { return impl_->fed; }
size_t TsReader::bytes_buffered() const { return impl_->pending.size(); }
uint64_t TsReader::packet_count() const { return impl_->packets; }

std::vector<const TsPesEvent*> TsReadResult::pes_packets(uint16_t pid) const {
  std::vector<const TsPesEvent*> out;
  for (const TsEvent& e : events) {
    if (const auto* p = std::get_if<TsPesEvent>(&e); p && p->pid == pid) out.push_back(p);
  }
  return out;
}

std::vector<const TsPcrEvent*> TsReadResult::pcrs() const {
  std::vector<const TsPcrEvent*> out;
  for (const TsEvent& e : events) {
    if (const auto* p = std::get_if<TsPcrEvent>(&e)) out.push_back(p);
  }
  return out;
}

const TsPmtEvent* TsReadResult::first_pmt() const {
  for (const TsEvent& e : events) {
    if (const auto* p = std::get_if<TsPmtEvent>(&e)) return p;
  }
  return nullptr;
}

size_t TsReadResult::pat_count() const {
  return static_cast<size_t>(std::count_if(events.begin(), events.end(),
                                           [](const TsEvent& e) { return std::holds_alternative<TsPatEvent>(e); }));
}

size_t TsReadResult::pmt_count() const {
  return static_cast<size_t>(std::count_if(events.begin(), events.end(),
                                           [](const TsEvent& e) { return std::holds_alternative<TsPmtEvent>(e); }));
}

Result<TsReadResult> read_transport_stream(ByteView data, TsReaderOptions options) {
  TsReader reader(options);
  SF_RETURN_IF_ERROR(reader.feed(data));
  SF_RETURN_IF_ERROR(reader.finish());
  TsReadResult result;
  result.events = reader.take_events();
  result.warnings = reader.warnings();
  return result;
}

}  // namespace streamforge::ts
