#pragma once
// The batch engine (SPEC §11): opens the inputs of a batch_config, reads
// their headers, finds the column roles, and classifies every row in
// order, on one thread or several, handing rows to a writer of the closed
// set in engine/row_writer.hpp. `batch` and `check` both run on it, so
// `check` runs each row exactly as `batch` would.
//
// Sources: a CSV file or stdin (input_file) gives a header and records of
// fields; a FHIR source (issue 18) will give the same: a header of role
// names and one record per Observation, so that the reading builder and
// the stages after it never know where a row came from.
//
// Cross-row stages (series, SPEC §12; derivation, issue 17) keep compact
// per-row entries, never rows (engine/series.hpp). A run that needs a
// second pass over the input says so before it starts
// (batch_config::two_passes); the engine then spools standard input and
// pipes to a temporary file, as `sort` spills, and reads the inputs twice:
// the first pass keeps the entries, the second writes each row with what
// its stage found.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/batch_config.hpp"
#include "engine/join_tables.hpp"
#include "engine/row_classifier.hpp"
#include "engine/row_counts.hpp"
#include "engine/row_writer.hpp"
#include "engine/series.hpp"
#include "engine/specimens.hpp"
#include "io/columns.hpp"
#include "io/csv_reader.hpp"
#include "io/output_sink.hpp"

namespace anc::engine {

/// One input file (or stdin), opened and with its header read.
struct input_file;
class chunk_flow;
struct chunk;

class batch_pipeline {
 public:
  /// Opens the inputs and reads their headers. Throws setup_error.
  explicit batch_pipeline(const batch_config& config);

  /// Adds grading systems to those of --grade (check asks for the ones it
  /// has expectations for). Call before for_each_row.
  void add_grades(const std::array<bool, grading_systems.size()>& grades);
  ~batch_pipeline();
  batch_pipeline(const batch_pipeline&) = delete;
  auto operator=(const batch_pipeline&) -> batch_pipeline& = delete;

  /// The input's columns as written to the output (a FHIR record's first
  /// six, SPEC §14).
  [[nodiscard]] auto header_names() const -> const std::vector<std::string>& {
    return visible_header_;
  }
  /// FHIR input: a record's columns after header_names() are not written.
  [[nodiscard]] auto hides_columns() const noexcept -> bool { return fhir_; }
  [[nodiscard]] auto raw_header() const -> std::string_view;
  [[nodiscard]] auto delimiter() const noexcept -> char { return delimiter_; }
  [[nodiscard]] auto headerless() const noexcept -> bool { return headerless_; }
  [[nodiscard]] auto settings() const -> const batch_settings& { return settings_; }
  [[nodiscard]] auto roles() const -> const io::column_roles& { return roles_; }
  [[nodiscard]] auto first_input_name() const -> const std::string&;

  struct row {
    const io::record& rec;
    const io::row_result& result;
    std::uint64_t number;  ///< 1-based data row, across all inputs
  };
  /// `progress(rows, bytes so far)`, called every few thousand rows.
  using progress_fn = std::function<void(std::uint64_t, std::uint64_t)>;

  /// Classifies every row of every input, in order, and hands each to `f`.
  /// Throws std::system_error if reading fails.
  void for_each_row(const std::function<void(const row&)>& f, const progress_fn& progress = {});

  /// Classifies every row and writes them to `sink` in input order, on this
  /// thread, formatted as `format` says. Counts them in counts().
  void write_rows(const writer_spec& format, io::output_sink& sink,
                  const progress_fn& progress = {});

  /// The same on `threads` threads, this one among them (docs/parallel.md):
  /// each in turn cuts the next chunk of whole records of about
  /// `chunk_size` bytes from the input, classifies and formats it with its
  /// own writer, and the chunks are written in order. The output is byte
  /// for byte that of write_rows.
  void write_rows_parallel(unsigned threads, std::size_t chunk_size, const writer_spec& format,
                           io::output_sink& sink, const progress_fn& progress = {});

  /// Series mode: reads every row once, keeping an entry per ok row, and
  /// counts them in counts() (`anc episodes`; batch and check run it
  /// themselves before their second pass). On `threads` threads as
  /// write_rows_parallel, or this one alone when `threads` is 1.
  void collect_series(unsigned threads, std::size_t chunk_size, const progress_fn& progress = {});
  /// --derive: the pass before any row is classified, which finds what each
  /// specimen's rows give (SPEC §13), then reads the inputs again. On
  /// `threads` threads as write_rows_parallel.
  void collect_specimens(unsigned threads, std::size_t chunk_size, const progress_fn& progress);
  /// The entries collect_series kept.
  [[nodiscard]] auto series() -> series_index& { return *series_; }

