#include "io/output_sink.hpp"

#include <fcntl.h>
#include <sys/stat.h>  // umask, fchmod
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>
#include <vector>

namespace anc::io {

output_sink::output_sink() {
  buf_.reserve(flush_at * 2);
}

output_sink::output_sink(const std::string& path) : final_path_(path) {
  buf_.reserve(flush_at * 2);
  std::vector<char> name(path.begin(), path.end());
  for (const char c : std::string_view(".anc-tmp-XXXXXX")) name.push_back(c);
  name.push_back('\0');
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot create " + path);
  temp_path_ = name.data();
  // mkstemp creates 0600; give the result the usual permissions (umask applies).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, 0666 & ~mask);
}

output_sink::~output_sink() {
  if (!temp_path_.empty() && !committed_) {
    ::close(fd_);
    ::unlink(temp_path_.c_str());
  }
}

void output_sink::write(std::string_view bytes) {
  if (fd_ < 0 || (bytes.size() < large_piece && buf_.size() + bytes.size() < flush_at)) {
    buf_ += bytes;
    maybe_flush();
    return;
  }
  flush();
  write_all(bytes.data(), bytes.size());
}

void output_sink::flush() {
  if (fd_ < 0) return;  // in memory: the buffer is the output
  write_all(buf_.data(), buf_.size());
  buf_.clear();
}

void output_sink::write_all(const char* p, std::size_t left) {
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(
          errno, std::generic_category(),
          temp_path_.empty() ? "write to standard output" : "write to " + final_path_);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void output_sink::commit() {
  flush();
  if (temp_path_.empty()) return;
  if (::fsync(fd_) != 0 || ::close(fd_) != 0)
    throw std::system_error(errno, std::generic_category(), "write to " + final_path_);
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0)
    throw std::system_error(errno, std::generic_category(), "rename to " + final_path_);
  committed_ = true;
}

}  // namespace anc::io
