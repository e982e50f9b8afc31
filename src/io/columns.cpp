#include "io/columns.hpp"

namespace anc::io {

// SPEC §7 names the first aliases of each role; the rest are spellings seen
// in real exports (MIMIC: valueuom, charttime, ref_range_lower; eICU,
// FHIR flattenings). Documented in the README; one place.
const std::vector<role_alias> role_aliases{
    {role::anc, "anc", {}},
    {role::anc, "neutrophilsabs", {}},
    {role::anc, "absneut", {}},
    {role::anc, "absoluteneutrophilcount", {}},
    {role::anc, "absoluteneutrophils", {}},
    {role::anc, "neut#", {}},
    {role::anc, "neutrophils#", {}},
    {role::anc, "ancvalue", {}},
    {role::value, "value", {}},
    {role::value, "result", {}},
    {role::value, "resultvalue", {}},
    {role::value, "valuequantity", {}},
    {role::unit, "unit", {}},
    {role::unit, "units", {}},
    {role::unit, "uom", {}},
    {role::unit, "valueuom", {}},
    {role::unit, "unitofmeasure", {}},
    {role::age, "age", {}},
    {role::age, "agedays", age_unit::day},
    {role::age, "ageweeks", age_unit::week},
    {role::age, "agemonths", age_unit::month},
    {role::age, "ageyears", age_unit::year},
    {role::dob, "dob", {}},
    {role::dob, "birthdate", {}},
    {role::dob, "dateofbirth", {}},
    {role::date, "sampledate", {}},
    {role::date, "collectiondate", {}},
    {role::date, "specimendate", {}},
    {role::date, "charttime", {}},
    {role::date, "effectivedatetime", {}},
    {role::patient, "patientid", {}},
    {role::patient, "mrn", {}},
    {role::patient, "subjectid", {}},
    {role::lln, "lln", {}},
    {role::lln, "reflow", {}},
    {role::lln, "referencelow", {}},
    {role::lln, "refrangelower", {}},
    {role::lln, "lowerlimit", {}},
    {role::fever, "fever", {}},
    {role::fever, "febrile", {}},
    {role::fever, "temperature", {}},
    {role::wbc, "wbc", {}},
    {role::wbc, "whitebloodcells", {}},
    {role::wbc, "leukocytes", {}},
    {role::segs, "segs", {}},
    {role::segs, "neutpct", {}},
    {role::segs, "neut%", {}},
    {role::segs, "neutrophils%", {}},
    {role::segs, "neutrophilspct", {}},
    {role::segs, "polys", {}},
    {role::bands, "bands", {}},
    {role::bands, "bandspct", {}},
    {role::bands, "bands%", {}},
    {role::code, "loinc", {}},
    {role::code, "testcode", {}},
    {role::code, "code", {}},
    {role::code, "loinccode", {}},
    {role::duration, "duration", {}},
    {role::duration, "neutropeniaduration", {}},
    {role::onset, "onset", {}},
    {role::onset, "onsetdate", {}},
};

auto name_of(role r) noexcept -> std::string_view {
  switch (r) {
    case role::anc: return "ANC";
    case role::value: return "value";
    case role::unit: return "unit";
    case role::age: return "age";
    case role::dob: return "date of birth";
    case role::date: return "sample date";
    case role::patient: return "patient";
    case role::lln: return "LLN";
    case role::fever: return "fever";
    case role::wbc: return "WBC";
    case role::segs: return "segmented neutrophils %";
    case role::bands: return "bands %";
    case role::code: return "test code";
    case role::duration: return "duration of the neutropenia";
    case role::onset: return "onset date";
  }
  return "?";
}

auto normalise_header(std::string_view name) -> std::string {
  std::string out;
  out.reserve(name.size());
  for (const char c : name) {
    if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '#' || c == '%' ||
             static_cast<unsigned char>(c) >= 0x80)
      out += c;
  }
  return out;
}

auto find_roles(const std::vector<std::string_view>& header, const role_overrides& overrides)
    -> roles_result {
  roles_result out;
  std::vector<std::string> normalised;
  normalised.reserve(header.size());
  for (const auto h : header) normalised.push_back(normalise_header(h));
  // Each column's alias, looked up once: a header of a million columns
  // must not cost roles x columns x aliases comparisons.
  std::vector<const role_alias*> alias_of(header.size(), nullptr);
  for (std::size_t i = 0; i < header.size(); ++i)
    for (const auto& a : role_aliases)
      if (a.alias == normalised[i]) {
        alias_of[i] = &a;
        break;
      }

  for (std::size_t r = 0; r < role_count; ++r) {
    const auto this_role = static_cast<role>(r);
    if (const auto& name = overrides[r]) {
      std::optional<std::size_t> found;
      for (std::size_t i = 0; i < header.size() && !found; ++i)
        if (header[i] == *name) found = i;
      const std::string wanted = normalise_header(*name);
      for (std::size_t i = 0; i < header.size() && !found; ++i)
        if (normalised[i] == wanted) found = i;
      if (!found) {
        out.problem = roles_problem::no_such_column;
        out.problem_role = this_role;
        return out;
      }
      out.roles.index[r] = found;
      if (this_role == role::age)
        for (const auto& a : role_aliases)
          if (a.r == role::age && a.alias == normalised[*found])
            out.roles.age_unit_from_name = a.age_in;
      continue;
    }
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (const auto* a = alias_of[i]; a != nullptr && a->r == this_role) {
        if (const auto previous = out.roles.index[r]) {
          out.problem = roles_problem::two_columns;
          out.problem_role = this_role;
          out.columns = {*previous, i};
          return out;
        }
        out.roles.index[r] = i;
        if (this_role == role::age) out.roles.age_unit_from_name = a->age_in;
      }
    }
  }
  return out;
}

}  // namespace anc::io
