#pragma once
// Neutrophil counts: an exact value type, lab unit spellings, and the parser
// for a value as a person or a lab export writes it (SPEC §1).

#include <array>
#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "anc/decimal.hpp"

namespace anc {

/// A count in thousandths of a cell per microlitre (cells/uL = cells/mm3).
/// Integer thousandths make every unit conversion in SPEC §1 exact
/// (0.5 x10^9/L is exactly 500/uL) and every band comparison exact (SPEC §10).
/// Finer digits are dropped toward zero on parsing, which never changes a
/// comparison against a boundary that is a whole number of thousandths
/// (see decimal.hpp).
struct count {
  std::int64_t milli_per_ul = 0;
  friend constexpr auto operator<=>(count, count) = default;
};

inline constexpr std::int64_t milli_per_cell = 1000;

/// `n` whole cells/uL as a count.
constexpr auto per_ul(std::int64_t n) noexcept -> count {
  return {n * milli_per_cell};
}

/// Larger than any count; the open upper end of the last band of a table.
inline constexpr count count_max{std::numeric_limits<std::int64_t>::max()};

/// A unit of concentration as its factor to cells/uL, which is always a power
/// of ten: factor = 10^exp10 (SPEC §1: 1, 1000 or 0.000001).
struct unit {
  int exp10 = 0;
  friend constexpr auto operator==(unit, unit) -> bool = default;
};

inline constexpr unit cells_per_ul{0};
inline constexpr unit thousand_per_ul{3};  ///< 10^9/L, K/uL, G/L
inline constexpr unit per_litre{-6};

enum class unit_error {
  none,
  empty,        ///< no unit text
  unknown,      ///< not a spelling of SPEC §1
  volume_only,  ///< a bare volume ("MM3", "uL"): not a concentration
  too_long,     ///< longer than any spelling could be
  percentage,   ///< "%": a differential percentage, not a count
};

struct unit_result {
  unit value;
  unit_error ec = unit_error::none;
  constexpr explicit operator bool() const noexcept { return ec == unit_error::none; }
};

/// Reads a unit spelling of SPEC §1: case-insensitive, blanks ignored, `u`,
/// U+00B5 and U+03BC the same letter, the `x` / U+00D7 / `*` before 10
/// optional, `^` `*` `E` `e` between 10 and the exponent the same, superscript
/// digits accepted. Unknown spellings and bare volumes are refused; nothing is
/// guessed. Never throws.
///
///   parse_unit("x10^9/L").value == thousand_per_ul
///   parse_unit("MM3").ec == unit_error::volume_only
auto parse_unit(std::string_view text) noexcept -> unit_result;

/// Spellings shown in help and `anc rules`, grouped by factor. Not the
/// definition (parse_unit's grammar is); a unit test proves each one parses
/// to its factor, so the list cannot drift from the parser.
struct unit_example {
  unit factor;
  std::string_view spelling;
};
inline constexpr std::array<unit_example, 21> unit_examples{{
    {cells_per_ul, "/uL"},
    {cells_per_ul, "cells/uL"},
    {cells_per_ul, "/mm3"},
    {cells_per_ul, "{cells}/uL"},
    {cells_per_ul, "10^3/mL"},
    {cells_per_ul, "10^6/L"},
    {thousand_per_ul, "10^9/L"},
    {thousand_per_ul, "x10^9/L"},
    {thousand_per_ul, "10E9/L"},
    {thousand_per_ul, "G/L"},
    {thousand_per_ul, "/nL"},
    {thousand_per_ul, "10^3/uL"},
    {thousand_per_ul, "K/uL"},
    {thousand_per_ul, "K/mm3"},
    {thousand_per_ul, "K/cumm"},
    {thousand_per_ul, "thou/uL"},
    {thousand_per_ul, "Thou/mcL"},
    {thousand_per_ul, "10^6/mL"},
    {thousand_per_ul, "10*9/L"},
    {thousand_per_ul, "\u00d710\u2079/L"},
    {per_litre, "/L"},
}};

/// Lab censoring: "<0.1" means the true value is below 0.1, ">1.5" above.
enum class qualifier { none, less, greater };

/// A parsed reading. `bound` is the number written, in cells/uL; `value` is
/// the value to classify: `bound` itself, or for a censored reading the floor
/// of a value infinitesimally below (`<`) or above (`>`) the bound. Because
/// every boundary is a whole number of thousandths, that floor compares
/// against each boundary exactly as the censored value would.
struct quantity {
  count value;
  count bound;
  qualifier qual = qualifier::none;
  /// False when the true value lies strictly between `value` and one
  /// thousandth above it: a censored reading, or digits below a thousandth
  /// dropped. Strict comparisons (v < edge) need only `value`; an inclusive
  /// upper edge (v <= edge, DAIDS grade 1) needs this too: see `at_most`.
  bool exact = true;
  friend constexpr auto operator==(const quantity&, const quantity&) -> bool = default;
};

/// v <= edge for the true value of `q`, exactly (SPEC §10).
constexpr auto at_most(const quantity& q, count edge) noexcept -> bool {
  return q.exact ? q.value <= edge : q.value < edge;
}

/// SPEC §1: a value above this many cells/uL is implausible and refused.
inline constexpr count count_limit = per_ul(1'000'000);

/// How a value with no unit at all is treated (SPEC §1).
enum class unitless_policy {
  refuse,    ///< batch and check: a missing unit is an error, never guessed
  terminal,  ///< `anc classify`: 0 or >= 100 is cells/uL, (0, 100) is ambiguous
};

/// Values in (0, terminal_unitless_floor) with no unit are ambiguous at the
/// terminal: they read as plausible in both cells/uL and 10^9/L (SPEC §1).
inline constexpr count terminal_unitless_floor = per_ul(100);

struct parse_options {
  bool decimal_comma = false;
  std::optional<unit> default_unit;  ///< the unit a reading without its own is in
  unitless_policy unitless = unitless_policy::refuse;
};

enum class parse_error {
  none,
  empty,
  bad_number,    ///< see `number_ec`
  bad_unit,      ///< see `unit_ec`
  missing_unit,  ///< no unit anywhere and the policy refuses to guess
  ambiguous,     ///< unitless value in (0, 100) at the terminal
  too_large,     ///< above `count_limit`
  below_zero,    ///< "<0": nothing is below zero
};

/// Result of `parse_count`. On `ambiguous`, `q.bound` holds the value read as
/// cells/uL so that the caller can show both readings.
struct parse_result {
  quantity q;
  parse_error ec = parse_error::none;
  decimal_error number_ec = decimal_error::none;
  unit_error unit_ec = unit_error::none;
  bool unit_given = false;  ///< the text itself carried a unit ...
  unit own_unit;            ///< ... this one
  constexpr explicit operator bool() const noexcept { return ec == parse_error::none; }
};

/// Reads a count such as "800", "0.8x10^9/L", "1.5e9/L", "<0.1 K/uL". The
/// text may be padded with blanks. A unit written in the text wins over
/// `opt.default_unit`. Never throws.
///
///   parse_count("0.5 x10^9/L").q.value == per_ul(500)
///   parse_count("1,2").number_ec == decimal_error::decimal_comma
auto parse_count(std::string_view text, parse_options opt = {}) noexcept -> parse_result;

/// A count in cells/uL with no trailing zeros ("800", "499.999").
struct count_text {
  std::array<char, 32> buf{};
  std::size_t size = 0;
  [[nodiscard]] auto view() const noexcept -> std::string_view { return {buf.data(), size}; }
};
auto format_count(count c) noexcept -> count_text;

auto to_string(unit_error e) noexcept -> std::string_view;
auto to_string(parse_error e) noexcept -> std::string_view;

/// Trims ASCII blanks (space, tab, CR, LF) from both ends. Inline: every
/// field of every batch row goes through it.
constexpr auto trim(std::string_view s) noexcept -> std::string_view {
  // Every blank is below '!', so most ends are settled by one comparison.
  constexpr auto blank = [](char c) {
    return static_cast<unsigned char>(c) <= ' ' &&
           (c == ' ' || c == '\t' || c == '\r' || c == '\n');
  };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace anc
