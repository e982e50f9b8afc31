#pragma once
// `anc check CASES.csv [--junit FILE]` (SPEC §8): run every case exactly as
// `batch` would and compare each `expected_*` column with what came out.
#include <iosfwd>
#include <optional>
#include <string>

#include "cli/batch_options.hpp"

namespace CLI {
class App;
}

namespace anc::cli {

struct check_options {
  input_options input;
  std::optional<std::string> junit;
};

auto add_check_command(CLI::App& app, check_options& o) -> CLI::App*;

/// 0 when every expectation holds, 1 when any fails, 2 on a usage error.
auto run_check(const check_options& o, std::ostream& out, std::ostream& err) -> int;

}  // namespace anc::cli
