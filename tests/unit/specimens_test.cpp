// --derive (SPEC §13): a specimen's rows, anywhere in the input, give its
// ANC on its neutrophil % row; contradictions are error rows naming it.
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "anc/differential.hpp"
#include "engine/row_classifier.hpp"
#include "engine/specimens.hpp"
#include "io/anc_codes.hpp"

using namespace anc;
using namespace anc::io;
using namespace anc::engine;

namespace {

auto add(specimen_table& t, std::string_view key, test_kind kind, std::uint64_t row,
         std::string_view value, std::string_view unit = {}, bool measured = false) {
  t.add(key, patient_table::hash(key), {kind, row, {value, unit}, measured});
}

auto codes(const auto& list) -> std::vector<std::string> {
  return {list.begin(), list.end()};
}

/// A long export classified as `anc batch --derive` does: a first pass over
/// every row for the specimens, then each row.
struct long_export {
  std::vector<std::string> header;
  batch_settings settings;
  std::vector<std::vector<std::string>> rows;

  explicit long_export(std::vector<std::string> h) : header(std::move(h)) {
    settings.derive = true;
    settings.anc_codes = codes(default_anc_codes);
    settings.wbc_codes = codes(default_wbc_codes);
    settings.neut_pct_codes = codes(default_neut_pct_codes);
    settings.bands_pct_codes = codes(default_bands_pct_codes);
    settings.default_age = parse_age("40y").value;
  }

