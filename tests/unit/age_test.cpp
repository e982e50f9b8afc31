// SPEC §2: ages and age groups; SPEC §5: durations.
#include <array>
#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include "anc/age.hpp"
#include "anc/classify.hpp"
#include "anc/quantity.hpp"
#include "anc/rules.hpp"
#include "core/detail/age_select.hpp"
#include "core/detail/plain_age.hpp"
#include "test_random.hpp"

using namespace anc;

namespace {
auto date_of(std::string_view s) -> date {
  const date_result d = parse_date(s);
  REQUIRE(d);
  return d.value;
}
}  // namespace

TEST_CASE("age groups at every edge, in every unit (SPEC §2)", "[age]") {
  auto [text, days_want, group] = GENERATE(table<std::string, std::int64_t, age_group>({
      {"0d", 0, age_group::neonate},
      {"27d", 27, age_group::neonate},
      {"28d", 28, age_group::infant},
      {"3w", 21, age_group::neonate},
      {"4w", 28, age_group::infant},
      {"0m", 0, age_group::neonate},
      {"364d", 364, age_group::infant},
      {"365d", 365, age_group::child},
      {"52w", 364, age_group::infant},
      {"53w", 371, age_group::child},
      {"11m", 334, age_group::infant},
      {"12m", 365, age_group::child},
      {"11.999m", 365, age_group::infant},  // months < 12 holds, though 365 whole days
      {"0y", 0, age_group::neonate},
      {"0.5y", 182, age_group::infant},
      {"0.999y", 364, age_group::infant},
      {"1y", 365, age_group::child},
      {"17y", 6209, age_group::child},
      {"17.999y", 6574, age_group::child},  // 6574.135 days, still < 18 years
      {"18y", 6574, age_group::adult},
      {"216m", 6574, age_group::adult},
      {"215m", 6544, age_group::child},
      {"6574d", 6574, age_group::child},  // 18 years are 6574.5 days
      {"6575d", 6575, age_group::adult},
      {"130y", 47482, age_group::adult},
      {"8 months", 243, age_group::infant},
      {"8 MONTHS", 243, age_group::infant},
      {"8mo", 243, age_group::infant},
      {"1 month", 30, age_group::infant},
      {"2 weeks", 14, age_group::neonate},
      {"1y6m", 547, age_group::child},
      {"0y11m", 334, age_group::infant},
      {"2 years 3 months", 821, age_group::child},
      {"52w1d", 365, age_group::child},
      {"1m2w", 44, age_group::infant},
      {"1 yr 2 wks 3 days", 382, age_group::child},
  }));
  const age_result a = parse_age(text);
  INFO("age: " << text);
  REQUIRE(a);
  CHECK(a.value.days == days_want);
  CHECK(a.value.group == group);
}

TEST_CASE("bare numbers need a unit from the column name or --age-unit", "[age]") {
  CHECK(parse_age("8").ec == age_error::bare_number);
  const age_result m = parse_age("8", {age_unit::month});
  REQUIRE(m);
  CHECK(m.value.days == 243);
  CHECK(parse_age("364", {age_unit::day}).value.group == age_group::infant);
  CHECK(parse_age("52", {age_unit::week}).value.group == age_group::infant);
}

TEST_CASE("the one-pass path for bare whole numbers agrees with the general one", "[age]") {
  // "n.0" and "n<unit letter>" read the same age through the general loop;
  // lengths reach past the nine digits of the one-pass path.
  anc::test::lcg rng;
  constexpr std::array<std::pair<age_unit, char>, 4> units{
      {{age_unit::day, 'd'}, {age_unit::week, 'w'}, {age_unit::month, 'm'}, {age_unit::year, 'y'}}};
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const unsigned length = 1 + rng.next() % 11;
    for (unsigned i = 0; i < length; ++i) s += static_cast<char>('0' + rng.next() % 10);
    if (n % 7 == 0) s = " " + s + " ";
    for (const auto& [u, letter] : units) {
      INFO(s << " in " << letter);
      const age_result fast = parse_age(s, {u});
      for (const age_result& general : {parse_age(std::string(trim(s)) + ".0", {u}),
                                        parse_age(std::string(trim(s)) + letter)}) {
        REQUIRE(fast.ec == general.ec);
        REQUIRE(fast.number_ec == general.number_ec);
        REQUIRE(fast.value.exact == general.value.exact);
        REQUIRE(fast.value.days == general.value.days);
        REQUIRE(fast.value.group == general.value.group);
      }
    }
  }
}

