#pragma once
// The generator behind the unit tests' property checks: a 64-bit linear
// congruential generator (Knuth's MMIX constants), so every run and
// machine draws the same inputs and a failure can be replayed.
#include <cstdint>

namespace anc::test {

class lcg {
 public:
  explicit lcg(std::uint64_t seed = 20261123) : state_(seed) {}
  /// The next 64-bit state.
  auto next64() -> std::uint64_t {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return state_;
  }
  /// The high 31 bits of the next state (the low bits of an LCG are weak).
  auto next() -> unsigned { return static_cast<unsigned>(next64() >> 33); }

 private:
  std::uint64_t state_;
};

}  // namespace anc::test
