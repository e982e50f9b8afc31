#pragma once
// A streaming RFC 4180 reader: block reads, one record at a time, fields as
// string_views into the reader's buffer (or its scratch space for fields with
// doubled quotes). Memory is one buffer as large as the longest record.
//
// Accepts quoted fields, doubled quotes, delimiters and newlines inside
// quotes, CRLF, LF and lone CR line ends, and a UTF-8 BOM at the start. It
// never drops a byte: every record's exact bytes are available as `raw`, and
// a malformed record (a stray quote, an unterminated quote at end of input)
// is returned with `problem` set rather than skipped.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace anc::io {

class gzip_decoder;

/// Where records come from: a file descriptor read in blocks.
class byte_source {
 public:
  /// `max_read` caps one read (tests use it to put record boundaries
  /// anywhere in a block).
  explicit byte_source(int fd, std::size_t max_read = SIZE_MAX) noexcept
      : fd_(fd), max_read_(max_read) {}
  /// Bytes already in memory (fuzzers, tests); `data` must outlive the reader.
  static auto from_memory(std::string_view data, std::size_t max_read = SIZE_MAX) noexcept
      -> byte_source {
    byte_source s(-1, max_read);
    s.memory_ = data;
    return s;
  }
  /// The content of gzip data read from a file descriptor (`decoder`
  /// reads it; it must outlive the source).
  static auto inflating(gzip_decoder& decoder, int fd) noexcept -> byte_source {
    byte_source s(fd);
    s.gzip_ = &decoder;
    return s;
  }
  /// Serves `unread` (bytes read from the file descriptor to see what it
  /// holds) before reading more, consuming it: every copy of this source
  /// shares it, and it must outlive them.
  void set_unread(std::string* unread) noexcept { unread_ = unread; }
  /// Reads up to `n` bytes; 0 at end of input; -1 on error (errno set).
  auto read(char* dst, std::size_t n) noexcept -> long;
  /// The file descriptor, or -1 for bytes in memory.
  [[nodiscard]] auto fd() const noexcept -> int { return fd_; }
  /// The input as messages name it (a path, "<stdin>"); `name` must
  /// outlive the source.
  void set_name(std::string_view name) noexcept { name_ = name; }
  [[nodiscard]] auto name() const noexcept -> std::string_view { return name_; }
  /// Called before a read that would wait for input (a pipe with nothing in
  /// it yet): `anc batch -j 1` writes the rows it has, so that rows
  /// trickling in come out as they arrive. `f` must outlive the source.
  void set_before_wait(const std::function<void()>* f) noexcept { before_wait_ = f; }
  /// True if a read now would wait: a pipe with nothing in it yet (never
  /// for bytes in memory or a regular file).
  [[nodiscard]] auto would_wait() const noexcept -> bool;
  /// Throws the error for a failed read (errno `error`), naming the input:
  /// std::system_error, or std::runtime_error saying what is wrong with
  /// gzip data.
  [[noreturn]] void throw_read_error(int error) const;

 private:
  int fd_;
  std::size_t max_read_;
  std::string_view memory_;
  std::string_view name_ = "input";
  const std::function<void()>* before_wait_ = nullptr;
  gzip_decoder* gzip_ = nullptr;
  std::string* unread_ = nullptr;
};

enum class record_problem {
  none,
  stray_quote,         ///< a quote inside an unquoted field, or text after a closing quote
  unterminated_quote,  ///< input ended inside a quoted field
};

struct record {
  std::string_view raw;                  ///< the record's bytes, without its line end
  std::vector<std::string_view> fields;  ///< field values, quotes removed
  std::uint64_t line = 0;                ///< physical line (1-based) where it starts
  record_problem problem = record_problem::none;
};

class csv_reader {
 public:
  static constexpr std::size_t block_size = 1 << 20;

  csv_reader(byte_source source, char delimiter, std::size_t initial_capacity = block_size)
      : source_(source), delimiter_(delimiter), buf_(initial_capacity), data_(buf_.data()) {
    set_stops();
  }
  // data_ may point into buf_: a copy would read another reader's buffer.
  // A move keeps the vector's storage, so data_ stays valid.
  csv_reader(const csv_reader&) = delete;
  auto operator=(const csv_reader&) -> csv_reader& = delete;
  csv_reader(csv_reader&&) noexcept = default;
  auto operator=(csv_reader&&) noexcept -> csv_reader& = default;
  ~csv_reader() = default;

