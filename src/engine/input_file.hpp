#pragma once
// One input of batch: the file (or stdin) and the reader that has read its
// header. Shared by the one-thread and the parallel row loops.
#include <unistd.h>

#include <memory>
#include <string>

#include "io/csv_reader.hpp"

namespace anc::engine {

struct input_file {
  std::string name;  ///< as error messages name it: the path, or <stdin>
  int fd = -1;
  std::unique_ptr<io::csv_reader> reader;
  io::record header;
  input_file() = default;
  input_file(const input_file&) = delete;
  auto operator=(const input_file&) -> input_file& = delete;
  ~input_file() {
    if (fd > 0) ::close(fd);
  }
};

}  // namespace anc::engine
