#include "cli/batch_pipeline.hpp"
#include "cli/input_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <cstring>

#include "io/anc_codes.hpp"
#include "io/messages.hpp"

namespace anc::cli {

namespace {

auto parse_delimiter(const std::string& d) -> char {
  if (d == "tab" || d == "\\t" || d == "\t") return '\t';
  if (d.size() == 1 && d != "\"" && d != "\n" && d != "\r") return d[0];
  throw usage_error{fmt::format(
      "--delimiter \"{}\" must be one character (or \"tab\"), not a quote or line end", d)};
}

auto parse_age_unit(const std::string& u) -> age_unit {
  const age_result a = parse_age("1" + u);
  if (a)
    for (const age_unit candidate :
         {age_unit::day, age_unit::week, age_unit::month, age_unit::year})
      if (parse_age("1", {candidate}).value.exact == a.value.exact) return candidate;
  throw usage_error{fmt::format("--age-unit \"{}\": use d, w, m or y", u)};
}

auto settings_from(const input_options& o) -> io::batch_settings {
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
      throw usage_error{io::describe_censored_threshold("--threshold", *o.threshold)};
    s.threshold = t.q.value;
  }
  if (o.anc_codes) {
    s.anc_codes = split_list(*o.anc_codes);
  } else {
    for (const auto code : io::default_anc_codes) s.anc_codes.emplace_back(code);
  }
  if (o.grade) s.grade_wanted = parse_grade_list(*o.grade);
  if (o.fever) {
    const fever_result f = parse_fever(*o.fever, o.decimal_comma);
    if (!f) throw usage_error{describe_fever_flag_error(*o.fever, f.ec)};
    s.default_fever = f.fever;
  }
  s.default_lln = o.lln;
  // SPEC §11: the general path alone, to prove the fast path changes nothing.
  if (const char* env = std::getenv("ANC_NO_FAST_PATH");
      env != nullptr && *env != '\0' && std::string_view(env) != "0")
    s.fast_path = false;
  return s;
}

auto open_input(const std::string& name, const input_options& o, std::optional<char>& delimiter)
    -> std::unique_ptr<input_file> {
  auto in = std::make_unique<input_file>();
  in->name = name == "-" ? "<stdin>" : name;
  if (name == "-") {
    in->fd = 0;
  } else {
    in->fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (in->fd < 0)
      throw usage_error{fmt::format("cannot read {}: {}", name, std::strerror(errno))};
  }
  if (struct stat st{}; ::fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode))
    throw usage_error{fmt::format("cannot read {}: {}", in->name, std::strerror(EISDIR))};
  in->reader = std::make_unique<io::csv_reader>(io::byte_source(in->fd), ',');
  in->reader->set_source_name(in->name);
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

auto anc_source_for(const io::column_roles& roles, const input_options& o) -> io::anc_source {
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

}  // namespace

namespace {

auto grade_names() -> std::string {
  std::vector<std::string_view> names;
  for (const grading_system system : grading_systems) names.push_back(to_string(system));
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

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

auto grade_help() -> std::string {
  return fmt::format("Also grade by these systems: {} (comma-separated; anc rules shows them)",
                     grade_names());
}

auto fever_help() -> std::string {
  return fmt::format(
      "Fever: alone means yes; or --fever=V with V yes/no/true/false/1/0 or a temperature in "
      "degrees C (>= {}.{} is fever), e.g. --fever=38.4",
      fever_from_decicelsius / 10, fever_from_decicelsius % 10);
}

auto describe_fever_flag_error(const std::string& value, fever_error ec) -> std::string {
  return fmt::format("{}; {}", io::describe_fever_error("--fever", value, ec),
                     io::fever_flag_forms);
}

auto parse_grade_list(const std::string& list) -> std::array<bool, grading_systems.size()> {
  std::array<bool, grading_systems.size()> wanted{};
  for (const auto& name : split_list(list)) {
    const auto system = grading_system_from_name(name);
    if (!system)
      throw usage_error{
          fmt::format("--grade \"{}\" is not a grading system; accepted: {}", name, grade_names())};
    wanted[static_cast<std::size_t>(*system)] = true;
  }
  return wanted;
}

void add_input_options(CLI::App& cmd, input_options& o) {
  cmd.add_option("FILE", o.inputs, "CSV files to read, or - for standard input (the default)")
      ->type_name("");
  cmd.add_option("--delimiter", o.delimiter,
                 "Field delimiter (default: sniffed from the header among , ; tab |)")
      ->type_name("CHAR");
  cmd.add_flag("--decimal-comma", o.decimal_comma, "Read ',' as the decimal separator");
  cmd.add_flag("--no-header", o.no_header, "The input has no header line (needs --columns)");
  cmd.add_option("--columns", o.columns, "Column names for --no-header input: a,b,c")
      ->type_name("NAMES");
  cmd.add_option("--age", o.age, "Age for rows with none, e.g. 8m, 40y")->type_name("AGE");
  cmd.add_option("--age-unit", o.age_unit,
                 "Unit of bare numbers in the age column: d, w, m or y (else from its name: "
                 "age_days, age_weeks, age_months, age_years)")
      ->type_name("UNIT");
  cmd.add_option("--unit", o.unit, "Unit for values with no unit and no unit column value")
      ->type_name("UNIT");
  cmd.add_option("--threshold", o.threshold, "Replace the age threshold for this run")
      ->type_name("COUNT");
  cmd.add_flag("--fever", o.fever,
               "Fever for rows with no fever column value: alone means yes, or --fever=V as "
               "for anc classify")
      ->type_name("[=V]");
  cmd.add_option("--anc-codes", o.anc_codes,
                 "Codes that mark ANC rows in a long-format export, replacing the LOINC list "
                 "(751-8, 753-4, 26499-4), e.g. a hospital's item ids: 52075")
      ->type_name("CODES");
  cmd.add_option("--grade", o.grade, grade_help())->type_name("SYSTEMS");
  cmd.add_option("--lln", o.lln,
                 "Lower limit of normal for CTCAE v5, for rows with no LLN column value (in the "
                 "reading's unit unless it has its own)")
      ->type_name("COUNT");
  for (std::size_t r = 0; r < io::role_count; ++r) {
    const auto this_role = static_cast<io::role>(r);
    cmd.add_option(std::string(io::flag_of(this_role)), o.role_columns[r],
                   fmt::format("The column holding the {}", io::name_of(this_role)))
        ->type_name("NAME");
  }
}

batch_pipeline::batch_pipeline(const input_options& o) : headerless_(o.no_header) {
  if (o.no_header != o.columns.has_value())
    throw usage_error{
        "--no-header and --columns go together: headerless input needs its "
        "column names"};
  const std::vector<std::string> names =
      o.inputs.empty() ? std::vector<std::string>{"-"} : o.inputs;
  if (o.inputs.empty() && ::isatty(STDIN_FILENO) == 1)
    throw usage_error{fmt::format("no input: pass a CSV file, or pipe one in (anc {} - < {})",
                                  o.command, o.command == "check" ? "cases.csv" : "labs.csv")};

  settings_ = settings_from(o);
  std::optional<char> delimiter;
  if (o.delimiter) delimiter = parse_delimiter(*o.delimiter);
  for (const auto& name : names) inputs_.push_back(open_input(name, o, delimiter));
  delimiter_ = *delimiter;

  if (o.no_header) {
    header_ = split_list(*o.columns);
  } else {
    for (const auto f : inputs_.front()->header.fields) header_.emplace_back(f);
    for (const auto& in : inputs_)
      if (in->header.raw != inputs_.front()->header.raw)
        throw usage_error{fmt::format("{} has a different header from {}; batch them separately",
                                      in->name, inputs_.front()->name)};
  }

  io::role_overrides overrides;
  for (std::size_t r = 0; r < io::role_count; ++r) overrides[r] = o.role_columns[r];
  const std::vector<std::string_view> views(header_.begin(), header_.end());
  const io::roles_result found = io::find_roles(views, overrides);
  if (!found.error.empty()) throw usage_error{found.error};
  roles_ = found.roles;
  source_ = anc_source_for(roles_, o);
  classifier_ = std::make_unique<io::row_classifier>(header_, roles_, source_, settings_);
}

void batch_pipeline::add_grades(const std::array<bool, grading_systems.size()>& grades) {
  for (std::size_t i = 0; i < grades.size(); ++i)
    settings_.grade_wanted[i] = settings_.grade_wanted[i] || grades[i];
  classifier_ = std::make_unique<io::row_classifier>(header_, roles_, source_, settings_);
}

batch_pipeline::~batch_pipeline() = default;

auto batch_pipeline::raw_header() const -> std::string_view {
  return inputs_.front()->header.raw;
}

auto batch_pipeline::input_file_bytes() const -> std::optional<std::uint64_t> {
  std::uint64_t total = 0;
  for (const auto& in : inputs_) {
    struct stat st {};
    if (::fstat(in->fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    total += static_cast<std::uint64_t>(st.st_size);
  }
  return total;
}

auto batch_pipeline::first_input_name() const -> const std::string& {
  return inputs_.front()->name;
}

void batch_pipeline::for_each_row(
    const std::function<void(const row&)>& f,
    const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  io::record rec;
  io::row_result result;
  std::uint64_t number = 0;
  for (const auto& in : inputs_) {
    while (in->reader->next(rec)) {
      ++number;
      classify(*classifier_, rec, number, in->name, result);
      f({rec, result, number});
      if (progress && (number & 0x3FFF) == 0)
        progress(number, bytes_read_ + in->reader->bytes_consumed());
    }
    bytes_read_ += in->reader->bytes_consumed();
  }
}

namespace {

/// A sound record: no quoting problem, and the header's width. Any other
/// cannot be classified at all.
auto sound(const io::record& rec, std::size_t header_width) noexcept -> bool {
  return rec.problem == io::record_problem::none && rec.fields.size() == header_width;
}

/// Why a record that is not sound cannot be classified.
auto malformed(const io::record& rec, std::size_t header_width) -> std::string {
  if (rec.problem == io::record_problem::unterminated_quote)
    return "a quoted field is not closed before the end of the input";
  if (rec.problem == io::record_problem::stray_quote)
    return "malformed quoting: a quote inside an unquoted field or text after a closing quote; "
           "quote the whole field and double the quotes inside it (RFC 4180)";
  return fmt::format("the row has {} but the header has {}",
                     io::counted(rec.fields.size(), "field", "fields"), header_width);
}

}  // namespace

void batch_pipeline::classify(const io::row_classifier& classifier, const io::record& rec,
                              std::uint64_t number, const std::string& input_name,
                              io::row_result& result) const {
  // Most records are sound and classified, and most are then done.
  if (sound(rec, header_.size())) {
    classifier.classify_row(rec.fields, result, rec.raw);
    if (result.status != io::row_status::error) return;
  } else {
    classifier.unclassified(result, io::row_status::error, malformed(rec, header_.size()));
  }
  const std::string where = inputs_.size() > 1
                                ? fmt::format("{} row {} (line {})", input_name, number, rec.line)
                                : fmt::format("row {} (line {})", number, rec.line);
  result.error = fmt::format("{}: {}", where, result.error);
}

void row_counts::count(const io::row_result& r) {
  ++rows;
  if (r.status == io::row_status::error) {
    ++errors;
    if (first_error.empty()) first_error = r.error;
  }
  skipped += r.status == io::row_status::skipped;
  if (skipped == rows && !r.skipped_code.empty())
    keep_code(r.skipped_code, 1);
  else if (skipped != rows && !skipped_codes.empty())
    skipped_codes.clear();
}

void row_counts::keep_code(std::string_view code, std::uint64_t n) {
  if (const auto it = skipped_codes.find(code); it != skipped_codes.end())
    it->second += n;
  else if (skipped_codes.size() < max_codes_kept)
    skipped_codes.emplace(code, n);
}

auto row_counts::commonest_codes(std::size_t n) const
    -> std::vector<std::pair<std::string, std::uint64_t>> {
  std::vector<std::pair<std::string, std::uint64_t>> codes(skipped_codes.begin(),
                                                           skipped_codes.end());
  std::stable_sort(codes.begin(), codes.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (codes.size() > n) codes.resize(n);
  return codes;
}

void row_counts::add(const row_counts& later) {
  if (first_error.empty()) first_error = later.first_error;
  const bool all_skipped = skipped == rows && later.skipped == later.rows;
  if (all_skipped)
    for (const auto& [code, n] : later.skipped_codes) keep_code(code, n);
  else
    skipped_codes.clear();
  rows += later.rows;
  errors += later.errors;
  skipped += later.skipped;
}

void batch_pipeline::write_rows(const writer_factory& make_writer, io::output_sink& sink,
                                const progress_fn& progress) {
  const auto write = make_writer(sink);
  // Rows trickling in through a pipe come out as they are classified: what
  // is buffered is written whenever the next read would wait.
  const std::function<void()> flush_buffered = [&sink] { sink.flush(); };
  for (const auto& in : inputs_) in->reader->set_before_wait(&flush_buffered);
  for_each_row(
      [&](const row& r) {
        counts_.count(r.result);
        write(r);
      },
      progress);
  for (const auto& in : inputs_) in->reader->set_before_wait(nullptr);
}

}  // namespace anc::cli
