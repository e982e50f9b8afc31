// The parallel batch's read buffer: room that is not zeroed, and bytes that
// survive every growth.
#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "io/byte_buffer.hpp"

using anc::io::byte_buffer;

TEST_CASE("byte_buffer keeps its bytes as it grows", "[byte_buffer]") {
  byte_buffer b;
  CHECK(b.empty());
  CHECK(b.view().empty());
  std::string expected;
  // Grow by reads of awkward sizes, as a chunk does through a pipe.
  for (std::size_t step = 1; expected.size() < 5000; step = step * 3 + 1) {
    const std::size_t old = b.size();
    b.reserve(old + step);
    for (std::size_t i = 0; i < step; ++i)
      b.data()[old + i] = static_cast<char>('a' + (old + i) % 26);
    b.set_size(old + step);
    for (std::size_t i = 0; i < step; ++i) expected += static_cast<char>('a' + (old + i) % 26);
    REQUIRE(b.view() == expected);
  }
  // Reserving less than is held changes nothing.
  b.reserve(1);
  CHECK(b.view() == expected);
}

TEST_CASE("byte_buffer assign, set_size, clear and swap", "[byte_buffer]") {
  byte_buffer a, b;
  a.assign("header,row\n1,2\n");
  b.assign("");
  CHECK(a.view() == "header,row\n1,2\n");
  CHECK(b.empty());
  a.set_size(6);
  CHECK(a.view() == "header");
  a.swap(b);
  CHECK(a.empty());
  CHECK(b.view() == "header");
  b.assign(b.view().substr(2));  // from its own bytes
  CHECK(b.view() == "ader");
  b.clear();
  CHECK(b.empty());
  b.assign(std::string(300, 'x'));
  CHECK(b.view() == std::string(300, 'x'));
}
