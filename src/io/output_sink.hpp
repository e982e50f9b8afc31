#pragma once
// Buffered output to stdout or a file. A file is written under a temporary
// name in the same directory and renamed over the target only by commit(),
// so a failed run never leaves a half-written file in its place. Write
// errors (a full disk, a closed pipe) throw std::system_error: the caller
// reports them and exits non-zero, never 0 after a truncated write.
#include <string>
#include <string_view>

namespace anc::io {

class output_sink {
 public:
  static constexpr std::size_t flush_at = 1 << 18;

  /// Standard output.
  output_sink();
  /// Memory only: everything written stays in buffer() (fuzzers, tests).
  struct in_memory_t {};
  explicit output_sink(in_memory_t) : fd_(-1) {}
  /// A file: created as `path` + ".anc-tmp-XXXXXX" and renamed by commit().
  explicit output_sink(const std::string& path);
  output_sink(const output_sink&) = delete;
  auto operator=(const output_sink&) -> output_sink& = delete;
  ~output_sink();

  /// The buffer to append to; flushed by maybe_flush() and flush().
  auto buffer() noexcept -> std::string& { return buf_; }
  void maybe_flush() {
    if (buf_.size() >= flush_at) flush();
  }
  /// Appends `bytes`, or for a large piece writes it straight out (after
  /// what is buffered) rather than copying it into the buffer.
  void write(std::string_view bytes);
  /// What write() takes for large: a parallel batch's chunk of output is,
  /// and copying it would cost the writer more than the write itself.
  static constexpr std::size_t large_piece = 1 << 14;
  void flush();
  /// Flushes, closes, and for a file renames it into place.
  void commit();

 private:
  void write_all(const char* p, std::size_t n);

  int fd_ = 1;
  std::string buf_;
  std::string temp_path_, final_path_;
  bool committed_ = false;
};

}  // namespace anc::io
