#pragma once
// One input of batch: the file (or stdin) and the reader that has read its
// header. Shared by the one-thread and the parallel row loops.
#include <unistd.h>

#include <memory>
#include <optional>
#include <string>

#include "io/csv_reader.hpp"
#include "io/gzip_input.hpp"

namespace anc::engine {

struct input_file {
  std::string name;  ///< as error messages name it: the path, or <stdin>
  int fd = -1;
  /// gzip input (SPEC §13): what inflates it; null for plain text.
  std::unique_ptr<io::gzip_decoder> gzip;
  /// Plain text from a pipe: the bytes read to see that it is not gzip,
  /// served before the rest by every source of it.
  std::string unread;
  std::unique_ptr<io::csv_reader> reader;
  io::record header;
  /// The input's content from where it has been read to.
  [[nodiscard]] auto source() -> io::byte_source {
    io::byte_source s = gzip ? io::byte_source::inflating(*gzip, fd) : io::byte_source(fd);
    s.set_unread(&unread);
    s.set_name(name);
    return s;
  }
  input_file() = default;
  input_file(const input_file&) = delete;
  auto operator=(const input_file&) -> input_file& = delete;
  ~input_file() {
    if (fd > 0) ::close(fd);
  }
};

/// The whole content of a small file (a profile), or none if it cannot
/// be read.
auto read_small_file(const std::string& path) -> std::optional<std::string>;

/// Opens `path` ("-": stdin), sees whether it is gzip, and reads its header
/// (unless `has_header` is false); sniffs the delimiter if it is not set.
/// `seekable`: a pipe is first spooled to a temporary file, to be read
/// twice. Throws setup_error.
auto open_input(const std::string& path, bool has_header, std::optional<char>& delimiter,
                bool seekable) -> std::unique_ptr<input_file>;

}  // namespace anc::engine
