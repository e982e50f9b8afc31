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
  /// FHIR JSON (SPEC §14), or a folder holding a bulk export: read by
  /// engine/fhir_input.hpp, not by `reader`, and no header was read.
  bool fhir = false;
  bool regular = false;  ///< a regular file (FHIR: opened again by its path)
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

/// How an input's format is chosen (--input-format).
enum class input_format { automatic, csv, fhir };

/// Opens `path` ("-": stdin), sees whether it is gzip, and reads its header
/// (unless `has_header` is false); sniffs the delimiter if it is not set.
/// `seekable`: a pipe is first spooled to a temporary file, to be read
/// twice. FHIR input (by `format`, or by its first byte when automatic),
/// and a folder, are opened only: `fhir` is set, nothing is read past the
/// first line. Throws setup_error.
auto open_input(const std::string& path, bool has_header, std::optional<char>& delimiter,
                bool seekable, input_format format = input_format::automatic)
    -> std::unique_ptr<input_file>;

/// A new file in TMPDIR (else /tmp), with no name, so nothing is left
/// behind however the run ends; -1 if none can be made (errno set).
auto temporary_file() -> int;

/// The rest of an input's content (inflated, if it is gzip) copied to a
/// temporary file, positioned at its start. Throws setup_error.
auto spool_content(input_file& in) -> int;

}  // namespace anc::engine
