#pragma once
// `anc batch [FILE|-]... [-o OUT] [--format csv|ndjson]` (SPEC §7): stream
// lab CSV exports through the classifier; every row out, in order, once.
#include <array>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace anc::cli {

struct batch_options {
  std::vector<std::string> inputs;
  std::optional<std::string> output;
  std::string format = "csv";
  std::optional<std::string> delimiter;
  bool decimal_comma = false;
  bool no_header = false;
  std::optional<std::string> columns;
  std::optional<std::string> age, age_unit, unit, threshold, anc_codes, fields;
  std::array<std::optional<std::string>, 13> role_columns;  ///< --anc-col ... in role order
  std::string progress = "auto";
};

auto add_batch_command(CLI::App& app, batch_options& o) -> CLI::App*;

/// 0 all rows classified (or skipped), 1 some rows are error rows, 2 usage
/// error or unreadable input.
auto run_batch(const batch_options& o, std::ostream& err) -> int;

}  // namespace anc::cli
