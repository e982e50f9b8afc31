// RFC 4180 corners of the streaming reader, with reads cut at every size so
// that record boundaries fall anywhere in a block (and buffers must grow).
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "../support/parsed_records.hpp"
#include "io/csv_reader.hpp"
#include "test_random.hpp"

using namespace anc::io;

namespace {

using parsed = anc::test::parsed_record;

auto read_all(const std::string& content, std::size_t max_read, std::size_t capacity,
              char delimiter = ',') -> std::vector<parsed> {
  char name[] = "/tmp/anc-csv-test-XXXXXX";
  const int fd = ::mkstemp(name);
  REQUIRE(fd >= 0);
  ::unlink(name);
  REQUIRE(::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
  ::lseek(fd, 0, SEEK_SET);
  csv_reader reader(byte_source(fd, max_read), delimiter, capacity);
  auto out = anc::test::read_records(reader);
  CHECK(reader.bytes_consumed() == content.size());
  ::close(fd);
  return out;
}

using fields = std::vector<std::string>;

}  // namespace

TEST_CASE("RFC 4180 corners, at every read size", "[csv]") {
  const auto max_read = GENERATE(std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{5},
                                 std::size_t{1} << 16);
  const auto capacity = GENERATE(std::size_t{4}, csv_reader::block_size);
  INFO("max_read " << max_read << " capacity " << capacity);

  SECTION("plain, LF and CRLF, final line with or without a line end") {
    const auto rs = read_all("a,b\r\n1,2\n3,4", max_read, capacity);
    REQUIRE(rs.size() == 3);
    CHECK(rs[0].fields == fields{"a", "b"});
    CHECK(rs[1].fields == fields{"1", "2"});
    CHECK(rs[2].fields == fields{"3", "4"});
    CHECK(rs[2].line == 3);
    CHECK(read_all("a,b\n1,2\n", max_read, capacity).size() == 2);
  }
  SECTION("quoted fields with delimiters, doubled quotes and newlines") {
    const auto rs = read_all("x,y\n\"a,b\",\"say \"\"hi\"\"\"\n\"line1\nline2\",\"\"\nlast,1\n",
                             max_read, capacity);
    REQUIRE(rs.size() == 4);
    CHECK(rs[1].fields == fields{"a,b", "say \"hi\""});
    CHECK(rs[1].raw == "\"a,b\",\"say \"\"hi\"\"\"");
    CHECK(rs[2].fields == fields{"line1\nline2", ""});
    CHECK(rs[2].line == 3);
    CHECK(rs[3].line == 5);  // the embedded newline counted
    CHECK(rs[3].fields == fields{"last", "1"});
  }
  SECTION("a UTF-8 BOM at the start is not part of the first field") {
    const auto rs = read_all("\xEF\xBB\xBFid,anc\n1,800\n", max_read, capacity);
    REQUIRE(rs.size() == 2);
    CHECK(rs[0].fields == fields{"id", "anc"});
    CHECK(rs[0].raw == "id,anc");
  }
  SECTION("lone CR line ends") {
    const auto rs = read_all("a,b\r1,2\r3,4\r", max_read, capacity);
    REQUIRE(rs.size() == 3);
    CHECK(rs[2].fields == fields{"3", "4"});
    CHECK(rs[2].line == 3);
  }
  SECTION("empty fields, empty lines and a trailing delimiter") {
    const auto rs = read_all("a,,c\n\n,\nz,", max_read, capacity);
    REQUIRE(rs.size() == 4);
    CHECK(rs[0].fields == fields{"a", "", "c"});
    CHECK(rs[1].fields == fields{""});
    CHECK(rs[2].fields == fields{"", ""});
    CHECK(rs[3].fields == fields{"z", ""});
  }
  SECTION("an unterminated quote at the end keeps the rest as one field") {
    const auto rs = read_all("a,b\n1,\"open\nstill open", max_read, capacity);
    REQUIRE(rs.size() == 2);
    CHECK(rs[1].problem == record_problem::unterminated_quote);
    CHECK(rs[1].fields == fields{"1", "open\nstill open"});
    CHECK(rs[1].raw == "1,\"open\nstill open");
  }
  SECTION("stray quotes are flagged, their text kept") {
    const auto rs = read_all("a,b\n5\" tall,x\n\"q\"tail,y\n", max_read, capacity);
    REQUIRE(rs.size() == 3);
    CHECK(rs[1].problem == record_problem::stray_quote);
    CHECK(rs[1].fields == fields{"5\" tall", "x"});
    CHECK(rs[2].problem == record_problem::stray_quote);
    CHECK(rs[2].fields == fields{"qtail", "y"});
  }
  SECTION("other delimiters") {
    const auto rs = read_all("a;b\n\"1;5\";2\n", max_read, capacity, ';');
    REQUIRE(rs.size() == 2);
    CHECK(rs[1].fields == fields{"1;5", "2"});
  }
}

TEST_CASE("a record larger than the buffer grows it", "[csv]") {
  const std::string big(300'000, 'x');
  const auto rs = read_all("a,b\n\"" + big + "\",2\n", 4096, 16);
  REQUIRE(rs.size() == 2);
  CHECK(rs[1].fields == fields{big, "2"});
}

TEST_CASE("long records read alike in one block and in small reads", "[csv]") {
  // Records of unquoted and simply quoted fields are read 64 bytes at a
  // time when a whole block is there, byte by byte otherwise; quoted fields
  // with quotes, delimiters or line ends inside, stray quotes, text after
  // a closing quote, and every kind of line end are mixed in.
  anc::test::lcg rng;
  for (const char delimiter : {',', ';', '\t'}) {
    std::string content;
    for (int rec = 0; rec < 4000; ++rec) {
      const unsigned width = 1 + rng.next() % 14;
      for (unsigned f = 0; f < width; ++f) {
        if (f > 0) content += delimiter;
        const unsigned kind = rng.next() % 40;
        const unsigned length = rng.next() % 24;
        if (kind == 0) {
          content += "\"q\"\"" + std::string(length, 'x') + "\n" + delimiter + "\"";
        } else if (kind == 1) {
          content += "st\"ray";
        } else if (kind == 2) {
          content += "\"text\"after";
        } else if (kind == 3) {
          content += "5\"quoted\"";  // a stray quote, though what follows looks quoted
        } else if (kind < 20) {
          content += '"';
          for (unsigned i = 0; i < length; ++i) content += "ab9.0 /-x"[rng.next() % 9];
          content += '"';
        } else {
          for (unsigned i = 0; i < length; ++i) content += "ab9.0 /-x"[rng.next() % 9];
        }
      }
      content += std::array<const char*, 4>{"\n", "\n", "\r\n", "\r"}[rng.next() % 4];
    }
    INFO("delimiter " << delimiter);
    const auto whole = read_all(content, SIZE_MAX, 1 << 20, delimiter);
    const auto small = read_all(content, 7, 3, delimiter);
    REQUIRE(whole.size() == small.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
      INFO("record " << i);
      REQUIRE(whole[i].raw == small[i].raw);
      REQUIRE(whole[i].fields == small[i].fields);
      REQUIRE(whole[i].line == small[i].line);
      REQUIRE(whole[i].problem == small[i].problem);
    }
  }
}

TEST_CASE("empty input has no records", "[csv]") {
  CHECK(read_all("", 1, 4).empty());
  CHECK(read_all("\xEF\xBB\xBF", 1, 4).empty());
}

TEST_CASE("delimiter sniffing", "[csv]") {
  CHECK(sniff_delimiter("a,b,c") == ',');
  CHECK(sniff_delimiter("a;b;c") == ';');
  CHECK(sniff_delimiter("a\tb\tc") == '\t');
  CHECK(sniff_delimiter("a|b|c") == '|');
  CHECK(sniff_delimiter("\"a;b\",c") == ',');
  CHECK(sniff_delimiter("single") == ',');
}
