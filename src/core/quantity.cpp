#include "anc/quantity.hpp"
#include "anc/enum_table.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <tuple>

#include "core/ascii.hpp"
#include "core/detail/plain_decimal.hpp"
#include "core/detail/write_number.hpp"

namespace anc {
namespace {

// SPEC §1 lists concentrations whose factor to cells/uL is 1, 1000 or
// 0.000001. A spelling is a count prefix over a volume; a combination is
// accepted only when its factor is one of these, so "10^12/L" or "G/uL"
// (well formed, but never an ANC unit) are refused rather than guessed at.
constexpr std::array<int, 3> accepted_exp10{0, 3, -6};

struct spelling {
  std::string_view text;  // normalised: lower case, no blanks, 'u' for micro
  int exp10;
};

// Count prefixes written as words (powers of ten are parsed, see below).
// clang-format off
constexpr std::array<spelling, 10> count_words{{
    {"", 0}, {"1", 0}, {"{cells}", 0}, {"cells", 0},
    // Thousands: "K/uL" means 10^3/uL in every lab; "th", "ths" are the
    // same abbreviation as sent by hospital interfaces (eICU: TH/uL, THS/uL).
    {"k", 3}, {"thou", 3}, {"th", 3}, {"ths", 3},
    {"g", 9}, {"gi", 9},  // giga, as in French "G/L" / "Gi/L"
}};

// Volumes as their size relative to one microlitre, negated: "per mL" is
// 10^-3 per uL.
constexpr std::array<spelling, 10> volumes{{
    {"ul", 0}, {"mcl", 0}, {"mm3", 0}, {"mm^3", 0},
    {"cumm", 0}, {"cmm", 0}, {"mmcu", 0},  // cubic millimetre: "cu mm", "CMM", "mm cu"
    {"nl", 3}, {"ml", -3}, {"l", -6},
}};
// clang-format on

constexpr std::size_t max_unit_length = 40;

struct normalised {
  std::array<char, max_unit_length> buf{};
  std::size_t size = 0;
  bool ok = true;
  [[nodiscard]] auto view() const noexcept -> std::string_view { return {buf.data(), size}; }
  void push(char c) noexcept {
    if (size == buf.size()) {
      ok = false;
      return;
    }
    buf[size++] = c;
  }
};

// Superscript digits: U+00B9 U+00B2 U+00B3 are C2 xx, U+2070 and U+2074-9 are E2 81 xx.
auto superscript_digit(std::string_view s, std::size_t i, std::size_t& len) noexcept -> int {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (i + 1 < s.size() && byte(0) == 0xC2) {
    len = 2;
    if (byte(1) == 0xB9) return 1;
    if (byte(1) == 0xB2) return 2;
    if (byte(1) == 0xB3) return 3;
  }
  if (i + 2 < s.size() && byte(0) == 0xE2 && byte(1) == 0x81) {
    len = 3;
    if (byte(2) == 0xB0) return 0;
    if (byte(2) >= 0xB4 && byte(2) <= 0xB9) return byte(2) - 0xB0;
  }
  return -1;
}

auto normalise(std::string_view s) noexcept -> normalised {
  normalised out;
  bool in_superscript = false;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 1;
    if (const int d = superscript_digit(s, i, len); d >= 0) {
      if (!in_superscript) out.push('^');
      out.push(static_cast<char>('0' + d));
      in_superscript = true;
      i += len;
      continue;
    }
    in_superscript = false;
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c < 0x80) {
      out.push(detail::ascii_lower(static_cast<char>(c)));
      ++i;
    } else if (i + 1 < s.size() && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0xB5) {
      out.push('u');  // U+00B5 MICRO SIGN
      i += 2;
    } else if (i + 1 < s.size() && c == 0xCE && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
      out.push('u');  // U+03BC GREEK SMALL LETTER MU
      i += 2;
    } else if (i + 1 < s.size() && c == 0xC3 && static_cast<unsigned char>(s[i + 1]) == 0x97) {
      out.push('x');  // U+00D7 MULTIPLICATION SIGN
      i += 2;
    } else {
      out.ok = false;
      return out;
    }
  }
  return out;
}

auto find_spelling(const auto& table, std::string_view s) noexcept -> std::optional<int> {
  for (const auto& e : table)
    if (e.text == s) return e.exp10;
  return std::nullopt;
}

// "10^9", "x10^9", "*10*9", "10e9", "10^3": the multiplication sign before 10
// is optional and ^ * e separate 10 from its exponent (SPEC §1); "10(3)",
// the HL7 v2 interface form, marks it with parentheses. An unmarked exponent
// ("x10 3/uL") is refused: with blanks ignored it would read as 103.
auto power_of_ten(std::string_view s) noexcept -> std::optional<int> {
  if (!s.empty() && (s.front() == 'x' || s.front() == '*')) s.remove_prefix(1);
  if (s.size() < 4 || s.substr(0, 2) != "10") return std::nullopt;
  const char sep = s[2];
  if (sep == '(') {
    if (s.back() != ')') return std::nullopt;
    s.remove_suffix(1);
  } else if (sep != '^' && sep != '*' && sep != 'e') {
    return std::nullopt;
  }
  s.remove_prefix(3);
  if (s.empty() || s.size() > 2) return std::nullopt;
  int e = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    e = e * 10 + (c - '0');
  }
  return e;
}

}  // namespace

