#pragma once
#include <iosfwd>

namespace anc::cli {

/// The whole command line: parses `argv`, runs the subcommand and returns
/// the exit status. Streams are parameters so tests can run it in-process.
auto run(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err)
    -> int;

}  // namespace anc::cli
