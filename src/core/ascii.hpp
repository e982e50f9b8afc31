#pragma once
// Locale-free ASCII helpers for the parsers: lab exports are bytes, and
// <cctype> would depend on the process locale.
#include <string_view>

namespace anc::detail {

constexpr auto is_digit(char c) noexcept -> bool {
  return c >= '0' && c <= '9';
}

/// The `n` digits of `s` at `pos` as a number; -1 if they are not all
/// digits or `s` ends before them.
constexpr auto digits_value(std::string_view s, std::size_t pos, std::size_t n) noexcept -> int {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

constexpr auto is_hex_digit(char c) noexcept -> bool {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

constexpr auto is_alpha(char c) noexcept -> bool {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr auto ascii_lower(char c) noexcept -> char {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Case-insensitive equality; `lower_word` must already be lower case.
constexpr auto iequals(std::string_view text, std::string_view lower_word) noexcept -> bool {
  if (text.size() != lower_word.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (ascii_lower(text[i]) != lower_word[i]) return false;
  return true;
}

}  // namespace anc::detail
