// FHIR R4 input (SPEC §14): what is read of each resource, the exact value
// text, references, partial birth dates, and the translated records.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "anc/age.hpp"
#include "anc/date.hpp"
#include "engine/fhir_input.hpp"
#include "io/csv_reader.hpp"
#include "io/fhir_resources.hpp"

using namespace anc;
using namespace anc::io;
using namespace anc::engine;

namespace {

struct collected final : fhir_visitor {
  std::vector<fhir_observation> observations;
  std::vector<fhir_patient> patients;
  std::vector<fhir_report> reports;
  void observation(const fhir_observation& o) override { observations.push_back(o); }
  void patient(const fhir_patient& p) override { patients.push_back(p); }
  void report(const fhir_report& r) override { reports.push_back(r); }
};

/// Parses `json` (padded as the parser needs) into what it holds.
auto parse(const std::string& json, std::optional<fhir_parser::parse_error>* error = nullptr)
    -> collected {
  std::string padded = json + std::string(fhir_padding, ' ');
  fhir_parser parser;
  collected c;
  const auto e = parser.parse(std::string_view(padded.data(), json.size()), c);
  if (error != nullptr) *error = e;
  return c;
}

auto observation(const std::string& fields) -> fhir_observation {
  const collected c = parse(R"({"resourceType":"Observation","id":"o1")" + fields + "}");
  REQUIRE(c.observations.size() == 1);
  return c.observations.front();
}

/// The translated records of `documents`, as fields.
auto records(const std::vector<std::string>& documents) -> std::vector<std::vector<std::string>> {
  const std::string csv = translate_fhir_text(documents);
  csv_reader reader(byte_source::from_memory(csv), ',');
  record r;
  std::vector<std::vector<std::string>> out;
  REQUIRE(reader.next(r));  // the header
  CHECK(r.fields.size() == fhir_column_names.size());
  while (reader.next(r)) out.emplace_back(r.fields.begin(), r.fields.end());
  return out;
}

auto field(const std::vector<std::string>& rec, fhir_column c) -> const std::string& {
  return rec.at(index_of(c));
}

}  // namespace

TEST_CASE("a JSON number's text is its value, made a plain decimal", "[fhir]") {
  CHECK(plain_decimal("0.9") == "0.9");
  CHECK(plain_decimal("2.00") == "2.00");  // trailing zeros are the lab's precision
  CHECK(plain_decimal("1e3") == "1000");
  CHECK(plain_decimal("1.25E-1") == "0.125");
  CHECK(plain_decimal("0.5e1") == "5");
  CHECK(plain_decimal("-3.5e+2") == "-350");
  CHECK(plain_decimal("12") == "12");
  CHECK_FALSE(plain_decimal("1e99"));  // beyond any count
  CHECK_FALSE(plain_decimal("1."));
  CHECK_FALSE(plain_decimal("abc"));
}

TEST_CASE("references are looked up by Type/id however they are written", "[fhir]") {
  CHECK(reference_key("Patient/123") == "Patient/123");
  CHECK(reference_key("https://server/fhir/Patient/123") == "Patient/123");
  CHECK(reference_key("https://server/fhir/Patient/123/_history/2") == "Patient/123");
  CHECK(reference_key("urn:uuid:0a1b") == "urn:uuid:0a1b");
  CHECK(reference_key("#contained") == "#contained");
}

