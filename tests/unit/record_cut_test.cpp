// Cutting CSV bytes into chunks of whole records (the parallel batch): the
// plain fast path and the csv_reader path agree with a whole-stream read.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "../support/parsed_records.hpp"
#include "io/csv_reader.hpp"
#include "io/record_cut.hpp"
#include "test_random.hpp"

using namespace anc::io;

TEST_CASE("count_byte counts across words and the tail", "[record_cut]") {
  CHECK(count_byte("", '\n') == 0);
  CHECK(count_byte("\n", '\n') == 1);
  CHECK(count_byte("a\nb\nc\nd\ne\nf\ng\nh\ni\n", '\n') == 9);
  // Bytes next to the one counted, and high bytes, are not counted.
  CHECK(count_byte("\x0b\x09\x8a\xff\n\n\x0a\x0b", '\n') == 3);
  const std::string all_newlines(1000, '\n');
  for (std::size_t n = 0; n <= 40; ++n)
    CHECK(count_byte(std::string_view(all_newlines).substr(0, n), '\n') == n);
}

TEST_CASE("census_of counts line ends and finds quotes and CRs, at any length", "[record_cut]") {
  anc::test::lcg rng;
  // Lengths across the sixteen-byte steps and the 255-step blocks whose
  // byte lanes are summed; line ends dense enough to fill a lane.
  for (int round = 0; round < 400; ++round) {
    const std::size_t length = round < 100 ? static_cast<std::size_t>(round) : rng.next() % 12'000;
    const std::string_view alphabet = round % 4 == 0   ? "\n"
                                      : round % 4 == 1 ? "ab,\n\n\n"
                                      : round % 4 == 2 ? "ab,\n\r"
                                                       : "ab,\n\"\x8a\x0b";
    std::string data;
    for (std::size_t i = 0; i < length; ++i) data += alphabet[rng.next() % alphabet.size()];
    const byte_census c = census_of(data);
    CHECK(c.lfs == static_cast<std::uint64_t>(std::count(data.begin(), data.end(), '\n')));
    CHECK(c.cr == (data.find('\r') != std::string::npos));
    CHECK(c.quote == (data.find('"') != std::string::npos));
  }
}

TEST_CASE("plain bytes are cut after the last line feed", "[record_cut]") {
  const auto cut = cut_records("a,1\nb,2\nc,", ',', false);
  CHECK(cut.size == 8);
  CHECK(cut.records == 2);
  CHECK(cut.lines == 2);
  CHECK(cut_records("no line end yet", ',', false).size == 0);
  // At the end of the input everything is taken, a last line without a line end too.
  const auto last = cut_records("a,1\nb,2", ',', true);
  CHECK(last.size == 7);
  CHECK(last.records == 2);
  CHECK(cut_records("", ',', true).records == 0);
  CHECK(cut_records("\n\n", ',', false).records == 2);  // blank lines are records
}

TEST_CASE("a quoted line feed is not a record boundary", "[record_cut]") {
  const std::string data = "a,\"x\ny\"\nb,\"open\n";
  const auto cut = cut_records(data, ',', false);
  CHECK(cut.size == 8);  // after the first record; the second's quote is still open
  CHECK(cut.records == 1);
  CHECK(cut.lines == 2);  // its quoted line feed is a second physical line
  const auto all = cut_records(data, ',', true);
  CHECK(all.size == data.size());
  CHECK(all.records == 2);
}

TEST_CASE("a CR at the end waits for the byte after it", "[record_cut]") {
  // "\r" then "\n" would be one line end; cut before knowing and the LF
  // would become an empty record of its own.
  CHECK(cut_records("a,1\r", ',', false).size == 0);
  CHECK(cut_records("a,1\r", ',', true).records == 1);
  const auto crlf = cut_records("a,1\r\nb,2\r\n", ',', false);
  CHECK(crlf.size == 10);
  CHECK(crlf.records == 2);
  const auto lone = cut_records("a,1\rb,2\r", ',', false);
  CHECK(lone.size == 4);
  CHECK(lone.records == 1);
}

TEST_CASE("unquoted bytes with CRs: each line end is one record", "[record_cut]") {
  // A lone CR, an LF and a CRLF: three records; cut after the last LF.
  const auto mixed = cut_records("a\rb\nc\r\nd", ',', false);
  CHECK(mixed.size == 7);
  CHECK(mixed.records == 3);
  CHECK(mixed.lines == 3);
  const auto all = cut_records("a\rb\nc\r\nd\r", ',', true);
  CHECK(all.size == 9);
  CHECK(all.records == 4);
  // CRs but no LF yet: csv_reader decides (a lone CR at the end needs the next byte).
  const auto mac = cut_records("a\rb\rc", ',', false);
  CHECK(mac.size == 4);
  CHECK(mac.records == 2);
}

