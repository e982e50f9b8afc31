// SPEC §3-§5 through classify(): both sides of every edge, in several unit
// spellings and age forms.
#include <catch2/catch.hpp>
#include <string>

#include "anc/classify.hpp"

using namespace anc;

namespace {

auto reading_of(std::string_view value, std::string_view age_text) -> reading {
  const parse_result q = parse_count(value);
  INFO("value: " << value);
  REQUIRE(q);
  const age_result a = parse_age(age_text);
  INFO("age: " << age_text);
  REQUIRE(a);
  reading r;
  r.anc = q.q;
  r.patient_age = a.value;
  return r;
}

auto classify_ok(const reading& r) -> classification {
  const classify_result c = classify(r);
  REQUIRE(c);
  return c.value;
}

}  // namespace

TEST_CASE("SPEC §3: infant threshold 1000, strict, in every age unit", "[classify][threshold]") {
  auto age_text = GENERATE(as<std::string>{}, "243d", "364d", "27d", "35w", "52w", "8m", "11m",
                           "0.5y", "0y11m");
  auto [value, neutropenic, grade] = GENERATE(table<std::string, bool, severity>({
      {"999/uL", true, severity::moderate},
      {"999.999/uL", true, severity::moderate},
      {"0.999x10^9/L", true, severity::moderate},
      {"1000/uL", false, severity::none},
      {"1 x10^9/L", false, severity::none},
      {"1e9/L", false, severity::none},
      {"1.0 K/uL", false, severity::none},
      {"1001/uL", false, severity::none},
  }));
  const classification c = classify_ok(reading_of(value, age_text));
  INFO(value << " at " << age_text);
  CHECK(c.threshold == per_ul(1000));
  CHECK(c.neutropenic == neutropenic);
  CHECK(c.grade == grade);
}

TEST_CASE("SPEC §3: after the first year threshold 1500, strict", "[classify][threshold]") {
  auto age_text = GENERATE(as<std::string>{}, "365d", "53w", "12m", "1y", "17y", "18y", "90y");
  auto [value, neutropenic, grade] = GENERATE(table<std::string, bool, severity>({
      {"999/uL", true, severity::moderate},
      {"1000/uL", true, severity::mild},
      {"1001/uL", true, severity::mild},
      {"1499/uL", true, severity::mild},
      {"1499.999/uL", true, severity::mild},
      {"1.499 G/L", true, severity::mild},
      {"1500/uL", false, severity::none},
      {"1.5x10^9/L", false, severity::none},
      {"1.5e9/L", false, severity::none},
      {"1501/uL", false, severity::none},
  }));
  const classification c = classify_ok(reading_of(value, age_text));
  INFO(value << " at " << age_text);
  CHECK(c.threshold == per_ul(1500));
  CHECK(c.neutropenic == neutropenic);
  CHECK(c.grade == grade);
}

TEST_CASE("SPEC §3: thresholds with ages from dates", "[classify][threshold][dates]") {
  auto [birth, sample, value, neutropenic] =
      GENERATE(table<std::string, std::string, std::string, bool>({
          {"2020-02-29", "2021-02-28", "999/uL", true},
          {"2020-02-29", "2021-02-28", "1000/uL", false},
          {"2020-02-29", "2021-02-28", "1001/uL", false},
          {"2020-02-29", "2021-03-01", "1001/uL", true},  // first birthday: 1500 applies
          {"2020-02-29", "2021-03-01", "1499/uL", true},
          {"2020-02-29", "2021-03-01", "1500/uL", false},
      }));
  const age_result a = age_from_dates(parse_date(birth).value, parse_date(sample).value);
  REQUIRE(a);
  reading r;
  r.anc = parse_count(value).q;
  r.patient_age = a.value;
  const classification c = classify_ok(r);
  INFO(value << " born " << birth << " sampled " << sample);
  CHECK(c.neutropenic == neutropenic);
}

TEST_CASE("SPEC §4: severity band edges in several spellings", "[classify][severity]") {
  auto [value, grade] = GENERATE(table<std::string, severity>({
      {"0/uL", severity::agranulocytosis},
      {"99.999/uL", severity::agranulocytosis},
      {"0.099999 x10^9/L", severity::agranulocytosis},
      {"<0.1 x10^9/L", severity::agranulocytosis},
      {"100/uL", severity::severe},
      {"0.1x10^9/L", severity::severe},
      {"1e8/L", severity::severe},
      {"499.999/uL", severity::severe},
      {"0.499999 G/L", severity::severe},
      {"<500/uL", severity::severe},
      {"500/uL", severity::moderate},
      {"0.5 x10^9/L", severity::moderate},
      {"0.5 K/uL", severity::moderate},
      {"5e8/L", severity::moderate},
      {"999.999/uL", severity::moderate},
      {"1000/uL", severity::mild},
      {"1.0x10^9/L", severity::mild},
      {">1 x10^9/L", severity::mild},
      {"1499.999/uL", severity::mild},
      {">1.5x10^9/L", severity::none},
  }));
  const classification c = classify_ok(reading_of(value, "30y"));
  INFO(value);
  CHECK(c.grade == grade);
  CHECK(c.neutropenic == (grade != severity::none));
}

