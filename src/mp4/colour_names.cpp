#include "colour_names.h"

#include <utility>

namespace streamforge::mp4::detail {
namespace {

struct Name {
  std::string_view name;
  uint16_t code;
};

template <size_t N>
std::optional<uint16_t> lookup(const Name (&table)[N], std::string_view name) {
  for (const Name& n : table) {
    if (n.name == name) return n.code;
  }
  return std::nullopt;
}

// H.273 Table 2 (ColourPrimaries), with libavutil's names.
constexpr Name kPrimaries[] = {{"bt709", 1},     {"bt470m", 4},    {"bt470bg", 5},  {"smpte170m", 6},
                               {"smpte240m", 7}, {"film", 8},      {"bt2020", 9},   {"smpte428", 10},
                               {"smpte431", 11}, {"smpte432", 12}, {"ebu3213", 22}, {"jedec-p22", 22}};
// H.273 Table 3 (TransferCharacteristics).
constexpr Name kTransfer[] = {{"bt709", 1},         {"gamma22", 4},       {"gamma28", 5},       {"smpte170m", 6},
                              {"smpte240m", 7},     {"linear", 8},        {"log100", 9},        {"log316", 10},
                              {"iec61966-2-4", 11}, {"bt1361e", 12},      {"iec61966-2-1", 13}, {"bt2020-10", 14},
                              {"bt2020-12", 15},    {"smpte2084", 16},    {"smpte428", 17},     {"arib-std-b67", 18}};
// H.273 Table 4 (MatrixCoefficients).
constexpr Name kMatrix[] = {{"gbr", 0},       {"rgb", 0},           {"bt709", 1},             {"fcc", 4},
                            {"bt470bg", 5},   {"smpte170m", 6},     {"smpte240m", 7},         {"ycgco", 8},
                            {"bt2020nc", 9},  {"bt2020c", 10},      {"smpte2085", 11},        {"chroma-derived-nc", 12},
                            {"chroma-derived-c", 13}, {"ictcp", 14}};

}  // namespace

std::optional<uint16_t> colour_primaries_code(std::string_view name) { return lookup(kPrimaries, name); }
std::optional<uint16_t> transfer_characteristics_code(std::string_view name) { return lookup(kTransfer, name); }
std::optional<uint16_t> matrix_coefficients_code(std::string_view name) { return lookup(kMatrix, name); }

std::optional<bool> full_range_from_name(std::string_view name) {
  if (name == "pc" || name == "jpeg") return true;
  if (name == "tv" || name == "mpeg") return false;
  return std::nullopt;
}

}  // namespace streamforge::mp4::detail