TEST_CASE("an Observation's value, comparator, unit, time and LLN as SPEC 14 reads them",
          "[fhir]") {
  const std::string loinc = R"(,"code":{"coding":[{"system":"http://x","code":"L1"},)"
                            R"({"system":"http://loinc.org","code":"751-8"}]})";
  SECTION("the LOINC coding, the UCUM code before the unit text") {
    const fhir_observation o =
        observation(loinc + R"(,"valueQuantity":{"value":0.9,"unit":"x10*9/L",)"
                            R"("system":"http://unitsofmeasure.org","code":"10*9/L"}})");
    CHECK(o.code == "751-8");
    CHECK(o.value == "0.9");
    CHECK(o.unit == "10*9/L");
    CHECK(o.problem.empty());
  }
  SECTION("a unit of another system is its unit text") {
    const fhir_observation o = observation(
        loinc +
        R"(,"valueQuantity":{"value":900,"unit":"cells/uL","system":"http://l","code":"C"}})");
    CHECK(o.unit == "cells/uL");
  }
  SECTION("comparators give the qualifier") {
    for (const auto& [comparator, prefix] : std::vector<std::pair<std::string, std::string>>{
             {"<", "<"}, {"<=", "<"}, {">", ">"}, {">=", ">"}}) {
      const fhir_observation o = observation(loinc +
                                             R"(,"valueQuantity":{"value":0.5,)"
                                             R"("comparator":")" +
                                             comparator + R"(","code":"10*9/L"}})");
      CHECK(o.value == prefix + "0.5");
    }
    CHECK_FALSE(
        observation(loinc + R"(,"valueQuantity":{"value":1,"comparator":"ad"}})").problem.empty());
  }
  SECTION("the time: effectiveDateTime, else effectivePeriod.start") {
    CHECK(observation(R"(,"effectiveDateTime":"2026-01-02T03:04:05Z")").effective ==
          "2026-01-02T03:04:05Z");
    CHECK(
        observation(R"(,"effectivePeriod":{"end":"2026-02-01","start":"2026-01-31"})").effective ==
        "2026-01-31");
  }
  SECTION("referenceRange.low is the LLN, with its unit") {
    CHECK(observation(R"(,"referenceRange":[{"high":{"value":7.5}},)"
                      R"({"low":{"value":2.0,"unit":"x","system":"http://unitsofmeasure.org",)"
                      R"("code":"10*9/L"}}])")
              .lln == "2.0 10*9/L");
  }
  SECTION("no value, and why") {
    CHECK(observation(R"(,"dataAbsentReason":{"coding":[{"code":"not-performed"}]})")
              .problem.find("not-performed") != std::string::npos);
    CHECK(observation(R"(,"valueString":"high")").problem.find("valueString") != std::string::npos);
    CHECK(observation("").problem == "the Observation has no valueQuantity.value");
  }
  SECTION("subject, specimen and status") {
    const fhir_observation o =
        observation(R"(,"status":"cancelled","subject":{"reference":"Patient/p"},)"
                    R"("specimen":{"reference":"Specimen/s","display":"blood"})");
    CHECK(o.status == "cancelled");
    CHECK(o.subject == "Patient/p");
    CHECK(o.specimen == "Specimen/s");
  }
  SECTION("an element of the wrong type is the Observation's problem, not malformed JSON") {
    std::optional<fhir_parser::parse_error> e;
    const collected c = parse(R"({"resourceType":"Observation","id":"x","subject":5})", &e);
    CHECK_FALSE(e);
    REQUIRE(c.observations.size() == 1);
    CHECK(c.observations[0].malformed.find("subject is not an object") != std::string::npos);
  }
}

TEST_CASE("a Bundle's entries in order; Patients and reports beside them", "[fhir]") {
  const collected c = parse(R"({"resourceType":"Bundle","entry":[
    {"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"p","birthDate":"2019"}},
    {"resource":{"resourceType":"Observation","id":"a"}},
    {"resource":{"resourceType":"DiagnosticReport","id":"r","effectiveDateTime":"2026-01-01",
                 "result":[{"reference":"Observation/a"},{"reference":"http://s/Observation/b"}]}},
    {"resource":{"resourceType":"Observation","id":"b"}}]})");
  REQUIRE(c.observations.size() == 2);
  CHECK(c.observations[0].id == "a");
  CHECK(c.observations[0].entry == 2);
  CHECK(c.observations[1].id == "b");
  REQUIRE(c.patients.size() == 1);
  CHECK(c.patients[0].refs == std::vector<std::string>{"Patient/p", "urn:uuid:1"});
  CHECK(c.patients[0].birth_date == "2019");
  REQUIRE(c.reports.size() == 1);
  CHECK(c.reports[0].results == std::vector<std::string>{"Observation/a", "Observation/b"});
}

TEST_CASE("malformed JSON anywhere in a document is found, with its offset", "[fhir]") {
  for (const std::string bad :
       {R"({"resourceType":"Patient","x":tru})", R"({"resourceType":"Patient","text":{"div":01}})",
        R"({"resourceType":"Observation",})", R"([1,2])", R"({"resourceType":"Observation"} {})"}) {
    CAPTURE(bad);
    std::optional<fhir_parser::parse_error> e;
    parse(bad, &e);
    CHECK(e);
  }
}

