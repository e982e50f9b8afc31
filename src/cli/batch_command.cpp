#include "cli/batch_command.hpp"

#include <fmt/format.h>
#include <sched.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <system_error>
#include <thread>

#include "cli/exit_codes.hpp"
#include "engine/batch_pipeline.hpp"
#include "engine/chunk_flow.hpp"
#include "engine/messages.hpp"
#include "io/csv_output.hpp"
#include "io/ndjson_output.hpp"
#include "io/output_sink.hpp"

namespace anc::cli {
namespace {

/// The appended CSV fields: --fields, each at most once, else SPEC §7's
/// defaults (febrile when there is a fever to report, a grade per --grade).
auto parse_fields(const std::optional<std::string>& text, const engine::batch_settings& settings,
                  bool has_fever) -> std::vector<io::out_field> {
  std::vector<io::out_field> fields;
  if (!text) {
    for (const io::out_field f : io::default_fields)
      if (f != io::out_field::febrile || has_fever) fields.push_back(f);
    fields.push_back(io::default_last_field);
    for (const grading_system system : grading_systems)
      if (settings.grade_wanted[static_cast<std::size_t>(system)])
        fields.push_back(io::grade_field(system));
    return fields;
  }
  for (const auto& name : split_list(*text)) {
    const auto f = io::out_field_from_name(name);
    if (!f) {
      std::string known;
      for (const auto& n : io::out_field_names) known += fmt::format(" {}", n.name);
      throw usage_error{fmt::format("--fields: unknown field \"{}\"; known:{}", name, known)};
    }
    if (const auto system = io::grade_system_of(*f);
        system && !settings.grade_wanted[static_cast<std::size_t>(*system)])
      throw usage_error{fmt::format("--fields: {} needs --grade {}", name, to_string(*system))};
    if (std::find(fields.begin(), fields.end(), *f) != fields.end())
      throw usage_error{fmt::format("--fields: {} is listed twice; list each field once", name)};
    fields.push_back(*f);
  }
  // SPEC §7: status and error are always written, since any row can fail.
  for (const io::out_field must : {io::out_field::status, io::out_field::error})
    if (std::find(fields.begin(), fields.end(), must) == fields.end()) fields.push_back(must);
  return fields;
}

/// A progress line on stderr while long runs go on: silent unless stderr is
/// a terminal (or --progress always).
class progress_meter {
 public:
  /// `forced`: --progress always, which also prints the final line of a short run.
  progress_meter(bool on, bool forced)
      : on_(on), forced_(forced), start_(clock::now()), last_(start_) {}
  void tick(std::uint64_t rows, std::uint64_t bytes) {
    if (!on_) return;
    const auto now = clock::now();
    if (now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    print(rows, bytes, now);
  }
  void finish(std::uint64_t rows, std::uint64_t bytes) {
    if (!on_ || (!forced_ && clock::now() - start_ < std::chrono::milliseconds(500))) return;
    print(rows, bytes, clock::now());
    std::fputs("\n", stderr);
  }

 private:
  using clock = std::chrono::steady_clock;
  void print(std::uint64_t rows, std::uint64_t bytes, clock::time_point now) const {
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double mb = static_cast<double>(bytes) / 1e6;
    fmt::print(stderr, "\ranc: {}, {:.0f} MB, {:.0f} MB/s", io::counted(rows, "row", "rows"), mb,
               seconds > 0 ? mb / seconds : 0.0);
    std::fflush(stderr);
  }
  bool on_, forced_;
  clock::time_point start_, last_;
};

/// The CPUs this process may run on (taskset, cgroup cpusets), at least 1.
auto available_cpus() -> unsigned {
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof set, &set) == 0)
    return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
  return std::max(1U, std::thread::hardware_concurrency());
}

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

auto run(const batch_options& o, std::ostream& err) -> int {
  if (o.format != "csv" && o.format != "ndjson")
    throw usage_error{fmt::format("--format \"{}\": use csv or ndjson", o.format)};
  if (o.fields && o.format == "ndjson")
    throw usage_error{
        "--fields chooses CSV columns; an NDJSON object always holds every field (README: "
        "NDJSON), so use --format csv with --fields, or select fields with jq"};
  // The output first: a path that cannot be written (a directory, a
  // missing folder) fails before any input is read.
  io::output_sink sink = o.output ? io::output_sink(*o.output) : io::output_sink();
  engine::batch_pipeline pipeline(make_batch_config(o.input));
  const std::vector<io::out_field> fields =
      parse_fields(o.fields, pipeline.settings(),
                   pipeline.roles().of(io::role::fever) || pipeline.settings().default_fever);
  const bool as_csv = o.format == "csv";
  // Headerless input gives headerless output, so chunks can be concatenated.
  if (as_csv && !pipeline.headerless())
    io::csv_writer(sink, pipeline.delimiter(), fields)
        .header(pipeline.raw_header(), pipeline.header_names());

  progress_meter meter(
      o.progress == "always" || (o.progress == "auto" && ::isatty(STDERR_FILENO) == 1),
      o.progress == "always");
  const engine::writer_spec format{
      as_csv ? engine::output_format::csv : engine::output_format::ndjson, pipeline.delimiter(),
      fields, pipeline.header_names()};
  const auto tick = [&](std::uint64_t n, std::uint64_t bytes) { meter.tick(n, bytes); };
  unsigned threads = o.threads > 0 ? o.threads : available_cpus();
  const std::size_t chunk = threads > 1 ? chunk_size(threads) : 0;
  // By default, files that fit in one chunk cannot be split: starting the
  // threads would only add their start-up time (a CI job's small files).
  if (o.threads == 0 && threads > 1)
    if (const auto size = pipeline.input_file_bytes(); size && *size <= chunk) threads = 1;
  if (threads == 1)
    pipeline.write_rows(format, sink, tick);
  else
    pipeline.write_rows_parallel(threads, chunk, format, sink, tick);
  sink.commit();
  const engine::row_counts& counts = pipeline.counts();
  meter.finish(counts.rows, pipeline.bytes_read());

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
    err << fmt::format(
        "anc: error: {} ANC code in column \"{}\": looked for {}; the "
        "commonest codes seen: {}; for a local code system pass --anc-codes with the code of "
        "its absolute neutrophil count test\n",
        counts.rows == 1 ? std::string("the only row had no")
                         : fmt::format("none of the {} rows had an", counts.rows),
        pipeline.header_names()[column], fmt::join(pipeline.settings().anc_codes, ", "),
        fmt::join(seen, ", "));
    return exit_usage;
  }
  return counts.errors > 0 ? exit_rows_failed : exit_ok;
}

}  // namespace

