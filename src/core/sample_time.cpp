#include "anc/sample_time.hpp"

#include <array>

#include "anc/date.hpp"
#include "core/ascii.hpp"

namespace anc {
namespace {

using detail::is_digit;
constexpr auto digits_at = detail::digits_value;

constexpr std::array<std::int64_t, 4> pow10{1, 10, 100, 1000};

auto unit_ms(time_unit u) noexcept -> std::int64_t {
  switch (u) {
    case time_unit::minute: return 60'000;
    case time_unit::hour: return 3'600'000;
    case time_unit::day: return ms_per_day;
  }
  return 60'000;
}

auto put_digits(char* p, std::int64_t v, int n) noexcept -> char* {
  for (int i = n - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + n;
}

/// The time after a date: hh:mm[:ss[.f{1,3}]][Z|+hh:mm|-hh:mm], into `t`.
auto read_time_of_day(std::string_view s, sample_time& t) noexcept -> time_error {
  const int h = digits_at(s, 0, 2);
  const int m = digits_at(s, 3, 2);
  if (h < 0 || s.size() < 5 || s[2] != ':' || m < 0) return time_error::bad_format;
  std::int64_t ms = (h * 60LL + m) * 60'000;
  bool impossible = h > 23 || m > 59;
  std::size_t i = 5;
  if (i < s.size() && s[i] == ':') {
    const int sec = digits_at(s, i + 1, 2);
    if (sec < 0) return time_error::bad_format;
    impossible = impossible || sec > 59;
    ms += sec * 1000LL;
    t.form.seconds = 1;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      std::size_t n = 0;
      while (i + 1 + n < s.size() && is_digit(s[i + 1 + n])) ++n;
      if (n == 0) return time_error::bad_format;
      if (n > 3) return time_error::too_precise;
      const int f = digits_at(s, i + 1, n);
      ms += f * pow10[3 - n];
      t.form.fraction_digits = static_cast<unsigned>(n) & 3U;
      i += 1 + n;
    }
  }
  if (i < s.size()) {
    if (s[i] == 'Z' && i + 1 == s.size()) {
      t.form.zone = time_form::utc_z;
    } else if ((s[i] == '+' || s[i] == '-') && s.size() == i + 6 && s[i + 3] == ':') {
      const int zh = digits_at(s, i + 1, 2);
      const int zm = digits_at(s, i + 4, 2);
      if (zh < 0 || zm < 0) return time_error::bad_format;
      impossible = impossible || zh > 23 || zm > 59;
      t.form.zone = time_form::zone_offset;
      t.form.zone_negative = s[i] == '-' ? 1 : 0;
      t.form.zone_minutes = static_cast<unsigned>(zh * 60 + zm) & 0x7FFU;
      const std::int64_t offset = (zh * 60LL + zm) * 60'000;
      ms -= s[i] == '-' ? -offset : offset;  // local time less its offset: the instant
    } else {
      return time_error::bad_format;
    }
  }
  if (impossible) return time_error::no_such_time;
  t.ms += ms;
  return time_error::none;
}

}  // namespace

auto parse_sample_time(std::string_view text) noexcept -> time_result {
  if (text.empty()) return {{}, time_error::empty};
  const date_result calendar_day = parse_date(text.substr(0, 10));
  if (calendar_day.ec == date_error::bad_format) return {{}, time_error::bad_format};
  sample_time t;
  if (text.size() > 10) {
    const char sep = text[10];
    if (sep != 'T' && sep != ' ') return {{}, time_error::bad_format};
    t.form.kind = time_form::date_time;
    t.form.t_separator = sep == 'T' ? 1 : 0;
    if (const time_error e = read_time_of_day(text.substr(11), t); e != time_error::none)
      return {{}, e};
  }
  // The date's own problems after the time's shape: a bad shape anywhere
  // is a bad format first.
  if (calendar_day.ec == date_error::out_of_range) return {{}, time_error::out_of_range};
  if (!calendar_day) return {{}, time_error::no_such_day};
  t.ms += days_from_civil(calendar_day.value) * ms_per_day;
  return {t, time_error::none};
}

auto parse_time_offset(std::string_view text, time_unit unit) noexcept -> time_result {
  if (text.empty()) return {{}, time_error::empty};
  sample_time t;
  t.form.kind = time_form::offset;
  t.form.unit = static_cast<unsigned>(unit) & 3U;
  std::size_t i = 0;
  if (text[0] == '+' || text[0] == '-') {
    t.form.offset_sign = text[0] == '+' ? 1U : 2U;
    i = 1;
  }
  std::size_t n = 0;
  std::int64_t whole = 0;
  while (i + n < text.size() && is_digit(text[i + n])) {
    if (n < 10) whole = whole * 10 + (text[i + n] - '0');
    ++n;
  }
  if (n == 0) return {{}, time_error::bad_format};
  if (n > 9) return {{}, time_error::out_of_range};
  t.form.integer_digits = static_cast<unsigned>(n) & 0xFU;
  i += n;
  std::int64_t fraction = 0;
  std::size_t f = 0;
  if (i < text.size() && text[i] == '.') {
    while (i + 1 + f < text.size() && is_digit(text[i + 1 + f])) ++f;
    if (f == 0) return {{}, time_error::bad_format};
    if (f > 3) return {{}, time_error::too_precise};
    fraction = digits_at(text, i + 1, f);
    t.form.fraction_digits = static_cast<unsigned>(f) & 3U;
    i += 1 + f;
  }
  if (i != text.size()) return {{}, time_error::bad_format};
  // Exact: a unit is a whole number of milliseconds divisible by 1000.
  const std::int64_t magnitude = whole * unit_ms(unit) + fraction * (unit_ms(unit) / pow10[f]);
  t.ms = t.form.offset_sign == 2 ? -magnitude : magnitude;
  return {t, time_error::none};
}

auto write_sample_time(char* p, sample_time t) noexcept -> char* {
  const time_form& form = t.form;
  if (form.kind == time_form::offset) {
    if (form.offset_sign == 1) *p++ = '+';
    if (form.offset_sign == 2) *p++ = '-';
    const std::int64_t per_unit = unit_ms(static_cast<time_unit>(form.unit));
    const std::int64_t magnitude = t.ms < 0 ? -t.ms : t.ms;
    p = put_digits(p, magnitude / per_unit, static_cast<int>(form.integer_digits));
    if (form.fraction_digits > 0) {
      *p++ = '.';
      const auto n = form.fraction_digits;
      p = put_digits(p, magnitude % per_unit / (per_unit / pow10[n]), static_cast<int>(n));
    }
    return p;
  }
  std::int64_t local = t.ms;
  const std::int64_t zone_ms = static_cast<std::int64_t>(form.zone_minutes) * 60'000;
  if (form.zone == time_form::zone_offset) local += form.zone_negative ? -zone_ms : zone_ms;
  const std::int64_t day = elapsed_days(0, local);
  const std::int64_t in_day = local - day * ms_per_day;
  const date d = civil_from_days(day);
  p = put_digits(p, d.year, 4);
  *p++ = '-';
  p = put_digits(p, d.month, 2);
  *p++ = '-';
  p = put_digits(p, d.day, 2);
  if (form.kind == time_form::date) return p;
  *p++ = form.t_separator ? 'T' : ' ';
  p = put_digits(p, in_day / 3'600'000, 2);
  *p++ = ':';
  p = put_digits(p, in_day / 60'000 % 60, 2);
  if (form.seconds) {
    *p++ = ':';
    p = put_digits(p, in_day / 1000 % 60, 2);
    if (form.fraction_digits > 0) {
      *p++ = '.';
      const int n = static_cast<int>(form.fraction_digits);
      p = put_digits(p, in_day % 1000 / pow10[static_cast<std::size_t>(3 - n)], n);
    }
  }
  if (form.zone == time_form::utc_z) *p++ = 'Z';
  if (form.zone == time_form::zone_offset) {
    *p++ = form.zone_negative ? '-' : '+';
    p = put_digits(p, form.zone_minutes / 60, 2);
    *p++ = ':';
    p = put_digits(p, form.zone_minutes % 60, 2);
  }
  return p;
}

auto to_string(sample_time t) -> std::string {
  std::array<char, max_time_chars> buf{};
  return {buf.data(), write_sample_time(buf.data(), t)};
}

constexpr std::array<enum_name<time_error>, 7> time_error_names{{
    {time_error::none, "no error"},
    {time_error::empty, "is empty"},
    {time_error::bad_format,
     "is not a date or date-time (YYYY-MM-DD, YYYY-MM-DD hh:mm[:ss], YYYY-MM-DDThh:mm[:ss], "
     "optionally with Z or +hh:mm)"},
    {time_error::no_such_day, "is not a day of the calendar"},
    {time_error::no_such_time,
     "is not a time of day (hours 00-23, minutes and seconds 00-59, a zone at most 23:59)"},
    {time_error::out_of_range, "is out of range (years 0001-9999; offsets of at most nine digits)"},
    {time_error::too_precise, "has digits below a millisecond, which are not read"},
}};
static_assert(in_enum_order(time_error_names, &enum_name<time_error>::value,
                            time_error::too_precise));
auto to_string(time_error e) noexcept -> std::string_view {
  return name_in(time_error_names, e, &enum_name<time_error>::name);
}

}  // namespace anc