TEST_CASE("translated records: one per Observation, in order, resolved", "[fhir]") {
  const std::string patient = R"({"resourceType":"Patient","id":"p","birthDate":"2019-05"})";
  const std::string report =
      R"({"resourceType":"DiagnosticReport","id":"r","effectiveDateTime":"2026-03-01",)"
      R"("result":[{"reference":"Observation/a"}]})";
  const std::string a =
      R"({"resourceType":"Observation","id":"a","subject":{"reference":"Patient/p"},)"
      R"("valueQuantity":{"value":0.4,"code":"10*9/L","system":"http://unitsofmeasure.org"}})";
  const std::string b = R"({"resourceType":"Observation","id":"b","status":"entered-in-error",)"
                        R"("subject":{"reference":"Patient/q"},"effectiveDateTime":"2026-03-02"})";
  // The Patient and the report after the Observations: found all the same.
  const auto recs = records({a + "\n" + b + "\n{not json\n" + report + "\n" + patient + "\n"});
  REQUIRE(recs.size() == 3);
  CHECK(field(recs[0], fhir_column::resource_id) == "a");
  CHECK(field(recs[0], fhir_column::effective) == "2026-03-01");
  CHECK(field(recs[0], fhir_column::birth_date) == "2019-05");
  CHECK(field(recs[0], fhir_column::patient_id) == "p");
  CHECK(field(recs[0], fhir_column::specimen) == "DiagnosticReport/r");
  CHECK(field(recs[0], fhir_column::where) == "input 1 line 1");
  CHECK(field(recs[1], fhir_column::skip) == "status entered-in-error");
  CHECK(field(recs[1], fhir_column::specimen) == "Patient/q at 2026-03-02");
  CHECK(field(recs[2], fhir_column::resource_id).empty());
  CHECK(field(recs[2], fhir_column::problem).find("malformed JSON at byte") == 0);
  CHECK(field(recs[2], fhir_column::where) == "input 1 line 3");
}

TEST_CASE("a Patient with two birth dates is a contradiction, not settled", "[fhir]") {
  const auto recs = records({R"({"resourceType":"Patient","id":"p","birthDate":"2019"})",
                             R"({"resourceType":"Patient","id":"p","birthDate":"2018"})",
                             R"({"resourceType":"Observation","id":"a",)"
                             R"("subject":{"reference":"Patient/p"}})"});
  REQUIRE(recs.size() == 1);
  // An error row if its code is classified (tests/cli: batch_fhir_conflicts).
  CHECK(field(recs[0], fhir_column::value_problem).find("two birth dates") != std::string::npos);
  CHECK(field(recs[0], fhir_column::problem).empty());
}

TEST_CASE("a partial birth date decides the age group only when it can", "[fhir][age]") {
  CHECK(parse_partial_date("2019").value.first == date{2019, 1, 1});
  CHECK(parse_partial_date("2019").value.last == date{2019, 12, 31});
  CHECK(parse_partial_date("2024-02").value.last == date{2024, 2, 29});
  CHECK(parse_partial_date("2024-02-10").value.first == date{2024, 2, 10});
  CHECK_FALSE(parse_partial_date("2024-13"));
  CHECK_FALSE(parse_partial_date("20x4"));

  // Born in 2000: an adult in 2026 whatever the day; the youngest age, censored.
  const age_result adult = age_from_birth_range({{2000, 1, 1}, {2000, 12, 31}}, {2026, 1, 1});
  REQUIRE(adult);
  CHECK(adult.value.group == age_group::adult);
  CHECK(adult.value.censored);
  CHECK(adult.value.days == age_from_dates({2000, 12, 31}, {2026, 1, 1}).value.days);
  // Born in 2025, sampled on 1 June 2026: infant or child.
  CHECK(age_from_birth_range({{2025, 1, 1}, {2025, 12, 31}}, {2026, 6, 1}).ec ==
        age_error::birth_undecided);
  // Born in May 2025, sampled in March 2026: an infant either way.
  CHECK(age_from_birth_range({{2025, 5, 1}, {2025, 5, 31}}, {2026, 3, 1}).value.group ==
        age_group::infant);
  // Days after the sample are not possible births.
  const age_result newborn = age_from_birth_range({{2026, 3, 1}, {2026, 3, 31}}, {2026, 3, 5});
  REQUIRE(newborn);
  CHECK(newborn.value.group == age_group::neonate);
  CHECK(age_from_birth_range({{2026, 4, 1}, {2026, 4, 30}}, {2026, 3, 5}).ec ==
        age_error::dates_reversed);
  // 17 or 18 years old: child or adult.
  CHECK(age_from_birth_range({{2008, 1, 1}, {2008, 12, 31}}, {2026, 6, 1}).ec ==
        age_error::birth_undecided);
}
