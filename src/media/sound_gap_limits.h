// Private: how much missing sound the engine fills while the picture goes on. One set of limits for
// both ways it fills: with encoded silence when it encodes (av::AudioEncoder) and with coded silent
// frames when it copies (package::AudioGapFill), so a source is treated alike either way.
#pragma once

namespace streamforge {

struct SoundGapLimits {
  // Gaps under 1 / kMinGapDivisor seconds are jitter or drift, not holes.
  static constexpr int kMinGapDivisor = 10;
  // A single gap longer than this is not filled: a broken timestamp is likelier than a pause.
  static constexpr int kMaxGapSeconds = 120;
  // Nor more than this much silence in all: a hostile file must not turn into hours of silence.
  static constexpr int kMaxTotalSeconds = 30 * 60;
};

}  // namespace streamforge
