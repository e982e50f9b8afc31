// One row at a time (SPEC §7): roles, defaults, and an error that names the
// column, the value and the fix.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/row_classifier.hpp"
#include "io/json_output.hpp"
#include "test_random.hpp"

using namespace anc;
using namespace anc::io;
using namespace anc::engine;

namespace {

struct fixture {
  std::vector<std::string> header;
  row_classifier classifier;

  fixture(std::vector<std::string> h, batch_settings s = {}, role_overrides o = {})
      : header(h), classifier(make(h, std::move(s), o)) {}

  static auto make(const std::vector<std::string>& h, batch_settings s, role_overrides o)
      -> row_classifier {
    std::vector<std::string_view> views(h.begin(), h.end());
    const roles_result found = find_roles(views, o);
    REQUIRE(found.ok());
    anc_source source = anc_source::anc_column;
    if (!found.roles.of(role::anc))
      source = found.roles.of(role::value) ? anc_source::value_column : anc_source::differential;
    if (s.anc_codes.empty()) s.anc_codes = {"751-8", "753-4", "26499-4"};
    return row_classifier(h, found.roles, source, std::move(s));
  }

  auto run(std::vector<std::string_view> fields) const -> row_result {
    row_result r;
    classifier.classify_row(fields, r);
    return r;
  }
};

}  // namespace

TEST_CASE("a wide row with ANC, unit and age", "[row]") {
  const fixture f({"id", "anc", "unit", "age"});
  const row_result r = f.run({"1", "0.8", "10^9/L", "8m"});
  REQUIRE(r.status == row_status::ok);
  CHECK(r.value.anc.value == per_ul(800));
  CHECK(r.value.grade == severity::moderate);
  CHECK(r.value.group == age_group::infant);
}

TEST_CASE("a unit is never guessed in batch", "[row][unit]") {
  const fixture f({"anc", "age"});
  const row_result r = f.run({"800", "3y"});
  CHECK(r.status == row_status::error);
  CHECK_THAT(r.error, Catch::Contains("column \"anc\"") && Catch::Contains("no unit"));

  batch_settings with_unit;
  with_unit.default_unit = cells_per_ul;
  CHECK(fixture({"anc", "age"}, with_unit).run({"800", "3y"}).status == row_status::ok);
}

TEST_CASE("a bad unit names the unit column", "[row][unit]") {
  const fixture f({"anc", "uom", "age"});
  const row_result r = f.run({"800", "MM3", "3y"});
  CHECK(r.status == row_status::error);
  CHECK_THAT(r.error, Catch::Contains("column \"uom\"") && Catch::Contains("\"MM3\"") &&
                          Catch::Contains("volume"));
}

TEST_CASE("a value whose own unit contradicts the unit column is an error", "[row][unit]") {
  const fixture f({"anc", "unit", "age"});
  CHECK(f.run({"800/uL", "K/uL", "3y"}).status == row_status::error);
  CHECK(f.run({"800/uL", "/mm3", "3y"}).status == row_status::ok);
}

TEST_CASE("ages: dates first, then the age column, then --age", "[row][age]") {
  batch_settings s;
  s.default_unit = cells_per_ul;
  s.default_age = parse_age("40y").value;
  const fixture f({"anc", "age", "dob", "sample_date"}, s);
  CHECK(f.run({"1100", "", "2020-02-29", "2021-02-28"}).value.group == age_group::infant);
  CHECK(f.run({"1100", "", "2020-02-29", "2021-03-01 08:30:00"}).value.group == age_group::child);
  CHECK(f.run({"1100", "3d", "", ""}).value.group == age_group::neonate);
  CHECK(f.run({"1100", "", "", ""}).value.group == age_group::adult);
  const row_result reversed = f.run({"1100", "", "2021-01-02", "2021-01-01"});
  CHECK(reversed.status == row_status::error);
  CHECK_THAT(reversed.error,
             Catch::Contains("column \"sample_date\"") && Catch::Contains("before"));
}