TEST_CASE("the eight-byte word path for bare whole numbers agrees with the loop", "[age]") {
  anc::test::lcg rng;
  constexpr std::string_view alphabet = "01234567890123456789/: .";
  for (int n = 0; n < 20000; ++n) {
    const std::string s = anc::test::short_text(rng, alphabet);
    const std::uint64_t word = anc::test::word_ending_with(s, rng);
    for (const age_unit u : {age_unit::day, age_unit::week, age_unit::month, age_unit::year}) {
      INFO(s);
      REQUIRE(anc::detail::parse_bare_whole_age_word(word, s.size(), u) ==
              anc::detail::parse_bare_whole_age(s, u));
    }
  }
}

TEST_CASE("bad ages are refused", "[age]") {
  auto [text, ec] = GENERATE(table<std::string, age_error>({
      {"", age_error::empty},
      {"-3y", age_error::bad_number},
      {"131y", age_error::too_long},
      {"130y1d", age_error::too_long},
      {"1e12y", age_error::too_long},
      {"8x", age_error::unknown_unit},
      {"8 fortnights", age_error::unknown_unit},
      {"6m1y", age_error::bad_order},
      {"1y1y", age_error::bad_order},
      {"y", age_error::bad_number},
      {"eight months", age_error::bad_number},
      {"1y 6", age_error::unknown_unit},
      {"NaNy", age_error::bad_number},
  }));
  INFO("age: " << text);
  CHECK(parse_age(text).ec == ec);
}

TEST_CASE("ages from dates are calendar-exact (SPEC §2)", "[age][dates]") {
  auto [birth, sample, days_want, group] =
      GENERATE(table<std::string, std::string, std::int64_t, age_group>({
          {"2025-01-01", "2025-01-01", 0, age_group::neonate},
          {"2025-01-01", "2025-01-28", 27, age_group::neonate},
          {"2025-01-01", "2025-01-29", 28, age_group::infant},
          {"2025-01-01", "2025-12-31", 364, age_group::infant},
          {"2025-01-01", "2026-01-01", 365, age_group::child},
          {"2023-06-15", "2024-06-14", 365, age_group::infant},  // leap year: 366 days
          {"2023-06-15", "2024-06-15", 366, age_group::child},
          {"2020-02-29", "2021-02-28", 365, age_group::infant},  // 29 Feb -> 1 Mar
          {"2020-02-29", "2021-03-01", 366, age_group::child},
          {"2019-03-01", "2020-02-29", 365, age_group::infant},
          {"2019-03-01", "2020-03-01", 366, age_group::child},
          {"2000-02-29", "2018-02-28", 6574, age_group::child},
          {"2000-02-29", "2018-03-01", 6575, age_group::adult},
          {"2008-05-10", "2026-05-09", 6573, age_group::child},
          {"2008-05-10", "2026-05-10", 6574, age_group::adult},
      }));
  const age_result a = age_from_dates(date_of(birth), date_of(sample));
  INFO(birth << " -> " << sample);
  REQUIRE(a);
  CHECK(a.value.days == days_want);
  CHECK(a.value.group == group);
  CHECK(a.value.from_dates);
}