auto add_batch_command(CLI::App& app, batch_options& o) -> CLI::App* {
  auto* cmd = app.add_subcommand("batch", "Classify every row of lab CSV exports");
  add_input_options(*cmd, o.input);
  cmd->add_option("-o,--output", o.output,
                  "Write here instead of standard output (atomically: a failed run leaves no "
                  "partial file); - is standard output")
      ->type_name("FILE");
  cmd->add_option("--format", o.format, "Output format: csv (default) or ndjson")
      ->type_name("FORMAT");
  std::vector<std::string_view> field_names;
  for (const auto& f : io::out_field_names) field_names.push_back(f.name);
  cmd->add_option("--fields", o.fields,
                  fmt::format("Appended CSV columns, in order, each once (status and error are "
                              "always added): {}",
                              fmt::join(field_names, ", ")))
      ->type_name("FIELDS");
  cmd->add_option("--progress", o.progress,
                  "Progress line on stderr: auto (on a terminal), always, never")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}).description(""));
  cmd->add_option("-j,--threads", o.threads,
                  "Worker threads (default 0: one per CPU); the output is the same for any "
                  "number, and 1 classifies on the main thread with no chunking")
      ->type_name("N")
      ->check(CLI::Range(0U, 256U).description(""));
  cmd->footer(
      "Examples:\n"
      "  anc batch labs.csv > classified.csv\n"
      "  cat export.csv | anc batch - --age 40y > classified.csv\n"
      "  anc batch export.csv --code-col itemid --anc-codes 52075 -o out.csv\n"
      "  anc batch labs.csv --grade ctcae5,daids21 --lln 1.8x10^9/L --format ndjson\n"
      "\n"
      "Every input row is written once, in order, unchanged, followed by the appended\n"
      "columns. A row that cannot be classified gets status=error and an error naming\n"
      "the field, the value and the fix.\n"
      "\n"
      "Exit status: 0 all rows classified (or skipped), 1 some rows are errors (all\n"
      "rows still written), 2 usage error, unreadable input, or a long export in which\n"
      "no row had a code it classifies by.");
  return cmd;
}

auto run_batch(const batch_options& o, std::ostream& err) -> int {
  return reporting_errors(err, [&] { return run(o, err); });
}

}  // namespace anc::cli
