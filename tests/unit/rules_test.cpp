// The rule tables themselves: ascending, contiguous, sourced. Their numbers
// are checked against SPEC.md once here, in the words of the SPEC.
#include <catch2/catch.hpp>

#include "anc/rules.hpp"
#include "core/detail/rules_select.hpp"

using namespace anc;

TEST_CASE("severity bands are ascending, start at zero and are all distinct", "[rules]") {
  REQUIRE(severity_bands.front().lower == per_ul(0));
  for (std::size_t i = 1; i < severity_bands.size(); ++i)
    CHECK(severity_bands[i - 1].lower < severity_bands[i].lower);
}

TEST_CASE("SPEC §4: severity band edges", "[rules][spec]") {
  // SPEC §4: agranulocytosis < 100 <= severe < 500 <= moderate < 1000 <= mild.
  CHECK(severity_bands[0].grade == severity::agranulocytosis);
  CHECK(severity_bands[1].grade == severity::severe);
  CHECK(severity_bands[1].lower == per_ul(100));
  CHECK(severity_bands[2].grade == severity::moderate);
  CHECK(severity_bands[2].lower == per_ul(500));
  CHECK(severity_bands[3].grade == severity::mild);
  CHECK(severity_bands[3].lower == per_ul(1000));
}

TEST_CASE("SPEC §3: thresholds by first year of life", "[rules][spec]") {
  CHECK(threshold_rule_for(true).threshold == per_ul(1000));
  CHECK(threshold_rule_for(false).threshold == per_ul(1500));
  for (const auto& r : threshold_rules) {
    CHECK_FALSE(r.source.empty());
    CHECK(r.source.find("seed 000") != std::string_view::npos);
    CHECK(r.source.find("seed 001") != std::string_view::npos);
  }
}

TEST_CASE("SPEC §5: duration classes in days: acute <= 91, persistent 92-182, chronic >= 183",
          "[rules][spec]") {
  REQUIRE(duration_bands.front().lower == span{0});
  for (std::size_t i = 1; i < duration_bands.size(); ++i)
    CHECK(duration_bands[i - 1].lower < duration_bands[i].lower);
  const auto cls = [](std::int64_t d) {
    return band_of(duration_bands, days(d), [](const duration_band& b) { return b.lower; }).cls;
  };
  CHECK(cls(91) == duration_class::acute);
  CHECK(cls(92) == duration_class::persistent);
  CHECK(cls(182) == duration_class::persistent);
  CHECK(cls(183) == duration_class::chronic);
  for (const auto& b : duration_bands) CHECK_FALSE(b.source.empty());
}

TEST_CASE("SPEC §2: a month is 30.4375 days and a year 365.25", "[rules][spec]") {
  CHECK(months(16).ticks == days(487).ticks);  // 16 x 30.4375 = 487
  CHECK(years(4).ticks == days(1461).ticks);   // 4 x 365.25 = 1461
  CHECK(months(12) == years(1));
}

TEST_CASE("first-year rules cover every unit once", "[rules]") {
  for (const age_unit u : {age_unit::day, age_unit::week, age_unit::month, age_unit::year}) {
    int n = 0;
    for (const auto& r : first_year_rules) n += r.unit == u;
    CHECK(n == 1);
  }
}

TEST_CASE("band_of picks the last band whose lower bound is reached", "[rules]") {
  const auto grade = [](count c) {
    return band_of(severity_bands, c, [](const severity_band& b) { return b.lower; }).grade;
  };
  for (std::size_t i = 0; i < severity_bands.size(); ++i) {
    const count edge = severity_bands[i].lower;
    CHECK(grade(edge) == severity_bands[i].grade);
    if (i > 0) CHECK(grade(count{edge.milli_per_ul - 1}) == severity_bands[i - 1].grade);
  }
}

// classify() and batch's fast path use the branch-free lookups of
// core/detail/rules_select.hpp; each must equal its plain twin in rules.hpp
// at every edge of every table.
TEST_CASE("the branch-free lookups equal the plain ones at every edge", "[rules][detail]") {
  std::vector<count> counts{per_ul(0), count_limit};
  for (const auto& b : severity_bands) counts.push_back(b.lower);
  for (const auto& r : threshold_rules) counts.push_back(r.threshold);
  std::vector<count> around;
  for (const count c : counts)
    for (const std::int64_t step : {-1000, -1, 0, 1, 1000})
      if (c.milli_per_ul + step >= 0) around.push_back(count{c.milli_per_ul + step});
  for (const count anc : around) {
    CHECK(&anc::detail::band_of(severity_bands, anc, [](const severity_band& b) {
      return b.lower;
    }) == &band_of(severity_bands, anc, [](const severity_band& b) { return b.lower; }));
    for (const count threshold : around) {
      INFO(anc.milli_per_ul << " against " << threshold.milli_per_ul);
      CHECK(anc::detail::verdict_for(anc, threshold) == verdict_for(anc, threshold));
    }
  }
  for (const auto& b : duration_bands)
    for (const std::int64_t step : {-1, 0, 1}) {
      const span d{std::max<std::int64_t>(0, b.lower.ticks + step)};
      const auto key = [](const duration_band& x) { return x.lower; };
      CHECK(&anc::detail::band_of(duration_bands, d, key) == &band_of(duration_bands, d, key));
    }
  for (const bool first_year : {true, false})
    CHECK(&anc::detail::threshold_rule_for(first_year) == &threshold_rule_for(first_year));
}
