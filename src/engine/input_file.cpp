#include "engine/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "engine/batch_config.hpp"
#include "engine/fhir_input.hpp"
#include "io/text.hpp"

namespace anc::engine {

auto temporary_file() -> int {
  const char* env = std::getenv("TMPDIR");
  const std::string dir = env != nullptr && *env != '\0' ? env : "/tmp";
#ifdef O_TMPFILE
  if (const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600); fd >= 0) return fd;
#endif
  std::string name = dir + "/anc-spool-XXXXXX";
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(name.c_str());
  return fd;
}

namespace {

/// Copies what is left of `from` into a new spool file, positioned at its
/// start. Throws setup_error naming `input` if that cannot be done.
auto spool(int from, const std::string& input) -> int {
  const int fd = temporary_file();
  const auto fail = [&](int error) {
    if (fd >= 0) ::close(fd);
    throw setup_error{setup_problem::cannot_spool, input, {}, std::strerror(error)};
  };
  if (fd < 0) fail(errno);
  std::vector<char> buffer(std::size_t{1} << 20);
  for (;;) {
    const ssize_t got = ::read(from, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail(errno);
    if (got == 0) break;
    for (ssize_t done = 0; done < got;) {
      const ssize_t put = ::write(fd, buffer.data() + done, static_cast<std::size_t>(got - done));
      if (put < 0 && errno == EINTR) continue;
      if (put < 0) fail(errno);
      done += put;
    }
  }
  if (::lseek(fd, 0, SEEK_SET) != 0) fail(errno);
  return fd;
}

/// Reads an input's first two bytes, without consuming them, to see if it
/// is gzip data (SPEC §13); if so, its content is read through a decoder.
void see_if_gzip(input_file& in, bool regular) {
  std::array<char, 2> first{};
  std::size_t got = 0;
  const off_t at = regular ? ::lseek(in.fd, 0, SEEK_CUR) : 0;
  while (got < first.size()) {
    const ssize_t n = regular ? ::pread(in.fd, first.data() + got, first.size() - got,
                                        at + static_cast<off_t>(got))
                              : ::read(in.fd, first.data() + got, first.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw setup_error{setup_problem::cannot_read, in.name, {}, std::strerror(errno)};
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  const std::string_view seen(first.data(), got);
  if (io::is_gzip_magic(seen))
    in.gzip = std::make_unique<io::gzip_decoder>(in.fd, regular ? std::string_view{} : seen);
  else if (!regular)
    in.unread.assign(seen);
}

}  // namespace

auto read_small_file(const std::string& path) -> std::optional<std::string> {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

auto spool_content(input_file& in) -> int {
  const int fd = temporary_file();
  const auto fail = [&](int error) {
    if (fd >= 0) ::close(fd);
    throw setup_error{setup_problem::cannot_spool, in.name, {}, std::strerror(error)};
  };
  if (fd < 0) fail(errno);
  const auto put = [&](const char* p, std::size_t n) {
    while (n > 0) {
      const ssize_t w = ::write(fd, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) fail(errno);
      p += w;
      n -= static_cast<std::size_t>(w);
    }
  };
  bool at_end = false;
  const std::string_view first = in.reader->take_buffered(at_end);
  put(first.data(), first.size());
  io::byte_source source = in.source();
  std::vector<char> buffer(std::size_t{1} << 20);
  while (!at_end) {
    const long got = source.read(buffer.data(), buffer.size());
    if (got < 0) source.throw_read_error(errno);
    if (got == 0) break;
    put(buffer.data(), static_cast<std::size_t>(got));
  }
  if (::lseek(fd, 0, SEEK_SET) != 0) fail(errno);
  return fd;
}

auto open_input(const std::string& path, bool has_header, std::optional<char>& delimiter,
                bool seekable, input_format format) -> std::unique_ptr<input_file> {
  auto in = std::make_unique<input_file>();
  in->name = path == "-" ? "<stdin>" : path;
  if (path == "-") {
    in->fd = 0;
  } else {
    in->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (in->fd < 0) throw setup_error{setup_problem::cannot_read, path, {}, std::strerror(errno)};
  }
  struct stat st {};
  if (::fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    // A folder is a FHIR bulk export (SPEC §14), read by its manifest.
    if (format == input_format::csv)
      throw setup_error{setup_problem::cannot_read, in->name, {}, std::strerror(EISDIR)};
    in->fhir = true;
    return in;
  }
  if (seekable && !S_ISREG(st.st_mode) && format != input_format::fhir) {
    const int copy = spool(in->fd, in->name);
    if (in->fd > 0) ::close(in->fd);
    in->fd = copy;
  }
  see_if_gzip(*in, S_ISREG(st.st_mode) || seekable);
  in->reader = std::make_unique<io::csv_reader>(in->source(), ',');
  in->reader->set_source_name(in->name);
  // SPEC §14: FHIR JSON is told by its first byte, '{' (or the flag).
  if (format == input_format::fhir ||
      (format == input_format::automatic && starts_as_json(in->reader->peek_first_line()))) {
    in->fhir = true;
    in->regular = S_ISREG(st.st_mode);
    return in;
  }
  if (!delimiter) delimiter = io::sniff_delimiter(in->reader->peek_first_line());
  in->reader->set_delimiter(*delimiter);
  if (has_header && !in->reader->next(in->header))
    throw setup_error{setup_problem::empty_input, in->name};
  if (in->header.problem != io::record_problem::none)
    throw setup_error{setup_problem::malformed_header, in->name};
  return in;
}

}  // namespace anc::engine
