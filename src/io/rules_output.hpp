#pragma once
// The rule tables of rules.hpp as text and JSON: `anc rules` prints them
// whole, and `--explain` prints them with the applied row marked. Every
// number shown is read from the tables, never restated.
#include <optional>
#include <string>

#include "anc/rules.hpp"

namespace anc::io {

/// Where a user reads the rules explained with their sources: the README,
/// and the seeds' quotes (named by their numbers in every source text).
inline constexpr std::string_view rules_reference =
    "Each rule is explained, with its source, in the README section \"The rules, and\n"
    "where they come from\"; the seeds are the clinical documents quoted in\n"
    "docs/sources.md.";

/// "500 ≤ ANC < 1000 cells/µL" for severity band `i`; the last band ends at
/// the neutropenia threshold: `threshold` when known, else the word.
auto severity_band_text(std::size_t i, std::optional<count> threshold = std::nullopt)
    -> std::string;

/// "< 3 months (0-91 days)" for duration band `i`.
auto duration_band_text(std::size_t i) -> std::string;

/// "ANC < 1000 cells/µL" for threshold rule `i`.
auto threshold_rule_text(std::size_t i) -> std::string;

/// `marker` is printed before the row of a table that applied, else blanks.
struct rule_marks {
  std::optional<std::size_t> threshold, severity, duration;
};

/// The threshold, severity and duration tables with sources, one row a line.
auto rule_tables_text(rule_marks marks, std::string_view marker) -> std::string;

/// Everything `anc rules` prints: the tables above plus age groups, fever and units.
auto rules_text() -> std::string;
auto rules_json() -> std::string;

}  // namespace anc::io