auto parse_unit(std::string_view text) noexcept -> unit_result {
  text = trim(text);
  if (text.empty()) return {{}, unit_error::empty};
  const normalised n = normalise(text);
  if (!n.ok)
    return {{}, text.size() > max_unit_length ? unit_error::too_long : unit_error::unknown};
  const std::string_view s = n.view();
  const auto slash = s.find('/');
  if (s == "%") return {{}, unit_error::percentage};
  if (slash == std::string_view::npos) {
    return {{}, find_spelling(volumes, s) ? unit_error::volume_only : unit_error::unknown};
  }
  const std::string_view head = s.substr(0, slash);
  const std::string_view tail = s.substr(slash + 1);
  auto prefix = find_spelling(count_words, head);
  if (!prefix) prefix = power_of_ten(head);
  const auto volume = find_spelling(volumes, tail);
  if (!prefix || !volume) return {{}, unit_error::unknown};
  const int exp10 = *prefix + *volume;
  if (std::find(accepted_exp10.begin(), accepted_exp10.end(), exp10) == accepted_exp10.end())
    return {{}, unit_error::unknown};
  return {unit{exp10}, unit_error::none};
}

auto parse_count(std::string_view text, parse_options opt) noexcept -> parse_result {
  parse_result r;
  std::string_view rest = trim(text);
  if (rest.empty()) {
    r.ec = parse_error::empty;
    return r;
  }
  if (rest.front() == '<' || rest.front() == '>') {
    r.q.qual = rest.front() == '<' ? qualifier::less : qualifier::greater;
    rest = trim(rest.substr(1));
  }

  // Most values are a plain number whose unit is in its own column (or
  // --unit): read in one pass. Any other text is split into number and unit.
  std::optional<unit> u = opt.default_unit;
  const auto scale_of = [](std::optional<unit> in) { return 3 + (in ? in->exp10 : 0); };
  std::optional<decimal_result> read =
      detail::parse_plain_decimal(rest, scale_of(u), opt.decimal_comma);
  if (!read) {
    // "0x10" would otherwise read as 0 with the unit "x10".
    if (rest.size() > 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X') &&
        detail::is_hex_digit(rest[2])) {
      r.ec = parse_error::bad_number;
      r.number_ec = decimal_error::not_a_number;
      return r;
    }
    const std::size_t len = number_prefix_length(rest);
    const std::string_view number = len == 0 ? rest : rest.substr(0, len);
    const std::string_view unit_text = len == 0 ? std::string_view{} : trim(rest.substr(len));

    if (!unit_text.empty()) {
      const unit_result ur = parse_unit(unit_text);
      if (!ur) {
        // A bad number is the more basic complaint ("1,2x" is about the comma).
        if (const auto d = parse_decimal(number, 3, opt.decimal_comma); !d) {
          r.ec = parse_error::bad_number;
          r.number_ec = d.ec;
          return r;
        }
        r.ec = parse_error::bad_unit;
        r.unit_ec = ur.ec;
        return r;
      }
      u = ur.value;
      r.unit_given = true;
      r.own_unit = ur.value;
    }
    read = parse_decimal(number, scale_of(u), opt.decimal_comma);
  }
  const decimal_result d = *read;
  if (!d) {
    r.ec = d.ec == decimal_error::too_large ? parse_error::too_large : parse_error::bad_number;
    r.number_ec = d.ec;
    return r;
  }
  r.q.bound = count{d.value};
  if (r.q.bound > count_limit) {
    r.ec = parse_error::too_large;
    return r;
  }

  if (!u) {
    const bool zero = d.value == 0 && !d.inexact;
    if (opt.unitless == unitless_policy::refuse) {
      r.ec = parse_error::missing_unit;
      return r;
    }
    if (!zero && r.q.bound < terminal_unitless_floor) {
      r.ec = parse_error::ambiguous;
      return r;
    }
  }

  r.q.value = r.q.bound;
  r.q.exact = r.q.qual == qualifier::none && !d.inexact;
  if (r.q.qual == qualifier::less) {
    if (d.value == 0 && !d.inexact) {
      r.ec = parse_error::below_zero;
      return r;
    }
    // floor(bound - epsilon): one thousandth less when the bound is exact; the
    // bound's own floor when digits below a thousandth were dropped.
    if (!d.inexact) r.q.value.milli_per_ul -= 1;
  }
  return r;
}