TEST_CASE("censored values carry a note and keep their bound", "[classify][censored]") {
  const classification lt = classify_ok(reading_of("<0.1 x10^9/L", "3y"));
  CHECK(lt.anc.bound == per_ul(100));
  CHECK(lt.anc.qual == qualifier::less);
  CHECK(lt.notes.has(note::censored_below));
  const classification gt = classify_ok(reading_of(">1.5 x10^9/L", "3y"));
  CHECK_FALSE(gt.neutropenic);
  CHECK(gt.notes.has(note::censored_above));
}

TEST_CASE("a user threshold replaces the age rule", "[classify][threshold]") {
  reading r = reading_of("1700/uL", "30y");
  r.user_threshold = per_ul(1800);
  const classification c = classify_ok(r);
  CHECK(c.source == threshold_source::user);
  CHECK(c.neutropenic);
  CHECK(c.grade == severity::mild);
  CHECK(c.notes.has(note::user_threshold));

  reading no_age;
  no_age.anc = parse_count("1799/uL").q;
  no_age.user_threshold = per_ul(1800);
  const classification c2 = classify_ok(no_age);
  CHECK(c2.neutropenic);
  CHECK_FALSE(c2.group);
  no_age.user_threshold.reset();
  CHECK(classify(no_age).ec == classify_error::no_threshold);
}

TEST_CASE("SPEC §5: duration classes only for neutropenic readings", "[classify][duration]") {
  auto [text, cls] = GENERATE(table<std::string, duration_class>({
      {"91d", duration_class::acute},
      {"92d", duration_class::persistent},
      {"13w", duration_class::acute},
      {"3m", duration_class::persistent},
      {"182d", duration_class::persistent},
      {"6m", duration_class::persistent},
      {"183d", duration_class::chronic},
  }));
  reading r = reading_of("800/uL", "3y");
  r.neutropenia_duration = parse_duration(text).value;
  const classification c = classify_ok(r);
  INFO(text);
  CHECK(c.duration_cls == cls);
  CHECK(c.duration_days == r.neutropenia_duration->days);

  reading normal = reading_of("1600/uL", "3y");
  normal.neutropenia_duration = parse_duration(text).value;
  const classification n = classify_ok(normal);
  CHECK_FALSE(n.duration_cls);
  CHECK_FALSE(n.duration_days);
  CHECK(n.notes.has(note::duration_not_neutropenic));
}

TEST_CASE("SPEC §4: fever", "[classify][fever]") {
  reading r = reading_of("50/uL", "3y");
  r.fever = true;
  const classification c = classify_ok(r);
  CHECK(c.febrile == true);
  CHECK(c.notes.has(note::febrile_neutropenia));
  CHECK(c.notes.has(note::febrile_agranulocytosis));

  reading m = reading_of("800/uL", "3y");
  m.fever = true;
  const classification cm = classify_ok(m);
  CHECK(cm.febrile == true);
  CHECK_FALSE(cm.notes.has(note::febrile_agranulocytosis));

  reading normal = reading_of("3000/uL", "3y");
  normal.fever = true;
  CHECK(classify_ok(normal).febrile == false);

  CHECK_FALSE(classify_ok(reading_of("800/uL", "3y")).febrile);
}

TEST_CASE("neonates get the infant rule and a note about DAIDS", "[classify][neonate]") {
  const classification c = classify_ok(reading_of("900/uL", "3d"));
  CHECK(c.group == age_group::neonate);
  CHECK(c.threshold == per_ul(1000));
  CHECK(c.notes.has(note::neonate_daids));
}

TEST_CASE("parse_fever: words and temperatures", "[fever]") {
  auto [text, fever] = GENERATE(table<std::string, bool>({
      {"true", true},
      {"YES", true},
      {"1", true},
      {"false", false},
      {"No", false},
      {"0", false},
      {"38", true},
      {"38.0", true},
      {"37.9", false},
      {"37.99", false},
      {"38.5C", true},
      {"38.5 \u00b0C", true},
      {"25", false},
      {"45", true},
  }));
  const fever_result f = parse_fever(text);
  INFO(text);
  REQUIRE(f);
  CHECK(f.fever == fever);
  CHECK(parse_fever("101.3").ec == fever_error::implausible);
  CHECK(parse_fever("3.8").ec == fever_error::implausible);
  CHECK(parse_fever("maybe").ec == fever_error::not_understood);
  CHECK(parse_fever("").ec == fever_error::empty);
}
