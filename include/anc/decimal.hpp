#pragma once
// Exact decimal parsing into scaled integers.
//
// Every quantity in anc (counts, ages, percentages, temperatures) is a decimal
// written by a person or a lab system, and every rule boundary is a decimal.
// Binary floating point cannot hold 0.1 or 1.005 exactly, so a value such as
// 0.5 x10^9/L could land a hair below 500/uL and cross a band edge (SPEC §10).
// These functions read the decimal digits straight into an integer scaled by a
// power of ten, rounding toward zero (floor, since only non-negative numbers
// are accepted) and saying whether anything was dropped.
//
// Why floor is safe: for any integer boundary B (in the same scaled unit) and
// any exact value v >= 0, floor(v) < B exactly when v < B. So a value kept to
// the scale never compares differently from the exact value against a boundary
// that is itself a whole number of scaled units.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace anc {

/// What went wrong while reading a decimal number.
enum class decimal_error {
  none,
  empty,                ///< nothing to read
  not_a_number,         ///< characters that are not part of a decimal number
  not_finite,           ///< "NaN", "inf", "infinity" in any case
  negative,             ///< a leading '-' (including "-0": a sign is never guessed away)
  decimal_comma,        ///< a ',' decimal separator without `decimal_comma`
  grouping,             ///< "1,200" or "1.200,5": a thousands separator (ambiguous)
  point_in_comma_mode,  ///< a '.' while `decimal_comma` is set
  too_large,            ///< does not fit the scaled 63-bit integer
};

/// Result of `parse_decimal`: `value` is floor(x * 10^scale); `inexact` tells
/// whether non-zero digits below the scale were dropped.
struct decimal_result {
  std::int64_t value = 0;
  decimal_error ec = decimal_error::none;
  bool inexact = false;
  constexpr explicit operator bool() const noexcept { return ec == decimal_error::none; }
};

/// Reads the whole of `text` as an unsigned decimal number: digits, an
/// optional fraction, an optional exponent (`e`/`E`, signed). Leading and
/// trailing blanks are not accepted (callers trim). With `decimal_comma` the
/// separator is ',' and a '.' is refused; without it a ',' is refused, as
/// `decimal_comma` when it reads like "1,2" and `grouping` when it could be a
/// thousands separator ("1,200"). Never throws, never allocates.
///
///   parse_decimal("0.5", 3).value == 500;   parse_decimal("1e-4", 3).inexact
auto parse_decimal(std::string_view text, int scale, bool decimal_comma = false) noexcept
    -> decimal_result;

namespace decimal_detail {

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

}  // namespace decimal_detail

/// The one-pass reading of the text almost every value is: at most 18
/// digits with at most one decimal separator. Gives the same result as
/// parse_decimal for such text, and nothing for any other (callers then use
/// parse_decimal, which starts with this). Inline: every row reads one.
constexpr auto parse_plain_decimal(std::string_view text, int scale,
                                   bool decimal_comma = false) noexcept
    -> std::optional<decimal_result> {
  // At most 19 characters: 19 digits fit an unsigned 64-bit integer, and
  // more than 18 are refused below (10^18 < 2^63).
  if (text.empty() || text.size() > decimal_detail::max_digits + 1) return std::nullopt;
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
  if (digits == 0 || digits > decimal_detail::max_digits) return std::nullopt;
  const auto fraction_digits = static_cast<int>(text.size() - point_at) - (point_at != no_point);
  return decimal_detail::scaled(static_cast<std::int64_t>(sig), scale - fraction_digits, false);
}

/// Length of the longest prefix of `text` that can belong to a number:
/// digits, '.', ',', and an exponent marker only when digits follow it
/// ("1.5e9/L" -> 5, "1.2x10^9/L" -> 3, "5e/L" -> 1). Used to split a value
/// from the unit written after it.
auto number_prefix_length(std::string_view text) noexcept -> std::size_t;

/// A message for an error code, without the offending text (callers add it).
auto to_string(decimal_error e) noexcept -> std::string_view;

}  // namespace anc
