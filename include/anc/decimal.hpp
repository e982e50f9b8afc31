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
///   parse_decimal("0.5", 3).value == 500
///   parse_decimal("1e-4", 3).inexact
auto parse_decimal(std::string_view text, int scale, bool decimal_comma = false) noexcept
    -> decimal_result;

/// Length of the longest prefix of `text` that can belong to a number:
/// digits, '.', ',', and an exponent marker only when digits follow it
/// ("1.5e9/L" -> 5, "1.2x10^9/L" -> 3, "5e/L" -> 1). Used to split a value
/// from the unit written after it.
auto number_prefix_length(std::string_view text) noexcept -> std::size_t;

/// A message for an error code, without the offending text (callers add it).
auto to_string(decimal_error e) noexcept -> std::string_view;

}  // namespace anc
