#pragma once
// The one-pass readers of the plain numbers almost every value is (SPEC
// §1), for parse_decimal and for batch's fast path: word-at-a-time tricks
// kept out of the public headers. Each is proved equal to its plain twin
// (parse_decimal, a digit loop) in tests/unit/decimal_test.cpp and by the
// value fuzzer.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "anc/decimal.hpp"

namespace anc::detail {

inline constexpr int max_digits = 18;  // 10^18 < 2^63: any 18-digit result fits

inline constexpr auto powers_of_ten = [] {
  std::array<std::int64_t, max_digits + 1> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

// sig * 10^shift in whole units, truncated; `inexact` when digits were lost.
// `sig` has at most max_digits digits; the result must too.
constexpr auto scaled(std::int64_t sig, int shift, bool dropped_nonzero) noexcept
    -> decimal_result {
  if (sig == 0) return {0, decimal_error::none, dropped_nonzero};
  if (shift >= 0) {
    if (shift > max_digits || sig >= powers_of_ten[static_cast<std::size_t>(max_digits - shift)])
      return {0, decimal_error::too_large};
    return {sig * powers_of_ten[static_cast<std::size_t>(shift)], decimal_error::none,
            dropped_nonzero};
  }
  if (-shift > max_digits) return {0, decimal_error::none, true};
  const std::int64_t div = powers_of_ten[static_cast<std::size_t>(-shift)];
  return {sig / div, decimal_error::none, dropped_nonzero || sig % div != 0};
}

/// The one-pass reading of the text almost every value is: at most 18
/// digits with at most one decimal separator. Gives the same result as
/// parse_decimal for such text, and nothing for any other (callers then use
/// parse_decimal, which starts with this). Inline: every row reads one.
constexpr auto parse_plain_decimal(std::string_view text, int scale,
                                   bool decimal_comma = false) noexcept
    -> std::optional<decimal_result> {
  // At most 19 characters: 19 digits fit an unsigned 64-bit integer, and
  // more than 18 are refused below (10^18 < 2^63).
  if (text.empty() || text.size() > max_digits + 1) return std::nullopt;
  const char point = decimal_comma ? ',' : '.';
  const std::size_t no_point = text.size();
  std::size_t point_at = no_point;
  std::uint64_t sig = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto d = static_cast<unsigned>(static_cast<unsigned char>(text[i]) - '0');
    if (d < 10)
      sig = sig * 10 + d;
    else if (text[i] == point && point_at == no_point)
      point_at = i;
    else
      return std::nullopt;
  }
  const std::size_t digits = text.size() - (point_at != no_point);
  if (digits == 0 || digits > max_digits) return std::nullopt;
  const auto fraction_digits = static_cast<int>(text.size() - point_at) - (point_at != no_point);
  return scaled(static_cast<std::int64_t>(sig), scale - fraction_digits, false);
}

inline constexpr std::uint64_t each_byte = 0x0101010101010101;

/// `text` of 1-8 bytes, given as the high `size` bytes of `word` (the bytes
/// as they lie in memory, little-endian), with every byte below them made
/// '0': then all eight are read as one number.
constexpr auto zero_padded(std::uint64_t word, std::size_t size) noexcept -> std::uint64_t {
  const auto drop = static_cast<unsigned>(8 * (8 - size));  // 0-56
  // Two shifts: one of 64 would be undefined when nothing is dropped.
  return (word >> drop << drop) | ('0' * each_byte >> 1 >> (63 - drop));
}

/// The value of eight ASCII digits in memory order, or nothing if a byte is
/// not a digit: a few multiplications in place of a loop over the digits.
/// The technique, and its constants, are fast_float's
/// parse_eight_digits_unrolled (fastfloat/fast_float:include/fast_float/
/// ascii_number.h, after @aqrit), here with a digit check of our own.
constexpr auto eight_digits(std::uint64_t w) noexcept -> std::optional<std::uint32_t> {
  constexpr std::uint64_t high_nibbles = 0xF0 * each_byte;
  constexpr std::uint64_t digit_nibble = '0' * each_byte;
  // '0'-'9' are 0x30-0x39: 0x3_ before and after adding 6. A carry out of
  // a byte comes only from one that already fails the first test.
  if ((w & high_nibbles) != digit_nibble || ((w + 6 * each_byte) & high_nibbles) != digit_nibble)
    return std::nullopt;
  w -= digit_nibble;      // no borrows: every byte is >= '0'
  w = w * 10 + (w >> 8);  // pairs of digits: byte 2i holds 10 d(2i) + d(2i+1)
  constexpr std::uint64_t pairs = 0x000000FF000000FF;
  w = ((w & pairs) * (100 + (1000000ULL << 32)) + (w >> 16 & pairs) * (1 + (10000ULL << 32))) >> 32;
  return static_cast<std::uint32_t>(w);
}

/// parse_plain_decimal of a text of at most eight bytes given as the high
/// `size` bytes of `word`, the eight bytes that end where it ends (read
/// from memory by the caller, who knows they are readable). It reads the
/// digits at once, where the loop branches on the text's length, which a
/// CPU cannot predict when lengths vary from row to row. Nothing where
/// parse_plain_decimal might say otherwise: call it then.
constexpr auto parse_plain_decimal_word(std::uint64_t word, std::size_t size, int scale,
                                        bool decimal_comma = false) noexcept
    -> std::optional<decimal_result> {
  if constexpr (std::endian::native != std::endian::little) return std::nullopt;
  if (size == 0 || size > 8) return std::nullopt;
  const std::uint64_t w = zero_padded(word, size);
  // The decimal separator, found as the zero byte of w XOR the separator
  // (exactly: no borrow between bytes).
  const std::uint64_t x = w ^ static_cast<std::uint64_t>(decimal_comma ? ',' : '.') * each_byte;
  const std::uint64_t low7 = 0x7F * each_byte;
  const std::uint64_t point = ~(((x & low7) + low7) | x | low7);  // 0x80 in its byte
  if ((point & (point - 1)) != 0) return std::nullopt;            // two separators
  const bool has_point = point != 0;
  const auto k = static_cast<unsigned>(std::countr_zero(point | 1ULL << 63) / 8);  // its byte
  // Without it: the bytes below move up one, and the lowest becomes '0'.
  const std::uint64_t below = (point >> 7) - 1;  // all ones when there is no separator
  const std::uint64_t removed = (w & below) << 8 | (w & ~(below << 8 | 0xFF)) | '0';
  // Selected by masks, not branches: whether a value has a separator varies
  // from row to row (with its unit), and a branch on it is mispredicted.
  const std::uint64_t keep = 0 - static_cast<std::uint64_t>(has_point);
  const std::optional<std::uint32_t> sig = eight_digits((removed & keep) | (w & ~keep));
  if (!sig || size == static_cast<std::size_t>(has_point)) return std::nullopt;  // "." alone
  const int fraction_digits = static_cast<int>((7 - k) & static_cast<unsigned>(keep));
  return scaled(*sig, scale - fraction_digits, false);
}

}  // namespace anc::detail
