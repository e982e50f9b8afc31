#include "cli/chunk_flow.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace anc::cli {

chunk_flow::chunk_flow(std::size_t max_chunks) : max_chunks_(max_chunks) {
  if (::pipe2(wake_.data(), O_CLOEXEC | O_NONBLOCK) != 0)
    throw std::system_error(errno, std::generic_category(), "pipe");
}

chunk_flow::~chunk_flow() {
  for (const int fd : wake_) ::close(fd);
}

auto chunk_flow::take_free() -> std::unique_ptr<chunk> {
  std::unique_lock lock(mutex_);
  free_ready_.wait(lock, [&] { return stopped_ || !free_.empty() || allocated_ < max_chunks_; });
  if (stopped_) return nullptr;
  if (free_.empty()) {
    ++allocated_;
    return std::make_unique<chunk>();
  }
  auto c = std::move(free_.back());
  free_.pop_back();
  return c;
}

void chunk_flow::submit(std::unique_ptr<chunk> c) {
  {
    const std::lock_guard lock(mutex_);
    c->seq = submitted_++;
    todo_.push_back(std::move(c));
  }
  work_ready_.notify_one();
}

void chunk_flow::reading_done(std::exception_ptr error) {
  {
    const std::lock_guard lock(mutex_);
    reading_ = false;
    reader_error_ = std::move(error);
  }
  work_ready_.notify_all();
  done_ready_.notify_one();
}

auto chunk_flow::take_work() -> std::unique_ptr<chunk> {
  std::unique_lock lock(mutex_);
  work_ready_.wait(lock, [&] { return stopped_ || !todo_.empty() || !reading_; });
  if (stopped_ || todo_.empty()) return nullptr;
  auto c = std::move(todo_.front());
  todo_.pop_front();
  return c;
}

void chunk_flow::finished(std::unique_ptr<chunk> c) {
  {
    const std::lock_guard lock(mutex_);
    const std::uint64_t seq = c->seq;
    done_.emplace(seq, std::move(c));
  }
  done_ready_.notify_one();
}

void chunk_flow::fail(std::exception_ptr error) {
  {
    const std::lock_guard lock(mutex_);
    if (!worker_error_) worker_error_ = std::move(error);
  }
  done_ready_.notify_one();
}

auto chunk_flow::take_next() -> std::unique_ptr<chunk> {
  std::unique_lock lock(mutex_);
  done_ready_.wait(lock, [&] {
    return worker_error_ || done_.count(written_) > 0 || (!reading_ && written_ == submitted_);
  });
  if (worker_error_) std::rethrow_exception(worker_error_);
  const auto next = done_.find(written_);
  if (next == done_.end()) {  // all written
    if (reader_error_) std::rethrow_exception(reader_error_);
    return nullptr;
  }
  auto c = std::move(next->second);
  done_.erase(next);
  ++written_;
  return c;
}

void chunk_flow::recycle(std::unique_ptr<chunk> c) {
  {
    const std::lock_guard lock(mutex_);
    free_.push_back(std::move(c));
  }
  free_ready_.notify_one();
}

void chunk_flow::stop() {
  {
    const std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  free_ready_.notify_all();
  work_ready_.notify_all();
  done_ready_.notify_all();
  const char byte = 0;
  [[maybe_unused]] const auto ignored = ::write(wake_[1], &byte, 1);  // the pipe is empty: fits
}

}  // namespace anc::cli
