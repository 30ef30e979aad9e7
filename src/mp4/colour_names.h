// Private: FFmpeg's colour names (StreamInfo::color_*) to ISO/IEC 23091-2 (H.273) code points,
// for the 'colr' nclx box. Unknown or empty names give nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace streamforge::mp4::detail {

std::optional<uint16_t> colour_primaries_code(std::string_view name);
std::optional<uint16_t> transfer_characteristics_code(std::string_view name);
std::optional<uint16_t> matrix_coefficients_code(std::string_view name);
// "pc" / "jpeg" -> true (full range), "tv" / "mpeg" -> false.
std::optional<bool> full_range_from_name(std::string_view name);

}  // namespace streamforge::mp4::detail
