// Issue 14: repeated header names lose no field under a repeated JSON key.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "io/ndjson_output.hpp"

using anc::io::unique_keys;

TEST_CASE("repeated header names become unique keys, as Miller names them", "[ndjson]") {
  using names = std::vector<std::string>;
  CHECK(unique_keys(names{"x", "x", "anc"}) == names{"x", "x_2", "anc"});
  CHECK(unique_keys(names{"x", "x", "x"}) == names{"x", "x_2", "x_3"});
  // A suffix that another column already has is skipped.
  CHECK(unique_keys(names{"x", "x", "x_2"}) == names{"x", "x_3", "x_2"});
  CHECK(unique_keys(names{"a", "b"}) == names{"a", "b"});
  CHECK(unique_keys(names{"", ""}) == names{"", "_2"});
}

TEST_CASE("a million columns are made unique in linear time", "[ndjson]") {
  std::vector<std::string> wide(1'000'000, "c");
  const auto keys = unique_keys(wide);
  REQUIRE(keys.size() == wide.size());
  CHECK(keys[999'999] == "c_1000000");
}
