#include "cli/run.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <array>
#include <cctype>
#include <memory>
#include <ostream>
#include <string_view>
#include <variant>
#include <vector>

#include "cli/batch_command.hpp"
#include "cli/check_command.hpp"
#include "cli/classify_command.hpp"
#include "cli/episodes_command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/help_text.hpp"
#include "cli/profiles.hpp"
#include "core/ascii.hpp"
#include "io/rules_output.hpp"

namespace anc::cli {
namespace {

constexpr std::array<std::string_view, 6> subcommands{"classify", "batch",    "check",
                                                      "episodes", "profiles", "rules"};
constexpr std::array<std::string_view, 4> top_level_flags{"-h", "--help", "-V", "--version"};

template <typename List>
auto contains(const List& list, std::string_view word) -> bool {
  return std::find(list.begin(), list.end(), word) != list.end();
}

/// A first word that starts a reading: a number, maybe censored ("<0.1"),
/// or what a float parser would take for one (NaN, inf), which classify
/// then refuses with its own message.
auto looks_like_value(std::string_view word) -> bool {
  while (!word.empty() && (word.front() == '<' || word.front() == '>' || word.front() == ' '))
    word.remove_prefix(1);
  if (word.empty()) return false;
  for (const std::string_view special : {"nan", "inf", "infinity"})
    if (detail::iequals(word, special)) return true;
  return std::isdigit(static_cast<unsigned char>(word.front())) != 0 || word.front() == '.' ||
         word.front() == '+';
}

/// The command line as CLI11 is to parse it, or a usage message.
/// `anc 800 --age 8m` is `anc classify 800 --age 8m`, and so is a line that
/// starts with a flag; `anc help [CMD]` is `anc [CMD] --help`; any other
/// first word is an unknown command, never read as a VALUE.
auto command_line(int argc, const char* const* argv)
    -> std::variant<std::vector<const char*>, std::string> {
  std::vector<const char*> args(argv, argv + argc);
  if (argc < 2) return args;
  const std::string_view first = argv[1];
  if (contains(subcommands, first) || contains(top_level_flags, first)) return args;
  if (first == "help") {
    args.erase(args.begin() + 1);
    if (argc > 2 && !contains(subcommands, std::string_view(argv[2])))
      return fmt::format(
          "anc help: unknown command '{}'; commands: classify, batch, check, episodes, profiles, "
          "rules",
          argv[2]);
    args.insert(args.begin() + (argc > 2 ? 2 : 1), "--help");
    return args;
  }
  if (first.starts_with("-") || looks_like_value(first)) {
    args.insert(args.begin() + 1, "classify");
    return args;
  }
  std::vector<std::string> names(subcommands.begin(), subcommands.end());
  names.emplace_back("help");
  const auto near = nearest_name(first, names);
  return fmt::format(
      "unknown command '{}'{}\n  commands: classify, batch, check, episodes, profiles, rules, "
      "help; one "
      "reading: "
      "anc 800 --age 8m; see: anc --help",
      first, near ? fmt::format("; did you mean '{}'?", *near) : std::string());
}

/// CLI11's layout, wrapped to the terminal (80 columns when not one).
class wrapping_formatter : public CLI::Formatter {
 public:
  explicit wrapping_formatter(std::size_t width) : width_(width) {}
  auto make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const
      -> std::string override {
    return wrap_help(CLI::Formatter::make_help(app, std::move(name), mode), width_);
  }

