#include "cli/episodes_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/engine_run.hpp"
#include "engine/batch_pipeline.hpp"
#include "io/episode_output.hpp"
#include "io/output_sink.hpp"

namespace anc::cli {
namespace {

auto run(const episodes_options& o, std::ostream& err) -> int {
  check_format(o.run);
  // The output first: a path that cannot be written fails before any
  // input is read.
  io::output_sink sink = o.run.output ? io::output_sink(*o.run.output) : io::output_sink();
  engine::batch_pipeline pipeline(
      make_batch_config(o.input, o.run.threads > 0 ? o.run.threads : available_cpus()));
  const auto& settings = pipeline.settings();
  io::episode_writer writer(
      sink,
      o.run.format == "csv" ? io::episode_writer::format::csv : io::episode_writer::format::ndjson,
      pipeline.delimiter(), settings.grade_wanted);
  writer.header();

  progress_meter meter(o.run.progress);
  const auto [threads, chunk] = threads_for(o.run.threads, pipeline);
  pipeline.collect_series(threads, chunk,
                          [&](std::uint64_t n, std::uint64_t bytes) { meter.tick(n, bytes); });
  meter.finish(pipeline.counts().rows, pipeline.bytes_read());
  pipeline.series().for_each_episode(settings.episodes, settings.grade_wanted,
                                     [&](const io::episode_row& e) { writer.row(e); });
  sink.commit();
  return finish_run(pipeline, err);
}

}  // namespace

auto add_episodes_command(CLI::App& app, episodes_options& o) -> CLI::App* {
  auto* cmd = app.add_subcommand(
      "episodes", "Find the episodes of neutropenia in each patient's readings (one row each)");
  o.input.command = "episodes";
  add_input_options(*cmd, o.input);
  add_output_options(*cmd, o.run);
  add_progress_options(*cmd, o.run);
  cmd->footer(
      "Examples:\n"
      "  anc episodes labs.csv > episodes.csv\n"
      "  anc episodes labevents.csv --code-col itemid --anc-codes 52075 --age 60y\n"
      "  anc episodes labs.csv --recovery-readings 3 --max-gap 30 --grade ctcae5\n"
      "  anc episodes eicu_lab.csv --date-col labresultoffset --time-unit min\n"
      "\n"
      "Rows may come in any order: each patient's readings are ordered by sample time\n"
      "(ties in input order). An episode starts at a neutropenic reading and ends at\n"
      "recovery (the first of --recovery-readings consecutive readings that are not\n"
      "neutropenic), at a gap of more than --max-gap days, or when the patient's data\n"
      "ends. Columns: patient, episode, start, end, recovered, end_reason, readings,\n"
      "neutropenic_readings, nadir_anc_per_uL, nadir_qualifier, nadir_time,\n"
      "worst_severity, duration_days, duration_class, febrile, worst_grade_<system>.\n"
      "\n"
      "Exit status: 0 all rows classified (or skipped), 1 some rows are errors (they\n"
      "are counted on stderr; the table is still written), 2 usage error or unreadable\n"
      "input.");
  return cmd;
}

auto run_episodes(const episodes_options& o, std::ostream& err) -> int {
  return reporting_errors(err, [&] { return run(o, err); });
}

}  // namespace anc::cli
