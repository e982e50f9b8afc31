// batch_pipeline::write_rows_parallel: each thread in turn cuts the next
// chunk of whole records from the input, classifies and formats it, and
// the chunks are written in order (docs/parallel.md).
#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <exception>
#include <mutex>
#include <span>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "engine/batch_pipeline.hpp"
#include "engine/chunk_flow.hpp"
#include "engine/input_file.hpp"
#include "io/record_cut.hpp"

namespace anc::engine {
namespace {

/// Waits until `source` has bytes (or its end) to read; false if `stop_fd`
/// became readable first (the run is stopping).
auto wait_for_input(const io::byte_source& source, int stop_fd) -> bool {
  // Bytes a decoder holds (or bytes in memory) are there without waiting.
  if (source.fd() < 0 || !source.would_wait()) return true;
  std::array<pollfd, 2> fds{{{source.fd(), POLLIN, 0}, {stop_fd, POLLIN, 0}}};
  for (;;) {
    if (::poll(fds.data(), fds.size(), -1) >= 0) return (fds[1].revents & POLLIN) == 0;
    if (errno != EINTR) return true;  // let the read itself report the problem
  }
}

// Reads once into the free space up to `want` bytes; false at end of input.
auto read_more(io::byte_source& source, io::byte_buffer& bytes, std::size_t want) -> bool {
  const std::size_t old = bytes.size();
  const std::size_t room = std::max(want, old + 1);
  bytes.reserve(room);
  const long got = source.read(bytes.data() + old, room - old);
  if (got < 0) source.throw_read_error(errno);
  bytes.set_size(old + static_cast<std::size_t>(got));
  return got > 0;
}

}  // namespace

struct batch_pipeline::reading {
  std::mutex mutex;
  std::size_t chunk_size = 0;
  std::size_t input = 0;     ///< the input being read
  bool open = false;         ///< its header reader's bytes were taken over
  bool at_end = false;       ///< its source has nothing more
  bool done = false;         ///< every input read, or reading failed or stopped
  std::exception_ptr error;  ///< why reading failed
  io::byte_source source{-1};
  io::byte_buffer carry;  ///< bytes read after the last whole record
  std::uint64_t seq = 0, rows = 0, line = 0, bytes = 0;
};

auto batch_pipeline::read_chunk(reading& r, chunk& c, const chunk_flow& flow) const -> bool {
  const std::lock_guard lock(r.mutex);
  try {
    while (!r.done) {
      if (r.input == inputs_.size()) {
        r.done = true;
        break;
      }
      input_file& in = *inputs_[r.input];
      if (!r.open) {
        const std::uint64_t bytes_before = r.bytes;
        r.carry.assign(in.reader->take_buffered(r.at_end));
        r.line = in.reader->line();
        r.bytes = bytes_before + in.reader->bytes_consumed() - r.carry.size();
        r.source = in.source();
        r.open = true;
      }
      c.bytes.swap(r.carry);
      r.carry.clear();
      // One read at a time, so that rows trickling in through a pipe come
      // out as they arrive.
      const auto read_up_to = [&](std::size_t want) {
        if (!wait_for_input(r.source, flow.stop_fd())) return false;
        r.at_end = !read_more(r.source, c.bytes, want);
        return true;
      };
      io::record_cut cut;
      for (std::size_t want = r.chunk_size;;) {
        // Bytes carried over are cut at once if no more have come yet.
        const bool wait_first = c.bytes.empty() || !r.source.would_wait();
        if (!r.at_end && c.bytes.size() < want && wait_first && !read_up_to(want)) {  // stopped
          r.done = true;
          return false;
        }
        cut = io::cut_records(c.bytes.view(), delimiter_, r.at_end);
        if (cut.size > 0 || r.at_end) break;
        // Not one whole record yet: a record longer than the chunk. Fill
        // twice the space before cutting again, so that a huge record is
        // scanned O(log n) times, not once for every pipe-sized read.
        if (c.bytes.size() >= want) want *= 2;
        while (!r.at_end && c.bytes.size() < want)
          if (!read_up_to(want)) {  // stopped
            r.done = true;
            return false;
          }
      }
      r.carry.assign(c.bytes.view().substr(cut.size));
      c.bytes.set_size(cut.size);
      const bool input_done = r.at_end && r.carry.empty();
      if (input_done) {
        ++r.input;
        r.open = false;
      }
      if (c.bytes.empty()) continue;
      c.seq = r.seq++;
      c.input = input_done ? r.input - 1 : r.input;
      c.rows_before = r.rows;
      c.first_line = r.line;
      c.records = cut.records;
      c.input_idle = !r.at_end && r.source.would_wait();
      r.bytes += cut.size;
      c.bytes_end = r.bytes;
      r.rows += cut.records;
      r.line += cut.lines;
      return true;
    }
  } catch (...) {
    r.error = std::current_exception();
    r.done = true;
  }
  return false;
}

namespace {

/// A pass that writes rows: each thread formats its chunks' rows into the
/// chunk's text with a writer of its own; in series mode each ok row is
/// first given its place in its episode.
class alignas(64) write_stage {
 public:
  static constexpr bool classifies = true;
  write_stage(const writer_spec& spec, std::span<const series_entry> placed)
      : sink_(std::make_unique<io::output_sink>(io::output_sink::in_memory_t{})),
        writer_(spec, *sink_),
        entries_(placed) {}
  void begin(chunk& c) {
    sink_->buffer().swap(c.text);
    sink_->buffer().clear();
    // This chunk's first entry: the first of a row after rows_before.
    next_ = std::partition_point(entries_.data(), entries_.data() + entries_.size(),
                                 [&](const series_entry& e) { return e.row <= c.rows_before; });
  }
  void row(chunk& /*c*/, const io::record& rec, std::uint64_t number, io::row_result& result) {
    if (!entries_.empty() && result.status == io::row_status::ok)
      place_row(number, next_, entries_.data() + entries_.size(), result);
    writer_.write(rec, number, result);
  }
  void end(chunk& c) { sink_->buffer().swap(c.text); }