  /// Reads the next record into `r` (views valid until the next call).
  /// Returns false at the end of input. Throws std::system_error if reading fails.
  auto next(record& r) -> bool;

  /// Looks at the first line without consuming it (filling the buffer as
  /// needed), for delimiter sniffing. Skips a UTF-8 BOM first.
  auto peek_first_line() -> std::string_view;

  /// Starts over on `source` as a later piece of the same stream (a chunk cut
  /// at a record boundary): no BOM is skipped, and lines count from
  /// `first_line`. Keeps the buffer, so a worker reuses one reader.
  void restart(byte_source source, std::uint64_t first_line) noexcept {
    source_ = source;
    data_ = buf_.data();
    begin_ = end_ = 0;
    eof_ = false;
    bom_checked_ = true;
    consumed_ = 0;
    line_ = first_line;
  }

  /// The same for a piece that is all in memory: it is parsed where it
  /// lies, not copied into the buffer. `bytes` must outlive the records.
  void restart_in_place(std::string_view bytes, std::uint64_t first_line) noexcept {
    restart(byte_source::from_memory({}), first_line);
    data_ = bytes.data();
    end_ = bytes.size();
    eof_ = true;
  }

  /// Hands over the bytes read ahead but not yet parsed (after the header,
  /// say), so that another reader can go on from here; they count as
  /// consumed. `at_end`: the source has nothing more. A BOM at the start
  /// of the input is skipped first, as next() would.
  auto take_buffered(bool& at_end) -> std::string_view {
    skip_bom();
    const std::string_view rest(data_ + begin_, end_ - begin_);
    consumed_ += rest.size();
    begin_ = end_;
    at_end = eof_;
    return rest;
  }

  /// See byte_source::set_name and set_before_wait.
  void set_source_name(std::string_view name) noexcept { source_.set_name(name); }
  void set_before_wait(const std::function<void()>* f) noexcept { source_.set_before_wait(f); }

  void set_delimiter(char d) noexcept {
    delimiter_ = d;
    set_stops();
  }
  [[nodiscard]] auto bytes_consumed() const noexcept -> std::uint64_t { return consumed_; }
  /// The physical line the next record starts on.
  [[nodiscard]] auto line() const noexcept -> std::uint64_t { return line_; }

 private:
  auto fill() -> bool;  // reads more; false at end of input
  void set_stops() noexcept {
    stops_ = {};
    for (const char c : {delimiter_, '\n', '\r', '"'}) stops_[static_cast<unsigned char>(c)] = true;
  }
  void skip_bom();
  /// The common record: unquoted fields and simple quoted ones, and its
  /// line end within whole 64-byte windows of the data. Reads it and
  /// returns true, or returns false having consumed nothing (then next()
  /// parses it byte by byte).
  auto next_plain(record& r) -> bool;
  /// The first byte at or after `i` that ends an unquoted run (the
  /// delimiter, CR, LF or a quote), or end_.
  [[nodiscard]] auto find_stop(const char* base, std::size_t i) const noexcept -> std::size_t;

  byte_source source_;
  char delimiter_;
  std::array<bool, 256> stops_{};  ///< bytes that end an unquoted run
  std::vector<char> buf_;
  const char* data_;  ///< the bytes parsed: buf_, or a piece in place
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  bool bom_checked_ = false;
  std::uint64_t consumed_ = 0;
  std::uint64_t line_ = 1;
  std::string scratch_;  ///< values of fields with doubled quotes or stray text

  // next()'s byte-by-byte parse, a field at a time (csv_reader.cpp).
  struct slow_scan;
  /// A field's value: bytes of the data, or of scratch_ once unescaped.
  struct field_ref {
    std::size_t from, size;
    bool in_scratch;
  };
  enum class scan_step { next_field, field_read, record_done, need_input };
  /// A quoted field at the scan's position (RFC 4180 doubled quotes).
  auto scan_quoted(slow_scan& s) -> scan_step;
  /// After a closing quote: text before the field's end is stray.
  auto after_closing_quote(slow_scan& s) -> scan_step;
  auto scan_unquoted(slow_scan& s) -> scan_step;
  /// After a field: a delimiter, a line end (\n, \r\n, \r) or the end.
  auto scan_field_end(slow_scan& s) -> scan_step;
  std::vector<field_ref> fields_;  ///< the record's fields until it is complete
};

/// The delimiter among , ; tab | that occurs most often outside quotes in
/// `header` (',' on a tie or when none occurs).
auto sniff_delimiter(std::string_view header) noexcept -> char;

}  // namespace anc::io
