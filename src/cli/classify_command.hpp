#pragma once
// `anc classify VALUE --age AGE [options]` (SPEC §9): flags as typed ->
// validated reading -> classification -> text or JSON.
#include <iosfwd>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace anc::cli {

/// The flags exactly as typed; nothing is interpreted here.
struct classify_options {
  std::optional<std::string> value, age, unit, dob, date, duration, onset, fever, wbc, segs, bands,
      threshold, grade, lln;
  bool decimal_comma = false;
  bool json = false;
  bool explain = false;
  std::string color = "auto";
};

/// Registers the `classify` subcommand and its flags on `app`.
auto add_classify_command(CLI::App& app, classify_options& o) -> CLI::App*;

/// Runs a parsed `classify`: 0 when classified, 2 on an input error (the
/// message, naming the problem and the accepted forms, goes to `err`).
auto run_classify(const classify_options& o, std::ostream& out, std::ostream& err) -> int;

}  // namespace anc::cli