  auto classify() const -> std::vector<row_result> {
    std::vector<std::string_view> names(header.begin(), header.end());
    const roles_result found = find_roles(names, {});
    REQUIRE(found.ok());
    row_classifier classifier(header, found.roles, anc_source::value_column, settings);
    auto table = std::make_shared<specimen_table>(settings.decimal_comma);
    std::string key;
    const auto fields_of = [](const std::vector<std::string>& row) {
      return std::vector<std::string_view>(row.begin(), row.end());
    };
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (auto s = classifier.specimen_row_of(fields_of(rows[i]), key)) {
        s->part.row = i + 1;
        table->add(s->key, patient_table::hash(s->key), s->part);
      }
    classifier.set_specimens(table);
    std::vector<row_result> out(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
      classifier.classify_row(fields_of(rows[i]), out[i]);
    return out;
  }
};

}  // namespace

TEST_CASE("a specimen's table keeps its WBC, bands and ANC row", "[specimens]") {
  specimen_table t(false);
  add(t, "S1", test_kind::wbc, 1, "4.6", "K/uL");
  add(t, "S2", test_kind::anc, 2, "", "K/uL", true);  // measured, no LLN
  add(t, "S1", test_kind::bands_pct, 3, "5", "%");
  add(t, "S1", test_kind::neut_pct, 4, "20", "%");        // read when classified
  add(t, "S3", test_kind::anc, 5, "1.8", "K/uL", false);  // no value: its LLN
  const auto s1 = t.find("S1");
  REQUIRE(s1);
  CHECK_FALSE(s1->measured_anc);
  CHECK(s1->wbc->value == "4.6");
  CHECK(s1->wbc->unit == "K/uL");
  CHECK(s1->bands->value == "5");
  CHECK_FALSE(s1->wbc_conflict);
  CHECK(t.find("S2")->measured_anc);
  CHECK_FALSE(t.find("S3")->measured_anc);
  CHECK(t.find("S3")->anc_lln->value == "1.8");
  CHECK_FALSE(t.find("S4"));
}

TEST_CASE("two values of one test: the same result is none, different ones are", "[specimens]") {
  specimen_table t(false);
  add(t, "S", test_kind::wbc, 1, "7.5", "K/uL");
  add(t, "S", test_kind::wbc, 2, "7.50", "K/uL");  // the same count
  add(t, "S", test_kind::wbc, 3, "", "K/uL");      // blank: no result
  CHECK_FALSE(t.find("S")->wbc_conflict);
  add(t, "S", test_kind::wbc, 7, "8.1", "K/uL");
  add(t, "S", test_kind::wbc, 9, "9.9", "K/uL");  // the first two are kept
  const auto c = t.find("S")->wbc_conflict;
  REQUIRE(c);
  CHECK(c->first == "7.5 K/uL");
  CHECK(c->first_row == 1);
  CHECK(c->second == "8.1 K/uL");
  CHECK(c->second_row == 7);

  add(t, "B", test_kind::bands_pct, 1, "3", "%");
  add(t, "B", test_kind::bands_pct, 2, "3.0", "%");
  CHECK_FALSE(t.find("B")->bands_conflict);
  add(t, "B", test_kind::bands_pct, 4, "4", "%");
  CHECK(t.find("B")->bands_conflict);
  // A blank WBC alone is no result at all.
  add(t, "E", test_kind::wbc, 1, "", "K/uL");
  CHECK_FALSE(t.find("E"));
}

TEST_CASE("parts handed over in chunks are the parts added one by one", "[specimens]") {
  std::mt19937 rng(17);
  specimen_table one(false), chunked(false);
  std::vector<pending_part> pending;
  std::string texts;
  for (std::uint64_t row = 1; row <= 3000; ++row) {
    const std::string key = "K" + std::to_string(rng() % 500);
    const auto kind = static_cast<test_kind>(1 + rng() % 4);
    const std::string value = std::to_string(rng() % 20);
    const std::string unit = kind == test_kind::wbc ? "K/uL" : "%";
    const bool measured = kind == test_kind::anc && rng() % 2 == 0;
    add(one, key, kind, row, value, unit, measured);
    // The same part as a thread hands it over.
    texts += key;
    const auto key_end = static_cast<std::uint32_t>(texts.size());
    texts += value;
    const auto value_end = static_cast<std::uint32_t>(texts.size());
    texts += unit;
    pending.push_back({kind, measured, row, patient_table::hash(key), key_end, value_end,
                       static_cast<std::uint32_t>(texts.size())});
    if (pending.size() == 97 || row == 3000) {
      chunked.add(pending, texts);
      pending.clear();
      texts.clear();
    }
  }
  REQUIRE(one.size() == chunked.size());
  for (int k = 0; k < 500; ++k) {
    const std::string key = "K" + std::to_string(k);
    const auto a = one.find(key), b = chunked.find(key);
    REQUIRE(a.has_value() == b.has_value());
    if (!a) continue;
    CHECK((a->wbc ? std::string(a->wbc->value) : "-") ==
          (b->wbc ? std::string(b->wbc->value) : "-"));
    CHECK(a->measured_anc == b->measured_anc);
    CHECK(a->wbc_conflict.has_value() == b->wbc_conflict.has_value());
    CHECK(a->bands_conflict.has_value() == b->bands_conflict.has_value());
  }
}

TEST_CASE("derive: ANC = WBC x (neutrophils % + bands %) / 100, exact", "[specimens][row]") {
  long_export e({"specimen_id", "loinc", "value", "unit", "ref_range_lower"});
  e.rows = {
      {"A", "770-8", "20", "%", "34"},      // before its WBC: any order
      {"B", "6690-2", "4.6", "K/uL", "4"},  // B: no neutrophil % row
      {"A", "6690-2", "4.6", "K/uL", "4"},  {"C", "764-1", "5", "%", ""},
      {"C", "770-8", "20", "%", ""},        {"C", "6690-2", "4.6", "10^9/L", ""},
      {"D", "6690-2", "3.333", "K/uL", ""}, {"D", "770-8", "33.3", "%", ""},
  };
  const auto r = e.classify();
  REQUIRE(r[0].status == row_status::ok);
  CHECK(r[0].anc_source == anc_origin::derived);
  CHECK(r[0].value.anc.value == anc_from_differential(per_ul(4600), {20'000'000}, {}).anc);
  CHECK(r[0].value.anc.value == per_ul(920));
  CHECK(r[0].value.grade == severity::moderate);
  for (const std::size_t wbc_or_bands : {1U, 2U, 3U, 5U, 6U}) {
    CHECK(r[wbc_or_bands].status == row_status::skipped);
    CHECK(r[wbc_or_bands].anc_source == anc_origin::none);
    CHECK(r[wbc_or_bands].skipped_code.empty());  // a code it classifies by
  }
  CHECK(r[4].value.anc.value == per_ul(1150));  // bands included
  // 3.333 K/uL x 33.3 % = 1109.889 cells/uL, to the thousandth.
  CHECK(r[7].value.anc.value == count{1'109'889});
  CHECK(r[7].value.anc.exact);
}

TEST_CASE("derive: a measured ANC is used and the differential skipped", "[specimens][row]") {
  long_export e({"specimen_id", "loinc", "value", "unit"});
  e.rows = {
      {"A", "770-8", "20", "%"}, {"A", "6690-2", "4.6", "K/uL"}, {"A", "751-8", "0.95", "K/uL"}};
  const auto r = e.classify();
  CHECK(r[0].status == row_status::skipped);
  CHECK(r[2].status == row_status::ok);
  CHECK(r[2].anc_source == anc_origin::measured);
  CHECK(r[2].value.anc.value == per_ul(950));
}

TEST_CASE("derive: a derived reading's LLN is never the percentage row's", "[specimens][lln]") {
  long_export e({"specimen_id", "loinc", "value", "unit", "ref_range_lower"});
  e.settings.grade_wanted[static_cast<std::size_t>(grading_system::ctcae5)] = true;
  // 1660.8 cells/uL: CTCAE v5 grade 1 only below an LLN.
  e.rows = {{"A", "770-8", "69.2", "%", "34"}, {"A", "6690-2", "2.4", "K/uL", "4"}};
  const auto own = e.classify();
  REQUIRE(own[0].status == row_status::ok);
  CHECK_FALSE(own[0].value.grades[static_cast<std::size_t>(grading_system::ctcae5)]);

  e.settings.default_lln = "1.8";  // --lln, in the reading's unit (the WBC's)
  const auto flag = e.classify();
  CHECK(flag[0].value.grades[static_cast<std::size_t>(grading_system::ctcae5)] == 1);

  // An ANC row with no value still gives the specimen's ANC reference.
  e.settings.default_lln.reset();
  e.rows.push_back({"A", "751-8", "", "K/uL", "2"});
  const auto anc_row = e.classify();
  REQUIRE(anc_row[0].status == row_status::ok);
  CHECK(anc_row[0].value.grades[static_cast<std::size_t>(grading_system::ctcae5)] == 1);
  e.rows.back()[4] = "1.6";  // 1660.8 is not below it
  CHECK(e.classify()[0].value.grades[static_cast<std::size_t>(grading_system::ctcae5)] == 0);
  CHECK(anc_row[2].status == row_status::error);  // its own row: no value
}

TEST_CASE("derive: what cannot be computed is an error naming the specimen", "[specimens]") {
  long_export e({"specimen_id", "loinc", "value", "unit"});
  e.rows = {
      {"NOWBC", "770-8", "20", "%"},     {"TWO", "6690-2", "4.6", "K/uL"},
      {"TWO", "6690-2", "5.1", "K/uL"},  {"TWO", "770-8", "20", "%"},
      {"UNIT", "6690-2", "4.6", "K/uL"}, {"UNIT", "770-8", "20", "K/uL"},
      {"SUM", "6690-2", "4.6", "K/uL"},  {"SUM", "770-8", "96", "%"},
      {"SUM", "764-1", "5", "%"},        {"", "770-8", "20", "%"},
      {"BAD", "6690-2", "abc", "K/uL"},  {"BAD", "770-8", "20", "%"},
  };
  const auto r = e.classify();
  CHECK(r[0].status == row_status::error);
  CHECK_THAT(r[0].error, Catch::Contains("specimen \"NOWBC\"") && Catch::Contains("no WBC"));
  CHECK(r[3].status == row_status::error);
  CHECK_THAT(r[3].error, Catch::Contains("specimen \"TWO\"") &&
                             Catch::Contains("\"4.6 K/uL\" (row 2)") &&
                             Catch::Contains("\"5.1 K/uL\" (row 3)"));
  CHECK_THAT(r[5].error,
             Catch::Contains("specimen \"UNIT\"") && Catch::Contains("not a percentage"));
  CHECK_THAT(r[7].error, Catch::Contains("specimen \"SUM\"") && Catch::Contains("100"));
  CHECK_THAT(r[9].error, Catch::Contains("specimen_id") && Catch::Contains("empty"));
  CHECK_THAT(r[11].error, Catch::Contains("specimen \"BAD\"") && Catch::Contains("\"abc\""));
}

TEST_CASE("derive without a specimen column: patient and the same instant", "[specimens]") {
  long_export e({"patient_id", "sample_date", "loinc", "value", "unit"});
  e.rows = {
      {"P1", "2024-01-02 10:00", "770-8", "20", "%"},
      {"P2", "2024-01-02 10:00", "6690-2", "9.9", "K/uL"},     // another patient
      {"P1", "2024-01-02T10:00:00", "6690-2", "4.6", "K/uL"},  // the same instant
      {"P1", "2024-01-02 10:01", "6690-2", "7.7", "K/uL"},     // another specimen
  };
  const auto r = e.classify();
  REQUIRE(r[0].status == row_status::ok);
  CHECK(r[0].value.anc.value == per_ul(920));
}
