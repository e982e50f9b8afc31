#include "io/output_sink.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>  // umask, fchmod, lstat
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <vector>

namespace anc::io {

namespace {

auto fail(int error, const std::string& what) -> std::system_error {
  return {error, std::generic_category(), what};
}

auto directory_of(const std::string& path) -> std::string {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {};
  return path.substr(0, slash + 1);
}

}  // namespace

auto resolve_output_path(const std::string& path) -> std::string {
  std::string at = path;
  // As the kernel: a chain of more than 40 links is a loop.
  for (int links = 0; links <= 40; ++links) {
    struct stat st {};
    if (::lstat(at.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return at;
    std::vector<char> target(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 255) + 1);
    const ssize_t n = ::readlink(at.c_str(), target.data(), target.size());
    if (n < 0) throw fail(errno, "cannot write " + path);
    const std::string to(target.data(), static_cast<std::size_t>(n));
    at = !to.empty() && to[0] == '/' ? to : directory_of(at) + to;
  }
  throw fail(ELOOP, "cannot write " + path);
}

output_sink::output_sink() {
  buf_.reserve(flush_at * 2);
}

output_sink::output_sink(const std::string& path) {
  buf_.reserve(flush_at * 2);
  if (path == "-") return;  // standard output, as for input
  name_ = path;
  const std::string target = resolve_output_path(path);
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw fail(EISDIR, "cannot write " + path);
    if (!S_ISREG(st.st_mode)) {
      open_in_place(target, S_ISSOCK(st.st_mode));
      return;
    }
  }
  open_temporary(target);
  if (st.st_ino != 0) {
    // Replacing a file: it keeps its permissions and, where we may set
    // them (as root), its owner and group.
    ::fchmod(fd_, st.st_mode & 07777);
    if (::fchown(fd_, st.st_uid, st.st_gid) != 0) {
      // Not root: the file becomes ours, as any editor's rewrite would.
    }
  }
}

void output_sink::open_in_place(const std::string& path, bool socket) {
  if (socket) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) throw fail(ENAMETOOLONG, "cannot write " + name_);
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      const int e = errno;
      if (fd_ >= 0) ::close(fd_);
      fd_ = 1;
      throw fail(e, "cannot write " + name_);
    }
  } else {
    // A FIFO blocks here until someone reads it, as `cat > fifo` does.
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd_ < 0) {
      fd_ = 1;
      throw fail(errno, "cannot write " + name_);
    }
  }
  owns_fd_ = true;
}

void output_sink::open_temporary(const std::string& path) {
  final_path_ = path;
  std::vector<char> name(path.begin(), path.end());
  for (const char c : std::string_view(".anc-tmp-XXXXXX")) name.push_back(c);
  name.push_back('\0');
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) {
    fd_ = 1;
    throw fail(errno, "cannot create " + name_);
  }
  owns_fd_ = true;
  temp_path_ = name.data();
  // mkstemp creates 0600; a new file gets the usual permissions (umask applies).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, 0666 & ~mask);
}

output_sink::~output_sink() {
  if (owns_fd_ && !committed_) ::close(fd_);
  if (!temp_path_.empty() && !committed_) ::unlink(temp_path_.c_str());
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
      throw fail(errno, "write to " + name_);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void output_sink::commit() {
  flush();
  if (!owns_fd_) return;
  if (!temp_path_.empty() && ::fsync(fd_) != 0) throw fail(errno, "write to " + name_);
  committed_ = true;  // closed below, whatever happens
  if (::close(fd_) != 0) throw fail(errno, "write to " + name_);
  if (temp_path_.empty()) return;
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
    const int e = errno;
    ::unlink(temp_path_.c_str());
    throw fail(e, "cannot write " + name_);
  }
}

}  // namespace anc::io
