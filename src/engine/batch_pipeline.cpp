#include "engine/batch_pipeline.hpp"
#include "engine/fhir_input.hpp"
#include "engine/input_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <span>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "io/text.hpp"

namespace anc::engine {

namespace {

auto anc_source_for(const io::column_roles& roles, const batch_config& config) -> anc_source {
  const bool value_named =
      config.role_columns[static_cast<std::size_t>(io::role::value)].has_value();
  if (roles.of(io::role::anc)) return anc_source::anc_column;
  if (roles.of(io::role::value) && (roles.of(io::role::code) || value_named))
    return anc_source::value_column;
  if (roles.of(io::role::wbc) && roles.of(io::role::segs)) return anc_source::differential;
  throw setup_error{roles.of(io::role::value) ? setup_problem::value_without_code
                                              : setup_problem::no_anc_column};
}

}  // namespace

batch_pipeline::batch_pipeline(const batch_config& config)
    : headerless_(config.columns.has_value()),
      settings_(config.settings),
      two_passes_((config.two_passes && config.settings.series) || config.settings.derive) {
  std::optional<char> delimiter = config.delimiter;
  for (const auto& path : config.inputs)
    inputs_.push_back(open_input(path, !headerless_, delimiter, two_passes_, config.format));
  io::role_overrides overrides = config.role_columns;
  std::vector<join_spec> csv_joins = config.joins;
  const bool fhir =
      std::any_of(inputs_.begin(), inputs_.end(), [](const auto& in) { return in->fhir; });
  if (fhir) {
    read_fhir(config, overrides, csv_joins);
  } else {
    delimiter_ = *delimiter;
    if (config.columns) {
      header_ = *config.columns;
    } else {
      for (const auto f : inputs_.front()->header.fields) header_.emplace_back(f);
      for (const auto& in : inputs_)
        if (in->header.raw != inputs_.front()->header.raw)
          throw setup_error{setup_problem::headers_differ, in->name, inputs_.front()->name};
    }
  }
  visible_header_.assign(
      header_.begin(),
      header_.begin() + static_cast<std::ptrdiff_t>(fhir ? fhir_visible_columns : header_.size()));

  // Joined tables add columns after the input's, for the roles to see.
  labels_ = header_;
  std::vector<std::string> role_header = header_;
  if (!csv_joins.empty()) {
    joins_ = std::make_shared<const joined_tables>(csv_joins, header_, config.join_ignore);
    const auto& names = joins_->added_names();
    const auto& labels = joins_->added_labels();
    for (std::size_t i = 0; i < names.size(); ++i) {
      labels_.push_back(labels[i]);
      // A --...-col flag may name a joined column as FILE:COLUMN.
      const bool named =
          std::find(overrides.begin(), overrides.end(), labels[i]) != overrides.end();
      role_header.push_back(named ? labels[i] : names[i]);
    }
  }
  const std::vector<std::string_view> views(role_header.begin(), role_header.end());
  const io::roles_result found = io::find_roles(views, overrides);
  const auto described = [&](std::size_t column) {
    return column < header_.size() ? fmt::format("\"{}\" (column {})", header_[column], column + 1)
                                   : fmt::format("\"{}\" (a joined table's)", labels_[column]);
  };
  switch (found.problem) {
    case io::roles_problem::none: break;
    case io::roles_problem::no_such_column: {
      setup_error e{setup_problem::no_such_column};
      e.role = found.problem_role;
      e.detail = *overrides[static_cast<std::size_t>(found.problem_role)];
      throw e;
    }
    case io::roles_problem::two_columns: {
      // One role in the input and in a joined table (or in two tables):
      // which one holds it is never guessed.
      setup_error e{setup_problem::two_columns};
      e.role = found.problem_role;
      e.column = found.columns[0];
      e.other_column = found.columns[1];
      e.input = described(e.column);
      e.other = described(e.other_column);
      throw e;
    }
  }
  roles_ = found.roles;
  // --derive reads a long export: without a code column, that is what to
  // say, before a value column's want of one.
  if (settings_.derive && !roles_.of(io::role::code))
    throw setup_error{setup_problem::derive_needs_code};
  source_ = anc_source_for(roles_, config);
  if (settings_.series) {
    // SPEC §12: a duration is derived, so one given too would be settled
    // silently; and the series needs whose readings and when.
    for (const io::role r : {io::role::duration, io::role::onset})
      if (const auto column = roles_.of(r)) {
        setup_error e{setup_problem::series_and_duration, labels_[*column]};
        e.role = r;
        throw e;
      }
    for (const io::role r : {io::role::patient, io::role::date})
      if (!roles_.of(r)) {
        setup_error e{setup_problem::series_needs};
        e.role = r;
        throw e;
      }
  }
  if (settings_.derive) {
    // SPEC §13: a specimen's rows are grouped by its column or by patient
    // and sample time.
    if (!roles_.of(io::role::specimen))
      for (const io::role r : {io::role::patient, io::role::date})
        if (!roles_.of(r)) {
          setup_error e{setup_problem::derive_needs_specimen};
          e.role = r;
          throw e;
        }
  }
  classifier_ = std::make_unique<row_classifier>(labels_, roles_, source_, settings_, joins_);
}

void batch_pipeline::read_fhir(const batch_config& config, io::role_overrides& overrides,
                               std::vector<join_spec>& csv_joins) {
  if (config.columns) throw setup_error{setup_problem::fhir_and_columns, inputs_.front()->name};
  std::vector<fhir_source> sources;
  std::vector<int> spooled;
  const auto close_spooled = [&] {
    for (const int fd : spooled) ::close(fd);
  };
  for (const auto& in : inputs_) {
    if (!in->fhir) {
      const auto other =
          std::find_if(inputs_.begin(), inputs_.end(), [](const auto& i) { return i->fhir; });
      throw setup_error{setup_problem::mixed_formats, (*other)->name, in->name};
    }
  }
  try {
    for (const auto& in : inputs_) {
      // A file is read again by its path; a pipe's content is kept first.
      const std::string path = config.inputs[sources.size()];
      if ((in->regular && path != "-") || is_folder(path)) {
        sources.push_back({path, in->name, -1});
      } else {
        spooled.push_back(spool_content(*in));
        sources.push_back({path, in->name, spooled.back()});
      }
    }
    // FHIR --join tables give Patients and DiagnosticReports; CSV tables
    // are joined to the records as to a CSV export's rows.
    std::vector<fhir_source> tables;
    csv_joins.clear();
    for (const join_spec& j : config.joins) {
      std::optional<char> d = ',';
      const bool fhir_table =
          is_folder(j.path) || (!j.key && open_input(j.path, false, d, false)->fhir);
      if (fhir_table)
        tables.push_back({j.path, j.path, -1});
      else
        csv_joins.push_back(j);
    }
    const fhir_translation t = translate_fhir(sources, tables, config.threads);
    close_spooled();
    spooled.clear();
    inputs_.clear();
    auto in = std::make_unique<input_file>();
    in->name = sources.size() == 1 ? sources.front().name : "the FHIR inputs";
    in->fd = t.fd;
    in->reader = std::make_unique<io::csv_reader>(in->source(), ',');
    in->reader->set_source_name(in->name);
    in->reader->next(in->header);
    inputs_.push_back(std::move(in));
    if (!t.birth_dates && !overrides[static_cast<std::size_t>(io::role::dob)])
      fhir_dob_unused_ = true;
  } catch (...) {
    close_spooled();
    throw;
  }
  delimiter_ = ',';
  for (const std::string_view name : fhir_column_names) header_.emplace_back(name);
  for (std::size_t i = 0; i < fhir_visible_columns; ++i)
    (visible_raw_header_ += i > 0 ? "," : "") += fhir_column_names[i];
  fhir_ = true;
  // The translated columns' roles, unless a flag names another column.
  const auto name = [&](io::role r, fhir_column c) {
    auto& o = overrides[static_cast<std::size_t>(r)];
    if (!o) o = std::string(fhir_column_names[index_of(c)]);
  };
  name(io::role::patient, fhir_column::subject);
  name(io::role::date, fhir_column::effective);
  name(io::role::code, fhir_column::code);
  name(io::role::value, fhir_column::value);
  name(io::role::unit, fhir_column::unit);
  name(io::role::lln, fhir_column::lln);
  name(io::role::specimen, fhir_column::specimen);
  // Without a Patient's birthDate, a CSV table's date of birth is the one.
  if (!fhir_dob_unused_) name(io::role::dob, fhir_column::birth_date);
  settings_.fhir_input = true;
  settings_.problem_column = index_of(fhir_column::problem);
  settings_.skip_column = index_of(fhir_column::skip);
  settings_.value_problem_column = index_of(fhir_column::value_problem);
}

void batch_pipeline::add_grades(const std::array<bool, grading_systems.size()>& grades) {
  for (std::size_t i = 0; i < grades.size(); ++i)
    settings_.grade_wanted[i] = settings_.grade_wanted[i] || grades[i];
  classifier_ = std::make_unique<row_classifier>(labels_, roles_, source_, settings_, joins_);
  classifier_->set_specimens(specimens_);
}

batch_pipeline::~batch_pipeline() = default;

auto batch_pipeline::raw_header() const -> std::string_view {
  if (fhir_) return visible_raw_header_;
  return inputs_.front()->header.raw;
}

auto batch_pipeline::input_file_bytes() const -> std::optional<std::uint64_t> {
  std::uint64_t total = 0;
  for (const auto& in : inputs_) {
    struct stat st {};
    // A gzip file's content is larger than the file, by a ratio not known
    // in advance.
    if (::fstat(in->fd, &st) != 0 || !S_ISREG(st.st_mode) || in->gzip) return std::nullopt;
    total += static_cast<std::uint64_t>(st.st_size);
  }
  return total;
}

auto batch_pipeline::first_input_name() const -> const std::string& {
  return inputs_.front()->name;
}

void batch_pipeline::classify_rows(
    const std::function<void(const io::record&, std::uint64_t, io::row_result&)>& f,
    const progress_fn& progress) {
  io::record rec;
  io::row_result result;
  std::uint64_t number = 0;
  for (const auto& in : inputs_) {
    while (in->reader->next(rec)) {
      ++number;
      classify(*classifier_, rec, number, in->name, result);
      f(rec, number, result);
      if (progress && (number & 0x3FFF) == 0)
        progress(number, bytes_read_ + in->reader->bytes_consumed());
    }
    bytes_read_ += in->reader->bytes_consumed();
  }
}

void batch_pipeline::for_each_row(const std::function<void(const row&)>& f,
                                  const progress_fn& progress) {
  prepare_specimens(1, 0, progress);
  if (settings_.series && !placed_) prepare_series(1, 0, progress);
  const series_entry* next = placed_ ? series_->entries().data() : nullptr;
  const series_entry* end = placed_ ? next + series_->entries().size() : nullptr;
  classify_rows(
      [&](const io::record& rec, std::uint64_t number, io::row_result& result) {
        if (placed_ && result.status == io::row_status::ok) place_row(number, next, end, result);
        f({rec, result, number});
      },
      progress);
}

namespace {

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

void batch_pipeline::classify(const row_classifier& classifier, const io::record& rec,
                              std::uint64_t number, const std::string& input_name,
                              io::row_result& result) const {
  // Most records are sound and classified, and most are then done.
  if (sound(rec)) {
    classifier.classify_row(rec.fields, result, rec.raw, number);
    if (settings_.series && result.status == io::row_status::ok)
      classifier.read_series(rec.fields, result);
    if (result.status != io::row_status::error) return;
  } else {
    classifier.unclassified(result, io::row_status::error, malformed(rec, header_.size()));
  }
  // A FHIR record says where its resource stands (file and line).
  const std::string where = fhir_ ? fmt::format("row {} ({})", number,
                                                index_of(fhir_column::where) < rec.fields.size()
                                                    ? rec.fields[index_of(fhir_column::where)]
                                                    : std::string_view{})
                            : inputs_.size() > 1
                                ? fmt::format("{} row {} (line {})", input_name, number, rec.line)
                                : fmt::format("row {} (line {})", number, rec.line);
  result.error = fmt::format("{}: {}", where, result.error);
}

void batch_pipeline::rewind() {
  for (const auto& in : inputs_) {
    if (::lseek(in->fd, 0, SEEK_SET) != 0)
      throw std::system_error(errno, std::generic_category(),
                              fmt::format("cannot read {} a second time", in->name));
    if (in->gzip) in->gzip = std::make_unique<io::gzip_decoder>(in->fd);
    in->reader = std::make_unique<io::csv_reader>(in->source(), delimiter_);
    in->reader->set_source_name(in->name);
    if (!headerless_) in->reader->next(in->header);
  }
  bytes_read_ = 0;
}

void batch_pipeline::collect_series(unsigned threads, std::size_t chunk_size,
                                    const progress_fn& progress) {
  prepare_specimens(threads, chunk_size, progress);
  series_ = std::make_unique<series_index>();
  placed_ = false;
  if (threads > 1) {
    collect_series_parallel(threads, chunk_size, progress);
    return;
  }
  const std::optional<std::uint64_t> total = input_file_bytes();
  classify_rows(
      [&](const io::record& /*rec*/, std::uint64_t number, io::row_result& result) {
        counts_.count(result);
        if (result.status == io::row_status::ok)
          series_->add(result.patient, patient_table::hash(result.patient),
                       series_index::entry_of(result.time, number, result.value));
      },
      [&](std::uint64_t rows, std::uint64_t bytes) {
        if (total) series_->reserve_for(bytes, *total);
        if (progress) progress(rows, bytes);
      });
}

void batch_pipeline::collect_specimens(unsigned threads, std::size_t chunk_size,
                                       const progress_fn& progress) {
  auto table = std::make_shared<specimen_table>(settings_.decimal_comma);
  if (threads > 1) {
    collect_specimens_parallel(*table, threads, chunk_size, progress);
  } else {
    io::record rec;
    std::string key;
    std::uint64_t number = 0;
    for (const auto& in : inputs_) {
      while (in->reader->next(rec)) {
        ++number;
        // A malformed record is an error row of the pass that writes it.
        if (!sound(rec)) continue;
        if (auto s = classifier_->specimen_row_of(rec.fields, key)) {
          s->part.row = number;
          table->add(s->key, patient_table::hash(s->key), s->part);
        }
        if (progress && (number & 0x3FFF) == 0)
          progress(number, bytes_read_ + in->reader->bytes_consumed());
      }
      bytes_read_ += in->reader->bytes_consumed();
    }
  }
  specimens_ = std::move(table);
  classifier_->set_specimens(specimens_);
  rewind();
}

void batch_pipeline::prepare_series(unsigned threads, std::size_t chunk_size,
                                    const progress_fn& progress) {
  if (!two_passes_)
    throw std::logic_error("internal error: a series run that writes rows needs two passes");
  collect_series(threads, chunk_size, progress);
  series_->place_rows(settings_.episodes, threads);
  placed_ = true;
  counts_ = {};  // the second pass counts the rows it writes
  rewind();
}

void batch_pipeline::write_rows(const writer_spec& format, io::output_sink& sink,
                                const progress_fn& progress) {
  row_writer writer(format, sink);
  // Rows trickling in through a pipe come out as they are classified: what
  // is buffered is written whenever the next read would wait.
  const std::function<void()> flush_buffered = [&sink] { sink.flush(); };
  for (const auto& in : inputs_) in->reader->set_before_wait(&flush_buffered);
  for_each_row(
      [&](const row& r) {
        counts_.count(r.result);
        writer.write(r.rec, r.number, r.result);
      },
      progress);
  for (const auto& in : inputs_) in->reader->set_before_wait(nullptr);
}

}  // namespace anc::engine
