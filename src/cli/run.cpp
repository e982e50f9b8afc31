#include "cli/run.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <array>
#include <ostream>
#include <string_view>
#include <vector>

#include "cli/batch_command.hpp"
#include "cli/check_command.hpp"
#include "cli/classify_command.hpp"
#include "cli/exit_codes.hpp"
#include "io/rules_output.hpp"

namespace anc::cli {
namespace {

constexpr std::array<std::string_view, 4> subcommands{"classify", "batch", "check", "rules"};
constexpr std::array<std::string_view, 4> top_level_flags{"-h", "--help", "-V", "--version"};

// `anc 800 --age 8m` is `anc classify 800 --age 8m`: anything that is not a
// subcommand or a top-level flag starts a classify command line.
auto with_default_command(int argc, const char* const* argv) -> std::vector<const char*> {
  std::vector<const char*> args(argv, argv + argc);
  if (argc >= 2) {
    const std::string_view first = argv[1];
    const auto is = [&](const auto& list) {
      for (const auto& s : list)
        if (s == first) return true;
      return false;
    };
    if (!is(subcommands) && !is(top_level_flags)) args.insert(args.begin() + 1, "classify");
  }
  return args;
}

constexpr std::string_view description =
    "anc: classify an absolute neutrophil count (ANC) against published, age-dependent rules:\n"
    "neutropenic or not, severity band, duration class, with the threshold and source used.\n"
    "It classifies a number; it does not diagnose the cause (autoimmune, alloimmune,\n"
    "drug-induced, congenital).";

}  // namespace

namespace {

auto run_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) -> int {
  CLI::App app{std::string(description), "anc"};
  app.set_version_flag("-V,--version", "anc " ANC_VERSION);
  // Set before the subcommands are added: they copy it from their parent.
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
      "  anc rules                             the rule tables and their sources\n"
      "\n"
      "Exit status: 0 classified, 1 batch: some rows are errors, 2 usage or input error.");

  classify_options classify;
  CLI::App* classify_cmd = add_classify_command(app, classify);
  batch_options batch;
  CLI::App* batch_cmd = add_batch_command(app, batch);
  check_options check;
  CLI::App* check_cmd = add_check_command(app, check);
  bool rules_json = false;
  CLI::App* rules_cmd = app.add_subcommand("rules", "Print the rule tables with their sources");
  rules_cmd->add_flag("--json", rules_json, "Print the tables as JSON");

  const std::vector<const char*> args = with_default_command(argc, argv);
  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::ParseError& e) {
    return exit_code_for_parser(app.exit(e, out, err));
  }

  if (*rules_cmd) {
    out << (rules_json ? io::rules_json() + "\n" : io::rules_text());
    return exit_ok;
  }
  if (*classify_cmd) return run_classify(classify, out, err);
  if (*batch_cmd) return run_batch(batch, err);
  if (*check_cmd) return run_check(check, out, err);
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
