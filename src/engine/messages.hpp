#pragma once
// Error messages for bad input, shared by `classify` (which names a flag)
// and `batch` (which names a column): the subject, the value as written,
// the problem, and what would have been accepted. The core's texts name
// no flag; the fixes that do are added here, above the core and io.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "anc/age.hpp"
#include "anc/classify.hpp"
#include "anc/date.hpp"
#include "anc/differential.hpp"
#include "anc/quantity.hpp"
#include "anc/sample_time.hpp"
#include "io/text.hpp"

namespace anc::engine {

/// The accepted forms, one line each, for a message's second half.
inline constexpr std::string_view value_forms =
    "accepted: a decimal number with an optional '<' or '>' and a unit, e.g. 800, 800/uL, "
    "0.8x10^9/L, 1.5e9/L, '<0.1 K/uL' (units: anc rules)";
inline constexpr std::string_view unit_forms =
    "accepted units: /uL, cells/uL, /mm3, 10^9/L, x10^9/L, G/L, /nL, 10^3/uL, K/uL, /L, ... "
    "(all: anc rules)";
inline constexpr std::string_view age_forms =
    "accepted: <number><unit> with unit d, w, m or mo, y (or day(s), week(s), month(s), "
    "year(s)), compounds such as 1y6m";
inline constexpr std::string_view duration_forms =
    "accepted: <number><unit> with unit d, w, m or mo, y, e.g. 91d, 13w, 4m, 1y6m";
inline constexpr std::string_view date_forms =
    "accepted: an ISO 8601 date, YYYY-MM-DD (a date-time such as 2148-08-16 00:00:00 reads as "
    "its date)";
inline constexpr std::string_view percent_forms =
    "accepted: a percentage from 0 to 100, e.g. 62 or 62.5%";
inline constexpr std::string_view fever_forms =
    "accepted: yes/no/true/false/1/0, or a temperature in \u00b0C such as 38.5";
/// The same for the --fever flag of classify, batch and check.
inline constexpr std::string_view fever_flag_forms =
    "accepted: --fever alone (yes), or --fever=V with V yes/no/true/false/1/0 or a temperature "
    "in \u00b0C such as 38.5";

using io::counted;
using io::printable;

/// A date of birth more than 130 years before the sample (SPEC §2), with
/// its likely cause: a de-identified export's shifted birth dates.
auto describe_implausible_birth(std::string_view dob_subject, std::string_view dob_text,
                                std::string_view date_subject, std::string_view date_text)
    -> std::string;

/// `subject` is how the input is named: `VALUE`, `--age`, `column "anc"`.
/// `assumed`: the unit a value without one of its own was read in, named
/// when that is what made it implausible (an LLN of 1800 in ×10⁹/L).
auto describe_count_error(std::string_view subject, std::string_view text, const parse_result& r,
                          std::optional<unit> assumed = std::nullopt) -> std::string;
auto describe_unit_error(std::string_view subject, std::string_view text, unit_error e)
    -> std::string;
auto describe_age_error(std::string_view subject, std::string_view text, age_error ec,
                        decimal_error number_ec) -> std::string;
/// A sample time of a series that cannot be read: the value, why, and
/// what is accepted (dates and date-times, or offsets with --time-unit).
auto describe_time_error(std::string_view subject, std::string_view text, time_error e, bool offset)
    -> std::string;
/// A row of a series with no patient or no sample time: the column that is
/// empty (`subject`: column "x") and what series mode needs.
auto describe_missing_series_value(std::string_view what, std::string_view column) -> std::string;

auto describe_date_error(std::string_view subject, std::string_view text, date_error e)
    -> std::string;
auto describe_percent_error(std::string_view subject, std::string_view text,
                            const percent_result& r) -> std::string;
/// A value that must be exact (an LLN) but is censored or finer than 1/1000.
auto describe_inexact(std::string_view subject, std::string_view text) -> std::string;
/// A threshold given as "<500": a threshold must be a plain count.
auto describe_censored_threshold(std::string_view subject, std::string_view text) -> std::string;
auto describe_fever_error(std::string_view subject, std::string_view text, fever_error e)
    -> std::string;

}  // namespace anc::engine