TEST_CASE("a closing quote at the end waits for the byte after it", "[record_cut]") {
  // The next byte may be a second quote, an escaped one inside the field.
  CHECK(cut_records("\"a\"", ',', false).size == 0);
  CHECK(cut_records("\"a\"\n", ',', false).size == 4);
  CHECK(cut_records("x\ny,\"a\"", ',', false).size == 2);
}

namespace {

// Cuts `data` as the parallel reader does, `block` bytes arriving at a
// time, and reads each piece with its own reader: every cut keeps its
// contract, and the records and line numbers are those of one reader over
// the whole.
void check_cuts(const std::string& data, char delimiter, std::size_t block) {
  csv_reader whole_reader(byte_source::from_memory(data), delimiter);
  const auto whole = anc::test::read_records(whole_reader);
  const auto chunked = anc::test::read_chunked(data, delimiter, block);
  INFO("block " << block << ": " << chunked.problem);
  REQUIRE(chunked.problem.empty());
  REQUIRE(chunked.records == whole);
}

}  // namespace

TEST_CASE("quoted bytes are cut where csv_reader ends records", "[record_cut]") {
  // Mostly well-formed quoting (quoted fields with delimiters, doubled
  // quotes and line ends inside), with stray quotes, text after a closing
  // quote and an unterminated quote mixed in, under every line end. One
  // round in four has LFs only, and up to 400 rows: the bytes that are cut
  // 64 at a time (no CR anywhere), across many blocks.
  anc::test::lcg rng;
  for (int round = 0; round < 400; ++round) {
    const char delimiter = round % 3 == 0 ? ';' : ',';
    const unsigned malformed_one_in = round % 2 == 0 ? 1000000 : 60;
    const bool lf_only = round % 4 == 3;
    const std::size_t kinds = lf_only ? 5 : 7;  // of `inside` below: the first five have no CR
    std::string data;
    const unsigned rows = 1 + rng.next() % (lf_only ? 400 : 40);
    for (unsigned r = 0; r < rows; ++r) {
      const unsigned width = 1 + rng.next() % 5;
      for (unsigned f = 0; f < width; ++f) {
        if (f > 0) data += delimiter;
        const unsigned kind = rng.next() % 6;
        if (rng.next() % malformed_one_in == 0) {
          data += std::array<const char*, 3>{"5\" tall", "\"x\"y", "\"open"}[rng.next() % 3];
        } else if (kind == 0) {
          data += "plain";
        } else if (kind == 1) {
          data += "";
        } else {
          data += '"';
          const unsigned length = rng.next() % 8;
          for (unsigned i = 0; i < length; ++i) {
            const std::string_view inside[] = {"a", "\"\"", "\n", ",", ";", "\r\n", "\r"};
            data += inside[rng.next() % kinds];
          }
          data += '"';
        }
      }
      data += lf_only ? "\n" : std::array<const char*, 3>{"\n", "\r\n", "\r"}[rng.next() % 3];
    }
    if (rng.next() % 4 == 0) data.pop_back();  // no line end at the end (or half a CRLF)
    INFO("round " << round << ": " << data);
    for (const std::size_t block :
         {std::size_t{1}, std::size_t{3}, std::size_t{16}, std::size_t{64}, data.size() + 1})
      check_cuts(data, delimiter, block);
  }
}

TEST_CASE("quotes at every place around a 64-byte edge are cut as csv_reader reads them",
          "[record_cut]") {
  // Bytes without CRs are cut 64 at a time: put each kind of quote, and a
  // quoted line end, at every offset around the first edges.
  const std::vector<std::string> kinds{
      "\"q\"",       // a quoted field
      "\"a\"\"b\"",  // a doubled quote inside one
      "\"x\ny\"",    // a line end inside one
      "5\" tall",    // a stray quote in an unquoted field
      "\"x\"y",      // text after a closing quote
      "\"\"",        // an empty quoted field
  };
  for (const auto& kind : kinds)
    for (std::size_t pad = 0; pad < 140; ++pad) {
      std::string data = "id,v\n" + std::string(pad, 'p') + "," + kind + "\nlast,\"end\nx\"";
      INFO("pad " << pad << ": " << data);
      for (const std::size_t block : {std::size_t{1}, std::size_t{64}, data.size() + 1})
        check_cuts(data, ',', block);
      data += '\n';
      for (const std::size_t block : {std::size_t{7}, data.size() + 1})
        check_cuts(data, ',', block);
    }
}