TEST_CASE("bare numbers in an age column take the unit of its name", "[row][age]") {
  batch_settings s;
  s.default_unit = cells_per_ul;
  CHECK(fixture({"anc", "age_days"}, s).run({"900", "364"}).value.group == age_group::infant);
  CHECK(fixture({"anc", "age_months"}, s).run({"900", "12"}).value.group == age_group::child);
  const row_result bare = fixture({"anc", "age"}, s).run({"900", "12"});
  CHECK(bare.status == row_status::error);
  CHECK_THAT(bare.error, Catch::Contains("bare number"));
  s.bare_age_unit = age_unit::week;
  CHECK(fixture({"anc", "age"}, s).run({"900", "52"}).value.group == age_group::infant);
}

TEST_CASE("a row without any age is an error unless --threshold is set", "[row][age]") {
  batch_settings s;
  s.default_unit = cells_per_ul;
  const row_result r = fixture({"anc"}, s).run({"900"});
  CHECK(r.status == row_status::error);
  CHECK_THAT(r.error, Catch::Contains("no age"));
  s.threshold = per_ul(1800);
  CHECK(fixture({"anc"}, s).run({"900"}).status == row_status::ok);
}

TEST_CASE("long format: only rows with an ANC code are classified", "[row][long]") {
  batch_settings s;
  s.default_age = parse_age("40y").value;
  const fixture f({"loinc", "value", "unit"}, s);
  CHECK(f.run({"751-8", "0.9", "x10*9/L"}).status == row_status::ok);
  CHECK(f.run({"26499-4", "0.9", "x10*9/L"}).status == row_status::ok);
  CHECK(f.run({"753-4", "0.9", "x10*9/L"}).status == row_status::ok);
  CHECK(f.run({"6690-2", "4.6", "x10*9/L"}).status == row_status::skipped);
  CHECK(f.run({"", "4.6", "x10*9/L"}).status == row_status::skipped);

  s.anc_codes = {"52075"};
  role_overrides o;
  o[static_cast<std::size_t>(role::code)] = "itemid";
  const fixture local({"itemid", "value", "valueuom"}, s, o);
  CHECK(local.run({"52075", "8.93", "K/uL"}).value.anc.value == per_ul(8930));
  CHECK(local.run({"751-8", "8.93", "K/uL"}).status == row_status::skipped);
}

TEST_CASE("ANC from WBC and differential columns", "[row][differential]") {
  batch_settings s;
  s.default_age = parse_age("40y").value;
  const fixture f({"wbc", "segs", "bands", "unit"}, s);
  const row_result r = f.run({"4.6", "20", "", "10^9/L"});
  REQUIRE(r.status == row_status::ok);
  CHECK(r.value.anc.value == per_ul(920));
  const row_result bad = f.run({"4.6", "95", "6", "10^9/L"});
  CHECK(bad.status == row_status::error);
  CHECK_THAT(bad.error, Catch::Contains("above 100"));
}

TEST_CASE("a fever column", "[row][fever]") {
  batch_settings s;
  s.default_unit = cells_per_ul;
  s.default_age = parse_age("40y").value;
  const fixture f({"anc", "temperature"}, s);
  CHECK(f.run({"50", "38.2"}).value.febrile == true);
  CHECK(f.run({"50", "no"}).value.febrile == false);
  CHECK_FALSE(f.run({"50", ""}).value.febrile);
  CHECK(f.run({"50", "101.3"}).status == row_status::error);
}

