// The one reading builder (SPEC §11): each input rule once, for flags and
// columns alike; messages name the inputs as the caller says.
#include <catch2/catch.hpp>
#include <string>

#include "engine/reading_builder.hpp"

using namespace anc;
using namespace anc::engine;

namespace {

auto names_like(std::string_view style) -> input_names {
  static constexpr std::array<std::string_view, input_count> inputs{
      "anc", "unit", "wbc", "segs",  "bands",    "age",
      "dob", "date", "lln", "fever", "duration", "onset"};
  input_names n;
  for (std::size_t i = 0; i < input_count; ++i)
    n.name[i] = style == "flag" ? "--" + std::string(inputs[i])
                                : "column \"" + std::string(inputs[i]) + "\" value";
  n.default_lln = "the run's LLN";
  n.missing_age = "no age";
  return n;
}

struct builder_case {
  raw_inputs in;
  reading_rules rules;
  auto set(input i, std::string_view t) -> builder_case& {
    in[i] = t;
    return *this;
  }
  [[nodiscard]] auto build(std::string_view style = "column") const -> built_reading {
    return build_reading(in, rules, names_like(style));
  }
};

auto message_of(const built_reading& b) -> std::string {
  if (b.problem) return b.problem->message;
  if (b.age_problem) return b.age_problem->message;
  return "";
}

}  // namespace

TEST_CASE("a value and its unit input become the reading's ANC", "[builder]") {
  builder_case c;
  c.set(input::anc, "0.8").set(input::unit, "10^9/L").set(input::age, "3y");
  const built_reading b = c.build();
  REQUIRE_FALSE(b.problem);
  REQUIRE_FALSE(b.age_problem);
  CHECK(b.value.anc.value == per_ul(800));
  CHECK(b.value.patient_age->group == age_group::child);
}

TEST_CASE("a unit of the value's own that contradicts the unit input is refused, for every source",
          "[builder][contradiction]") {
  builder_case value;
  value.set(input::anc, "0.8x10^9/L").set(input::unit, "/uL").set(input::age, "3y");
  builder_case wbc;
  wbc.rules.from_differential = true;
  wbc.set(input::wbc, "4.6x10^9/L").set(input::segs, "20").set(input::unit, "/uL");
  wbc.set(input::age, "40y");
  for (const auto* c : {&value, &wbc}) {
    for (const std::string_view style : {"flag", "column"}) {
      const built_reading b = c->build(style);
      REQUIRE(b.problem);
      CHECK_THAT(b.problem->message,
                 Catch::Contains("contradicts") && Catch::Contains(names_like(style)[input::unit]));
    }
  }
  // The same unit twice is no contradiction; a run's default unit is only a default.
  value.set(input::unit, "10^9/L");
  CHECK_FALSE(value.build().problem);
  value.set(input::unit, "");
  value.rules.default_unit = parse_unit("/uL").value;
  CHECK_FALSE(value.build().problem);
}

TEST_CASE("a censored WBC gives no ANC; a differential over 100 % is refused", "[builder]") {
  builder_case c;
  c.rules.from_differential = true;
  c.set(input::wbc, "<1 10^9/L").set(input::segs, "20").set(input::age, "40y");
  CHECK_THAT(message_of(c.build()), Catch::Contains("censored"));
  c.set(input::wbc, "4.6x10^9/L").set(input::segs, "95").set(input::bands, "6");
  CHECK_THAT(message_of(c.build("flag")), Catch::Contains("--segs \"95\" plus --bands \"6\""));
  c.set(input::bands, "5");
  const built_reading b = c.build();
  REQUIRE_FALSE(b.problem);
  CHECK(b.value.anc.value == per_ul(4600));
}

