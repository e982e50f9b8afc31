#pragma once
// What the commands that run the batch engine over files share: the
// progress line, the number of threads and chunk size, and the report of a
// finished run (counts on stderr, the exit status).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>

#include "engine/batch_pipeline.hpp"

namespace CLI {
class App;
}

namespace anc::cli {

/// Where and how a run writes, and on how many threads: the options batch
/// and episodes share.
struct run_options {
  std::optional<std::string> output;
  std::string format = "csv";
  std::string progress = "auto";
  unsigned threads = 0;  ///< 0: one per CPU this process may run on
};
/// Registers -o and --format.
void add_output_options(CLI::App& cmd, run_options& o);
/// Registers --progress and -j.
void add_progress_options(CLI::App& cmd, run_options& o);
/// Throws usage_error unless --format is csv or ndjson.
void check_format(const run_options& o);

/// A progress line on stderr while long runs go on: silent unless stderr is
/// a terminal (or --progress always).
class progress_meter {
 public:
  /// `when`: --progress's value (auto, always, never).
  explicit progress_meter(std::string_view when);
  void tick(std::uint64_t rows, std::uint64_t bytes);
  void finish(std::uint64_t rows, std::uint64_t bytes);

 private:
  using clock = std::chrono::steady_clock;
  void print(std::uint64_t rows, std::uint64_t bytes, clock::time_point now) const;
  bool on_, forced_;
  clock::time_point start_, last_;
};

/// The CPUs this process may run on (taskset, cgroup cpusets), at least 1.
auto available_cpus() -> unsigned;

/// The threads of a run (`requested` 0: one per CPU, or one for inputs that
/// fit in one chunk) and the input bytes of a chunk (0 for one thread).
/// Throws usage_error for a bad ANC_CHUNK_SIZE.
auto threads_for(unsigned requested, const engine::batch_pipeline& pipeline)
    -> std::pair<unsigned, std::size_t>;

/// After the run: the error rows counted on `err`, and the exit status: 0,
/// 1 when some rows were errors, 2 when a long export matched no code
/// (SPEC §7).
auto finish_run(const engine::batch_pipeline& pipeline, std::ostream& err) -> int;

}  // namespace anc::cli