namespace {

// A value as exports write it, or something near it: plain numbers (the
// one-pass path) and everything that must leave it.
auto random_value(anc::test::lcg& rng, char point) -> std::string {
  static const std::vector<std::string> odd{"",        " ",    "<0.5", ">1.5",  "0.5 K/uL",
                                            "-1",      "1e3",  "NaN",  "1,200", "1.2.3",
                                            "5000000", "0x10", "12a"};
  if (rng.next() % 8 == 0) return odd[rng.next() % odd.size()];
  std::string v;
  const unsigned whole = rng.next() % 8;  // 0 digits: ".5"
  for (unsigned i = 0; i < whole; ++i) v += static_cast<char>('0' + rng.next() % 10);
  if (rng.next() % 2 == 0) {
    v += point;
    for (unsigned i = rng.next() % 5; i > 0; --i) v += static_cast<char>('0' + rng.next() % 10);
  }
  return v;
}

// An age below `limit`, often at a SPEC §2 edge in days, or text that is
// not a bare number.
auto random_age(anc::test::lcg& rng, unsigned limit) -> std::string {
  static const std::vector<std::string> odd{"", "8m", " 40", "4.5", "-3", "1234567890", "3y2m"};
  static const std::vector<unsigned> edges{0,   27,   28,   51,    52,    53,   364,
                                           365, 6574, 6575, 47481, 47482, 47483};
  switch (rng.next() % 4) {
    case 0: return odd[rng.next() % odd.size()];
    case 1: return std::to_string(edges[rng.next() % edges.size()] + rng.next() % 3);
    default: return std::to_string(rng.next() % limit);
  }
}

// `text` with blanks around it one time in six (a cell is trimmed before
// it is read; the one-pass path reads it untrimmed first).
auto padded(anc::test::lcg& rng, std::string text) -> std::string {
  static const std::vector<std::string> blanks{" ", "\t", "  "};
  if (rng.next() % 6 != 0) return text;
  if (rng.next() % 2 == 0) text = blanks[rng.next() % blanks.size()] + text;
  if (rng.next() % 2 == 0) text += blanks[rng.next() % blanks.size()];
  return text;
}

}  // namespace

// Most batch rows take a one-pass path (row_classifier::classify_plain),
// which reads short fields as 64-bit words when it is given the record
// they lie in. Whatever path a row takes, its classification must be the
// core's: classify() of parse_count and parse_age, and the general path's
// (the fast path switched off, as ANC_NO_FAST_PATH=1 does). Each row is
// classified with its record and without; rows of every kind alternate, so state
// left by one path in the reused result (or the unit cache) would show.
TEST_CASE("batch rows are classified as classify() classifies their parsed values",
          "[row][property]") {
  anc::test::lcg rng;
  // One to ten bytes: a text of up to eight is looked up as a word.
  const std::vector<std::string> units{"/uL", "10*9/L",   "10^3/uL",  "/L",         "K/uL",
                                       "MM3", "cells/uL", "Thou/mcL", "{cells}/uL", "x10E9/L",
                                       "G/L", "mg/dL",    "%"};
  struct age_column {
    std::string name;
    age_unit unit;
    unsigned limit;  // a little over 130 years
  };
  const std::vector<age_column> age_columns{{"age_days", age_unit::day, 50000},
                                            {"age_weeks", age_unit::week, 7000},
                                            {"age_months", age_unit::month, 1600},
                                            {"age_years", age_unit::year, 135}};
  for (int setting = 0; setting < 16; ++setting) {
    batch_settings s;
    s.decimal_comma = setting % 2 == 1;
    if (setting % 4 >= 2) s.threshold = per_ul(1200);
    const auto& [age_name, age_u, age_limit] = age_columns[static_cast<std::size_t>(setting / 4)];
    const fixture f({"id", "anc", "unit", age_name}, s);
    batch_settings general_only = s;  // as ANC_NO_FAST_PATH=1 (SPEC §11)
    general_only.fast_path = false;
    const fixture g({"id", "anc", "unit", age_name}, general_only);
    REQUIRE(f.classifier.takes_fast_path());
    REQUIRE_FALSE(g.classifier.takes_fast_path());
    row_result r, in_record, general;  // reused, as batch reuses them
    std::size_t classified = 0;
    for (int i = 0; i < 1500; ++i) {
      const std::string value = padded(rng, random_value(rng, s.decimal_comma ? ',' : '.'));
      const std::string unit_text = padded(rng, units[rng.next() % units.size()]);
      const std::string age_text = padded(rng, random_age(rng, age_limit));
      f.classifier.classify_row({"P1", value, unit_text, age_text}, r);
      // The same fields as views into one record, as the reader gives them.
      const std::string line = "P1," + value + "," + unit_text + "," + age_text;
      const std::string_view l(line);
      const std::size_t v = 3, u_at = v + value.size() + 1, a_at = u_at + unit_text.size() + 1;
      f.classifier.classify_row({l.substr(0, 2), l.substr(v, value.size()),
                                 l.substr(u_at, unit_text.size()), l.substr(a_at)},
                                in_record, l);
      g.classifier.classify_row({l.substr(0, 2), l.substr(v, value.size()),
                                 l.substr(u_at, unit_text.size()), l.substr(a_at)},
                                general, l);
      CHECK(general.status == r.status);
      CHECK(general.error == r.error);
      CHECK(general.value == r.value);

      const unit_result u = parse_unit(trim(unit_text));
      const parse_result q =
          parse_count(trim(value), {s.decimal_comma, u.value, unitless_policy::refuse});
      const age_result a = parse_age(trim(age_text), {age_u, s.decimal_comma});
      // With --threshold a row needs no age.
      const bool age_ok = a || (trim(age_text).empty() && s.threshold);
      INFO("value \"" << value << "\" unit \"" << unit_text << "\" " << age_name << " \""
                      << age_text << "\" threshold " << s.threshold.has_value());
      if (!u || !q || !age_ok || (q.unit_given && !(q.own_unit == u.value))) {
        CHECK(r.status == row_status::error);
        // A bad unit is named as it reads once trimmed.
        if (!u)
          CHECK(r.error.find("value \"" + std::string(trim(unit_text)) + "\"") !=
                std::string::npos);
        CHECK(in_record.status == row_status::error);
        CHECK(in_record.error == r.error);
        continue;
      }
      reading expected;
      expected.anc = q.q;
      if (a) expected.patient_age = a.value;
      expected.user_threshold = s.threshold;
      REQUIRE(r.status == row_status::ok);
      CHECK(r.error.empty());
      CHECK(r.value == classify(expected).value);
      REQUIRE(in_record.status == row_status::ok);
      CHECK(in_record.value == r.value);
      ++classified;
    }
    CHECK(classified > 400);  // most rows are valid
  }
}

