#pragma once
// The flags `batch` and `check` share: parsed into input_options, then
// validated into the engine's batch_config before anything runs (as
// ripgrep's LowArgs become HiArgs). Also the messages for the engine's
// setup problems, which name the flags that fix them.
#include <array>
#include <cstdint>
#include <exception>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include "anc/grading.hpp"
#include "anc/quantity.hpp"
#include "cli/exit_codes.hpp"
#include "engine/batch_config.hpp"
#include "io/columns.hpp"

namespace CLI {
class App;
}

namespace anc::cli {

/// A problem found before any row is read: message for stderr, exit 2.
struct usage_error {
  std::string message;
};

/// The options of `batch` that say how to read and classify the input.
struct input_options {
  std::string_view command = "batch";  ///< the subcommand, for messages
  std::vector<std::string> inputs;
  std::optional<std::string> delimiter;
  bool decimal_comma = false;
  bool no_header = false;
  bool deidentified_ages = false;
  std::optional<std::string> columns;
  std::optional<std::string> age, age_unit, unit, threshold, anc_codes, grade, lln, fever;
  std::array<std::optional<std::string>, io::role_count> role_columns;  ///< --anc-col ...
  // Series (SPEC §12): `anc episodes` is always in series mode.
  bool series = false;
  std::optional<std::string> time_unit;
  std::optional<unsigned> recovery_readings;
  std::optional<std::int64_t> max_gap;
  // Joined tables (SPEC §13).
  std::vector<std::string> joins;
  std::optional<std::string> join_ignore;
  std::optional<std::string> profile;  ///< --profile NAME|FILE (applied after parsing)
  // Derived ANC (SPEC §13).
  bool derive = false;
  std::optional<std::string> wbc_codes, neut_pct_codes, bands_pct_codes;
  std::string input_format = "auto";  ///< auto, csv or fhir (SPEC §14)
};

/// Registers the input options on a subcommand.
void add_input_options(CLI::App& cmd, input_options& o);

/// The flag that names a role's column: `--anc-col`, ...
auto flag_of(io::role r) noexcept -> std::string_view;

/// The options checked and turned into a run's config, which may read its
/// inputs on `threads` threads. Throws usage_error.
auto make_batch_config(const input_options& o, unsigned threads = 1) -> engine::batch_config;

/// The message for a problem the engine found in the inputs, naming the
/// flag that fixes it.
auto describe(const engine::setup_error& e) -> std::string;

auto split_list(const std::string& s) -> std::vector<std::string>;

/// --threshold of batch, check and classify: a count that is not censored,
/// in `opt`'s default unit unless it has its own. `error` is empty when it
/// was read.
struct threshold_flag {
  count value;
  std::string error;
};
auto read_threshold_flag(const std::string& text, const parse_options& opt) -> threshold_flag;

/// The help of --grade, naming every system (from the core's list).
auto grade_help() -> std::string;
/// The help of classify's --fever, with the fever threshold (from the core).
auto fever_help() -> std::string;
/// The message for a --fever value that parse_fever refuses.
auto describe_fever_flag_error(const std::string& value, fever_error ec) -> std::string;

/// The systems named in a --grade list ("ctcae5,daids21"); throws
/// usage_error naming the first unknown one.
auto parse_grade_list(const std::string& list) -> std::array<bool, grading_systems.size()>;

/// Runs `f`, turning a usage_error, a setup_error or an I/O failure
/// (std::system_error: unreadable input, a full disk) into a message on
/// `err` and exit 2; any other exception too (out of memory, an internal
/// check of the parallel batch), so that it is reported and an `-o` file is
/// not left half-written.
template <typename F>
auto reporting_errors(std::ostream& err, F&& f) -> int {
  try {
    return f();
  } catch (const usage_error& e) {
    err << "anc: error: " << e.message << '\n';
  } catch (const engine::setup_error& e) {
    err << "anc: error: " << describe(e) << '\n';
  } catch (const std::exception& e) {  // std::system_error among them
    err << "anc: error: " << e.what() << '\n';
  }
  return exit_usage;
}

}  // namespace anc::cli
