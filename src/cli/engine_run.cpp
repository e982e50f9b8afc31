#include "cli/engine_run.hpp"

#include <fmt/format.h>
#include <sched.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <ostream>
#include <thread>

#include "cli/batch_options.hpp"
#include "cli/exit_codes.hpp"
#include "engine/chunk_flow.hpp"
#include "io/text.hpp"

namespace anc::cli {

void add_output_options(CLI::App& cmd, run_options& o) {
  cmd.add_option("-o,--output", o.output,
                 "Write here instead of standard output (atomically: a failed run leaves no "
                 "partial file); - is standard output")
      ->type_name("FILE");
  cmd.add_option("--format", o.format, "Output format: csv (default) or ndjson")
      ->type_name("FORMAT");
}

void add_progress_options(CLI::App& cmd, run_options& o) {
  cmd.add_option("--progress", o.progress,
                 "Progress line on stderr: auto (on a terminal), always, never")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}).description(""));
  cmd.add_option("-j,--threads", o.threads,
                 "Worker threads (default 0: one per CPU); the output is the same for any "
                 "number, and 1 classifies on the main thread with no chunking")
      ->type_name("N")
      ->check(CLI::Range(0U, 256U).description(""));
}

void check_format(const run_options& o) {
  if (o.format != "csv" && o.format != "ndjson")
    throw usage_error{fmt::format("--format \"{}\": use csv or ndjson", o.format)};
}

progress_meter::progress_meter(std::string_view when)
    : on_(when == "always" || (when == "auto" && ::isatty(STDERR_FILENO) == 1)),
      forced_(when == "always"),
      start_(clock::now()),
      last_(start_) {}

void progress_meter::tick(std::uint64_t rows, std::uint64_t bytes) {
  if (!on_) return;
  const auto now = clock::now();
  if (now - last_ < std::chrono::milliseconds(500)) return;
  last_ = now;
  print(rows, bytes, now);
}

void progress_meter::finish(std::uint64_t rows, std::uint64_t bytes) {
  if (!on_ || (!forced_ && clock::now() - start_ < std::chrono::milliseconds(500))) return;
  print(rows, bytes, clock::now());
  std::fputs("\n", stderr);
}

void progress_meter::print(std::uint64_t rows, std::uint64_t bytes, clock::time_point now) const {
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double mb = static_cast<double>(bytes) / 1e6;
  fmt::print(stderr, "\ranc: {}, {:.0f} MB, {:.0f} MB/s", io::counted(rows, "row", "rows"), mb,
             seconds > 0 ? mb / seconds : 0.0);
  std::fflush(stderr);
}

auto available_cpus() -> unsigned {
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof set, &set) == 0)
    return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
  return std::max(1U, std::thread::hardware_concurrency());
}

namespace {

/// Input bytes a parallel chunk holds. chunks_in_flight(N) chunks, each
/// holding its input and its output (up to about three times as long), so
/// the chunks shrink as threads are added: together they stay near 4 MiB,
/// which keeps peak memory under the 16 MiB target whatever N. 256 KiB at
/// most, 16 KiB at least (still hundreds of rows a chunk).
/// ANC_CHUNK_SIZE changes it for tests, which cut inputs into tiny chunks
/// to put chunk boundaries everywhere; results never depend on it.
auto chunk_size(unsigned threads) -> std::size_t {
  if (const char* env = std::getenv("ANC_CHUNK_SIZE"); env != nullptr) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(env, &end, 10);
    if (end != env && *end == '\0' && n > 0) return static_cast<std::size_t>(n);
    throw usage_error{fmt::format("ANC_CHUNK_SIZE=\"{}\" must be a number of bytes", env)};
  }
  return std::clamp((std::size_t{4} << 20) / (4 * engine::chunks_in_flight(threads)),
                    std::size_t{16} << 10, std::size_t{256} << 10);
}

}  // namespace

auto threads_for(unsigned requested, const engine::batch_pipeline& pipeline)
    -> std::pair<unsigned, std::size_t> {
  unsigned threads = requested > 0 ? requested : available_cpus();
  const std::size_t chunk = threads > 1 ? chunk_size(threads) : 0;
  // By default, files that fit in one chunk cannot be split: starting the
  // threads would only add their start-up time (a CI job's small files).
  if (requested == 0 && threads > 1)
    if (const auto size = pipeline.input_file_bytes(); size && *size <= chunk) threads = 1;
  return {threads, threads > 1 ? chunk : 0};
}

auto finish_run(const engine::batch_pipeline& pipeline, std::ostream& err) -> int {
  const engine::row_counts& counts = pipeline.counts();

  if (counts.errors > 0)
    err << fmt::format("anc: {} of {} could not be classified (status=error); first: {}\n",
                       counts.errors, io::counted(counts.rows, "row", "rows"), counts.first_error);
  // SPEC §7: a long export of which no row matched is a wrong code list,
  // and a CI job must not pass on nothing.
  if (counts.none_matched()) {
    std::vector<std::string> seen;
    for (const auto& [code, n] : counts.commonest_codes(5))
      seen.push_back(fmt::format("{} ({})", code, io::counted(n, "row", "rows")));
    const std::size_t column = *pipeline.roles().of(io::role::code);
    const engine::batch_settings& s = pipeline.settings();
    const std::string looked_for =
        s.derive
            ? fmt::format("ANC {}; WBC {}; neutrophils % {}; bands % {}",
                          fmt::join(s.anc_codes, ", "), fmt::join(s.wbc_codes, ", "),
                          fmt::join(s.neut_pct_codes, ", "), fmt::join(s.bands_pct_codes, ", "))
            : fmt::format("{}", fmt::join(s.anc_codes, ", "));
    err << fmt::format(
        "anc: error: {} {} in column \"{}\": looked for {}; the commonest codes seen: {}; for a "
        "local code system pass --anc-codes with the code of its absolute neutrophil count "
        "test{}\n",
        counts.rows == 1 ? std::string("the only row had no")
                         : fmt::format("none of the {} rows had an", counts.rows),
        s.derive ? "ANC, WBC or differential code" : "ANC code", pipeline.header_names()[column],
        looked_for, fmt::join(seen, ", "),
        s.derive ? " (and --wbc-codes, --neut-pct-codes, --bands-pct-codes with those of its "
                   "white count and differential)"
                 : "");
    return exit_usage;
  }
  return counts.errors > 0 ? exit_rows_failed : exit_ok;
}

}  // namespace anc::cli