 private:
  std::size_t width_;
};

/// The option names of `cmd` and of its parents (--help), with dashes.
auto flag_names(const CLI::App& cmd) -> std::vector<std::string> {
  std::vector<std::string> names;
  for (const CLI::App* app = &cmd; app != nullptr; app = app->get_parent())
    for (const CLI::Option* opt : app->get_options()) {
      for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
      for (const auto& s : opt->get_snames()) names.push_back("-" + s);
    }
  return names;
}

/// For "The following argument was not expected": the first flag of the
/// command line that its subcommand does not know, with the nearest one.
auto unknown_flag_message(const CLI::App& app, const std::vector<const char*>& args)
    -> std::optional<std::string> {
  const CLI::App* cmd = &app;
  std::string cmd_name = "anc";
  if (args.size() > 1 && contains(subcommands, std::string_view(args[1]))) {
    cmd = app.get_subcommand(args[1]);
    cmd_name = fmt::format("anc {}", args[1]);
  }
  const std::vector<std::string> known = flag_names(*cmd);
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--") break;
    if (!a.starts_with("-") || a == "-" || looks_like_value(a.substr(1))) continue;
    a = a.substr(0, a.find('='));
    if (contains(known, a)) continue;
    const auto near = nearest_name(a, known);
    return fmt::format("unknown flag '{}' for '{}'{}\n  see: {} --help", a, cmd_name,
                       near ? fmt::format("; did you mean '{}'?", *near) : std::string(), cmd_name);
  }
  return std::nullopt;
}

constexpr std::string_view description =
    "anc: classify an absolute neutrophil count (ANC) against published,\n"
    "age-dependent rules: neutropenic or not, severity band, duration class, with\n"
    "the threshold and source used. It classifies a number; it does not diagnose\n"
    "the cause (autoimmune, alloimmune, drug-induced, congenital).";

auto run_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) -> int {
  auto line = command_line(argc, argv);
  if (const auto* message = std::get_if<std::string>(&line)) {
    err << "anc: error: " << *message << '\n';
    return exit_usage;
  }
  const auto& args = std::get<std::vector<const char*>>(line);

  CLI::App app{std::string(description), "anc"};
  // Set before the subcommands are added: they copy them from their parent.
  app.formatter(std::make_shared<wrapping_formatter>(help_width()));
  app.set_version_flag("-V,--version", "anc " ANC_VERSION);
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return fmt::format("anc: error: {}\n  see: anc --help\n", e.what());
  });
  app.require_subcommand(0, 1);
  app.footer(
      "Examples:\n"
      "  anc 800 --age 8m                      one reading (shorthand for anc classify)\n"
      "  anc classify 0.8x10^9/L --age 8m --json\n"
      "  anc batch labs.csv > classified.csv   every row of a lab export\n"
      "  anc check cases.csv --junit out.xml   regression cases for CI\n"
      "  anc episodes labs.csv                 episodes of neutropenia, per patient\n"
      "  anc rules                             the rule tables and their sources\n"
      "  anc profiles                          options for MIMIC and eICU exports\n"
      "  anc help batch                        the options of one command\n"
      "\n"
      "Exit status: 0 classified, 1 batch: some rows are errors (check: some cases\n"
      "failed), 2 usage or input error.");

  classify_options classify;
  CLI::App* classify_cmd = add_classify_command(app, classify);
  batch_options batch;
  CLI::App* batch_cmd = add_batch_command(app, batch);
  check_options check;
  CLI::App* check_cmd = add_check_command(app, check);
  episodes_options episodes;
  CLI::App* episodes_cmd = add_episodes_command(app, episodes);
  bool rules_json = false;
  CLI::App* rules_cmd = app.add_subcommand("rules", "Print the rule tables with their sources");
  rules_cmd->add_flag("--json", rules_json, "Print the tables as JSON");
  rules_cmd->footer(
      "Examples:\n"
      "  anc rules                 thresholds, severity bands, durations, grades, units\n"
      "  anc rules --json | jq .   the same tables as JSON, for scripts\n"
      "\n"
      "The README's section 'The rules, and where they come from' explains each rule.");

  std::string profile_name;
  CLI::App* profiles_cmd = app.add_subcommand(
      "profiles", "List the built-in profiles of batch options (mimic-iv, mimic-iii, eicu)");
  profiles_cmd->add_option("NAME", profile_name, "Print this profile's JSON")->type_name("");
  profiles_cmd->footer(
      "Examples:\n"
      "  anc profiles               each profile: what it is for, its options, its sources\n"
      "  anc profiles mimic-iv      its JSON, to copy into a profile of your own\n"
      "  anc batch labevents.csv --profile mimic-iv --join patients.csv");

  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::ExtrasError& e) {
    if (const auto message = unknown_flag_message(app, args)) {
      err << "anc: error: " << *message << '\n';
      return exit_usage;
    }
    return exit_code_for_parser(app.exit(e, out, err));
  } catch (const CLI::ParseError& e) {
    return exit_code_for_parser(app.exit(e, out, err));
  }

  if (*profiles_cmd) {
    try {
      out << profiles_text(profile_name);
    } catch (const usage_error& e) {
      err << "anc: error: " << e.message << '\n';
      return exit_usage;
    }
    return exit_ok;
  }
  // A profile fills in what the command line left unset.
  try {
    if (*batch_cmd) apply_profile(*batch_cmd, batch.input);
    if (*check_cmd) apply_profile(*check_cmd, check.input);
    if (*episodes_cmd) apply_profile(*episodes_cmd, episodes.input);
  } catch (const usage_error& e) {
    err << "anc: error: " << e.message << '\n';
    return exit_usage;
  }

  if (*rules_cmd) {
    out << (rules_json ? io::rules_json() + "\n" : io::rules_text());
    return exit_ok;
  }
  if (*classify_cmd) return run_classify(classify, out, err);
  if (*batch_cmd) return run_batch(batch, err);
  if (*check_cmd) return run_check(check, out, err);
  if (*episodes_cmd) return run_episodes(episodes, err);
  err << "anc: no reading given. Try: anc 800 --age 8m   (anc --help for more)\n";
  return exit_usage;
}

}  // namespace

auto run(int argc, const char* const* argv, std::istream& /*in*/, std::ostream& out,
         std::ostream& err) -> int {
  const int code = run_command(argc, argv, out, err);
  // A full disk or a closed pipe must not end in exit 0 after a truncated
  // write (batch writes through its own sink, which reports this itself).
  if (!out.flush()) {
    err << "anc: error: write to standard output failed\n";
    return code == exit_ok ? exit_usage : code;
  }
  return code;
}

}  // namespace anc::cli