namespace {

// `v` < 10^8 in decimal at `p`, which has room for eight bytes: all eight
// digits at once, then the leading zeros dropped. to_chars branches on the
// number of digits, which varies from row to row, and a CPU mispredicts it.
auto write_up_to_eight_digits(char* p, std::uint32_t v) noexcept -> char* {
  // Two lanes of four digits, then of two, then of one: each division by a
  // multiplication that is exact in range (x / 100 for x < 10^4, x / 10 for
  // x < 100). The first digit ends in the lowest byte, as in memory.
  std::uint64_t x = v / 10000 | static_cast<std::uint64_t>(v % 10000) << 32;
  std::uint64_t q = (x * 5243 >> 19) & 0x0000007F0000007F;
  x = q | (x - q * 100) << 16;
  q = (x * 103 >> 10) & 0x000F000F000F000F;
  x = q | (x - q * 10) << 8;
  // Leading zero digits are the low zero bytes; one digit is kept for 0.
  const auto zeros = std::min(static_cast<unsigned>(std::countr_zero(x)) / 8, 7U);
  const std::uint64_t text = (x + 0x3030303030303030) >> (8 * zeros);
  std::memcpy(p, &text, 8);
  return p + (8 - zeros);
}

auto write_unsigned(char* p, std::uint64_t v) noexcept -> char* {
  if (std::endian::native == std::endian::little && v < 100'000'000)
    return write_up_to_eight_digits(p, static_cast<std::uint32_t>(v));
  return std::to_chars(p, p + 20, v).ptr;  // 20 digits hold any uint64
}

// Writes '-' at p for a negative v (p moves past it) and returns |v|: as
// unsigned, exact even for the most negative int64.
auto put_sign(char*& p, std::int64_t v) noexcept -> std::uint64_t {
  auto magnitude = static_cast<std::uint64_t>(v);
  if (v < 0) {
    *p++ = '-';
    magnitude = 0 - magnitude;
  }
  return magnitude;
}

}  // namespace

namespace detail {

auto write_whole(char* p, std::int64_t v) noexcept -> char* {
  const std::uint64_t magnitude = put_sign(p, v);
  return write_unsigned(p, magnitude);
}

auto write_count(char* p, count c) noexcept -> char* {
  // No reading is negative, but any count prints.
  const std::uint64_t magnitude = put_sign(p, c.milli_per_ul);
  const std::uint64_t whole = magnitude / milli_per_cell;
  const auto frac = static_cast<unsigned>(magnitude % milli_per_cell);
  // At most 17 digits (2^64 / 1000): with the sign, the point and three
  // decimals within max_count_chars.
  p = write_unsigned(p, whole);
  if (frac != 0) {
    // ".5", ".25", ".125": three digits, less the trailing zeros.
    const std::array<char, 4> text{'.', static_cast<char>('0' + frac / 100),
                                   static_cast<char>('0' + frac / 10 % 10),
                                   static_cast<char>('0' + frac % 10)};
    std::memcpy(p, text.data(), text.size());
    p += frac % 10 != 0 ? 4 : frac % 100 != 0 ? 3 : 2;
  }
  return p;
}

}  // namespace detail

auto format_count(count c) noexcept -> count_text {
  count_text out;
  static_assert(std::tuple_size_v<decltype(out.buf)> >= detail::max_count_chars);
  out.size = static_cast<std::size_t>(detail::write_count(out.buf.data(), c) - out.buf.data());
  return out;
}

constexpr std::array<enum_name<unit_error>, 6> unit_error_names{{
    {unit_error::none, "no error"},
    {unit_error::empty, "no unit"},
    {unit_error::unknown, "is not a known unit of neutrophil concentration"},
    {unit_error::volume_only,
     "is a volume, not a concentration (write a count per volume, e.g. /uL or 10^9/L)"},
    {unit_error::too_long, "is too long to be a unit"},
    {unit_error::percentage,
     "is a percentage, not a count (an ANC needs the white count and the neutrophil "
     "percentage)"},
}};
static_assert(in_enum_order(unit_error_names, &enum_name<unit_error>::value,
                            unit_error::percentage));
auto to_string(unit_error e) noexcept -> std::string_view {
  return name_in(unit_error_names, e, &enum_name<unit_error>::name);
}

constexpr std::array<enum_name<parse_error>, 8> parse_error_names{{
    {parse_error::none, "no error"},
    {parse_error::empty, "is empty"},
    {parse_error::bad_number, "is not a valid number"},
    {parse_error::bad_unit, "has an unknown unit"},
    {parse_error::missing_unit, "has no unit, and no default unit was given"},
    {parse_error::ambiguous, "has no unit and is ambiguous"},
    {parse_error::too_large, "is above the plausible maximum"},
    {parse_error::below_zero, "is below zero, which no count can be"},
}};
static_assert(in_enum_order(parse_error_names, &enum_name<parse_error>::value,
                            parse_error::below_zero));
auto to_string(parse_error e) noexcept -> std::string_view {
  return name_in(parse_error_names, e, &enum_name<parse_error>::name);
}

}  // namespace anc
