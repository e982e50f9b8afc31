#pragma once
// The hand-offs of the parallel batch (docs/parallel.md). Every thread of
// the run does the same work in turn: it takes a free chunk, fills it with
// the next whole records of the input (one thread at a time), classifies
// and formats them, and hands the chunk back finished. Finished chunks are
// written strictly in sequence, by whichever thread finds the next one due
// and no other thread writing. At most `max_chunks` exist at once, which
// bounds memory and makes a fast thread wait for a slow output.
#include <array>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/row_counts.hpp"
#include "engine/series.hpp"
#include "engine/specimens.hpp"
#include "io/byte_buffer.hpp"

namespace anc::engine {

struct chunk {
  std::uint64_t seq = 0;          ///< 0, 1, 2, ... in input order
  std::size_t input = 0;          ///< which input file
  std::uint64_t rows_before = 0;  ///< data rows before this chunk, all inputs
  std::uint64_t first_line = 0;   ///< physical line of its first record
  std::uint64_t records = 0;      ///< records cut into it
  std::uint64_t bytes_end = 0;    ///< input bytes up to its end, all inputs
  bool input_idle = false;        ///< when it was cut, the input had nothing more yet
  io::byte_buffer bytes;          ///< the input: whole records
  std::string text;               ///< the output, formatted
  row_counts counts;              ///< of its rows
  /// Series mode's first pass: its ok rows' entries, to be numbered and
  /// their patients found in input order when the chunk is written.
  std::vector<pending_entry> series;
  std::string series_ids;  ///< the patient ids of `series`, end to end
  /// --derive's first pass: its rows' parts of their specimens, to be added
  /// in input order when the chunk is written, and their texts end to end.
  std::vector<pending_part> parts;
  std::string part_texts;
};

/// How many chunks a run with `threads` threads keeps in flight: one being
/// filled or formatted by each thread, and as many finished ones waiting
/// for an earlier chunk to be written, and two more for the output. Memory
/// is bounded by this times a chunk's size, so the chunk size is derived
/// from it too.
constexpr auto chunks_in_flight(unsigned threads) noexcept -> std::size_t {
  return 2 * static_cast<std::size_t>(threads) + 2;
}

class chunk_flow {
 public:
  /// Throws std::system_error if the wake-up pipe cannot be made.
  explicit chunk_flow(std::size_t max_chunks);

  /// A chunk to fill, waiting while all are in use; null once stopped.
  auto take_free() -> std::unique_ptr<chunk>;
  /// Gives back a chunk that was not filled.
  void recycle(std::unique_ptr<chunk> c);

  /// Writes a finished chunk or leaves it for the thread that is writing.
  /// `write` is called without the lock, one chunk at a time and in
  /// sequence, for this chunk and the finished ones after it, as long as
  /// they are due. If `write` throws, the run stops and the error is kept
  /// for rethrow_failure().
  void finished(std::unique_ptr<chunk> c, const std::function<void(chunk&)>& write);
  /// Chunks written so far.
  [[nodiscard]] auto written() -> std::uint64_t;

  /// A thread failed: everything stops, and rethrow_failure() rethrows
  /// `error` (the first one, if several fail).
  void fail(std::exception_ptr error);
  /// Rethrows the first failure, if any (once every thread has ended).
  void rethrow_failure();

  /// Wakes every thread and makes them finish.
  void stop();
  [[nodiscard]] auto stopped() -> bool;

  /// Readable once stop() was called: a thread reading polls it beside its
  /// input, so that a failed write does not wait for an idle pipe's next
  /// bytes.
  [[nodiscard]] auto stop_fd() const noexcept -> int { return wake_[0]; }

  chunk_flow(const chunk_flow&) = delete;
  auto operator=(const chunk_flow&) -> chunk_flow& = delete;
  ~chunk_flow();

 private:
  std::mutex mutex_;
  std::condition_variable free_ready_;
  std::size_t max_chunks_;
  std::size_t allocated_ = 0;
  std::vector<std::unique_ptr<chunk>> free_;
  std::map<std::uint64_t, std::unique_ptr<chunk>> done_;  ///< finished, not yet due
  std::uint64_t written_ = 0;
  bool writing_ = false, stopped_ = false;
  std::exception_ptr failure_;
  std::array<int, 2> wake_{-1, -1};  ///< a pipe: stop() writes a byte
};

}  // namespace anc::engine
