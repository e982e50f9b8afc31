#include "cli/classify_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <ostream>
#include <variant>

#include "anc/classify.hpp"
#include "anc/differential.hpp"
#include "cli/batch_options.hpp"
#include "cli/exit_codes.hpp"
#include "cli/terminal.hpp"
#include "io/fmt_names.hpp"
#include "io/json_output.hpp"
#include "io/messages.hpp"
#include "io/text_output.hpp"

namespace anc::cli {
namespace {

using io::age_forms;
using io::date_forms;
using io::duration_forms;
using io::value_forms;

/// An input problem: the message and the accepted forms, for stderr.
struct input_error {
  std::string message;
  std::string_view accepted;
};

template <typename T>
using checked = std::variant<T, input_error>;

/// A value that carries its own unit and a different --unit contradict
/// each other: refused, as batch refuses a value and unit column that do.
auto unit_conflict(std::string_view subject, const std::string& text, const parse_result& q,
                   const parse_options& opt) -> std::optional<input_error> {
  if (!q || !q.unit_given || !opt.default_unit || q.own_unit == *opt.default_unit)
    return std::nullopt;
  return input_error{
      fmt::format("{} \"{}\" carries its own unit, which contradicts --unit", subject, text),
      "give the unit once: in the value (0.8x10^9/L) or with --unit (0.8 --unit 10^9/L)"};
}

/// `own_unit_must_match`: a unit in the text must be --unit's, if given.
auto read_count(std::string_view flag, const std::string& text, const parse_options& opt,
                bool own_unit_must_match = false) -> checked<quantity> {
  const parse_result r = parse_count(text, opt);
  if (!r) return input_error{io::describe_count_error(flag, text, r), value_forms};
  if (own_unit_must_match)
    if (auto e = unit_conflict(flag, text, r, opt)) return *e;
  return r.q;
}

auto read_date(std::string_view flag, const std::string& text) -> checked<date> {
  const date_result r = parse_date(text);
  if (!r) return input_error{io::describe_date_error(flag, text, r.ec), date_forms};
  return r.value;
}

auto read_percent(std::string_view flag, const std::string& text, bool decimal_comma)
    -> checked<percent> {
  const percent_result r = parse_percent(text, decimal_comma);
  if (!r) return input_error{io::describe_percent_error(flag, text, r), io::percent_forms};
  return r.value;
}

#define ANC_TRY(var, expr)                                           \
  auto var##_checked = (expr);                                       \
  if (auto* e = std::get_if<input_error>(&var##_checked)) return *e; \
  auto var = std::get<0>(std::move(var##_checked))

auto check_combinations(const classify_options& o) -> std::optional<input_error> {
  auto usage = [](std::string m) { return input_error{std::move(m), "see: anc classify --help"}; };
  if (o.value && o.wbc) return usage("give either VALUE or --wbc with --segs, not both");
  if (!o.value && !o.wbc)
    return usage("no ANC given: pass a VALUE (anc 800 --age 8m) or --wbc and --segs");
  if (o.wbc && !o.segs)
    return usage("--wbc needs --segs (or --neut-pct): the neutrophil percentage");
  if ((o.segs || o.bands) && !o.wbc) return usage("--segs, --neut-pct and --bands need --wbc");
  if (o.age && o.dob) return usage("give either --age or --dob, not both");
  if (o.duration && o.onset) return usage("give either --duration or --onset, not both");
  if (o.date && !o.dob && !o.onset)
    return usage("--date is the sample date for --dob or --onset; give one of them");
  if (!o.age && !o.dob && !o.threshold)
    return usage(
        "no age given: the threshold depends on age; pass --age (e.g. 8m, 3y) or --dob, or set "
        "--threshold");
  return std::nullopt;
}

auto build_reading(const classify_options& o) -> checked<reading> {
  if (auto e = check_combinations(o)) return *e;
  reading r;
  parse_options popt{o.decimal_comma, std::nullopt, unitless_policy::terminal};
  if (o.unit) {
    const unit_result u = parse_unit(*o.unit);
    if (!u) return input_error{io::describe_unit_error("--unit", *o.unit, u.ec), io::unit_forms};
    popt.default_unit = u.value;
  }

  std::optional<unit> reading_unit = popt.default_unit;
  if (o.value) {
    const parse_result q = parse_count(*o.value, popt);
    if (!q) return input_error{io::describe_count_error("VALUE", *o.value, q), value_forms};
    if (auto e = unit_conflict("VALUE", *o.value, q, popt)) return *e;
    r.anc = q.q;
    if (q.unit_given) reading_unit = q.own_unit;
  } else {
    ANC_TRY(wbc, read_count("--wbc", *o.wbc, popt, true));
    ANC_TRY(segs, read_percent("--segs", *o.segs, o.decimal_comma));
    percent bands_pct{};
    if (o.bands) {
      ANC_TRY(b, read_percent("--bands", *o.bands, o.decimal_comma));
      bands_pct = b;
    }
    if (wbc.qual != qualifier::none)
      return input_error{
          fmt::format("--wbc \"{}\" is censored; an ANC cannot be computed from it", *o.wbc),
          value_forms};
    const differential_result d = anc_from_differential(wbc.value, segs, bands_pct);
    if (!d)
      return input_error{std::string(to_string(d.ec)), "accepted: --segs + --bands \u2264 100"};
    r.anc = {d.anc, d.anc, qualifier::none, d.exact};
  }

  std::optional<date> sample;
  if (o.date) {
    ANC_TRY(d, read_date("--date", *o.date));
    sample = d;
  } else if (o.dob || o.onset) {
    sample = today();
    if (!sample) return input_error{"ANC_TODAY is set but is not a date", date_forms};
  }

  if (o.age) {
    const age_result a = parse_age(*o.age, {std::nullopt, o.decimal_comma});
    if (!a)
      return input_error{io::describe_age_error("--age", *o.age, a.ec, a.number_ec), age_forms};
    r.patient_age = a.value;
  } else if (o.dob) {
    ANC_TRY(birth, read_date("--dob", *o.dob));
    const age_result a = age_from_dates(birth, *sample);
    if (a.ec == age_error::dates_reversed)
      return input_error{fmt::format("the sample date {} is before the date of birth {}",
                                     o.date ? *o.date : "(today)", *o.dob),
                         "pass --date, the sample date, on or after --dob"};
    if (a.ec == age_error::too_long)
      return input_error{io::describe_implausible_birth("--dob", *o.dob, "the sample date",
                                                        o.date ? *o.date : "(today)"),
                         "pass --age instead of --dob"};
    if (!a)
      return input_error{io::describe_age_error("--dob", *o.dob, a.ec, a.number_ec), age_forms};
    r.patient_age = a.value;
  }

  if (o.threshold) {
    ANC_TRY(t, read_count("--threshold", *o.threshold, popt));
    if (t.qual != qualifier::none)
      return input_error{io::describe_censored_threshold("--threshold", *o.threshold), value_forms};
    r.user_threshold = t.value;
  }

  if (o.duration) {
    const duration_result d = parse_duration(*o.duration, o.decimal_comma);
    if (!d)
      return input_error{io::describe_age_error("--duration", *o.duration, d.ec, d.number_ec),
                         duration_forms};
    r.neutropenia_duration = d.value;
  } else if (o.onset) {
    ANC_TRY(onset, read_date("--onset", *o.onset));
    const duration_result d = duration_from_dates(onset, *sample);
    if (d.ec == age_error::dates_reversed)
      return input_error{fmt::format("the onset {} is after the sample date {}", *o.onset,
                                     o.date ? *o.date : "(today)"),
                         "pass --onset on or before --date"};
    if (!d)
      return input_error{io::describe_age_error("--onset", *o.onset, d.ec, d.number_ec),
                         duration_forms};
    r.neutropenia_duration = d.value;
  }

  if (o.grade) {
    try {
      r.grade_wanted = parse_grade_list(*o.grade);
    } catch (const usage_error& e) {
      return input_error{e.message, "see: anc rules (Grades)"};
    }
  }
  if (o.lln) {
    // SPEC §10: the LLN is in the reading's unit unless it carries its own.
    const parse_result l =
        parse_count(*o.lln, {o.decimal_comma, reading_unit,
                             reading_unit ? unitless_policy::refuse : unitless_policy::terminal});
    if (!l)
      return input_error{io::describe_count_error("--lln", *o.lln, l, reading_unit), value_forms};
    if (!l.q.exact) return input_error{io::describe_inexact("--lln", *o.lln), value_forms};
    r.lln = l.q.value;
  }

  if (o.fever) {
    const fever_result f = parse_fever(*o.fever, o.decimal_comma);
    if (!f)
      return input_error{io::describe_fever_error("--fever", *o.fever, f.ec), io::fever_flag_forms};
    r.fever = f.fever;
  }
  return r;
}

auto parse_colour_mode(const std::string& s) -> colour_mode {
  if (s == "always") return colour_mode::always;
  if (s == "never") return colour_mode::never;
  return colour_mode::automatic;
}

}  // namespace

auto add_classify_command(CLI::App& app, classify_options& o) -> CLI::App* {
  auto* cmd = app.add_subcommand("classify", "Classify one ANC reading (the default command)");
  cmd->add_option("VALUE", o.value,
                  fmt::format("The ANC with its unit: 800, 800/uL, 0.8x10^9/L, 1.5e9/L, '<0.1 "
                              "K/uL'. Without a unit, 0 and values >= {} are cells/uL; others "
                              "are refused as ambiguous",
                              terminal_unitless_floor))
      ->type_name("");
  cmd->add_option("--age", o.age, "Age at the sample: 8m, 243d, 13w, 3y, 1y6m, '8 months'")
      ->type_name("AGE");
  cmd->add_option("--dob", o.dob, "Date of birth, YYYY-MM-DD (instead of --age)")
      ->type_name("DATE");
  cmd->add_option("--date", o.date,
                  "Sample date, YYYY-MM-DD, for --dob and --onset (default: today)")
      ->type_name("DATE");
  cmd->add_option("--unit", o.unit, "Unit for VALUE and --wbc when they carry none, e.g. 10^9/L")
      ->type_name("UNIT");
  cmd->add_option("--duration", o.duration, "How long the neutropenia has lasted: 91d, 13w, 4m")
      ->type_name("DURATION");
  cmd->add_option("--onset", o.onset, "Date the neutropenia was first seen, YYYY-MM-DD")
      ->type_name("DATE");
  // A flag, so that `anc --fever 800 --age 8m` reads 800 as the VALUE: a
  // value is given only as --fever=V (issue 14).
  cmd->add_flag("--fever", o.fever, fever_help())->type_name("[=V]");
  cmd->add_flag("--decimal-comma", o.decimal_comma,
                "Read ',' as the decimal separator (1,2 = 1.2)");
  cmd->add_option("--wbc", o.wbc, "White cell count with unit, to compute ANC with --segs/--bands")
      ->type_name("COUNT");
  cmd->add_option("--segs,--neut-pct", o.segs, "Segmented (or total) neutrophils, % of the WBC")
      ->type_name("PERCENT");
  cmd->add_option("--bands", o.bands, "Band neutrophils, % of the WBC (default 0)")
      ->type_name("PERCENT");
  cmd->add_option("--threshold", o.threshold,
                  "Replace the age threshold for this run, e.g. 1800 or 1.8x10^9/L")
      ->type_name("COUNT");
  cmd->add_option("--grade", o.grade, grade_help())->type_name("SYSTEMS");
  cmd->add_option("--lln", o.lln,
                  "The lab's lower limit of normal, for CTCAE v5 (in VALUE's unit unless it "
                  "has its own)")
      ->type_name("COUNT");
  cmd->add_flag("--json", o.json, "Print one JSON object instead of text (README: JSON fields)");
  cmd->add_flag("--explain", o.explain, "Also print the rule tables with the rows that applied");
  cmd->add_option(
         "--color,--colour", o.color,
         "Colour the verdict: auto (on a terminal, without NO_COLOR, TERM not dumb), always, never")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}).description(""));
  cmd->footer(
      "Examples:\n"
      "  anc 800 --age 8m\n"
      "  anc classify 0.8x10^9/L --age 8m --json\n"
      "  anc classify 1.2 --unit 10^9/L --age 30y --explain\n"
      "  anc classify --wbc 4.6x10^9/L --segs 20 --age 40y\n"
      "  anc classify '<0.1 K/uL' --age 3y --fever=38.6\n"
      "  anc classify 1.1x10^9/L --dob 2020-02-29 --date 2021-02-28\n"
      "  anc classify 900 --age 2y --onset 2026-06-01 --date 2026-11-23\n"
      "  anc classify 1.2x10^9/L --age 50y --grade ctcae5,ctcae6 --lln 1.8\n"
      "\n"
      "Exit status: 0 classified, 2 usage or input error.\n"
      "anc classifies a number against published rules; it does not diagnose the cause\n"
      "(autoimmune, alloimmune, drug-induced, congenital).");
  return cmd;
}

auto run_classify(const classify_options& o, std::ostream& out, std::ostream& err) -> int {
  const checked<reading> r = build_reading(o);
  if (const auto* e = std::get_if<input_error>(&r)) {
    err << fmt::format("anc: error: {}\n  {}\n", e->message, e->accepted);
    return exit_usage;
  }
  const classify_result c = classify(std::get<reading>(r));
  if (!c) {
    err << fmt::format("anc: error: {}\n", to_string(c.ec));
    return exit_usage;
  }
  if (o.json) {
    out << io::to_json(c.value) << '\n';
  } else {
    const bool colour = use_colour(parse_colour_mode(o.color), stdout_is_terminal(),
                                   std::getenv("NO_COLOR"), std::getenv("TERM"));
    out << io::to_text(c.value, {colour, o.explain});
  }
  return exit_ok;
}

}  // namespace anc::cli