TEST_CASE("the LLN is in the reading's unit unless it has its own (SPEC §10)", "[builder][lln]") {
  builder_case c;
  c.set(input::anc, "1.2").set(input::unit, "10^9/L").set(input::age, "50y");
  c.set(input::lln, "1.8");
  CHECK(c.build().value.lln == per_ul(1800));
  c.set(input::unit, "").set(input::anc, "1.2x10^9/L");  // the value's own unit
  CHECK(c.build().value.lln == per_ul(1800));
  c.set(input::lln, "1800/uL");
  CHECK(c.build().value.lln == per_ul(1800));
  // The run's LLN, named as the caller names it, when the reading has none.
  c.set(input::lln, "");
  c.rules.default_lln = "1.8.1";
  CHECK_THAT(message_of(c.build()), Catch::Contains("the run's LLN"));
  c.rules.wants_lln = false;  // no grade uses it: not read
  CHECK_FALSE(c.build().problem);
}

TEST_CASE("an age beside the dates must agree with them (SPEC §2)", "[builder][contradiction]") {
  builder_case c;
  c.set(input::anc, "800/uL").set(input::dob, "2020-02-29").set(input::date, "2023-03-01");
  c.set(input::age, "3y");
  const built_reading agree = c.build();
  CHECK_FALSE(agree.age_problem);
  CHECK(agree.value.patient_age->days == 1096);
  c.set(input::age, "30y");
  const built_reading b = c.build("flag");
  REQUIRE(b.age_problem);
  CHECK_THAT(b.age_problem->message, Catch::Contains("--age \"30y\"") &&
                                         Catch::Contains("contradicts") &&
                                         Catch::Contains("--dob \"2020-02-29\""));
  CHECK_FALSE(b.value.patient_age);  // never settled by taking one side
}

TEST_CASE("dates in the wrong order, or 130 years apart, are refused", "[builder][age]") {
  builder_case c;
  c.set(input::anc, "800/uL").set(input::dob, "2025-01-02").set(input::date, "2025-01-01");
  CHECK_THAT(message_of(c.build()), Catch::Contains("is before"));
  c.set(input::dob, "1800-01-01");
  CHECK_THAT(message_of(c.build()), Catch::Contains("1800-01-01"));
}

TEST_CASE("onset and duration: one of them, in order", "[builder][duration]") {
  builder_case c;
  c.set(input::anc, "800/uL").set(input::age, "3y").set(input::duration, "4m");
  c.set(input::onset, "2026-01-01").set(input::date, "2026-06-01");
  CHECK_THAT(message_of(c.build()), Catch::Contains("both give the duration"));
  c.set(input::duration, "");
  const built_reading b = c.build();
  REQUIRE_FALSE(b.problem);
  CHECK(b.value.neutropenia_duration->days == 151);
  c.set(input::onset, "2026-07-01");
  CHECK_THAT(message_of(c.build("flag")), Catch::Contains("--onset \"2026-07-01\" is after"));
  c.set(input::date, "");
  CHECK_THAT(message_of(c.build()), Catch::Contains("needs a sample date"));
}

TEST_CASE("no age: the caller's message, unless a threshold needs none", "[builder][age]") {
  builder_case c;
  c.set(input::anc, "800/uL");
  CHECK(message_of(c.build()) == "no age");
  c.rules.threshold = per_ul(1000);
  CHECK_FALSE(c.build().age_problem);
  c.rules.threshold.reset();
  c.rules.default_age = parse_age("8m").value;
  CHECK(c.build().value.patient_age->group == age_group::infant);
}

TEST_CASE("a fever input, else the run's", "[builder][fever]") {
  builder_case c;
  c.set(input::anc, "400/uL").set(input::age, "3y");
  c.rules.default_fever = false;
  CHECK(c.build().value.fever == std::optional<bool>(false));
  c.set(input::fever, "38.6");
  CHECK(c.build().value.fever == std::optional<bool>(true));
  c.set(input::fever, "warm");
  CHECK_THAT(message_of(c.build()), Catch::Contains("column \"fever\" value \"warm\""));
}

TEST_CASE("a bare number with no unit follows the caller's policy", "[builder][unit]") {
  builder_case c;
  c.set(input::anc, "800").set(input::age, "3y");
  CHECK(c.build().problem);  // batch: a unit is never guessed
  c.rules.unitless = unitless_policy::terminal;
  CHECK_FALSE(c.build().problem);  // classify: 800 is cells/uL (SPEC §9)
}
