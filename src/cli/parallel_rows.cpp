// batch_pipeline::write_rows_parallel: a reader thread cuts the input into
// chunks of whole records, workers classify and format them, and the
// calling thread writes them in order (docs/parallel.md).
#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "cli/batch_pipeline.hpp"
#include "cli/chunk_flow.hpp"
#include "cli/input_file.hpp"
#include "io/record_cut.hpp"

namespace anc::cli {
namespace {

/// Waits until `source` has bytes (or its end) to read; false if `stop_fd`
/// became readable first (the run is stopping).
auto wait_for_input(const io::byte_source& source, int stop_fd) -> bool {
  if (source.fd() < 0) return true;
  std::array<pollfd, 2> fds{{{source.fd(), POLLIN, 0}, {stop_fd, POLLIN, 0}}};
  for (;;) {
    if (::poll(fds.data(), fds.size(), -1) >= 0) return (fds[1].revents & POLLIN) == 0;
    if (errno != EINTR) return true;  // let the read itself report the problem
  }
}

// Reads once into the free space up to `want` bytes; false at end of input.
auto read_more(io::byte_source& source, std::string& bytes, std::size_t want) -> bool {
  const std::size_t old = bytes.size();
  bytes.resize(std::max(want, old + 1));
  const long got = source.read(bytes.data() + old, bytes.size() - old);
  if (got < 0) {
    bytes.resize(old);
    throw std::system_error(errno, std::generic_category(), "read");
  }
  bytes.resize(old + static_cast<std::size_t>(got));
  return got > 0;
}

}  // namespace

void batch_pipeline::read_chunks(chunk_flow& flow, std::size_t chunk_size) {
  std::uint64_t rows = 0, bytes_before = 0;
  std::string carry;
  for (std::size_t input = 0; input < inputs_.size(); ++input) {
    input_file& in = *inputs_[input];
    bool at_end = false;
    carry.assign(in.reader->take_buffered(at_end));
    std::uint64_t line = in.reader->line();
    std::uint64_t bytes = bytes_before + in.reader->bytes_consumed() - carry.size();
    io::byte_source source(in.fd);
    for (;;) {
      auto c = flow.take_free();
      if (!c) return;  // stopped
      c->bytes.swap(carry);
      carry.clear();
      io::record_cut cut;
      // One read at a time, so that rows trickling in through a pipe come
      // out as they arrive.
      const auto read_up_to = [&](std::size_t want) {
        if (!wait_for_input(source, flow.stop_fd())) return false;
        at_end = !read_more(source, c->bytes, want);
        return true;
      };
      for (std::size_t want = chunk_size;;) {
        if (!at_end && c->bytes.size() < want && !read_up_to(want)) return;  // stopped
        cut = io::cut_records(c->bytes, delimiter_, at_end);
        if (cut.size > 0 || at_end) break;
        // Not one whole record yet: a record longer than the chunk. Fill
        // twice the space before cutting again, so that a huge record is
        // scanned O(log n) times, not once for every pipe-sized read.
        if (c->bytes.size() >= want) want *= 2;
        while (!at_end && c->bytes.size() < want)
          if (!read_up_to(want)) return;  // stopped
      }
      carry.assign(c->bytes, cut.size);
      c->bytes.resize(cut.size);
      if (c->bytes.empty()) {
        flow.recycle(std::move(c));
        break;
      }
      c->input = input;
      c->rows_before = rows;
      c->first_line = line;
      c->records = cut.records;
      bytes += cut.size;
      c->bytes_end = bytes;
      rows += cut.records;
      line += cut.lines;
      flow.submit(std::move(c));
      if (at_end && carry.empty()) break;
    }
    bytes_before = bytes;
  }
}

void batch_pipeline::work_on_chunks(chunk_flow& flow, io::row_classifier classifier,
                                    io::output_sink& out,
                                    const std::function<void(const row&)>& write) const {
  io::csv_reader reader(io::byte_source::from_memory({}), delimiter_, 1 << 16);
  io::record rec;
  io::row_result result;
  while (auto c = flow.take_work()) {
    reader.restart_in_place(c->bytes, c->first_line);
    out.buffer().swap(c->text);
    out.buffer().clear();
    c->counts = {};
    std::uint64_t number = c->rows_before;
    while (reader.next(rec)) {
      ++number;
      classify(classifier, rec, number, inputs_[c->input]->name, result);
      c->counts.count(result);
      write({rec, result, number});
    }
    // Never drop a row: the worker reads exactly the records the reader cut.
    if (number - c->rows_before != c->records)
      throw std::logic_error(fmt::format(
          "internal error: a chunk cut as {} records was read as {} (rows after {}); please "
          "report this, and run with --threads 1 meanwhile",
          c->records, number - c->rows_before, c->rows_before));
    out.buffer().swap(c->text);
    flow.finished(std::move(c));
  }
}

void batch_pipeline::write_rows_parallel(unsigned threads, std::size_t chunk_size,
                                         const writer_factory& make_writer, io::output_sink& sink,
                                         const progress_fn& progress) {
  chunk_flow flow(chunks_in_flight(threads));
  std::vector<std::unique_ptr<io::output_sink>> sinks;
  std::vector<std::function<void(const row&)>> writers;
  for (unsigned t = 0; t < threads; ++t) {
    sinks.push_back(std::make_unique<io::output_sink>(io::output_sink::in_memory_t{}));
    writers.push_back(make_writer(*sinks.back()));
  }

  std::vector<std::jthread> running;
  // Declared after `running`, so it runs first: every thread is told to
  // stop (they may be waiting on a full flow) before they are joined.
  struct stop_all {
    chunk_flow& flow;
    std::vector<std::jthread>& threads;
    ~stop_all() {
      flow.stop();
      for (auto& t : threads) t.join();
    }
  } stopper{flow, running};

  running.emplace_back([&] {
    try {
      read_chunks(flow, chunk_size);
      flow.reading_done(nullptr);
    } catch (...) {
      flow.reading_done(std::current_exception());
    }
  });
  for (unsigned t = 0; t < threads; ++t)
    running.emplace_back([&, t] {
      try {
        work_on_chunks(flow, *classifier_, *sinks[t], writers[t]);
      } catch (...) {
        flow.fail(std::current_exception());
      }
    });

  while (auto c = flow.take_next()) {
    sink.write(c->text);
    counts_.add(c->counts);
    bytes_read_ = c->bytes_end;
    if (progress) progress(counts_.rows, bytes_read_);
    flow.recycle(std::move(c));
  }
}

}  // namespace anc::cli
