// The hand-offs of the parallel batch: finished chunks are written in
// sequence, one at a time, and a failed write stops the run.
#include <atomic>
#include <catch2/catch.hpp>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/chunk_flow.hpp"

TEST_CASE("chunk_flow writes finished chunks in sequence, one at a time", "[chunk_flow]") {
  using anc::engine::chunk;
  using anc::engine::chunk_flow;
  chunk_flow flow(3);
  constexpr std::uint64_t chunks = 300;
  std::atomic<std::uint64_t> next_seq{0};
  std::atomic<int> writers{0}, overlaps{0};
  std::vector<std::string> written;  // only the writing thread touches it
  const std::function<void(chunk&)> write = [&](chunk& c) {
    if (writers.fetch_add(1) != 0) overlaps.fetch_add(1);
    written.push_back(c.text);
    std::this_thread::yield();  // let others finish chunks meanwhile
    writers.fetch_sub(1);
  };
  // Three threads take sequence numbers in turn, as reading does, and
  // finish their chunks out of order: one of them slowly.
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 3; ++t)
      threads.emplace_back([&, t] {
        while (auto c = flow.take_free()) {
          c->seq = next_seq.fetch_add(1);
          if (c->seq >= chunks) {
            flow.recycle(std::move(c));
            return;
          }
          c->text = std::to_string(c->seq);
          if (t == 0) std::this_thread::yield();
          flow.finished(std::move(c), write);
        }
      });
  }
  CHECK(overlaps == 0);
  CHECK(flow.written() == chunks);
  REQUIRE(written.size() == chunks);
  for (std::uint64_t i = 0; i < chunks; ++i) CHECK(written[i] == std::to_string(i));
  CHECK_NOTHROW(flow.rethrow_failure());
}

TEST_CASE("chunk_flow stops at a failed write and keeps its error", "[chunk_flow]") {
  using anc::engine::chunk;
  anc::engine::chunk_flow flow(4);
  std::vector<std::uint64_t> written;
  const std::function<void(chunk&)> write = [&](chunk& c) {
    if (c.seq == 1) throw std::runtime_error("disk full");
    written.push_back(c.seq);
  };
  std::array<std::unique_ptr<chunk>, 3> cs;
  for (std::uint64_t i = 0; i < cs.size(); ++i) {
    cs[i] = flow.take_free();
    REQUIRE(cs[i]);
    cs[i]->seq = i;
  }
  flow.finished(std::move(cs[2]), write);  // not due: kept
  CHECK(written.empty());
  flow.finished(std::move(cs[0]), write);  // due: written; then 1 is not there yet
  CHECK(written == std::vector<std::uint64_t>{0});
  CHECK_FALSE(flow.stopped());
  flow.finished(std::move(cs[1]), write);  // fails: nothing after it is written
  CHECK(written == std::vector<std::uint64_t>{0});
  CHECK(flow.stopped());
  CHECK(flow.take_free() == nullptr);
  CHECK_THROWS_WITH(flow.rethrow_failure(), "disk full");
}
