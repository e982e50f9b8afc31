#include "anc/date.hpp"
#include "anc/enum_table.hpp"

#include <array>

#include "core/ascii.hpp"

namespace anc {
namespace {

constexpr std::array<int, 12> month_lengths{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

auto days_in_month(int y, int m) noexcept -> int {
  return m == 2 && is_leap_year(y) ? 29 : month_lengths[static_cast<std::size_t>(m - 1)];
}

using detail::is_digit;

auto read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) noexcept -> bool {
  out = detail::digits_value(s, pos, n);
  return out >= 0;
}

// hh:mm[:ss[.fff]][Z|+hh:mm|-hh:mm]: checked for shape only.
auto is_time(std::string_view s) noexcept -> bool {
  int v = 0;
  if (!read_digits(s, 0, 2, v) || v > 23 || s.size() < 5 || s[2] != ':' ||
      !read_digits(s, 3, 2, v) || v > 59)
    return false;
  std::size_t i = 5;
  if (i < s.size() && s[i] == ':') {
    if (!read_digits(s, i + 1, 2, v) || v > 60) return false;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      ++i;
      if (i == s.size() || !is_digit(s[i])) return false;
      while (i < s.size() && is_digit(s[i])) ++i;
    }
  }
  if (i == s.size()) return true;
  if (s[i] == 'Z') return i + 1 == s.size();
  if (s[i] == '+' || s[i] == '-') {
    return s.size() == i + 6 && read_digits(s, i + 1, 2, v) && s[i + 3] == ':' &&
           read_digits(s, i + 4, 2, v);
  }
  return false;
}

}  // namespace

auto parse_date(std::string_view text) noexcept -> date_result {
  if (text.empty()) return {{}, date_error::empty};
  date d;
  if (text.size() < 10 || !read_digits(text, 0, 4, d.year) || text[4] != '-' ||
      !read_digits(text, 5, 2, d.month) || text[7] != '-' || !read_digits(text, 8, 2, d.day))
    return {{}, date_error::bad_format};
  if (text.size() > 10) {
    const char sep = text[10];
    if ((sep != 'T' && sep != ' ') || !is_time(text.substr(11)))
      return {{}, date_error::bad_format};
  }
  if (d.year < 1) return {{}, date_error::out_of_range};
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month))
    return {{}, date_error::no_such_day};
  return {d, date_error::none};
}

auto parse_partial_date(std::string_view text) noexcept -> date_range_result {
  date_range_result r;
  if (text.size() != 4 && text.size() != 7) {
    const date_result d = parse_date(text);
    r.ec = d.ec;
    r.value = {d.value, d.value};
    return r;
  }
  int year = 0;
  int month = 0;
  if (!read_digits(text, 0, 4, year) ||
      (text.size() == 7 && (text[4] != '-' || !read_digits(text, 5, 2, month)))) {
    r.ec = date_error::bad_format;
    return r;
  }
  if (year < 1) {
    r.ec = date_error::out_of_range;
    return r;
  }
  if (text.size() == 4) {
    r.value = {{year, 1, 1}, {year, 12, 31}};
    return r;
  }
  if (month < 1 || month > 12) {
    r.ec = date_error::no_such_day;
    return r;
  }
  r.value = {{year, month, 1}, {year, month, days_in_month(year, month)}};
  return r;
}

// H. Hinnant's days_from_civil / civil_from_days: exact for the proleptic
// Gregorian calendar, no tables, no time zones.
auto days_from_civil(date d) noexcept -> std::int64_t {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

auto civil_from_days(std::int64_t z) noexcept -> date {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return {static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

auto birthday(date birth, int years) noexcept -> date {
  date b{birth.year + years, birth.month, birth.day};
  if (b.month == 2 && b.day == 29 && !is_leap_year(b.year)) b = {b.year, 3, 1};
  return b;
}

constexpr std::array<enum_name<date_error>, 5> date_error_names{{
    {date_error::none, "no error"},
    {date_error::empty, "is empty"},
    {date_error::bad_format, "is not an ISO 8601 date (YYYY-MM-DD)"},
    {date_error::no_such_day, "is not a day of the calendar"},
    {date_error::out_of_range, "has a year outside 0001-9999"},
}};
static_assert(in_enum_order(date_error_names, &enum_name<date_error>::value,
                            date_error::out_of_range));
auto to_string(date_error e) noexcept -> std::string_view {
  return name_in(date_error_names, e, &enum_name<date_error>::name);
}

}  // namespace anc
