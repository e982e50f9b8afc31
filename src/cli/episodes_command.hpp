#pragma once
// `anc episodes [FILE|-]... [-o OUT] [--format csv|ndjson]` (SPEC §12): the
// episodes of neutropenia in each patient's readings, one row per episode.
#include <iosfwd>
#include <optional>
#include <string>

#include "cli/batch_options.hpp"
#include "cli/engine_run.hpp"

namespace CLI {
class App;
}

namespace anc::cli {

struct episodes_options {
  input_options input;
  run_options run;
};

auto add_episodes_command(CLI::App& app, episodes_options& o) -> CLI::App*;

/// 0 every row classified (or skipped), 1 some rows were error rows (the
/// table is still written), 2 usage error or unreadable input.
auto run_episodes(const episodes_options& o, std::ostream& err) -> int;

}  // namespace anc::cli
