// The texts of notes and errors of the core (the output names of its enums
// are constexpr, in classify.hpp).
#include <array>
#include "anc/classify.hpp"
#include "anc/enum_table.hpp"

namespace anc {

constexpr std::array<enum_name<note>, 10> note_names{{
    {note::neonate_daids,
     "neonatal ANC reference ranges are much higher in the first days of life; the "
     "first-year threshold is applied here, and the DAIDS grading (daids21) has neonatal "
     "bands"},
    {note::user_threshold, "the threshold was set for this run and replaces the age rule"},
    {note::censored_below,
     "the value is censored ('<'): it was classified as a value just below the bound, "
     "so the true severity is at least the one shown"},
    {note::censored_above,
     "the value is censored ('>'): it was classified as a value just above the bound, "
     "so the true severity is at most the one shown"},
    {note::febrile_neutropenia,
     "fever in a neutropenic patient needs prompt medical review [seed 000]"},
    {note::febrile_agranulocytosis,
     "febrile agranulocytosis: agranulocytosis combined with fever [seed 002]"},
    {note::ctcae_needs_lln,
     "CTCAE v4/v5 grade not given: the lab's lower limit of normal (LLN), for the run "
     "or for each reading, is needed to tell grade 0 from grade 1"},
    {note::daids_needs_age,
     "DAIDS grade not given: it depends on the age in days, and there is none"},
    {note::age_censored,
     "the age is censored ('>'): the patient is older than the age shown, which decides "
     "the age group; age_days is the bound"},
    {note::duration_not_neutropenic,
     "a duration was given, but the reading is not neutropenic, so no duration class "
     "is reported"},
}};
static_assert(in_enum_order(note_names, &enum_name<note>::value, note::duration_not_neutropenic));
auto to_string(note n) noexcept -> std::string_view {
  return name_in(note_names, n, &enum_name<note>::name);
}

constexpr std::array<enum_name<classify_error>, 2> classify_error_names{{
    {classify_error::none, "no error"},
    {classify_error::no_threshold, "no age and no threshold set: the threshold depends on age"},
}};
static_assert(in_enum_order(classify_error_names, &enum_name<classify_error>::value,
                            classify_error::no_threshold));
auto to_string(classify_error e) noexcept -> std::string_view {
  return name_in(classify_error_names, e, &enum_name<classify_error>::name);
}

constexpr std::array<enum_name<fever_error>, 4> fever_error_names{{
    {fever_error::none, "no error"},
    {fever_error::empty, "is empty"},
    {fever_error::not_understood,
     "is neither true/false/yes/no/1/0 nor a temperature in degrees Celsius"},
    {fever_error::implausible,
     "is not a plausible body temperature in degrees Celsius (Fahrenheit is not accepted)"},
}};
static_assert(in_enum_order(fever_error_names, &enum_name<fever_error>::value,
                            fever_error::implausible));
auto to_string(fever_error e) noexcept -> std::string_view {
  return name_in(fever_error_names, e, &enum_name<fever_error>::name);
}

}  // namespace anc
