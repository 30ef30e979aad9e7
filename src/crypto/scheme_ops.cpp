#include "crypto/scheme_ops.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "crypto/in_out_buffers.h"

namespace streamforge::crypto::detail {
namespace {

// Copies `n` clear bytes unless the transform runs in place.
void copy_clear(const uint8_t* in, uint8_t* out, size_t n) {
  if (in != out && n > 0) std::memcpy(out, in, n);
}

}  // namespace

Status cenc_apply(AesCtrCipher& ctr, ByteView iv, ByteView in, MutableByteView out, std::span<const Subsample> map,
                  uint64_t* used) {
  SF_RETURN_IF_ERROR(check_in_out(in, out, "sample"));
  SF_RETURN_IF_ERROR(ctr.reset(iv));
  if (map.empty()) {
    SF_RETURN_IF_ERROR(ctr.xcrypt(in, out));
  } else {
    size_t pos = 0;
    for (const Subsample& s : map) {
      copy_clear(in.data() + pos, out.data() + pos, s.clear_bytes);
      pos += s.clear_bytes;
      SF_RETURN_IF_ERROR(ctr.xcrypt(in.subspan(pos, s.protected_bytes), out.subspan(pos, s.protected_bytes)));
      pos += s.protected_bytes;
    }
  }
  if (used != nullptr) *used = ctr.bytes_processed();
  return OkStatus();
}

namespace {

// The crypt blocks of a §10.4.2 pattern over `total_blocks` whole blocks: the first `crypt` of
// every `crypt + skip`, the last run possibly shorter. Moved 16 bytes at a time with a fixed-size
// copy (one vector load and store): with 1:9 a run is a single block, and a memmove call per
// block cost more than the AES.
size_t gather_crypt_blocks(const uint8_t* range, uint64_t total_blocks, uint64_t crypt, uint64_t skip,
                           uint8_t* packed) {
  uint8_t* p = packed;
  for (uint64_t block = 0; block < total_blocks; block += crypt + skip) {
    const uint64_t n = std::min(crypt, total_blocks - block);
    const uint8_t* src = range + block * kAesBlockSize;
    for (uint64_t i = 0; i < n; ++i, p += kAesBlockSize, src += kAesBlockSize) std::memcpy(p, src, kAesBlockSize);
  }
  return static_cast<size_t>(p - packed);
}

void scatter_crypt_blocks(const uint8_t* packed, uint64_t total_blocks, uint64_t crypt, uint64_t skip,
                          uint8_t* range) {
  for (uint64_t block = 0; block < total_blocks; block += crypt + skip) {
    const uint64_t n = std::min(crypt, total_blocks - block);
    uint8_t* dst = range + block * kAesBlockSize;
    for (uint64_t i = 0; i < n; ++i, packed += kAesBlockSize, dst += kAesBlockSize) {
      std::memcpy(dst, packed, kAesBlockSize);
    }
  }
}

// Crypt blocks of a pattern over `total_blocks` whole blocks (the last run may be short).
uint64_t crypt_block_count(uint64_t total_blocks, uint64_t crypt, uint64_t skip) {
  return (total_blocks / (crypt + skip)) * crypt + std::min(crypt, total_blocks % (crypt + skip));
}

// gather_crypt_blocks() while copying the whole blocks from `in` to `out` (unless in place), in
// one pass over `in`: each crypt + skip period is copied, then its crypt blocks are taken from
// the copy while it is still in L1.
size_t copy_and_gather_crypt_blocks(const uint8_t* in, uint8_t* out, uint64_t total_blocks, uint64_t crypt,
                                    uint64_t skip, uint8_t* packed) {
  if (in == out) return gather_crypt_blocks(in, total_blocks, crypt, skip, packed);
  uint8_t* p = packed;
  for (uint64_t block = 0; block < total_blocks; block += crypt + skip) {
    const uint64_t n = std::min(crypt, total_blocks - block);
    const uint64_t m = std::min(crypt + skip, total_blocks - block);
    uint8_t* period = out + block * kAesBlockSize;
    std::memcpy(period, in + block * kAesBlockSize, static_cast<size_t>(m * kAesBlockSize));
    for (uint64_t i = 0; i < n; ++i, p += kAesBlockSize) std::memcpy(p, period + i * kAesBlockSize, kAesBlockSize);
  }
  return static_cast<size_t>(p - packed);
}

// §10.4.2 pattern over one protected range, CBC restarted from `iv`; bytes outside the crypt
// blocks are copied from `in` to `out` unchanged. `scratch` holds the gathered crypt blocks.
Status pattern_range(AesCbcCipher& cbc, AesCbcCipher::Direction direction, ByteView iv, ByteView in,
                     MutableByteView out, uint64_t crypt, uint64_t skip, std::vector<uint8_t>& scratch) {
  const uint64_t total_blocks = in.size() / kAesBlockSize;
  if (total_blocks == 0) {
    copy_clear(in.data(), out.data(), in.size());
    return OkStatus();
  }
  if (crypt == 0 && skip == 0) crypt = total_blocks;  // no pattern: every whole block
  if (crypt == 0) return InternalError("cbcs pattern without crypt blocks");
  SF_RETURN_IF_ERROR(cbc.start(iv, direction));
  const size_t whole = static_cast<size_t>(total_blocks * kAesBlockSize);
  if (skip == 0) {
    SF_RETURN_IF_ERROR(cbc.update(in.first(whole), out.first(whole)));
    copy_clear(in.data() + whole, out.data() + whole, in.size() - whole);  // the partial block stays clear
    return OkStatus();
  }
  // The crypt blocks form one CBC chain across the skipped ones, so gathering them, running the
  // cipher once and scattering them back is the same computation -- with one OpenSSL call per
  // range instead of one per 16-byte block of a 1:9 pattern (~20 ns a call, more than the AES).
  const uint64_t crypt_blocks = crypt_block_count(total_blocks, crypt, skip);
  if (scratch.size() < crypt_blocks * kAesBlockSize) scratch.resize(static_cast<size_t>(crypt_blocks * kAesBlockSize));
  const size_t n = copy_and_gather_crypt_blocks(in.data(), out.data(), total_blocks, crypt, skip, scratch.data());
  copy_clear(in.data() + whole, out.data() + whole, in.size() - whole);  // the partial block stays clear
  SF_RETURN_IF_ERROR(cbc.update(MutableByteView(scratch.data(), n)));
  scatter_crypt_blocks(scratch.data(), total_blocks, crypt, skip, out.data());
  return OkStatus();
}

}  // namespace

Status cbcs_apply(AesCbcCipher& cbc, AesCbcCipher::Direction direction, ByteView iv, ByteView in,
                  MutableByteView out, std::span<const Subsample> map, uint8_t crypt_byte_block,
                  uint8_t skip_byte_block) {
  SF_RETURN_IF_ERROR(check_in_out(in, out, "sample"));
  // One scratch buffer per thread, looked up once per sample (not once per block: a thread_local
  // in a shared library costs a __tls_get_addr call per use).
  thread_local std::vector<uint8_t> scratch_tls;
  std::vector<uint8_t>& scratch = scratch_tls;
  if (map.empty()) return pattern_range(cbc, direction, iv, in, out, crypt_byte_block, skip_byte_block, scratch);
  size_t pos = 0;
  for (const Subsample& s : map) {
    copy_clear(in.data() + pos, out.data() + pos, s.clear_bytes);
    pos += s.clear_bytes;
    SF_RETURN_IF_ERROR(pattern_range(cbc, direction, iv, in.subspan(pos, s.protected_bytes),
                                     out.subspan(pos, s.protected_bytes), crypt_byte_block, skip_byte_block, scratch));
    pos += s.protected_bytes;
  }
  return OkStatus();
}

namespace {

// A protected range whose crypt blocks were gathered into the batch scratch, to scatter back.
struct GatheredRange {
  uint8_t* range = nullptr;
  uint64_t total_blocks = 0;
  size_t scratch_offset = 0;
};

// Calls f(range, total_blocks, crypt, skip) for every protected range of a sample with at least
// one whole block, the pattern resolved (0:0 = every whole block).
template <typename F>
void for_each_protected_range(MutableByteView sample, std::span<const Subsample> map, uint64_t crypt, uint64_t skip,
                              F&& f) {
  auto one = [&](MutableByteView range) {
    const uint64_t total_blocks = range.size() / kAesBlockSize;
    if (total_blocks == 0) return;
    if (crypt == 0 && skip == 0) {
      f(range.data(), total_blocks, total_blocks, uint64_t{0});
    } else {
      f(range.data(), total_blocks, crypt, skip);
    }
  };
  if (map.empty()) {
    one(sample);
    return;
  }
  size_t pos = 0;
  for (const Subsample& s : map) {
    pos += s.clear_bytes;
    one(sample.subspan(pos, s.protected_bytes));
    pos += s.protected_bytes;
  }
}

}  // namespace

Status cbcs_encrypt_batch(AesCbcCipher& cbc, ByteView iv, std::span<const SampleRun> samples, uint8_t crypt_byte_block,
                          uint8_t skip_byte_block) {
  if (crypt_byte_block == 0 && skip_byte_block != 0) return InternalError("cbcs pattern without crypt blocks");
  for (const SampleRun& run : samples) SF_RETURN_IF_ERROR(check_in_out(run.in, run.out, "sample"));
  // Per thread, looked up once per batch (a thread_local in a shared library costs a call per use).
  thread_local std::vector<uint8_t> batch_scratch_tls;
  thread_local std::vector<MutableByteView> batch_chains_tls;
  thread_local std::vector<GatheredRange> batch_gathered_tls;
  std::vector<uint8_t>& scratch = batch_scratch_tls;
  std::vector<MutableByteView>& chains = batch_chains_tls;
  std::vector<GatheredRange>& gathered = batch_gathered_tls;
  const uint64_t crypt = crypt_byte_block, skip = skip_byte_block;
  size_t used = 0;  // of scratch, by the current group
  // Copies one protected range into place and lines its chain up: the whole blocks where they lie
  // without a pattern, else its crypt blocks gathered into `scratch`.
  auto add_range = [&](const uint8_t* src, uint8_t* dst, size_t size) {
    const uint64_t total = size / kAesBlockSize;
    uint64_t c = crypt, k = skip;
    if (c == 0 && k == 0) c = total;  // no pattern: every whole block
    const size_t whole = static_cast<size_t>(total * kAesBlockSize);
    if (total == 0 || k == 0) {
      copy_clear(src, dst, size);
      if (total > 0) chains.emplace_back(dst, whole);
      return;
    }
    const size_t n = copy_and_gather_crypt_blocks(src, dst, total, c, k, scratch.data() + used);
    copy_clear(src + whole, dst + whole, size - whole);  // a trailing partial block stays clear
    chains.emplace_back(scratch.data() + used, n);
    gathered.push_back({dst, total, used});
    used += n;
  };
  // Samples go in groups of at most about kGroupChains chains and kGroupBytes bytes, so a group's
  // samples are still in the L2 cache when the encrypted blocks are scattered back (a whole 1080p
  // segment is not).
  constexpr size_t kGroupChains = 64;
  constexpr size_t kGroupBytes = 512 * 1024;
  for (size_t begin = 0; begin < samples.size();) {
    size_t end = begin, group_chains = 0, group_bytes = 0, scratch_bytes = 0;
    while (end < samples.size() && (end == begin || (group_chains < kGroupChains && group_bytes < kGroupBytes))) {
      const SampleRun& run = samples[end++];
      group_bytes += run.in.size();
      for_each_protected_range(run.out, run.map, crypt, skip, [&](uint8_t*, uint64_t total, uint64_t c, uint64_t k) {
        ++group_chains;
        if (k != 0) scratch_bytes += static_cast<size_t>(crypt_block_count(total, c, k) * kAesBlockSize);
      });
    }
    if (scratch.size() < scratch_bytes) scratch.resize(scratch_bytes);
    chains.clear();
    gathered.clear();
    used = 0;
    for (size_t i = begin; i < end; ++i) {
      const SampleRun& run = samples[i];
      if (run.map.empty()) {
        add_range(run.in.data(), run.out.data(), run.in.size());
        continue;
      }
      size_t pos = 0;
      for (const Subsample& sub : run.map) {
        copy_clear(run.in.data() + pos, run.out.data() + pos, sub.clear_bytes);
        pos += sub.clear_bytes;
        add_range(run.in.data() + pos, run.out.data() + pos, sub.protected_bytes);
        pos += sub.protected_bytes;
      }
    }
    SF_RETURN_IF_ERROR(cbc.encrypt_chains(iv, chains));
    for (const GatheredRange& g : gathered) {
      scatter_crypt_blocks(scratch.data() + g.scratch_offset, g.total_blocks, crypt, skip, g.range);
    }
    begin = end;
  }
  return OkStatus();
}

Status validate_pattern(uint8_t crypt_byte_block, uint8_t skip_byte_block) {
  if (crypt_byte_block > 15 || skip_byte_block > 15) {
    return InvalidArgumentError("cbcs pattern " + std::to_string(crypt_byte_block) + ":" +
                                    std::to_string(skip_byte_block) + ": each value is 4 bits (0..15)",
                                crypt_byte_block > 15 ? "crypt_byte_block" : "skip_byte_block");
  }
  if (crypt_byte_block == 0 && skip_byte_block != 0) {
    return InvalidArgumentError("cbcs pattern 0:" + std::to_string(skip_byte_block) +
                                    " encrypts nothing (use 0:0 for every block, or crypt_byte_block >= 1)",
                                "crypt_byte_block");
  }
  return OkStatus();
}

}  // namespace streamforge::crypto::detail
