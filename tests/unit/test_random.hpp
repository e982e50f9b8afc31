#pragma once
// The generator behind the unit tests' property checks: a 64-bit linear
// congruential generator (Knuth's MMIX constants), so every run and
// machine draws the same inputs and a failure can be replayed; and the
// short fields drawn from it.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

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

/// One to eight bytes drawn from `alphabet`: a short field of a row.
inline auto short_text(lcg& rng, std::string_view alphabet) -> std::string {
  std::string s;
  const unsigned length = 1 + rng.next() % 8;
  for (unsigned i = 0; i < length; ++i) s += alphabet[rng.next() % alphabet.size()];
  return s;
}

/// The eight bytes that end where `text` (at most eight bytes) ends, with
/// random bytes before it, as batch loads a short field from its record
/// (little-endian).
inline auto word_ending_with(std::string_view text, lcg& rng) -> std::uint64_t {
  std::string bytes(8, '\0');
  for (char& c : bytes) c = static_cast<char>(rng.next() % 256);
  bytes += text;
  std::uint64_t w = 0;
  std::memcpy(&w, bytes.data() + bytes.size() - 8, 8);
  return w;
}

}  // namespace anc::test
