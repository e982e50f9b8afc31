#include "cli/batch_command.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <ostream>
#include <system_error>

#include "anc/classify.hpp"
#include "cli/exit_codes.hpp"
#include "io/anc_codes.hpp"
#include "io/columns.hpp"
#include "io/csv_output.hpp"
#include "io/csv_reader.hpp"
#include "io/messages.hpp"
#include "io/ndjson_output.hpp"
#include "io/output_sink.hpp"
#include "io/row_classifier.hpp"

namespace anc::cli {
namespace {

/// A usage problem found before any row is read: message for stderr, exit 2.
struct usage_error {
  std::string message;
};

auto split_list(const std::string& s) -> std::vector<std::string> {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = s.find(',', start);
    out.emplace_back(trim(std::string_view(s).substr(start, comma - start)));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

auto parse_delimiter(const std::string& d) -> char {
  if (d == "tab" || d == "\\t" || d == "\t") return '\t';
  if (d.size() == 1 && d != "\"" && d != "\n" && d != "\r") return d[0];
  throw usage_error{fmt::format(
      "--delimiter \"{}\" must be one character (or \"tab\"), not a quote or line end", d)};
}

auto parse_age_unit(const std::string& u) -> age_unit {
  const age_result a = parse_age("1" + u);
  if (!a) throw usage_error{fmt::format("--age-unit \"{}\": use d, w, m or y", u)};
  for (const age_unit candidate : {age_unit::day, age_unit::week, age_unit::month, age_unit::year})
    if (parse_age("1", {candidate}).value.exact == a.value.exact) return candidate;
  throw usage_error{fmt::format("--age-unit \"{}\": use d, w, m or y", u)};
}

auto parse_fields(const std::optional<std::string>& text) -> std::vector<io::out_field> {
  std::vector<io::out_field> fields;
  if (!text) {
    for (std::size_t i = 0; i < io::default_field_count; ++i)
      fields.push_back(io::out_field_names[i].field);
    return fields;
  }
  for (const auto& name : split_list(*text)) {
    const auto f = io::out_field_from_name(name);
    if (!f) {
      std::string known;
      for (const auto& n : io::out_field_names) known += fmt::format(" {}", n.name);
      throw usage_error{fmt::format("--fields: unknown field \"{}\"; known:{}", name, known)};
    }
    fields.push_back(*f);
  }
  // SPEC §7: status and error are always written, since any row can fail.
  for (const io::out_field must : {io::out_field::status, io::out_field::error})
    if (std::find(fields.begin(), fields.end(), must) == fields.end()) fields.push_back(must);
  return fields;
}

auto settings_from(const batch_options& o) -> io::batch_settings {
  io::batch_settings s;
  s.decimal_comma = o.decimal_comma;
  if (o.unit) {
    const unit_result u = parse_unit(*o.unit);
    if (!u) throw usage_error{io::describe_unit_error("--unit", *o.unit, u.ec)};
    s.default_unit = u.value;
  }
  if (o.age_unit) s.bare_age_unit = parse_age_unit(*o.age_unit);
  if (o.age) {
    const age_result a = parse_age(*o.age, {std::nullopt, o.decimal_comma});
    if (!a) throw usage_error{io::describe_age_error("--age", *o.age, a.ec, a.number_ec)};
    s.default_age = a.value;
  }
  if (o.threshold) {
    const parse_result t =
        parse_count(*o.threshold, {o.decimal_comma, std::nullopt, unitless_policy::terminal});
    if (!t) throw usage_error{io::describe_count_error("--threshold", *o.threshold, t)};
    if (t.q.qual != qualifier::none)
      throw usage_error{fmt::format("--threshold \"{}\" cannot be censored", *o.threshold)};
    s.threshold = t.q.value;
  }
  if (o.anc_codes) {
    s.anc_codes = split_list(*o.anc_codes);
  } else {
    for (const auto code : io::default_anc_codes) s.anc_codes.emplace_back(code);
  }
  return s;
}

/// One input file (or stdin), opened and with its header read.
struct input {
  std::string name;
  int fd = -1;
  std::unique_ptr<io::csv_reader> reader;
  io::record header;
  ~input() {
    if (fd > 0) ::close(fd);
  }
};

auto open_input(const std::string& name, const batch_options& o, std::optional<char>& delimiter)
    -> std::unique_ptr<input> {
  auto in = std::make_unique<input>();
  in->name = name == "-" ? "<stdin>" : name;
  if (name == "-") {
    in->fd = 0;
  } else {
    in->fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (in->fd < 0)
      throw usage_error{fmt::format("cannot read {}: {}", name, std::strerror(errno))};
  }
  in->reader = std::make_unique<io::csv_reader>(io::byte_source(in->fd), ',');
  if (!delimiter) delimiter = io::sniff_delimiter(in->reader->peek_first_line());
  in->reader->set_delimiter(*delimiter);
  if (!o.no_header && !in->reader->next(in->header))
    throw usage_error{
        fmt::format("{} is empty: no header line (for headerless input pass "
                    "--no-header --columns a,b,c)",
                    in->name)};
  if (in->header.problem != io::record_problem::none)
    throw usage_error{fmt::format("{}: the header line has malformed quoting", in->name)};
  return in;
}

auto anc_source_for(const io::column_roles& roles, const batch_options& o) -> io::anc_source {
  const bool value_named = o.role_columns[static_cast<std::size_t>(io::role::value)].has_value();
  if (roles.of(io::role::anc)) return io::anc_source::anc_column;
  if (roles.of(io::role::value) && (roles.of(io::role::code) || value_named))
    return io::anc_source::value_column;
  if (roles.of(io::role::wbc) && roles.of(io::role::segs)) return io::anc_source::differential;
  if (roles.of(io::role::value))
    throw usage_error{
        "found a value column but no test-code column, so nothing says which rows are ANC "
        "results; for a long-format export pass --code-col (and --anc-codes for local codes), "
        "or name the ANC column with --anc-col / --value-col"};
  throw usage_error{
      "no ANC column: looked for anc, neutrophils_abs, abs_neut, absolute_neutrophil_count, "
      "neut# (any case and punctuation), a value column with a code column, or wbc and segs "
      "columns; name it with --anc-col"};
}

/// A progress line on stderr while long runs go on (SPEC: silent unless on a terminal).
class progress_meter {
 public:
  /// `forced`: --progress always, which also prints the final line of a short run.
  progress_meter(bool on, bool forced)
      : on_(on), forced_(forced), start_(clock::now()), last_(start_) {}
  void tick(std::uint64_t rows, std::uint64_t bytes) {
    if (!on_ || (rows & 0x3FFF) != 0) return;
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
    fmt::print(stderr, "\ranc: {} rows, {:.0f} MB, {:.0f} MB/s", rows, mb,
               seconds > 0 ? mb / seconds : 0.0);
    std::fflush(stderr);
  }
  bool on_, forced_;
  clock::time_point start_, last_;
};

auto run(const batch_options& o, std::ostream& err) -> int {
  if (o.format != "csv" && o.format != "ndjson")
    throw usage_error{fmt::format("--format \"{}\": use csv or ndjson", o.format)};
  if (o.no_header != o.columns.has_value())
    throw usage_error{
        "--no-header and --columns go together: headerless input needs its "
        "column names"};
  std::vector<std::string> inputs = o.inputs.empty() ? std::vector<std::string>{"-"} : o.inputs;
  for (const auto& name : inputs)
    if (name == "-" && ::isatty(STDIN_FILENO) == 1 && o.inputs.empty())
      throw usage_error{"no input: pass a CSV file, or pipe one in (anc batch - < labs.csv)"};

  const io::batch_settings settings = settings_from(o);
  const std::vector<io::out_field> fields = parse_fields(o.fields);
  std::optional<char> delimiter;
  if (o.delimiter) delimiter = parse_delimiter(*o.delimiter);

  std::vector<std::unique_ptr<input>> opened;
  for (const auto& name : inputs) opened.push_back(open_input(name, o, delimiter));

  std::vector<std::string> header_names;
  if (o.no_header) {
    header_names = split_list(*o.columns);
  } else {
    for (const auto f : opened.front()->header.fields) header_names.emplace_back(f);
    for (const auto& in : opened)
      if (in->header.raw != opened.front()->header.raw)
        throw usage_error{fmt::format("{} has a different header from {}; batch them separately",
                                      in->name, opened.front()->name)};
  }

  io::role_overrides overrides;
  for (std::size_t r = 0; r < io::role_count; ++r) overrides[r] = o.role_columns[r];
  std::vector<std::string_view> header_views(header_names.begin(), header_names.end());
  const io::roles_result found = io::find_roles(header_views, overrides);
  if (!found.error.empty()) throw usage_error{found.error};
  const io::anc_source source = anc_source_for(found.roles, o);
  const io::row_classifier classifier(header_names, found.roles, source, settings);

  io::output_sink sink = o.output ? io::output_sink(*o.output) : io::output_sink();
  io::csv_writer csv(sink, *delimiter, fields);
  io::ndjson_writer ndjson(sink, header_names);
  const bool as_csv = o.format == "csv";
  // Headerless input gives headerless output, so chunks can be concatenated.
  if (as_csv && !o.no_header) csv.header(opened.front()->header.raw, header_names);

  const bool show_progress =
      o.progress == "always" || (o.progress == "auto" && ::isatty(STDERR_FILENO) == 1);
  progress_meter meter(show_progress, o.progress == "always");

  io::record rec;
  io::row_result result;
  std::uint64_t rows = 0, errors = 0, skipped = 0, bytes_before = 0;
  std::string first_error;
  for (const auto& in : opened) {
    while (in->reader->next(rec)) {
      ++rows;
      if (rec.problem != io::record_problem::none) {
        result = {};
        result.status = io::row_status::error;
        result.error = rec.problem == io::record_problem::unterminated_quote
                           ? "a quoted field is not closed before the end of the input"
                           : "malformed quoting: a quote inside an unquoted field or text after "
                             "a closing quote (RFC 4180)";
      } else if (rec.fields.size() != header_names.size()) {
        result = {};
        result.status = io::row_status::error;
        result.error = fmt::format("the row has {} fields but the header has {}", rec.fields.size(),
                                   header_names.size());
      } else {
        classifier.classify_row(rec.fields, result);
      }
      if (result.status == io::row_status::error) {
        ++errors;
        const std::string where = opened.size() > 1
                                      ? fmt::format("{} row {} (line {})", in->name, rows, rec.line)
                                      : fmt::format("row {} (line {})", rows, rec.line);
        result.error = fmt::format("{}: {}", where, result.error);
        if (first_error.empty()) first_error = result.error;
      }
      skipped += result.status == io::row_status::skipped;
      if (as_csv)
        csv.row(rec, header_names.size(), result);
      else
        ndjson.row(rows, rec, result);
      meter.tick(rows, bytes_before + in->reader->bytes_consumed());
    }
    bytes_before += in->reader->bytes_consumed();
  }
  sink.commit();
  meter.finish(rows, bytes_before);

  if (errors > 0)
    err << fmt::format("anc: {} of {} rows could not be classified (status=error); first: {}\n",
                       errors, rows, first_error);
  if (rows > 0 && skipped == rows && found.roles.of(io::role::code))
    err << fmt::format(
        "anc: warning: no row had an ANC code ({}); for local code systems pass --anc-codes\n",
        fmt::join(settings.anc_codes, ", "));
  return errors > 0 ? exit_rows_failed : exit_ok;
}

}  // namespace

auto add_batch_command(CLI::App& app, batch_options& o) -> CLI::App* {
  auto* cmd = app.add_subcommand("batch", "Classify every row of lab CSV exports (SPEC section 7)");
  cmd->add_option("FILE", o.inputs, "CSV files to read, or - for standard input (the default)");
  cmd->add_option("-o,--output", o.output,
                  "Write here instead of standard output (atomically: a failed run leaves no "
                  "partial file)");
  cmd->add_option("--format", o.format, "Output format: csv (default) or ndjson");
  cmd->add_option("--delimiter", o.delimiter,
                  "Field delimiter (default: sniffed from the header among , ; tab |)");
  cmd->add_flag("--decimal-comma", o.decimal_comma, "Read ',' as the decimal separator");
  cmd->add_flag("--no-header", o.no_header, "The input has no header line (needs --columns)");
  cmd->add_option("--columns", o.columns, "Column names for --no-header input: a,b,c");
  cmd->add_option("--age", o.age, "Age for rows with none, e.g. 8m, 40y");
  cmd->add_option("--age-unit", o.age_unit,
                  "Unit of bare numbers in the age column: d, w, m or y (else from its name: "
                  "age_days, age_weeks, age_months, age_years)");
  cmd->add_option("--unit", o.unit, "Unit for values with no unit and no unit column value");
  cmd->add_option("--threshold", o.threshold, "Replace the age threshold for this run");
  cmd->add_option("--anc-codes", o.anc_codes,
                  "Codes that mark ANC rows in a long-format export, replacing the LOINC list "
                  "(751-8, 753-4, 26499-4), e.g. a hospital's item ids: 52075");
  cmd->add_option("--fields", o.fields,
                  "Appended columns, in order (status and error are always added): anc_per_uL, "
                  "age_days, age_group, threshold_per_uL, neutropenic, severity, duration_days, "
                  "duration_class, status, error, qualifier, threshold_source, febrile");
  cmd->add_option("--progress", o.progress,
                  "Progress line on stderr: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  for (std::size_t r = 0; r < io::role_count; ++r) {
    const auto this_role = static_cast<io::role>(r);
    cmd->add_option(std::string(io::flag_of(this_role)), o.role_columns[r],
                    fmt::format("The column holding the {}", io::name_of(this_role)));
  }
  cmd->footer(
      "Examples:\n"
      "  anc batch labs.csv > classified.csv\n"
      "  cat export.csv | anc batch - --age 40y > classified.csv\n"
      "  anc batch labevents.csv --code-col itemid --anc-codes 52075 --age 60y -o out.csv\n"
      "  anc batch labs.csv --format ndjson\n"
      "\n"
      "Every input row is written once, in order, unchanged, followed by the appended\n"
      "columns. A row that cannot be classified gets status=error and an error naming the\n"
      "field, the value and the fix. Exit status: 0 all rows classified (or skipped),\n"
      "1 some rows are errors (all rows still written), 2 usage error or unreadable input.");
  return cmd;
}

auto run_batch(const batch_options& o, std::ostream& err) -> int {
  try {
    return run(o, err);
  } catch (const usage_error& e) {
    err << "anc: error: " << e.message << '\n';
    return exit_usage;
  } catch (const std::system_error& e) {
    err << "anc: error: " << e.what() << '\n';
    return exit_usage;
  }
}

}  // namespace anc::cli
