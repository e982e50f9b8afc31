#include "anc/age.hpp"
#include "anc/enum_table.hpp"

#include <algorithm>
#include <array>

#include "core/ascii.hpp"
#include "core/detail/age_select.hpp"
#include "core/detail/plain_age.hpp"

#include "anc/quantity.hpp"
#include "anc/rules.hpp"

namespace anc {
namespace {

struct unit_word {
  std::string_view text;
  age_unit unit;
};
constexpr std::array<unit_word, 17> unit_words{{
    {"d", age_unit::day},
    {"day", age_unit::day},
    {"days", age_unit::day},
    {"w", age_unit::week},
    {"wk", age_unit::week},
    {"wks", age_unit::week},
    {"week", age_unit::week},
    {"weeks", age_unit::week},
    {"m", age_unit::month},
    {"mo", age_unit::month},
    {"mos", age_unit::month},
    {"month", age_unit::month},
    {"months", age_unit::month},
    {"y", age_unit::year},
    {"yr", age_unit::year},
    {"year", age_unit::year},
    {"years", age_unit::year},
}};

// Numbers are read in thousandths; every unit length is a multiple of 1000
// ticks, so the product is exact.
constexpr std::int64_t number_scale = 1000;
static_assert(ticks_per_day % number_scale == 0 && ticks_per_month % number_scale == 0 &&
              ticks_per_year % number_scale == 0);

auto find_unit(std::string_view word) noexcept -> std::optional<age_unit> {
  for (const auto& w : unit_words)
    if (detail::iequals(word, w.text)) return w.unit;
  return std::nullopt;
}

struct counted {
  span exact;
  age_unit finest = age_unit::year;
  age_error ec = age_error::none;
  decimal_error number_ec = decimal_error::none;
};

auto parse_counted(std::string_view text, std::optional<age_unit> bare_unit,
                   bool decimal_comma) noexcept -> counted {
  counted c;
  std::string_view rest = trim(text);
  if (rest.empty()) {
    c.ec = age_error::empty;
    return c;
  }
  // Exports write ages as bare whole numbers in a column named for the unit
  // (age_days): those are read in one pass.
  if (bare_unit)
    if (const std::optional<span> whole = detail::parse_bare_whole_age(rest, *bare_unit)) {
      c.exact = *whole;
      c.finest = *bare_unit;
      if (c.exact > years(max_age_years)) c.ec = age_error::too_long;
      return c;
    }
  std::optional<age_unit> previous;
  while (!rest.empty()) {
    const std::size_t len = number_prefix_length(rest);
    std::size_t word_end = len;
    while (word_end < rest.size() && !detail::is_alpha(rest[word_end]) && rest[word_end] != ' ')
      ++word_end;
    const decimal_result d =
        parse_decimal(rest.substr(0, len == 0 ? word_end : len), 3, decimal_comma);
    if (len == 0 && word_end == 0) {  // "y", "eight months": no number at all
      c.ec = age_error::bad_number;
      c.number_ec = decimal_error::not_a_number;
      return c;
    }
    if (!d) {
      c.ec = age_error::bad_number;
      c.number_ec = d.ec;
      return c;
    }
    rest = trim(rest.substr(len));
    std::size_t n = 0;
    while (n < rest.size() && detail::is_alpha(rest[n])) ++n;
    std::optional<age_unit> u;
    if (n > 0) {
      u = find_unit(rest.substr(0, n));
      if (!u) {
        c.ec = age_error::unknown_unit;
        return c;
      }
    } else if (rest.empty() && !previous) {
      if (!bare_unit) {
        c.ec = age_error::bare_number;
        return c;
      }
      u = bare_unit;
    } else {
      c.ec = age_error::unknown_unit;
      return c;
    }
    if (previous && *u >= *previous) {
      c.ec = age_error::bad_order;
      return c;
    }
    // A billion of any unit is far past the age limit checked below; stop
    // there before the product could overflow.
    if (d.value > 1'000'000'000 * number_scale) {
      c.ec = age_error::too_long;
      return c;
    }
    c.exact.ticks += d.value * (ticks_of(*u) / number_scale);
    previous = u;
    rest = trim(rest.substr(n));
  }
  c.finest = *previous;
  if (c.exact > years(max_age_years)) c.ec = age_error::too_long;
  return c;
}

}  // namespace

// What detail::group_of relies on: a neonate is in its first year whatever the unit,
// an adult is not, and the groups are numbered in order of age.
static_assert(std::all_of(first_year_rules.begin(), first_year_rules.end(), [](const auto& rule) {
  return !(rule.limit < days(neonate_days_below)) && rule.limit < years(adult_from_years);
}));
static_assert(static_cast<int>(age_group::neonate) == 0 &&
              static_cast<int>(age_group::infant) == 1 && static_cast<int>(age_group::child) == 2 &&
              static_cast<int>(age_group::adult) == 3);

auto group_of(span exact, age_unit finest) noexcept -> age_group {
  if (whole_days(exact) < neonate_days_below) return age_group::neonate;
  for (const auto& rule : first_year_rules)
    if (rule.unit == finest && (rule.inclusive ? !(rule.limit < exact) : exact < rule.limit))
      return age_group::infant;
  return exact >= years(adult_from_years) ? age_group::adult : age_group::child;
}

namespace detail {

auto group_of(span exact, age_unit finest) noexcept -> age_group {
  // Every test is computed and the group put together without a branch on
  // the age: ages are random from row to row, and branches on them were
  // mispredicted. (The rule's unit is the same on every row of a column.)
  const bool neonate = whole_days(exact) < neonate_days_below;
  bool first_year = false;
  for (const auto& rule : first_year_rules)
    if (rule.unit == finest)
      first_year = rule.inclusive ? !(rule.limit < exact) : exact < rule.limit;
  const bool adult = exact >= years(adult_from_years);
  // first_year ? infant or neonate : child or adult, as arithmetic on the
  // groups' numbers (GCC turns a conditional expression back into a branch).
  const auto in_first = static_cast<unsigned>(first_year);
  const unsigned group = in_first * (1U - static_cast<unsigned>(neonate)) +
                         (1U - in_first) * (2U + static_cast<unsigned>(adult));
  return static_cast<age_group>(group);
}

}  // namespace detail

auto parse_age(std::string_view text, age_options opt) noexcept -> age_result {
  // SPEC §2: "> 89" is more than 89 years; its group is the bound's only
  // when every larger age is in that group too, which holds for adults.
  const std::string_view trimmed = trim(text);
  const bool censored = !trimmed.empty() && trimmed.front() == '>';
  const counted c =
      parse_counted(censored ? trimmed.substr(1) : text, opt.bare_unit, opt.decimal_comma);
  age_result r;
  r.ec = c.ec;
  r.number_ec = c.number_ec;
  if (c.ec != age_error::none) return r;
  // Field by field: a copy of a whole `age` would read it back with wide
  // loads over narrow stores still in flight, which the CPU cannot forward
  // (it cost batch 2 % of its time).
  r.value.exact = c.exact;
  r.value.days = whole_days(c.exact);
  r.value.group = detail::group_of(c.exact, c.finest);
  r.value.finest = c.finest;
  if (censored) {
    r.value.censored = true;
    if (c.exact < years(adult_from_years)) r.ec = age_error::censored_undecided;
  }
  return r;
}

auto age_from_dates(date birth, date sample) noexcept -> age_result {
  age_result r;
  if (sample < birth) {
    r.ec = age_error::dates_reversed;
    return r;
  }
  if (sample > birthday(birth, max_age_years)) {
    r.ec = age_error::too_long;
    return r;
  }
  const std::int64_t d = days_from_civil(sample) - days_from_civil(birth);
  age_group g = age_group::adult;
  if (d < neonate_days_below) {
    g = age_group::neonate;
  } else if (sample < birthday(birth, 1)) {
    g = age_group::infant;
  } else if (sample < birthday(birth, adult_from_years)) {
    g = age_group::child;
  }
  r.value = {days(d), d, g, true};
  return r;
}

auto age_from_birth_range(date_range birth, date sample) noexcept -> age_result {
  if (birth.first == birth.last) return age_from_dates(birth.first, sample);
  const age_result oldest = age_from_dates(birth.first, sample);
  if (oldest.ec == age_error::dates_reversed) return oldest;
  age_result youngest = age_from_dates(std::min(birth.last, sample), sample);
  if (!youngest) return youngest;
  // Over the oldest accepted age is an adult too.
  const age_group oldest_group = oldest ? oldest.value.group : age_group::adult;
  if (oldest_group != youngest.value.group) {
    youngest.ec = age_error::birth_undecided;
    return youngest;
  }
  youngest.value.censored = birth.last > birth.first && youngest.value.days != oldest.value.days;
  return youngest;
}

auto calendar_units_between(date from, date to, age_unit unit) noexcept -> std::int64_t {
  const std::int64_t d = days_from_civil(to) - days_from_civil(from);
  switch (unit) {
    case age_unit::day: return d;
    case age_unit::week: return d / 7;
    case age_unit::month: break;
    case age_unit::year: {
      // birthday() decides the years, as age_from_dates does (a 29
      // February birthday falls on 1 March), so the two never disagree.
      int y = to.year - from.year;
      while (y > 0 && to < birthday(from, y)) --y;
      return y;
    }
  }
  // A month is complete on the same day of a later month; born on the 31st,
  // on the 1st after a shorter month, as a 29 February birthday falls on
  // 1 March (SPEC §2).
  std::int64_t m = (to.year - from.year) * 12 + (to.month - from.month);
  if (to.day < from.day) --m;
  return m;
}

auto ages_agree(const age& stated, date birth, date sample) noexcept -> bool {
  const age_result by_dates = age_from_dates(birth, sample);
  if (!by_dates || by_dates.value.group != stated.group) return false;
  if (stated.censored) return by_dates.value.exact > stated.exact;
  const std::int64_t unit = ticks_of(stated.finest);
  if (stated.exact.ticks % unit != 0)
    return by_dates.value.exact >= stated.exact &&
           by_dates.value.exact.ticks < stated.exact.ticks + unit;
  return calendar_units_between(birth, sample, stated.finest) == stated.exact.ticks / unit;
}

auto parse_duration(std::string_view text, bool decimal_comma) noexcept -> duration_result {
  const counted c = parse_counted(text, std::nullopt, decimal_comma);
  duration_result r;
  r.ec = c.ec;
  r.number_ec = c.number_ec;
  if (c.ec == age_error::none) r.value = {c.exact, whole_days(c.exact)};
  return r;
}

auto duration_from_dates(date onset, date sample) noexcept -> duration_result {
  duration_result r;
  if (sample < onset) {
    r.ec = age_error::dates_reversed;
    return r;
  }
  const std::int64_t d = days_from_civil(sample) - days_from_civil(onset);
  if (days(d) > years(max_age_years)) {
    r.ec = age_error::too_long;
    return r;
  }
  r.value = {days(d), d};
  return r;
}

constexpr std::array<enum_name<age_error>, 10> age_error_names{{
    {age_error::none, "no error"},
    {age_error::empty, "is empty"},
    {age_error::bad_number, "is not a valid number"},
    {age_error::bare_number, "is a bare number with no unit"},
    {age_error::unknown_unit, "has an unknown unit"},
    {age_error::bad_order, "repeats a unit or does not go from years down to days"},
    {age_error::too_long, "is longer than the oldest accepted age"},
    {age_error::dates_reversed, "ends before it starts"},
    {age_error::censored_undecided,
     "is censored ('>') below 18 years, so it does not say which age group applies"},
    {age_error::birth_undecided,
     "is a partial date whose days give different age groups on the sample date"},
}};
static_assert(in_enum_order(age_error_names, &enum_name<age_error>::value,
                            age_error::birth_undecided));
auto to_string(age_error e) noexcept -> std::string_view {
  return name_in(age_error_names, e, &enum_name<age_error>::name);
}

}  // namespace anc