TEST_CASE("impossible date pairs are refused", "[age][dates]") {
  CHECK(age_from_dates(date_of("2025-01-02"), date_of("2025-01-01")).ec ==
        age_error::dates_reversed);
  CHECK(age_from_dates(date_of("1895-05-17"), date_of("2195-05-17")).ec == age_error::too_long);
  CHECK(age_from_dates(date_of("1900-01-01"), date_of("2030-01-01")));
  CHECK(age_from_dates(date_of("1900-01-01"), date_of("2030-01-02")).ec == age_error::too_long);
}

TEST_CASE("duration classes at every edge (SPEC §5)", "[duration]") {
  auto [text, days_want, cls] = GENERATE(table<std::string, std::int64_t, duration_class>({
      {"0d", 0, duration_class::acute},
      {"91d", 91, duration_class::acute},
      {"92d", 92, duration_class::persistent},
      {"13w", 91, duration_class::acute},
      {"14w", 98, duration_class::persistent},
      {"3m", 91, duration_class::persistent},  // exactly 3 months: 91.3125 days
      {"2.999m", 91, duration_class::acute},
      {"182d", 182, duration_class::persistent},
      {"183d", 183, duration_class::chronic},
      {"26w", 182, duration_class::persistent},
      {"6m", 182, duration_class::persistent},  // exactly 6 months: 182.625 days
      {"6.001m", 182, duration_class::chronic},
      {"7m", 213, duration_class::chronic},
      {"0.5y", 182, duration_class::persistent},
      {"1y", 365, duration_class::chronic},
  }));
  const duration_result d = parse_duration(text);
  INFO("duration: " << text);
  REQUIRE(d);
  CHECK(d.value.days == days_want);
  const auto& band =
      band_of(duration_bands, d.value.exact, [](const duration_band& b) { return b.lower; });
  CHECK(band.cls == cls);
}

TEST_CASE("durations from dates", "[duration][dates]") {
  const duration_result d = duration_from_dates(date_of("2026-06-01"), date_of("2026-11-23"));
  REQUIRE(d);
  CHECK(d.value.days == 175);
  CHECK(duration_from_dates(date_of("2026-06-02"), date_of("2026-06-01")).ec ==
        age_error::dates_reversed);
  CHECK(parse_duration("91").ec == age_error::bare_number);
}

// Issue 14: an age cell beside the dates is checked against them (SPEC §2).
TEST_CASE("a stated age agrees with dates only within its own precision", "[age][dates]") {
  auto [stated, birth, sample, want] = GENERATE(table<std::string, std::string, std::string, bool>({
      {"30y", "2025-09-01", "2026-03-01", false},  // issue 14's row: adult vs infant
      {"6m", "2025-09-01", "2026-03-01", true},
      {"5m", "2025-09-01", "2026-03-01", false},
      {"7m", "2025-09-01", "2026-03-01", false},
      {"181d", "2025-09-01", "2026-03-01", true},
      {"180d", "2025-09-01", "2026-03-01", false},
      {"25w", "2025-09-01", "2026-03-01", true},
      {"3y", "2021-01-01", "2024-01-01", true},  // the third birthday: 1095 days
      {"3y", "2021-01-01", "2024-12-31", true},  // the day before the fourth
      {"3y", "2021-01-01", "2025-01-01", false},
      {"3y", "2021-01-02", "2024-01-01", false},  // the day before the third
      {"1y6m", "2020-01-15", "2021-07-15", true},
      {"1y6m", "2020-01-15", "2021-07-14", false},
      {"1m", "2025-01-31", "2025-02-28", false},  // no 31 February: complete on 1 March
      {"1m", "2025-01-31", "2025-03-01", true},
      {"0m", "2025-01-31", "2025-02-27", true},
      {"1y", "2020-02-29", "2021-02-28", false},  // a 29 February birthday is 1 March
      {"11m", "2020-02-29", "2021-02-28", true},
      {"1y", "2020-02-29", "2021-03-01", true},
      {"1.5y", "2020-01-01", "2021-07-10", true},
      {"1.5y", "2020-01-01", "2021-06-01", false},
      {"3y", "2024-01-01", "2021-01-01", false},  // reversed dates never agree
  }));
  const age_result a = parse_age(stated);
  REQUIRE(a);
  CAPTURE(stated, birth, sample);
  CHECK(ages_agree(a.value, date_of(birth), date_of(sample)) == want);
}