  [[nodiscard]] auto counts() const noexcept -> const row_counts& { return counts_; }
  /// The inputs' total size when every one is a regular file (else none:
  /// a pipe's length is not known in advance).
  [[nodiscard]] auto input_file_bytes() const -> std::optional<std::uint64_t>;
  [[nodiscard]] auto bytes_read() const noexcept -> std::uint64_t { return bytes_read_; }

 private:
  /// A sound record: no quoting problem, and the header's width. Any other
  /// cannot be classified at all.
  [[nodiscard]] auto sound(const io::record& rec) const noexcept -> bool {
    return rec.problem == io::record_problem::none && rec.fields.size() == header_.size();
  }
  /// One record -> its result: a malformed record is an error row, and an
  /// error names the row and line (and input, when there are several).
  void classify(const row_classifier& classifier, const io::record& rec, std::uint64_t number,
                const std::string& input_name, io::row_result& result) const;
  /// Series mode before a pass that writes rows: the first pass, the
  /// episodes placed, and the inputs read again from their start.
  void prepare_series(unsigned threads, std::size_t chunk_size, const progress_fn& progress);
  void collect_series_parallel(unsigned threads, std::size_t chunk_size,
                               const progress_fn& progress);
  void collect_specimens_parallel(specimen_table& table, unsigned threads, std::size_t chunk_size,
                                  const progress_fn& progress);
  /// --derive: collect_specimens unless it ran.
  void prepare_specimens(unsigned threads, std::size_t chunk_size, const progress_fn& progress) {
    if (settings_.derive && !specimens_) collect_specimens(threads, chunk_size, progress);
  }
  /// Reads every input again from its start (after its header).
  void rewind();
  /// Classifies every row of every input, in order, on this thread, and
  /// hands each to `f(record, number, result)`; counts nothing.
  void classify_rows(
      const std::function<void(const io::record&, std::uint64_t, io::row_result&)>& f,
      const progress_fn& progress);
  /// The parallel row loop of a pass: `Stage` is what each thread does with
  /// a chunk's rows, `write` what is done with each chunk in input order.
  template <typename Stage>
  void run_parallel(unsigned threads, std::size_t chunk_size,
                    const std::function<Stage()>& make_stage,
                    const std::function<void(chunk&)>& write);
  /// Where the parallel batch's reading has got to (parallel_rows.cpp).
  struct reading;
  /// Fills `c` with the next chunk of whole records, one thread at a time;
  /// false when there is none: the inputs are read, reading failed (the
  /// error is kept in `r`), or the run stopped.
  auto read_chunk(reading& r, chunk& c, const chunk_flow& flow) const -> bool;
  /// One thread of a parallel pass, with its own classifier (its unit
  /// cache is not shared) and its own stage (a writer and its sink, or the
  /// series entries of its chunks): reads and classifies chunks until none
  /// is left, hands each row to `stage`, and writes the chunks due.
  template <typename Stage>
  void work_on_chunks(chunk_flow& flow, reading& r, row_classifier classifier, Stage& stage,
                      const std::function<void(chunk&)>& write) const;

  /// FHIR input (SPEC §14): the inputs (and FHIR --join tables) become
  /// one translated input; the roles of its columns are named in
  /// `overrides`, and `csv_joins` keeps the CSV tables only.
  void read_fhir(const batch_config& config, io::role_overrides& overrides,
                 std::vector<join_spec>& csv_joins);

  std::vector<std::unique_ptr<input_file>> inputs_;
  std::vector<std::string> header_;          ///< the input's columns
  std::vector<std::string> visible_header_;  ///< those written (header_names)
  bool fhir_ = false;
  bool fhir_dob_unused_ = false;    ///< no Patient gave a birthDate
  std::string visible_raw_header_;  ///< FHIR: the header line of visible_header_
  /// header_ and the joined tables' columns (FILE:COLUMN), for messages.
  std::vector<std::string> labels_;
  std::shared_ptr<const joined_tables> joins_;
  char delimiter_ = ',';
  bool headerless_ = false;
  batch_settings settings_;
  io::column_roles roles_;
  std::unique_ptr<row_classifier> classifier_;
  anc_source source_ = anc_source::anc_column;
  std::uint64_t bytes_read_ = 0;
  row_counts counts_;
  bool two_passes_ = false;
  std::unique_ptr<series_index> series_;             ///< series mode: after collect_series
  std::shared_ptr<const specimen_table> specimens_;  ///< --derive: after collect_specimens
  bool placed_ = false;  ///< series_'s entries are placed in input order
};

}  // namespace anc::engine
