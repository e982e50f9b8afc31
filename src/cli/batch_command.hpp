#pragma once
// `anc batch [FILE|-]... [-o OUT] [--format csv|ndjson]` (SPEC §7): stream
// lab CSV exports through the classifier; every row out, in order, once.
#include <iosfwd>
#include <optional>
#include <string>

#include "cli/batch_options.hpp"
#include "cli/engine_run.hpp"

namespace CLI {
class App;
}

namespace anc::cli {

struct batch_options {
  input_options input;
  run_options run;
  std::optional<std::string> fields;
};

auto add_batch_command(CLI::App& app, batch_options& o) -> CLI::App*;

/// 0 all rows classified (or skipped), 1 some rows are error rows, 2 usage
/// error, unreadable input or output that could not be written.
auto run_batch(const batch_options& o, std::ostream& err) -> int;

}  // namespace anc::cli
