// Column roles from header names (SPEC §7).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "io/columns.hpp"

using namespace anc::io;

namespace {
auto roles_of(std::vector<std::string_view> header, role_overrides o = {}) -> roles_result {
  return find_roles(header, o);
}
}  // namespace

TEST_CASE("header names are case- and punctuation-insensitive", "[columns]") {
  CHECK(normalise_header("Absolute_Neutrophil Count") == "absoluteneutrophilcount");
  CHECK(normalise_header("NEUT#") == "neut#");
  CHECK(normalise_header("Neut %") == "neut%");
  CHECK(normalise_header("patient-id") == "patientid");
}

TEST_CASE("every SPEC §7 alias finds its role", "[columns]") {
  auto [name, r] = GENERATE(table<std::string, role>({
      {"ANC", role::anc},
      {"neutrophils_abs", role::anc},
      {"abs_neut", role::anc},
      {"Absolute Neutrophil Count", role::anc},
      {"neut#", role::anc},
      {"patient_id", role::patient},
      {"MRN", role::patient},
      {"subject_id", role::patient},
      {"sample_date", role::date},
      {"collection_date", role::date},
      {"specimen_date", role::date},
      {"dob", role::dob},
      {"birth_date", role::dob},
      {"date_of_birth", role::dob},
      {"unit", role::unit},
      {"units", role::unit},
      {"UOM", role::unit},
      {"loinc", role::code},
      {"test_code", role::code},
      {"code", role::code},
      {"lln", role::lln},
      {"ref_low", role::lln},
      {"reference_low", role::lln},
      {"ref_range_lower", role::lln},
      {"lower_limit", role::lln},
      {"age", role::age},
      {"age_days", role::age},
      {"value", role::value},
  }));
  const auto found = roles_of({"x", name});
  INFO(name);
  REQUIRE(found.ok());
  CHECK(found.roles.of(r) == std::size_t{1});
}

TEST_CASE("each alias belongs to one role, and is in normalised form", "[columns]") {
  // find_roles takes a column's first matching alias as its only one.
  for (std::size_t i = 0; i < role_aliases.size(); ++i) {
    INFO(role_aliases[i].alias);
    CHECK(normalise_header(role_aliases[i].alias) == role_aliases[i].alias);
    for (std::size_t j = i + 1; j < role_aliases.size(); ++j)
      CHECK(role_aliases[i].alias != role_aliases[j].alias);
  }
}

TEST_CASE("a header of many columns finds its roles, the last column too", "[columns]") {
  std::vector<std::string> names;
  for (int i = 0; i < 100000; ++i) names.push_back("c" + std::to_string(i));
  names.emplace_back("Age (years)");
  std::vector<std::string_view> header(names.begin(), names.end());
  header.insert(header.begin(), "ANC");
  const auto found = roles_of(header);
  REQUIRE(found.ok());
  CHECK(found.roles.of(role::anc) == std::size_t{0});
  CHECK(found.roles.of(role::age) == header.size() - 1);
  CHECK(found.roles.age_unit_from_name == anc::age_unit::year);
  CHECK_FALSE(found.roles.of(role::unit).has_value());
}

TEST_CASE("an age column's name gives the unit of its bare numbers", "[columns]") {
  CHECK(roles_of({"age_days"}).roles.age_unit_from_name == anc::age_unit::day);
  CHECK(roles_of({"Age (weeks)"}).roles.age_unit_from_name == anc::age_unit::week);
  CHECK(roles_of({"age_months"}).roles.age_unit_from_name == anc::age_unit::month);
  CHECK(roles_of({"AGE_YEARS"}).roles.age_unit_from_name == anc::age_unit::year);
  CHECK_FALSE(roles_of({"age"}).roles.age_unit_from_name);
}

TEST_CASE("neut% is a percentage, not the ANC", "[columns]") {
  const auto found = roles_of({"neut%", "wbc"});
  CHECK_FALSE(found.roles.of(role::anc));
  CHECK(found.roles.of(role::segs) == std::size_t{0});
}

TEST_CASE("two columns for one role is fatal and names both", "[columns]") {
  const auto found = roles_of({"anc", "x", "ABS_NEUT"});
  CHECK(found.problem == roles_problem::two_columns);
  CHECK(found.problem_role == role::anc);
  CHECK(found.columns == std::array<std::size_t, 2>{0, 2});
}

TEST_CASE("overrides pick a column by name and settle clashes", "[columns]") {
  role_overrides o;
  o[static_cast<std::size_t>(role::anc)] = "ABS_NEUT";
  const auto found = roles_of({"anc", "x", "ABS_NEUT"}, o);
  REQUIRE(found.ok());
  CHECK(found.roles.of(role::anc) == std::size_t{2});

  role_overrides missing;
  missing[static_cast<std::size_t>(role::unit)] = "nope";
  const auto not_found = roles_of({"anc"}, missing);
  CHECK(not_found.problem == roles_problem::no_such_column);
  CHECK(not_found.problem_role == role::unit);
}
