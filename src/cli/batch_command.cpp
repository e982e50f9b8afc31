#include "cli/batch_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <ostream>

#include "cli/engine_run.hpp"
#include "cli/exit_codes.hpp"
#include "engine/batch_pipeline.hpp"
#include "io/csv_output.hpp"
#include "io/output_sink.hpp"

namespace anc::cli {
namespace {

/// The appended CSV fields: --fields, each at most once, else SPEC §7's
/// defaults (febrile when there is a fever to report, a grade per --grade).
auto parse_fields(const std::optional<std::string>& text, const engine::batch_settings& settings,
                  bool has_fever) -> std::vector<io::out_field> {
  std::vector<io::out_field> fields;
  if (!text) {
    for (const io::out_field f : io::default_fields) {
      if (f == io::out_field::anc_source && !settings.derive) continue;
      if (f != io::out_field::febrile || has_fever) fields.push_back(f);
      if (f == io::out_field::duration_class && settings.series) {
        fields.push_back(io::out_field::episode);
        fields.push_back(io::out_field::episode_start);
      }
    }
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
    if ((*f == io::out_field::episode || *f == io::out_field::episode_start) && !settings.series)
      throw usage_error{fmt::format("--fields: {} needs --series", name)};
    if (*f == io::out_field::anc_source && !settings.derive)
      throw usage_error{fmt::format("--fields: {} needs --derive", name)};
    if (std::find(fields.begin(), fields.end(), *f) != fields.end())
      throw usage_error{fmt::format("--fields: {} is listed twice; list each field once", name)};
    fields.push_back(*f);
  }
  // SPEC §7: status and error are always written, since any row can fail.
  for (const io::out_field must : {io::out_field::status, io::out_field::error})
    if (std::find(fields.begin(), fields.end(), must) == fields.end()) fields.push_back(must);
  return fields;
}

auto run(const batch_options& o, std::ostream& err) -> int {
  check_format(o.run);
  if (o.fields && o.run.format == "ndjson")
    throw usage_error{
        "--fields chooses CSV columns; an NDJSON object always holds every field (README: "
        "NDJSON), so use --format csv with --fields, or select fields with jq"};
  // The output first: a path that cannot be written (a directory, a
  // missing folder) fails before any input is read.
  io::output_sink sink = o.run.output ? io::output_sink(*o.run.output) : io::output_sink();
  engine::batch_pipeline pipeline(
      make_batch_config(o.input, o.run.threads > 0 ? o.run.threads : available_cpus()));
  const std::vector<io::out_field> fields =
      parse_fields(o.fields, pipeline.settings(),
                   pipeline.roles().of(io::role::fever) || pipeline.settings().default_fever);
  const bool as_csv = o.run.format == "csv";
  // Headerless input gives headerless output, so chunks can be concatenated.
  if (as_csv && !pipeline.headerless())
    io::csv_writer(sink, pipeline.delimiter(), fields)
        .header(pipeline.raw_header(), pipeline.header_names());

  progress_meter meter(o.run.progress);
  const engine::writer_spec format{
      as_csv ? engine::output_format::csv : engine::output_format::ndjson,
      pipeline.delimiter(),
      fields,
      pipeline.header_names(),
      pipeline.settings().series,
      pipeline.settings().derive,
      pipeline.hides_columns()};
  const auto tick = [&](std::uint64_t n, std::uint64_t bytes) { meter.tick(n, bytes); };
  const auto [threads, chunk] = threads_for(o.run.threads, pipeline);
  if (threads == 1)
    pipeline.write_rows(format, sink, tick);
  else
    pipeline.write_rows_parallel(threads, chunk, format, sink, tick);
  sink.commit();
  meter.finish(pipeline.counts().rows, pipeline.bytes_read());
  return finish_run(pipeline, err);
}

}  // namespace

auto add_batch_command(CLI::App& app, batch_options& o) -> CLI::App* {
  auto* cmd = app.add_subcommand("batch", "Classify every row of lab CSV exports");
  add_input_options(*cmd, o.input);
  add_output_options(*cmd, o.run);
  std::vector<std::string_view> field_names;
  for (const auto& f : io::out_field_names) field_names.push_back(f.name);
  cmd->add_option("--fields", o.fields,
                  fmt::format("Appended CSV columns, in order, each once (status and error are "
                              "always added): {}",
                              fmt::join(field_names, ", ")))
      ->type_name("FIELDS");
  add_progress_options(*cmd, o.run);
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
