#pragma once
// The hand-offs of the parallel batch (docs/parallel.md): the reader thread
// submits chunks of whole records in sequence, worker threads classify and
// format them in any order, and the writer takes them back strictly in
// sequence. At most `max_chunks` exist at once, which bounds memory and
// makes a fast reader wait for a slow writer.
#include <array>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cli/batch_pipeline.hpp"

namespace anc::cli {

struct chunk {
  std::uint64_t seq = 0;          ///< 0, 1, 2, ... in input order
  std::size_t input = 0;          ///< which input file
  std::uint64_t rows_before = 0;  ///< data rows before this chunk, all inputs
  std::uint64_t first_line = 0;   ///< physical line of its first record
  std::uint64_t records = 0;      ///< records the reader cut into it
  std::uint64_t bytes_end = 0;    ///< input bytes up to its end, all inputs
  std::string bytes;              ///< the input: whole records
  std::string text;               ///< the output, formatted by a worker
  row_counts counts;              ///< of its rows, by the worker
};

/// How many chunks a run with `threads` workers keeps in flight: two a
/// worker (one being formatted, one waiting) and two for the reader and the
/// writer, enough to keep every thread busy. Memory is bounded by this
/// times a chunk's size, so the chunk size is derived from it too.
constexpr auto chunks_in_flight(unsigned threads) noexcept -> std::size_t {
  return 2 * static_cast<std::size_t>(threads) + 2;
}

class chunk_flow {
 public:
  /// Throws std::system_error if the wake-up pipe cannot be made.
  explicit chunk_flow(std::size_t max_chunks);

  /// Reader: an empty chunk to fill, waiting while all are in use; null
  /// once stopped.
  auto take_free() -> std::unique_ptr<chunk>;
  /// Reader: hands a filled chunk on and gives it the next sequence number.
  void submit(std::unique_ptr<chunk> c);
  /// Reader: no more chunks; `error` (or null) is what ended the reading.
  void reading_done(std::exception_ptr error);

  /// Worker: the next chunk to work on; null when there is none left.
  auto take_work() -> std::unique_ptr<chunk>;
  void finished(std::unique_ptr<chunk> c);
  /// Worker: it failed; everything stops and the writer rethrows `error`.
  void fail(std::exception_ptr error);

  /// Writer: the next chunk in sequence, waiting for it; null after the
  /// last. Rethrows a worker's failure, and the reader's after the last
  /// chunk read before it.
  auto take_next() -> std::unique_ptr<chunk>;
  /// Writer: gives a written chunk back to the reader.
  void recycle(std::unique_ptr<chunk> c);

  /// Wakes every thread and makes them finish (the writer failed, or all is done).
  void stop();

  /// Readable once stop() was called: the reader polls it beside its input,
  /// so that a failed writer does not wait for an idle pipe's next bytes.
  [[nodiscard]] auto stop_fd() const noexcept -> int { return wake_[0]; }

  chunk_flow(const chunk_flow&) = delete;
  auto operator=(const chunk_flow&) -> chunk_flow& = delete;
  ~chunk_flow();

 private:
  std::mutex mutex_;
  // One for each kind of waiter, so a hand-off wakes only who can use it.
  std::condition_variable free_ready_;  ///< the reader
  std::condition_variable work_ready_;  ///< the workers
  std::condition_variable done_ready_;  ///< the writer
  std::size_t max_chunks_;
  std::size_t allocated_ = 0;
  std::vector<std::unique_ptr<chunk>> free_;
  std::deque<std::unique_ptr<chunk>> todo_;
  std::map<std::uint64_t, std::unique_ptr<chunk>> done_;
  std::uint64_t submitted_ = 0, written_ = 0;
  bool reading_ = true, stopped_ = false;
  std::exception_ptr reader_error_, worker_error_;
  std::array<int, 2> wake_{-1, -1};  ///< a pipe: stop() writes a byte
};

}  // namespace anc::cli
