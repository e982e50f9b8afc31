#include "anc/decimal.hpp"

#include <array>

#include "core/ascii.hpp"

namespace anc {
namespace {

constexpr int max_digits = 18;  // 10^18 < 2^63: any 18-digit result fits

constexpr auto powers_of_ten = [] {
  std::array<std::int64_t, max_digits + 1> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

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

// sig * 10^shift in whole units, truncated; `inexact` when digits were lost.
// `sig` has at most max_digits digits; the result must too.
auto scaled(std::int64_t sig, int shift, bool dropped_nonzero) noexcept -> decimal_result {
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

auto parse_plain_decimal(std::string_view text, int scale, bool decimal_comma) noexcept
    -> std::optional<decimal_result> {
  // At most 18 digits and a point: the digits cannot overflow.
  if (text.empty() || text.size() > max_digits + 1) return std::nullopt;
  const char point = decimal_comma ? ',' : '.';
  const std::size_t no_point = text.size();
  std::size_t point_at = no_point;
  std::int64_t sig = 0;
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
  return scaled(sig, scale - fraction_digits, false);
}

auto parse_decimal(std::string_view text, int scale, bool decimal_comma) noexcept
    -> decimal_result {
  if (text.empty()) return {0, decimal_error::empty};
  if (const auto plain = parse_plain_decimal(text, scale, decimal_comma)) return *plain;
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
    if (sig_digits < max_digits) {
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

  return scaled(sig, exp_adjust + exponent + scale, dropped_nonzero);
}

auto to_string(decimal_error e) noexcept -> std::string_view {
  switch (e) {
    case decimal_error::none: return "no error";
    case decimal_error::empty: return "is empty";
    case decimal_error::not_a_number: return "is not a decimal number";
    case decimal_error::not_finite: return "is not a finite number";
    case decimal_error::negative: return "is negative";
    case decimal_error::decimal_comma:
      return "has a decimal comma; pass --decimal-comma to read ',' as the decimal separator";
    case decimal_error::grouping:
      return "has a thousands separator (or is a decimal comma: ambiguous); write the number "
             "without grouping";
    case decimal_error::point_in_comma_mode:
      return "has a '.' but --decimal-comma was given; write the number with ',' as the "
             "decimal separator";
    case decimal_error::too_large: return "is too large";
  }
  return "unknown error";
}

}  // namespace anc
