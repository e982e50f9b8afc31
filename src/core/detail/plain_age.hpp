#pragma once
// The one-pass readers of the bare whole ages most exports write (an
// age_days column), for batch's fast path; parse_age reads everything else.
// tests/unit/age_test.cpp proves the word reader equals the loop.
#include <cstdint>
#include <optional>
#include <string_view>

#include "anc/age.hpp"
#include "core/detail/plain_decimal.hpp"

namespace anc::detail {

/// The one-pass reading of the age most exports write: a bare whole number
/// of `u` (an age_days column), at most nine digits and nothing else, not
/// even blanks. Nothing for any other text, which parse_age reads in full.
/// Nine digits keep the product far from overflow; the caller checks the
/// age limit. Inline: batch reads one on most rows.
constexpr auto parse_bare_whole_age(std::string_view text, age_unit u) noexcept
    -> std::optional<span> {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::int64_t n = 0;
  for (const char ch : text) {
    const auto d = static_cast<unsigned>(static_cast<unsigned char>(ch) - '0');
    if (d >= 10) return std::nullopt;
    n = n * 10 + d;
  }
  return span{n * ticks_of(u)};
}

/// The same for a text of at most eight bytes given as the high `size`
/// bytes of `word` (see parse_plain_decimal_word): no loop over the digits.
/// Nothing for anything else.
constexpr auto parse_bare_whole_age_word(std::uint64_t word, std::size_t size, age_unit u) noexcept
    -> std::optional<span> {
  if constexpr (std::endian::native != std::endian::little) return std::nullopt;
  if (size == 0 || size > 8) return std::nullopt;
  const auto n = eight_digits(zero_padded(word, size));
  if (!n) return std::nullopt;
  return span{static_cast<std::int64_t>(*n) * ticks_of(u)};
}

}  // namespace anc::detail
