#pragma once
// What `batch` and `check` share: the input options, opening the inputs,
// reading the header, finding the column roles, and classifying every row
// in order. `check` runs each row exactly as `batch` would.
#include <array>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include "cli/exit_codes.hpp"
#include "io/columns.hpp"
#include "io/csv_reader.hpp"
#include "io/output_sink.hpp"
#include "io/row_classifier.hpp"

namespace CLI {
class App;
}

namespace anc::cli {

/// A problem found before any row is read: message for stderr, exit 2.
struct usage_error {
  std::string message;
};

/// The options of `batch` that say how to read and classify the input.
struct input_options {
  std::string_view command = "batch";  ///< the subcommand, for messages
  std::vector<std::string> inputs;
  std::optional<std::string> delimiter;
  bool decimal_comma = false;
  bool no_header = false;
  std::optional<std::string> columns;
  std::optional<std::string> age, age_unit, unit, threshold, anc_codes, grade, lln, fever;
  std::array<std::optional<std::string>, io::role_count> role_columns;  ///< --anc-col ...
};

/// Registers the input options on a subcommand.
void add_input_options(CLI::App& cmd, input_options& o);

auto split_list(const std::string& s) -> std::vector<std::string>;

/// The help of --grade, naming every system (from the core's list).
auto grade_help() -> std::string;
/// The help of classify's --fever, with the fever threshold (from the core).
auto fever_help() -> std::string;
/// The message for a --fever value that parse_fever refuses.
auto describe_fever_flag_error(const std::string& value, fever_error ec) -> std::string;

/// The systems named in a --grade list ("ctcae5,daids21"); throws
/// usage_error naming the first unknown one.
auto parse_grade_list(const std::string& list) -> std::array<bool, grading_systems.size()>;

/// Runs `f`, turning a usage_error or an I/O failure (std::system_error:
/// unreadable input, a full disk) into a message on `err` and exit 2; any
/// other exception too (out of memory, an internal check of the parallel
/// batch), so that it is reported and an `-o` file is not left half-written.
template <typename F>
auto reporting_errors(std::ostream& err, F&& f) -> int {
  try {
    return f();
  } catch (const usage_error& e) {
    err << "anc: error: " << e.message << '\n';
  } catch (const std::exception& e) {  // std::system_error among them
    err << "anc: error: " << e.what() << '\n';
  }
  return exit_usage;
}

/// One input file (or stdin), opened and with its header read.
struct input_file;
class chunk_flow;
struct chunk;

/// How many rows a run had and of what status, and the first error's text.
struct row_counts {
  std::uint64_t rows = 0, errors = 0, skipped = 0;
  std::string first_error;
  /// The codes of rows skipped for their code, while every row so far was
  /// (once one is not, the run cannot have matched nothing): at most
  /// max_codes_kept distinct ones.
  std::map<std::string, std::uint64_t, std::less<>> skipped_codes;
  static constexpr std::size_t max_codes_kept = 1000;
  /// True if there were rows and every one was skipped for its code.
  [[nodiscard]] auto none_matched() const noexcept -> bool {
    return rows > 0 && skipped == rows && !skipped_codes.empty();
  }
  /// The commonest skipped codes, most rows first, at most `n`.
  [[nodiscard]] auto commonest_codes(std::size_t n) const
      -> std::vector<std::pair<std::string, std::uint64_t>>;
  void count(const io::row_result& r);
  /// Adds the counts of rows that come after these.
  void add(const row_counts& later);

 private:
  /// Counts `n` more rows skipped for `code`, within max_codes_kept.
  void keep_code(std::string_view code, std::uint64_t n);
};

class batch_pipeline {
 public:
  /// Opens the inputs and reads their headers. Throws usage_error.
  explicit batch_pipeline(const input_options& o);

  /// Adds grading systems to those of --grade (check asks for the ones it
  /// has expectations for). Call before for_each_row.
  void add_grades(const std::array<bool, grading_systems.size()>& grades);
  ~batch_pipeline();
  batch_pipeline(const batch_pipeline&) = delete;
  auto operator=(const batch_pipeline&) -> batch_pipeline& = delete;

  [[nodiscard]] auto header_names() const -> const std::vector<std::string>& { return header_; }
  [[nodiscard]] auto raw_header() const -> std::string_view;
  [[nodiscard]] auto delimiter() const noexcept -> char { return delimiter_; }
  [[nodiscard]] auto headerless() const noexcept -> bool { return headerless_; }
  [[nodiscard]] auto settings() const -> const io::batch_settings& { return settings_; }
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

  /// Makes the function that formats a classified row onto the end of a
  /// sink's buffer; called once for each thread, with that thread's sink.
  using writer_factory = std::function<std::function<void(const row&)>(io::output_sink& sink)>;

  /// Classifies every row and writes them to `sink` in input order, on this
  /// thread. Counts them in counts().
  void write_rows(const writer_factory& make_writer, io::output_sink& sink,
                  const progress_fn& progress = {});

  /// The same on `threads` threads, this one among them (docs/parallel.md):
  /// each in turn cuts the next chunk of whole records of about
  /// `chunk_size` bytes from the input, classifies and formats it, and the
  /// chunks are written in order. The output is byte for byte that of
  /// write_rows.
  void write_rows_parallel(unsigned threads, std::size_t chunk_size,
                           const writer_factory& make_writer, io::output_sink& sink,
                           const progress_fn& progress = {});

  [[nodiscard]] auto counts() const noexcept -> const row_counts& { return counts_; }
  /// The inputs' total size when every one is a regular file (else none:
  /// a pipe's length is not known in advance).
  [[nodiscard]] auto input_file_bytes() const -> std::optional<std::uint64_t>;
  [[nodiscard]] auto bytes_read() const noexcept -> std::uint64_t { return bytes_read_; }

 private:
  /// One record -> its result: a malformed record is an error row, and an
  /// error names the row and line (and input, when there are several).
  void classify(const io::row_classifier& classifier, const io::record& rec, std::uint64_t number,
                const std::string& input_name, io::row_result& result) const;
  /// Where the parallel batch's reading has got to (parallel_rows.cpp).
  struct reading;
  /// Fills `c` with the next chunk of whole records, one thread at a time;
  /// false when there is none: the inputs are read, reading failed (the
  /// error is kept in `r`), or the run stopped.
  auto read_chunk(reading& r, chunk& c, const chunk_flow& flow) const -> bool;
  /// One thread of the parallel batch, with its own classifier (its unit
  /// cache is not shared) and its own sink and writer: reads, classifies
  /// and formats chunks until none is left, and writes those due to `sink`.
  void work_on_chunks(chunk_flow& flow, reading& r, io::row_classifier classifier,
                      io::output_sink& out, const std::function<void(const row&)>& format,
                      const std::function<void(chunk&)>& write) const;

  std::vector<std::unique_ptr<input_file>> inputs_;
  std::vector<std::string> header_;
  char delimiter_ = ',';
  bool headerless_ = false;
  io::batch_settings settings_;
  io::column_roles roles_;
  std::unique_ptr<io::row_classifier> classifier_;
  io::anc_source source_ = io::anc_source::anc_column;
  std::uint64_t bytes_read_ = 0;
  row_counts counts_;
};

}  // namespace anc::cli