TEST_CASE("whole calendar units between two dates", "[age][dates]") {
  CHECK(calendar_units_between(date_of("2025-09-01"), date_of("2026-03-01"), age_unit::month) == 6);
  CHECK(calendar_units_between(date_of("2025-09-01"), date_of("2026-03-01"), age_unit::week) == 25);
  CHECK(calendar_units_between(date_of("2025-09-01"), date_of("2026-03-01"), age_unit::day) == 181);
  CHECK(calendar_units_between(date_of("2000-03-01"), date_of("2026-02-28"), age_unit::year) == 25);
  CHECK(calendar_units_between(date_of("2000-03-01"), date_of("2026-03-01"), age_unit::year) == 26);
}

// parse_age and batch's fast path use detail::group_of, which puts the
// group together without branches; it must equal the plain group_of at
// every edge of SPEC §2's rules, in every unit, and in between.
TEST_CASE("the branch-free group_of equals the plain one at every edge", "[age][detail]") {
  std::vector<span> ages{span{0}, days(neonate_days_below), years(adult_from_years),
                         years(max_age_years)};
  for (const auto& rule : first_year_rules) ages.push_back(rule.limit);
  anc::test::lcg rng;
  for (int i = 0; i < 2000; ++i)
    ages.push_back(span{static_cast<std::int64_t>(rng.next() % (years(20).ticks))});
  std::size_t checked = 0;
  for (const span edge : ages)
    for (const std::int64_t step :
         {-ticks_per_day, std::int64_t{-1}, std::int64_t{0}, std::int64_t{1}, ticks_per_day})
      for (const age_unit u : {age_unit::day, age_unit::week, age_unit::month, age_unit::year}) {
        const span a{edge.ticks + step};
        if (a.ticks < 0) continue;
        INFO(a.ticks << " ticks, finest unit " << static_cast<int>(u));
        CHECK(anc::detail::group_of(a, u) == group_of(a, u));
        ++checked;
      }
  CHECK(checked > 40000);
}

TEST_CASE("a censored age is read only when its bound decides the age group", "[age]") {
  // SPEC §2: "> 89" (eICU) is more than 89 years: adult, age_days the bound.
  const age_result a = parse_age("> 89", {age_unit::year});
  REQUIRE(a);
  CHECK(a.value.censored);
  CHECK(a.value.group == age_group::adult);
  CHECK(a.value.days == parse_age("89y").value.days);
  CHECK(parse_age(">18y").value.group == age_group::adult);
  CHECK(parse_age("  >  40 years").value.censored);
  // Below 18 years, an older age may be a child's or an adult's.
  CHECK(parse_age(">17y").ec == age_error::censored_undecided);
  CHECK(parse_age(">3m").ec == age_error::censored_undecided);
  CHECK(parse_age(">", {age_unit::year}).ec == age_error::empty);
  CHECK_FALSE(parse_age("89y").value.censored);
  // With dates: they agree when the dates' age is above the bound.
  CHECK(ages_agree(a.value, {2000, 1, 1}, {2090, 1, 1}));
  CHECK_FALSE(ages_agree(a.value, {2000, 1, 1}, {2088, 1, 1}));
}

TEST_CASE("a censored age gives its note", "[age]") {
  reading r;
  r.anc = parse_count("1000/uL").q;
  r.patient_age = parse_age("> 89", {age_unit::year}).value;
  const classify_result c = classify(r);
  REQUIRE(c);
  CHECK(c.value.notes.has(note::age_censored));
  CHECK(c.value.group == age_group::adult);
}
