#include "cli/classify_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <ostream>
#include <tuple>
#include <variant>

#include "anc/classify.hpp"
#include "cli/batch_options.hpp"
#include "cli/exit_codes.hpp"
#include "cli/terminal.hpp"
#include "engine/messages.hpp"
#include "engine/reading_builder.hpp"
#include "io/fmt_names.hpp"
#include "io/json_output.hpp"
#include "io/text_output.hpp"

namespace anc::cli {
namespace {

using engine::date_forms;
using engine::value_forms;

/// An input problem: the message and the accepted forms, for stderr.
struct input_error {
  std::string message;
  std::string_view accepted;
};

template <typename T>
using checked = std::variant<T, input_error>;

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

/// The flags as inputs of the engine's reading builder, which reads them
/// as batch reads a row's columns.
auto build_reading(const classify_options& o) -> checked<reading> {
  if (auto e = check_combinations(o)) return *e;
  using engine::input;
  engine::raw_inputs in;
  engine::input_names names;
  engine::reading_rules rules;
  std::string today_text;
  const auto give = [&](input i, const std::optional<std::string>& flag_value,
                        std::string_view flag) -> std::optional<input_error> {
    names.name[static_cast<std::size_t>(i)] = flag;
    if (!flag_value) return std::nullopt;
    in[i] = trim(*flag_value);
    if (in[i].empty())
      return input_error{fmt::format("{} is empty; give it a value or leave it out", flag),
                         "see: anc classify --help"};
    return std::nullopt;
  };
  for (const auto& [i, value, flag] : {std::tuple{input::anc, &o.value, "VALUE"},
                                       {input::unit, &o.unit, "--unit"},
                                       {input::wbc, &o.wbc, "--wbc"},
                                       {input::segs, &o.segs, "--segs"},
                                       {input::bands, &o.bands, "--bands"},
                                       {input::age, &o.age, "--age"},
                                       {input::dob, &o.dob, "--dob"},
                                       {input::date, &o.date, "--date"},
                                       {input::duration, &o.duration, "--duration"},
                                       {input::onset, &o.onset, "--onset"}})
    if (auto e = give(i, *value, flag)) return *e;
  names.name[static_cast<std::size_t>(input::lln)] = "--lln";
  names.name[static_cast<std::size_t>(input::fever)] = "--fever";
  names.default_lln = "--lln";
  names.missing_age = "no age given: pass --age or --dob";
  if (!o.date && (o.dob || o.onset)) {
    const std::optional<date> d = today();
    if (!d) return input_error{"ANC_TODAY is set but is not a date", date_forms};
    today_text = fmt::format("{:04}-{:02}-{:02}", d->year, d->month, d->day);
    in[input::date] = today_text;
    names.name[static_cast<std::size_t>(input::date)] = "the sample date (today)";
  }

  parse_options threshold_opt{o.decimal_comma, std::nullopt, unitless_policy::terminal};
  if (o.unit)
    if (const unit_result u = parse_unit(trim(*o.unit)); u) threshold_opt.default_unit = u.value;
  rules.decimal_comma = o.decimal_comma;
  rules.from_differential = !o.value;
  rules.unitless = unitless_policy::terminal;  // one value typed by a person (SPEC §9)
  rules.default_lln = o.lln;
  rules.wants_lln = true;
  if (o.threshold) {
    const threshold_flag t = read_threshold_flag(*o.threshold, threshold_opt);  // in --unit
    if (!t.error.empty()) return input_error{t.error, value_forms};
    rules.threshold = t.value;
  }

  const engine::built_reading b = engine::build_reading(in, rules, names);
  const auto problem = b.problem ? b.problem : b.age_problem;
  if (problem) return input_error{problem->message, problem->forms};
  reading r = b.value;
  if (o.grade) {
    try {
      r.grade_wanted = parse_grade_list(*o.grade);
    } catch (const usage_error& e) {
      return input_error{e.message, "see: anc rules (Grades)"};
    }
  }
  if (o.fever) {
    const fever_result f = parse_fever(*o.fever, o.decimal_comma);
    if (!f)
      return input_error{engine::describe_fever_error("--fever", *o.fever, f.ec),
                         engine::fever_flag_forms};
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
    err << fmt::format("anc: error: {}\n", e->message);
    if (!e->accepted.empty()) err << fmt::format("  {}\n", e->accepted);
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
