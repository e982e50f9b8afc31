#include "anc/decimal.hpp"
#include "anc/enum_table.hpp"

#include <array>

#include "core/ascii.hpp"
#include "core/detail/plain_decimal.hpp"

namespace anc {
namespace {

constexpr auto is_digit(char c) noexcept -> bool {
  return c >= '0' && c <= '9';
}

constexpr auto lower(char c) noexcept -> char {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

auto iequals(std::string_view a, std::string_view b) noexcept -> bool {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

auto is_non_finite_word(std::string_view s) noexcept -> bool {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  return iequals(s, "nan") || iequals(s, "inf") || iequals(s, "infinity");
}

// "1,200" / "12,345,678.5" (or with the roles of '.' and ',' swapped): digits
// in groups of three after a 1-3 digit head, then an optional fraction.
auto looks_grouped(std::string_view s, char group, char point) noexcept -> bool {
  std::size_t i = 0;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == 0 || i > 3) return false;
  bool any_group = false;
  while (i < s.size() && s[i] == group) {
    std::size_t j = i + 1, n = 0;
    while (j < s.size() && is_digit(s[j])) ++j, ++n;
    if (n != 3) return false;
    any_group = true;
    i = j;
  }
  if (i < s.size() && s[i] == point) {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  return any_group && i == s.size();
}

}  // namespace

auto number_prefix_length(std::string_view text) noexcept -> std::size_t {
  std::size_t i = 0;
  while (i < text.size() && (is_digit(text[i]) || text[i] == '.' || text[i] == ',')) ++i;
  if (i > 0 && i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
    if (j < text.size() && is_digit(text[j])) {
      while (j < text.size() && is_digit(text[j])) ++j;
      i = j;
    }
  }
  return i;
}

auto parse_decimal(std::string_view text, int scale, bool decimal_comma) noexcept
    -> decimal_result {
  if (text.empty()) return {0, decimal_error::empty};
  if (const auto plain = detail::parse_plain_decimal(text, scale, decimal_comma)) return *plain;
  const char point = decimal_comma ? ',' : '.';
  const char other = decimal_comma ? '.' : ',';

  if (is_non_finite_word(text)) return {0, decimal_error::not_finite};
  if (text.front() == '-') return {0, decimal_error::negative};

  // The mantissa ends where the exponent starts.
  std::size_t mantissa_end = 0;
  while (mantissa_end < text.size() && text[mantissa_end] != 'e' && text[mantissa_end] != 'E')
    ++mantissa_end;
  const std::string_view mantissa = text.substr(0, mantissa_end);

  if (mantissa.find(other) != std::string_view::npos) {
    if (looks_grouped(mantissa, other, point)) return {0, decimal_error::grouping};
    if (decimal_comma) return {0, decimal_error::point_in_comma_mode};
    const bool single_comma =
        mantissa.find(',') == mantissa.rfind(',') && mantissa.find('.') == std::string_view::npos;
    return {0, single_comma ? decimal_error::decimal_comma : decimal_error::not_a_number};
  }

  std::int64_t sig = 0;
  int sig_digits = 0;
  int exp_adjust = 0;  // value = sig * 10^exp_adjust * 10^exponent
  bool dropped_nonzero = false;
  bool any_digit = false;
  bool seen_point = false;
  for (const char c : mantissa) {
    if (c == point) {
      if (seen_point) return {0, decimal_error::not_a_number};
      seen_point = true;
      continue;
    }
    if (!is_digit(c)) return {0, decimal_error::not_a_number};
    any_digit = true;
    const int d = c - '0';
    if (sig_digits < detail::max_digits) {
      if (sig != 0 || d != 0) {
        sig = sig * 10 + d;
        ++sig_digits;
      }
      if (seen_point) --exp_adjust;
    } else {
      // Beyond 18 significant digits: an integer digit still scales the
      // value, a fraction digit only makes it inexact.
      if (!seen_point) ++exp_adjust;
      dropped_nonzero = dropped_nonzero || d != 0;
    }
  }
  if (!any_digit) return {0, decimal_error::not_a_number};

  int exponent = 0;
  if (mantissa_end < text.size()) {
    std::size_t i = mantissa_end + 1;
    bool neg = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) neg = text[i++] == '-';
    if (i == text.size()) return {0, decimal_error::not_a_number};
    for (; i < text.size(); ++i) {
      if (!is_digit(text[i])) return {0, decimal_error::not_a_number};
      // Clamp: 1e400 must say "too large", not wrap around.
      if (exponent < 100000) exponent = exponent * 10 + (text[i] - '0');
    }
    if (neg) exponent = -exponent;
  }

  return detail::scaled(sig, exp_adjust + exponent + scale, dropped_nonzero);
}

constexpr std::array<enum_name<decimal_error>, 9> decimal_error_names{{
    {decimal_error::none, "no error"},
    {decimal_error::empty, "is empty"},
    {decimal_error::not_a_number, "is not a decimal number"},
    {decimal_error::not_finite, "is not a finite number"},
    {decimal_error::negative, "is negative"},
    {decimal_error::decimal_comma, "has a decimal comma, and '.' is the decimal separator"},
    {decimal_error::grouping,
     "has a thousands separator (or is a decimal comma: ambiguous); write the number "
     "without grouping"},
    {decimal_error::point_in_comma_mode,
     "has a '.', and ',' is the decimal separator; write the number with ','"},
    {decimal_error::too_large, "is too large"},
}};
static_assert(in_enum_order(decimal_error_names, &enum_name<decimal_error>::value,
                            decimal_error::too_large));
auto to_string(decimal_error e) noexcept -> std::string_view {
  return name_in(decimal_error_names, e, &enum_name<decimal_error>::name);
}

}  // namespace anc
