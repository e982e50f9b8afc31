#include "engine/messages.hpp"

#include <fmt/format.h>

#include "anc/rules.hpp"
#include "io/fmt_names.hpp"

namespace anc::engine {

auto describe_implausible_birth(std::string_view dob_subject, std::string_view dob_text,
                                std::string_view date_subject, std::string_view date_text)
    -> std::string {
  return fmt::format(
      "{} \"{}\" is more than {} years before {} \"{}\": not a plausible date of birth. "
      "De-identified exports shift the birth dates of their oldest patients (MIMIC-III moves "
      "those over 89 about 300 years back), so this patient is likely an adult: pass "
      "--deidentified-ages to read such ages as over 89 years, or give such rows an age "
      "instead of a date of birth",
      dob_subject, printable(dob_text), max_age_years, date_subject, printable(date_text));
}

namespace {

// The core's texts name no flag; these add the flag that fixes the problem.
auto number_problem(decimal_error e) -> std::string_view {
  switch (e) {
    case decimal_error::decimal_comma:
      return "has a decimal comma; pass --decimal-comma to read ',' as the decimal separator";
    case decimal_error::point_in_comma_mode:
      return "has a '.' but --decimal-comma was given; write the number with ',' as the decimal "
             "separator";
    case decimal_error::none:
    case decimal_error::empty:
    case decimal_error::not_a_number:
    case decimal_error::not_finite:
    case decimal_error::negative:
    case decimal_error::grouping:
    case decimal_error::too_large: break;
  }
  return to_string(e);
}

auto unit_problem(unit_error e) -> std::string_view {
  if (e == unit_error::percentage)
    return "is a percentage, not a count (an ANC needs the WBC: --wbc with --segs, or wbc and "
           "segs columns)";
  return to_string(e);
}

auto unit_text(unit u) -> std::string {
  if (u.exp10 == 0) return "cells/\u00b5L";
  if (u.exp10 == 3) return "\u00d710\u2079/L";
  if (u.exp10 == -6) return "/L";
  return fmt::format("10^{} cells/\u00b5L", u.exp10);
}

}  // namespace

auto describe_count_error(std::string_view subject, std::string_view text, const parse_result& r,
                          std::optional<unit> assumed) -> std::string {
  const std::string shown = printable(text);
  text = shown;
  switch (r.ec) {
    case parse_error::bad_number:
      return fmt::format("{} \"{}\" {}", subject, text, number_problem(r.number_ec));
    case parse_error::bad_unit:
      return fmt::format("{} \"{}\": the unit {}", subject, text, unit_problem(r.unit_ec));
    case parse_error::ambiguous: {
      const count as_thousands{r.q.bound.milli_per_ul * milli_per_cell};
      const std::string_view t = trim(text);
      return fmt::format(
          "{} \"{}\" has no unit: {} cells/\u00b5L or {} \u00d710\u2079/L = {} cells/\u00b5L? "
          "give a unit (e.g. {}x10^9/L or {}/uL) or pass --unit",
          subject, text, r.q.bound, r.q.bound, as_thousands, t, t);
    }
    case parse_error::missing_unit:
      return fmt::format(
          "{} \"{}\" has no unit, and there is no unit column value or --unit; a unit is never "
          "guessed",
          subject, text);
    case parse_error::too_large:
      if (!r.unit_given && assumed && assumed->exp10 != 0)
        return fmt::format(
            "{} \"{}\" has no unit of its own, so it was read in {}, the reading's unit: above "
            "the plausible maximum of {} cells/\u00b5L; give it its own unit (e.g. {}/uL)",
            subject, text, unit_text(*assumed), count_limit, trim(text));
      return fmt::format("{} \"{}\" is above the plausible maximum of {} cells/\u00b5L", subject,
                         text, count_limit);
    case parse_error::none:
    case parse_error::empty:
    case parse_error::below_zero: break;
  }
  return fmt::format("{} \"{}\" {}", subject, text, to_string(r.ec));
}

auto describe_unit_error(std::string_view subject, std::string_view text, unit_error e)
    -> std::string {
  const std::string shown = printable(text);
  text = shown;
  return fmt::format("{} \"{}\" {}", subject, text, unit_problem(e));
}

auto describe_age_error(std::string_view subject, std::string_view text, age_error ec,
                        decimal_error number_ec) -> std::string {
  const std::string shown = printable(text);
  text = shown;
  switch (ec) {
    case age_error::bad_number:
      return fmt::format("{} \"{}\" {}", subject, text, number_problem(number_ec));
    case age_error::bare_number:
      return fmt::format("{} \"{}\" is a bare number with no unit; write {}d, {}w, {}m or {}y",
                         subject, text, text, text, text, text);
    case age_error::too_long:
      return fmt::format("{} \"{}\" is more than {} years", subject, text, max_age_years);
    case age_error::none:
    case age_error::empty:
    case age_error::unknown_unit:
    case age_error::bad_order:
    case age_error::dates_reversed:
    case age_error::censored_undecided:
    case age_error::birth_undecided: break;
  }
  return fmt::format("{} \"{}\" {}", subject, text, to_string(ec));
}

auto describe_time_error(std::string_view subject, std::string_view text, time_error e, bool offset)
    -> std::string {
  const std::string shown = printable(text);
  if (offset)
    return fmt::format(
        "{} \"{}\" is not an offset: --time-unit reads a number such as 1440 or -30.5 (up to "
        "nine digits and three decimals){}",
        subject, shown,
        e == time_error::bad_format && parse_sample_time(text)
            ? "; this is a date-time: drop --time-unit to read it as one"
            : "");
  return fmt::format("{} \"{}\" {}{}", subject, shown, to_string(e),
                     e == time_error::bad_format && parse_time_offset(text, time_unit::minute)
                         ? "; a number is an offset: say its unit with --time-unit min, h or d"
                         : "");
}

auto describe_missing_series_value(std::string_view what, std::string_view column) -> std::string {
  return fmt::format(
      "no {}: column \"{}\" is empty, and series mode (--series) needs each row's patient and "
      "sample time",
      what, column);
}

auto describe_date_error(std::string_view subject, std::string_view text, date_error e)
    -> std::string {
  const std::string shown = printable(text);
  text = shown;
  return fmt::format("{} \"{}\" {}", subject, text, to_string(e));
}

auto describe_percent_error(std::string_view subject, std::string_view text,
                            const percent_result& r) -> std::string {
  const std::string shown = printable(text);
  text = shown;
  const auto why =
      r.ec == percent_error::bad_number ? number_problem(r.number_ec) : to_string(r.ec);
  return fmt::format("{} \"{}\" {}", subject, text, why);
}

auto describe_censored_threshold(std::string_view subject, std::string_view text) -> std::string {
  return fmt::format("{} \"{}\" cannot be censored", subject, printable(text));
}

auto describe_inexact(std::string_view subject, std::string_view text) -> std::string {
  return fmt::format(
      "{} \"{}\" must be an exact value: not censored, and no finer than a thousandth of a "
      "cell/\u00b5L",
      subject, printable(text));
}

auto describe_fever_error(std::string_view subject, std::string_view text, fever_error e)
    -> std::string {
  const std::string shown = printable(text);
  text = shown;
  return fmt::format("{} \"{}\" {}", subject, text, to_string(e));
}

}  // namespace anc::engine
