// SPEC §10: grades 0-4 at both sides of every edge, in several spellings.
#include <catch2/catch.hpp>
#include <string>

#include "anc/grading.hpp"

using namespace anc;

namespace {
auto grade_of(grading_system s, const std::string& text, std::optional<count> lln = {},
              std::optional<std::int64_t> age = {}) -> std::optional<int> {
  const parse_result q = parse_count(text);
  INFO(text);
  REQUIRE(q);
  return grade(s, q.q, lln, age).grade;
}
}  // namespace

TEST_CASE("CTCAE v5 (and v4.0, the same criteria) with an LLN of 2000/uL", "[grading][ctcae5]") {
  auto [text, want] = GENERATE(table<std::string, int>({
      {"0/uL", 4},
      {"499.999/uL", 4},
      {"0.49 x10^9/L", 4},
      {"500/uL", 3},
      {"0.5 x10^9/L", 3},
      {"999.999/uL", 3},
      {"1000/uL", 2},
      {"1.0 K/uL", 2},
      {"1499.999/uL", 2},
      {"1500/uL", 1},
      {"1.5 G/L", 1},
      {"1999.999/uL", 1},
      {"2000/uL", 0},
      {"2 x10^9/L", 0},
      {"5000/uL", 0},
  }));
  CHECK(grade_of(grading_system::ctcae5, text, per_ul(2000)) == want);
  CHECK(grade_of(grading_system::ctcae4, text, per_ul(2000)) == want);
}

TEST_CASE("CTCAE v4.0 needs the LLN as v5 does, and cites its own version", "[grading]") {
  CHECK(uses_lln(grading_system::ctcae4));
  CHECK(uses_lln(grading_system::ctcae5));
  CHECK_FALSE(uses_lln(grading_system::ctcae6));
  CHECK_FALSE(uses_lln(grading_system::daids21));
  CHECK_FALSE(grade_of(grading_system::ctcae4, "1500/uL"));
  const grade_table* t = table_for(grading_system::ctcae4, std::nullopt);
  REQUIRE(t != nullptr);
  CHECK(t->source.find("v4.0") != std::string_view::npos);
}

TEST_CASE("CTCAE v5 without an LLN: grades 2-4 only", "[grading][ctcae5]") {
  CHECK(grade_of(grading_system::ctcae5, "1499.999/uL") == 2);
  CHECK_FALSE(grade_of(grading_system::ctcae5, "1500/uL"));
  CHECK(grade(grading_system::ctcae5, parse_count("1500/uL").q, {}, {}).gap ==
        grade_gap::needs_lln);
  CHECK(grade_of(grading_system::ctcae5, "1500/uL", per_ul(1500)) == 0);  // equal to LLN
  CHECK(grade_of(grading_system::ctcae5, "1450/uL", per_ul(1400)) == 2);  // LLN below 1500
}

TEST_CASE("CTCAE v6", "[grading][ctcae6]") {
  auto [text, want] = GENERATE(table<std::string, int>({
      {"99.999/uL", 4},
      {"0.09 x10^9/L", 4},
      {"100/uL", 3},
      {"0.1 x10^9/L", 3},
      {"499.999/uL", 3},
      {"500/uL", 2},
      {"999.999/uL", 2},
      {"1000/uL", 1},
      {"1499.999/uL", 1},
      {"1500/uL", 0},
      {"1.5 x10^9/L", 0},
      {"<0.1 x10^9/L", 4},
      {">1.499 x10^9/L", 1},
  }));
  CHECK(grade_of(grading_system::ctcae6, text) == want);
}

TEST_CASE("DAIDS v2.1 by age in days, grade 1 upper edge inclusive", "[grading][daids]") {
  auto [text, age, want] = GENERATE(table<std::string, std::int64_t, int>({
      // > 7 days
      {"399.999/uL", 8, 4},
      {"400/uL", 8, 3},
      {"599.999/uL", 8, 3},
      {"600/uL", 8, 2},
      {"799.999/uL", 8, 2},
      {"800/uL", 8, 1},
      {"1000/uL", 8, 1},
      {"1 x10^9/L", 400, 1},
      {"1000.001/uL", 8, 0},
      {"1.01 x10^9/L", 8, 0},
      {">1000/uL", 8, 0},
      {"<1000/uL", 8, 1},
      {"1000.0001/uL", 8, 0},  // below a thousandth, still above the edge
      // 2-7 days
      {"749.999/uL", 2, 4},
      {"750/uL", 7, 3},
      {"999.999/uL", 2, 3},
      {"1000/uL", 2, 2},
      {"1249.999/uL", 7, 2},
      {"1250/uL", 2, 1},
      {"1500/uL", 7, 1},
      {"1500.001/uL", 2, 0},
      // <= 1 day (day of birth is day 0)
      {"1499.999/uL", 0, 4},
      {"1500/uL", 1, 3},
      {"2999.999/uL", 1, 3},
      {"3000/uL", 1, 2},
      {"3999.999/uL", 0, 2},
      {"4000/uL", 1, 1},
      {"5000/uL", 1, 1},
      {"5000.001/uL", 1, 0},
  }));
  INFO("age " << age);
  CHECK(grade_of(grading_system::daids21, text, {}, age) == want);
}

TEST_CASE("DAIDS without an age has no grade", "[grading][daids]") {
  const grade_result g = grade(grading_system::daids21, parse_count("500/uL").q, {}, {});
  CHECK_FALSE(g.grade);
  CHECK(g.gap == grade_gap::needs_age);
}

TEST_CASE("grade tables are ordered and every DAIDS age has exactly one table",
          "[grading][tables]") {
  for (const auto& t : grade_tables) {
    CHECK(t.grade3_from < t.grade2_from);
    CHECK(t.grade2_from < t.grade1_from);
    if (t.top) CHECK(t.grade1_from < *t.top);
    CHECK_FALSE(t.source.empty());
  }
  for (std::int64_t d = 0; d < 400; ++d) {
    int n = 0;
    for (const auto& t : grade_tables)
      n += t.system == grading_system::daids21 && d >= t.min_age_days && d <= t.max_age_days;
    CHECK(n == 1);
  }
}

TEST_CASE("system names", "[grading]") {
  for (const auto s : grading_systems) CHECK(grading_system_from_name(to_string(s)) == s);
  // Issue 14: CTCAE v4.0 is its own name with its own source, not an alias.
  REQUIRE(grading_system_from_name("ctcae4"));
  CHECK(*grading_system_from_name("ctcae4") == grading_system::ctcae4);
  CHECK_FALSE(grading_system_from_name("ctcae3"));
}