 private:
  std::unique_ptr<io::output_sink> sink_;  // the writer holds its address
  row_writer writer_;
  std::span<const series_entry> entries_;  ///< placed, in input order; empty: no series
  const series_entry* next_ = nullptr;
};

/// Series mode's first pass: each thread keeps its chunks' ok rows as
/// entries, their patient ids copied (a field may be unquoted in scratch).
struct collect_stage {
  static constexpr bool classifies = true;
  static void begin(chunk& c) {
    c.series.clear();
    c.series_ids.clear();
  }
  static void row(chunk& c, const io::record& /*rec*/, std::uint64_t number,
                  const io::row_result& result) {
    if (result.status != io::row_status::ok) return;
    c.series_ids += result.patient;
    c.series.push_back({static_cast<std::uint32_t>(c.series_ids.size()),
                        patient_table::hash(result.patient),
                        series_index::entry_of(result.time, number, result.value)});
  }
  static void end(chunk& /*c*/) {}
};

/// --derive's first pass: each thread keeps its chunks' rows' parts of
/// their specimens, with their texts copied (a field may be unquoted in
/// scratch); no row is classified.
class alignas(64) specimen_stage {
 public:
  static constexpr bool classifies = false;
  static void begin(chunk& c) {
    c.parts.clear();
    c.part_texts.clear();
  }
  void read(chunk& c, const io::record& rec, std::uint64_t number,
            const row_classifier& classifier) {
    const auto s = classifier.specimen_row_of(rec.fields, key_);
    if (!s) return;
    std::string& t = c.part_texts;
    if (t.size() + s->key.size() + s->part.given.value.size() + s->part.given.unit.size() >
        0xFFFF'FFFFULL)
      throw std::length_error("a chunk's specimen keys and values take more than 4 GiB");
    t += s->key;
    const auto key_end = static_cast<std::uint32_t>(t.size());
    t += s->part.given.value;
    const auto value_end = static_cast<std::uint32_t>(t.size());
    t += s->part.given.unit;
    c.parts.push_back({s->part.kind, s->part.measured, number, patient_table::hash(s->key), key_end,
                       value_end, static_cast<std::uint32_t>(t.size())});
  }
  static void end(chunk& /*c*/) {}

 private:
  std::string key_;
};

}  // namespace

template <typename Stage>
void batch_pipeline::work_on_chunks(chunk_flow& flow, reading& r, row_classifier classifier,
                                    Stage& stage, const std::function<void(chunk&)>& write) const {
  io::csv_reader reader(io::byte_source::from_memory({}), delimiter_, 1 << 16);
  io::record rec;
  io::row_result result;
  while (auto c = flow.take_free()) {
    if (!read_chunk(r, *c, flow)) {
      flow.recycle(std::move(c));
      return;
    }
    reader.restart_in_place(c->bytes.view(), c->first_line);
    stage.begin(*c);
    c->counts = {};
    std::uint64_t number = c->rows_before;
    while (reader.next(rec)) {
      ++number;
      if constexpr (Stage::classifies) {
        classify(classifier, rec, number, inputs_[c->input]->name, result);
        c->counts.count(result);
        stage.row(*c, rec, number, result);
      } else if (sound(rec)) {
        stage.read(*c, rec, number, classifier);  // a malformed record is read later
      }
    }
    // Never drop a row: a chunk is read as exactly the records cut into it.
    if (number - c->rows_before != c->records)
      throw std::logic_error(fmt::format(
          "internal error: a chunk cut as {} records was read as {} (rows after {}); please "
          "report this, and run with --threads 1 meanwhile",
          c->records, number - c->rows_before, c->rows_before));
    stage.end(*c);
    flow.finished(std::move(c), write);
  }
}

template <typename Stage>
void batch_pipeline::run_parallel(unsigned threads, std::size_t chunk_size,
                                  const std::function<Stage()>& make_stage,
                                  const std::function<void(chunk&)>& write) {
  chunk_flow flow(chunks_in_flight(threads));
  reading r;
  r.chunk_size = chunk_size;
  std::vector<Stage> stages;
  stages.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) stages.push_back(make_stage());
  const auto work = [&](unsigned t) {
    try {
      work_on_chunks(flow, r, *classifier_, stages[t], write);
    } catch (...) {
      flow.fail(std::current_exception());
    }
  };
  {
    std::vector<std::jthread> others;
    // Declared after `others`, so it runs first: every thread is told to
    // stop (they may be waiting for a free chunk) if starting one fails.
    struct stop_on_throw {
      chunk_flow& flow;
      ~stop_on_throw() {
        if (std::uncaught_exceptions() > 0) flow.stop();
      }
    } stopper{flow};
    for (unsigned t = 1; t < threads; ++t) others.emplace_back(work, t);
    work(0);
  }  // joins the others
  flow.rethrow_failure();
  // A read error is reported after the chunks read before it are written.
  if (r.error) std::rethrow_exception(r.error);
  if (flow.written() != r.seq)
    throw std::logic_error(fmt::format(
        "internal error: {} chunks were read but {} written; please report this, and run with "
        "--threads 1 meanwhile",
        r.seq, flow.written()));
}

void batch_pipeline::write_rows_parallel(unsigned threads, std::size_t chunk_size,
                                         const writer_spec& format, io::output_sink& sink,
                                         const progress_fn& progress) {
  prepare_specimens(threads, chunk_size, progress);
  if (settings_.series && !placed_) prepare_series(threads, chunk_size, progress);
  const std::span<const series_entry> placed =
      placed_ ? series_->entries() : std::span<const series_entry>{};
  // Called for one chunk at a time, in sequence, by whichever thread writes.
  const std::function<void(chunk&)> write = [&](chunk& c) {
    sink.write(c.text);
    // Rows trickling in through a pipe come out as they are classified.
    if (c.input_idle) sink.flush();
    counts_.add(c.counts);
    bytes_read_ = c.bytes_end;
    if (progress) progress(counts_.rows, bytes_read_);
  };
  run_parallel<write_stage>(
      threads, chunk_size, [&] { return write_stage(format, placed); }, write);
}

void batch_pipeline::collect_series_parallel(unsigned threads, std::size_t chunk_size,
                                             const progress_fn& progress) {
  const std::optional<std::uint64_t> total = input_file_bytes();
  const std::function<void(chunk&)> write = [&](chunk& c) {
    series_->add(c.series, c.series_ids);
    counts_.add(c.counts);
    bytes_read_ = c.bytes_end;
    if (total) series_->reserve_for(bytes_read_, *total);
    if (progress) progress(counts_.rows, bytes_read_);
  };
  run_parallel<collect_stage>(
      threads, chunk_size, [] { return collect_stage{}; }, write);
}

}  // namespace anc::engine

namespace anc::engine {

void batch_pipeline::collect_specimens_parallel(specimen_table& table, unsigned threads,
                                                std::size_t chunk_size,
                                                const progress_fn& progress) {
  std::uint64_t rows = 0;
  const std::function<void(chunk&)> write = [&](chunk& c) {
    table.add(c.parts, c.part_texts);
    rows += c.records;
    bytes_read_ = c.bytes_end;
    if (progress) progress(rows, bytes_read_);
  };
  run_parallel<specimen_stage>(
      threads, chunk_size, [] { return specimen_stage{}; }, write);
}

}  // namespace anc::engine
