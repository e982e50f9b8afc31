#pragma once
// Buffered output to stdout or a path. What stands at the path is never
// replaced by something else (issue 14):
// - a regular file (or none) is written under a temporary name in its own
//   directory and renamed over it only by commit(), so a failed run never
//   leaves a half-written file in its place; a replaced file keeps its mode
//   and owner;
// - a symbolic link is followed: its target is what is written (so);
// - a device, FIFO or socket is written straight into (no rename: that
//   would replace the node with a regular file);
// - a directory is refused at once, naming the path.
// Write errors (a full disk, a closed pipe) throw std::system_error: the
// caller reports them and exits non-zero, never 0 after a truncated write.
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
  /// A path, as the class comment says; "-" is standard output. Throws
  /// std::system_error naming the path if it cannot be written.
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
  /// Flushes, closes, and for a regular file renames it into place.
  void commit();

 private:
  void write_all(const char* p, std::size_t n);
  void open_in_place(const std::string& path, bool socket);
  void open_temporary(const std::string& path);

  int fd_ = 1;
  bool owns_fd_ = false;
  std::string buf_;
  std::string name_ = "standard output";  ///< as messages name the output
  std::string temp_path_, final_path_;
  bool committed_ = false;
};

/// The path that writing to `path` writes: `path` itself, or the end of
/// the chain of symbolic links it starts (which need not exist yet).
/// Throws std::system_error for a loop of links.
auto resolve_output_path(const std::string& path) -> std::string;

}  // namespace anc::io
