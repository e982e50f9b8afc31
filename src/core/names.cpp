// The texts of notes and errors of the core (the output names of its enums
// are constexpr, in classify.hpp).
#include "anc/classify.hpp"

namespace anc {

auto to_string(note n) noexcept -> std::string_view {
  switch (n) {
    case note::neonate_daids:
      return "neonatal ANC reference ranges are much higher in the first days of life; the "
             "first-year threshold is applied here, and the DAIDS grading (daids21) has neonatal "
             "bands";
    case note::user_threshold:
      return "the threshold was set for this run and replaces the age rule";
    case note::censored_below:
      return "the value is censored ('<'): it was classified as a value just below the bound, "
             "so the true severity is at least the one shown";
    case note::censored_above:
      return "the value is censored ('>'): it was classified as a value just above the bound, "
             "so the true severity is at most the one shown";
    case note::febrile_neutropenia:
      return "fever in a neutropenic patient needs prompt medical review [seed 000]";
    case note::febrile_agranulocytosis:
      return "febrile agranulocytosis: agranulocytosis combined with fever [seed 002]";
    case note::ctcae_needs_lln:
      return "CTCAE v4/v5 grade not given: the lab's lower limit of normal (LLN), for the run "
             "or for each reading, is needed to tell grade 0 from grade 1";
    case note::daids_needs_age:
      return "DAIDS grade not given: it depends on the age in days, and there is none";
    case note::duration_not_neutropenic:
      return "a duration was given, but the reading is not neutropenic, so no duration class "
             "is reported";
  }
  return "?";
}

auto to_string(classify_error e) noexcept -> std::string_view {
  switch (e) {
    case classify_error::none: return "no error";
    case classify_error::no_threshold:
      return "no age and no threshold set: the threshold depends on age";
  }
  return "?";
}

auto to_string(fever_error e) noexcept -> std::string_view {
  switch (e) {
    case fever_error::none: return "no error";
    case fever_error::empty: return "is empty";
    case fever_error::not_understood:
      return "is neither true/false/yes/no/1/0 nor a temperature in degrees Celsius";
    case fever_error::implausible:
      return "is not a plausible body temperature in degrees Celsius (Fahrenheit is not accepted)";
  }
  return "?";
}

}  // namespace anc
