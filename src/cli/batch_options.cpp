#include "cli/batch_options.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>

#include "engine/messages.hpp"
#include "io/anc_codes.hpp"

namespace anc::cli {
namespace {

// The flags that name each role's column, in role order.
constexpr std::array<std::string_view, io::role_count> role_flags{
    "--anc-col",        "--value-col",       "--unit-col",    "--age-col",      "--dob-col",
    "--date-col",       "--patient-col",     "--lln-col",     "--fever-col",    "--wbc-col",
    "--segs-col",       "--bands-col",       "--code-col",    "--duration-col", "--onset-col",
    "--anchor-age-col", "--anchor-year-col", "--specimen-col"};
static_assert(std::none_of(role_flags.begin(), role_flags.end(),
                           [](std::string_view f) { return f.empty(); }),
              "every role needs its flag here");

auto parse_delimiter(const std::string& d) -> char {
  if (d == "tab" || d == "\\t" || d == "\t") return '\t';
  if (d.size() == 1 && d != "\"" && d != "\n" && d != "\r") return d[0];
  throw usage_error{fmt::format(
      "--delimiter \"{}\" must be one character (or \"tab\"), not a quote or line end", d)};
}

auto parse_age_unit(const std::string& u) -> age_unit {
  const age_result a = parse_age("1" + u);
  if (a)
    for (const age_unit candidate :
         {age_unit::day, age_unit::week, age_unit::month, age_unit::year})
      if (parse_age("1", {candidate}).value.exact == a.value.exact) return candidate;
  throw usage_error{fmt::format("--age-unit \"{}\": use d, w, m or y", u)};
}

auto settings_from(const input_options& o) -> engine::batch_settings {
  engine::batch_settings s;
  s.decimal_comma = o.decimal_comma;
  if (o.unit) {
    const unit_result u = parse_unit(*o.unit);
    if (!u) throw usage_error{engine::describe_unit_error("--unit", *o.unit, u.ec)};
    s.default_unit = u.value;
  }
  if (o.age_unit) s.bare_age_unit = parse_age_unit(*o.age_unit);
  if (o.age) {
    const age_result a = parse_age(*o.age, {std::nullopt, o.decimal_comma});
    if (!a) throw usage_error{engine::describe_age_error("--age", *o.age, a.ec, a.number_ec)};
    s.default_age = a.value;
  }
  if (o.threshold) {
    const threshold_flag t = read_threshold_flag(
        *o.threshold, {o.decimal_comma, std::nullopt, unitless_policy::terminal});
    if (!t.error.empty()) throw usage_error{t.error};
    s.threshold = t.value;
  }
  if (o.anc_codes) {
    s.anc_codes = split_list(*o.anc_codes);
  } else {
    for (const auto code : io::default_anc_codes) s.anc_codes.emplace_back(code);
  }
  s.derive = o.derive;
  const auto codes = [](const std::optional<std::string>& given, const auto& defaults) {
    if (given) return split_list(*given);
    return std::vector<std::string>(defaults.begin(), defaults.end());
  };
  s.wbc_codes = codes(o.wbc_codes, io::default_wbc_codes);
  s.neut_pct_codes = codes(o.neut_pct_codes, io::default_neut_pct_codes);
  s.bands_pct_codes = codes(o.bands_pct_codes, io::default_bands_pct_codes);
  if (!o.derive)
    if (const std::string_view flag = o.wbc_codes         ? "--wbc-codes"
                                      : o.neut_pct_codes  ? "--neut-pct-codes"
                                      : o.bands_pct_codes ? "--bands-pct-codes"
                                                          : "";
        !flag.empty())
      throw usage_error{fmt::format("{} lists codes for --derive: add --derive", flag)};
  if (o.grade) s.grade_wanted = parse_grade_list(*o.grade);
  if (o.fever) {
    const fever_result f = parse_fever(*o.fever, o.decimal_comma);
    if (!f) throw usage_error{describe_fever_flag_error(*o.fever, f.ec)};
    s.default_fever = f.fever;
  }
  s.default_lln = o.lln;
  s.deidentified_ages = o.deidentified_ages;
  s.series = o.series || o.command == "episodes";
  if (!s.series) {
    const std::string_view without = o.time_unit           ? "--time-unit"
                                     : o.recovery_readings ? "--recovery-readings"
                                     : o.max_gap           ? "--max-gap"
                                                           : "";
    if (!without.empty())
      throw usage_error{fmt::format(
          "{} is an option of series mode: add --series (or run anc episodes)", without)};
  }
  if (o.time_unit) {
    bool known = false;
    for (const auto& u : time_unit_names)
      if (u.name == *o.time_unit) {
        s.offset_unit = u.value;
        known = true;
      }
    if (!known)
      throw usage_error{fmt::format(
          "--time-unit \"{}\": use min, h or d (the unit of the numeric offsets in the sample "
          "time column)",
          *o.time_unit)};
  }
  if (o.recovery_readings) s.episodes.recovery_readings = *o.recovery_readings;
  s.episodes.max_gap_days = o.max_gap;
  // SPEC §11: the general path alone, to prove the fast path changes nothing.
  if (const char* env = std::getenv("ANC_NO_FAST_PATH");
      env != nullptr && *env != '\0' && std::string_view(env) != "0")
    s.fast_path = false;
  return s;
}

}  // namespace

namespace {

auto grade_names() -> std::string {
  std::vector<std::string_view> names;
  for (const grading_system system : grading_systems) names.push_back(to_string(system));
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

auto split_list(const std::string& s) -> std::vector<std::string> {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = s.find(',', start);
    out.emplace_back(trim(std::string_view(s).substr(start, comma - start)));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

auto read_threshold_flag(const std::string& text, const parse_options& opt) -> threshold_flag {
  const parse_result t = parse_count(text, opt);
  if (!t) return {{}, engine::describe_count_error("--threshold", text, t)};
  if (t.q.qual != qualifier::none)
    return {{}, engine::describe_censored_threshold("--threshold", text)};
  return {t.q.value, {}};
}

auto grade_help() -> std::string {
  return fmt::format("Also grade by these systems: {} (comma-separated; anc rules shows them)",
                     grade_names());
}

auto fever_help() -> std::string {
  return fmt::format(
      "Fever: alone means yes; or --fever=V with V yes/no/true/false/1/0 or a temperature in "
      "degrees C (>= {}.{} is fever), e.g. --fever=38.4",
      fever_from_decicelsius / 10, fever_from_decicelsius % 10);
}

auto describe_fever_flag_error(const std::string& value, fever_error ec) -> std::string {
  return fmt::format("{}; {}", engine::describe_fever_error("--fever", value, ec),
                     engine::fever_flag_forms);
}

auto parse_grade_list(const std::string& list) -> std::array<bool, grading_systems.size()> {
  std::array<bool, grading_systems.size()> wanted{};
  for (const auto& name : split_list(list)) {
    const auto system = grading_system_from_name(name);
    if (!system)
      throw usage_error{
          fmt::format("--grade \"{}\" is not a grading system; accepted: {}", name, grade_names())};
    wanted[static_cast<std::size_t>(*system)] = true;
  }
  return wanted;
}

void add_input_options(CLI::App& cmd, input_options& o) {
  cmd.add_option("FILE", o.inputs,
                 "Files to read (CSV, or FHIR JSON: a resource, a Bundle, NDJSON, or a bulk "
                 "export's folder with its manifest.json; gzip allowed), or - for standard input "
                 "(the default)")
      ->type_name("");
  cmd.add_option("--input-format", o.input_format,
                 "csv, fhir, or auto: FHIR R4 JSON when the first non-blank byte is '{' or the "
                 "input is a folder (default)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"auto", "csv", "fhir"}));
  cmd.add_option("--delimiter", o.delimiter,
                 "Field delimiter (default: sniffed from the header among , ; tab |)")
      ->type_name("CHAR");
  cmd.add_flag("--decimal-comma", o.decimal_comma, "Read ',' as the decimal separator");
  cmd.add_flag("--no-header", o.no_header, "The input has no header line (needs --columns)");
  cmd.add_option("--columns", o.columns, "Column names for --no-header input: a,b,c")
      ->type_name("NAMES");
  cmd.add_option("--age", o.age, "Age for rows with none, e.g. 8m, 40y")->type_name("AGE");
  cmd.add_flag("--deidentified-ages", o.deidentified_ages,
               "Read dates of birth more than 130 years before the sample (MIMIC-III shifts "
               "those of patients over 89) as an age of over 89 years, with a note");
  cmd.add_option("--age-unit", o.age_unit,
                 "Unit of bare numbers in the age column: d, w, m or y (else from its name: "
                 "age_days, age_weeks, age_months, age_years)")
      ->type_name("UNIT");
  cmd.add_option("--unit", o.unit, "Unit for values with no unit and no unit column value")
      ->type_name("UNIT");
  cmd.add_option("--threshold", o.threshold, "Replace the age threshold for this run")
      ->type_name("COUNT");
  cmd.add_flag("--fever", o.fever,
               "Fever for rows with no fever column value: alone means yes, or --fever=V as "
               "for anc classify")
      ->type_name("[=V]");
  cmd.add_option("--anc-codes", o.anc_codes,
                 fmt::format("Codes that mark ANC rows in a long-format export, replacing the "
                             "LOINC list ({}), e.g. a hospital's item ids: 52075",
                             fmt::join(io::default_anc_codes, ", ")))
      ->type_name("CODES");
  cmd.add_flag("--derive", o.derive,
               "Long-format export: compute ANC = WBC x (neutrophils % + bands %) / 100 for "
               "each specimen without a measured ANC, on its neutrophil % row, grouping rows by "
               "specimen column, else by patient and sample time (adds anc_source)");
  cmd.add_option("--wbc-codes", o.wbc_codes,
                 fmt::format("--derive: codes of white count rows, replacing the LOINC list "
                             "({}), e.g. MIMIC's 51301",
                             fmt::join(io::default_wbc_codes, ", ")))
      ->type_name("CODES");
  cmd.add_option("--neut-pct-codes", o.neut_pct_codes,
                 fmt::format("--derive: codes of neutrophil % rows, replacing the LOINC list ({})",
                             fmt::join(io::default_neut_pct_codes, ", ")))
      ->type_name("CODES");
  cmd.add_option("--bands-pct-codes", o.bands_pct_codes,
                 fmt::format("--derive: codes of bands % rows, replacing the LOINC list ({})",
                             fmt::join(io::default_bands_pct_codes, ", ")))
      ->type_name("CODES");
  cmd.add_option("--grade", o.grade, grade_help())->type_name("SYSTEMS");
  cmd.add_option("--lln", o.lln,
                 "Lower limit of normal for CTCAE v5, for rows with no LLN column value (in the "
                 "reading's unit unless it has its own)")
      ->type_name("COUNT");
  if (o.command != "episodes")
    cmd.add_flag("--series", o.series,
                 "Derive each neutropenic row's duration from its patient's readings, in any "
                 "row order, and append episode and episode_start (needs patient and sample "
                 "time columns)");
  cmd.add_option("--time-unit", o.time_unit,
                 "Series: sample times are numeric offsets in this unit: min, h or d (eICU's "
                 "labresultoffset is min)")
      ->type_name("UNIT");
  cmd.add_option("--recovery-readings", o.recovery_readings,
                 "Series: an episode ends at the first of N consecutive readings that are not "
                 "neutropenic (default 1)")
      ->type_name("N")
      ->check(CLI::Range(1U, 1000U).description(""));
  cmd.add_option("--max-gap", o.max_gap,
                 "Series: an episode also ends when a patient's next reading comes more than "
                 "DAYS whole days after the one before (default: never)")
      ->type_name("DAYS")
      ->check(CLI::NonNegativeNumber.description(""));
  cmd.add_option("--profile", o.profile,
                 "Options for one kind of export from a JSON profile: mimic-iv, mimic-iii, eicu "
                 "(anc profiles lists them) or a file; flags given here override it")
      ->type_name("NAME|FILE");
  cmd.add_option("--join,--patients", o.joins,
                 "Join a lookup table (CSV, gzip allowed; repeatable, in order): a patient or "
                 "admission table keyed by the first column the record so far shares with it, "
                 "or FILE:COLUMN; its columns are seen by the column roles, not written")
      ->type_name("FILE[:COLUMN]")
      ->check(CLI::Validator(
          [](const std::string& v) {
            return engine::parse_join_spec(v).path.empty() ? "an empty path" : std::string();
          },
          ""));
  cmd.add_option("--join-ignore", o.join_ignore,
                 "Columns of joined tables that are neither a key nor added, e.g. a table's own "
                 "row number (MIMIC-III's row_id)")
      ->type_name("NAMES");
  for (std::size_t r = 0; r < io::role_count; ++r) {
    const auto this_role = static_cast<io::role>(r);
    cmd.add_option(std::string(flag_of(this_role)), o.role_columns[r],
                   fmt::format("The column holding the {}", io::name_of(this_role)))
        ->type_name("NAME");
  }
}

auto flag_of(io::role r) noexcept -> std::string_view {
  return role_flags[static_cast<std::size_t>(r)];
}

auto make_batch_config(const input_options& o, unsigned threads) -> engine::batch_config {
  if (o.no_header != o.columns.has_value())
    throw usage_error{
        "--no-header and --columns go together: headerless input needs its "
        "column names"};
  if (o.inputs.empty() && ::isatty(STDIN_FILENO) == 1)
    throw usage_error{fmt::format("no input: pass a CSV file, or pipe one in (anc {} - < {})",
                                  o.command, o.command == "check" ? "cases.csv" : "labs.csv")};
  engine::batch_config config;
  if (!o.inputs.empty()) config.inputs = o.inputs;
  if (o.delimiter) config.delimiter = parse_delimiter(*o.delimiter);
  if (o.columns) config.columns = split_list(*o.columns);
  config.role_columns = o.role_columns;
  config.settings = settings_from(o);
  // batch and check write (or compare) every row after the episodes are
  // found; episodes writes the table from the first pass alone.
  config.two_passes = o.command != "episodes";
  for (const auto& j : o.joins) config.joins.push_back(engine::parse_join_spec(j));
  if (o.join_ignore) config.join_ignore = split_list(*o.join_ignore);
  config.threads = threads;
  config.format = o.input_format == "fhir"  ? engine::input_format::fhir
                  : o.input_format == "csv" ? engine::input_format::csv
                                            : engine::input_format::automatic;
  return config;
}

auto describe(const engine::setup_error& e) -> std::string {
  using engine::setup_problem;
  switch (e.problem) {
    case setup_problem::cannot_read: return fmt::format("cannot read {}: {}", e.input, e.detail);
    case setup_problem::empty_input:
      return fmt::format(
          "{} is empty: no header line (for headerless input pass --no-header --columns a,b,c)",
          e.input);
    case setup_problem::malformed_header:
      return fmt::format("{}: the header line has malformed quoting", e.input);
    case setup_problem::headers_differ:
      return fmt::format("{} has a different header from {}; batch them separately", e.input,
                         e.other);
    case setup_problem::no_such_column:
      return fmt::format("{} \"{}\": no such column in the header", flag_of(e.role), e.detail);
    case setup_problem::two_columns:
      return fmt::format("two columns could hold the {}: {} and {}; name the right one with {}",
                         io::name_of(e.role), e.input, e.other, flag_of(e.role));
    case setup_problem::value_without_code:
      return "found a value column but no test-code column, so nothing says which rows are ANC "
             "results; for a long-format export pass --code-col (and --anc-codes for local "
             "codes), or name the ANC column with --anc-col / --value-col";
    case setup_problem::series_needs:
      return e.role == io::role::patient
                 ? "series mode needs a patient column: looked for patient_id, mrn, subject_id "
                   "(any case and punctuation); name it with --patient-col"
                 : "series mode needs a sample time column: looked for sample_date, "
                   "collection_date, specimen_date, charttime, effective_date_time (any case and "
                   "punctuation); name it with --date-col";
    case setup_problem::series_and_duration:
      return fmt::format(
          "series mode derives the duration of neutropenia from each patient's readings, but "
          "column \"{}\" gives the {} too, and one of them would be ignored; drop that column "
          "from the input, or classify without --series",
          e.input, io::name_of(e.role));
    case setup_problem::cannot_spool:
      return fmt::format(
          "cannot keep a copy of {} for series mode's second pass: {}; set TMPDIR to a "
          "directory with room",
          e.input, e.detail);
    case setup_problem::join_no_key:
      return fmt::format(
          "--join {}: none of its columns ({}) is a column of the input (or of a table joined "
          "before it), so nothing says which row belongs to which record; name the key with "
          "--join {}:COLUMN",
          e.input, e.detail, e.input);
    case setup_problem::join_no_such_key:
      return fmt::format("--join {}:{}: there is no column \"{}\" in the {}", e.input, e.detail,
                         e.detail,
                         e.other == "table" ? "table" : "input (or a table joined before it)");
    case setup_problem::join_duplicate_key:
      return fmt::format(
          "--join {}: {} \"{}\" is on line {} and line {} with different values; one key must "
          "give one row",
          e.input, e.other, e.detail, e.column, e.other_column);
    case setup_problem::join_malformed:
      return fmt::format("--join {}: line {} has malformed quoting or not the header's {} fields",
                         e.input, e.column, e.other_column);
    case setup_problem::derive_needs_code:
      return "--derive reads a long-format export, one row per test, but no column holds the "
             "test code: looked for loinc, test_code, code (any case and punctuation); name it "
             "with --code-col";
    case setup_problem::derive_needs_specimen:
      return fmt::format(
          "--derive groups a specimen's rows by its specimen column (specimen_id, accession; "
          "--specimen-col), else by patient and sample time, but there is no specimen column "
          "and no {} column; name one with {} or {}",
          io::name_of(e.role), flag_of(io::role::specimen), flag_of(e.role));
    case setup_problem::mixed_formats:
      return fmt::format(
          "{} is FHIR JSON but {} is not (CSV?); one run reads one kind of input, so run them "
          "separately (or pass --input-format)",
          e.input, e.other);
    case setup_problem::fhir_and_columns:
      return fmt::format(
          "{} is FHIR JSON, whose fields are found by name: --no-header and --columns are for "
          "headerless CSV",
          e.input);
    case setup_problem::no_anc_column:
      return "no ANC column: looked for anc, neutrophils_abs, abs_neut, absolute_neutrophil_count, "
             "neut# (any case and punctuation), a value column with a code column, or wbc and "
             "segs columns; name it with --anc-col";
  }
  return "the inputs cannot be read";
}

}  // namespace anc::cli