// Issue 14 / SPEC §11: the fast path is chosen by an allow-list of roles.
// A column of any other role sends the header's rows through the general
// path, and for every role a row means the same on either path.
TEST_CASE("only the allow-listed roles reach the fast path, and each role means the same on both",
          "[row][fast]") {
  // A meaningful value for each role's extra column.
  const std::array<std::string_view, role_count> values{
      "400", "400",        "/uL", "9000", "2001-05-01", "2026-03-01", "P7",        "1800",
      "yes", "4.6x10^9/L", "20",  "5",    "751-8",      "4m",         "2026-01-01"};
  for (std::size_t i = 0; i < role_count; ++i) {
    const auto r = static_cast<role>(i);
    if (r == role::anc || r == role::unit || r == role::age) continue;  // the base columns
    CAPTURE(name_of(r));
    const std::vector<std::string> header{"anc", "unit", "age_days", "extra"};
    role_overrides o;
    o[i] = "extra";
    batch_settings fast, plain;
    plain.fast_path = false;
    const fixture with_fast(header, fast, o), without(header, plain, o);
    const bool allowed =
        std::find(fast_path_roles.begin(), fast_path_roles.end(), r) != fast_path_roles.end();
    CHECK(with_fast.classifier.takes_fast_path() == allowed);
    CHECK_FALSE(without.classifier.takes_fast_path());
    const std::vector<std::string_view> row{"400", "/uL", "9000", values[i]};
    const row_result a = with_fast.run(row), b = without.run(row);
    CHECK(a.status == b.status);
    CHECK(a.error == b.error);
    CHECK(to_json(a.value) == to_json(b.value));
  }
}

TEST_CASE("a fever column is read whatever path the header allows (issue 14)", "[row][fast]") {
  const fixture f({"anc", "unit", "age_days", "fever"});
  const row_result r = f.run({"400", "/uL", "9000", "yes"});
  REQUIRE(r.status == row_status::ok);
  CHECK(r.value.febrile == std::optional<bool>(true));
}
