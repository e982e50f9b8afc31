#include "engine/chunk_flow.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace anc::engine {

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

void chunk_flow::recycle(std::unique_ptr<chunk> c) {
  {
    const std::lock_guard lock(mutex_);
    free_.push_back(std::move(c));
  }
  free_ready_.notify_one();
}

void chunk_flow::finished(std::unique_ptr<chunk> c, const std::function<void(chunk&)>& write) {
  std::unique_lock lock(mutex_);
  if (stopped_) return;
  const std::uint64_t seq = c->seq;
  done_.emplace(seq, std::move(c));
  // Another thread writing takes this chunk when it is due; so does this
  // one, deciding under the lock, so that no due chunk is left unwritten.
  if (writing_) return;
  writing_ = true;
  for (auto next = done_.find(written_); next != done_.end() && !stopped_;
       next = done_.find(written_)) {
    std::unique_ptr<chunk> due = std::move(next->second);
    done_.erase(next);
    lock.unlock();
    try {
      write(*due);
    } catch (...) {
      lock.lock();
      writing_ = false;
      lock.unlock();
      fail(std::current_exception());
      return;
    }
    lock.lock();
    ++written_;
    free_.push_back(std::move(due));
    free_ready_.notify_one();
  }
  writing_ = false;
}

auto chunk_flow::written() -> std::uint64_t {
  const std::lock_guard lock(mutex_);
  return written_;
}

void chunk_flow::fail(std::exception_ptr error) {
  {
    const std::lock_guard lock(mutex_);
    if (!failure_) failure_ = std::move(error);
  }
  stop();
}

void chunk_flow::rethrow_failure() {
  const std::lock_guard lock(mutex_);
  if (failure_) std::rethrow_exception(failure_);
}

void chunk_flow::stop() {
  {
    const std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  free_ready_.notify_all();
  const char byte = 0;
  [[maybe_unused]] const auto ignored = ::write(wake_[1], &byte, 1);  // the pipe is empty: fits
}

auto chunk_flow::stopped() -> bool {
  const std::lock_guard lock(mutex_);
  return stopped_;
}

}  // namespace anc::engine
