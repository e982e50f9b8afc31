// CSV output of batch (SPEC §7): each row is its record's bytes and then
// each appended field's text, in the order asked for. The writer takes a
// faster path when the fields are listed in their enum order; both paths
// are checked against the field texts one at a time.
#include <catch2/catch.hpp>
#include <charconv>
#include <limits>
#include <string>
#include <vector>

#include "io/csv_output.hpp"
#include "test_random.hpp"

using namespace anc;
using namespace anc::io;

namespace {

template <typename E>
auto draw(test::lcg& rng, E last) -> E {
  return static_cast<E>(rng.next() % (static_cast<unsigned>(last) + 1));
}

template <typename T, typename F>
auto maybe(test::lcg& rng, F make) -> std::optional<T> {
  if (rng.next() % 3 == 0) return std::nullopt;
  return make();
}

auto random_result(test::lcg& rng) -> row_result {
  row_result r;
  r.status = draw(rng, row_status::skipped);
  if (r.status == row_status::error) {
    static constexpr std::array<std::string_view, 3> errors{
        "row 3 (line 4): column \"anc\" value \"x\" is not a valid number",
        "quote \" and delimiters , ; | \t inside", "a line\nbreak\r"};
    r.error = errors[rng.next() % errors.size()];
  }
  classification& c = r.value;
  c.anc.bound = count{static_cast<std::int64_t>(rng.next64() % 2'000'000'000'000ULL)};
  c.anc.value = c.anc.bound;
  c.anc.qual = draw(rng, qualifier::greater);
  c.age_days = maybe<std::int64_t>(rng, [&] { return std::int64_t{rng.next() % 40'000}; });
  c.group = maybe<age_group>(rng, [&] { return draw(rng, age_group::adult); });
  c.threshold = count{1000 * static_cast<std::int64_t>(rng.next() % 3000)};
  c.source = draw(rng, threshold_source::user);
  c.neutropenic = rng.next() % 2 == 0;
  c.grade = draw(rng, severity::agranulocytosis);
  c.duration_days = maybe<std::int64_t>(rng, [&] { return std::int64_t{rng.next() % 400}; });
  c.duration_cls = maybe<duration_class>(rng, [&] { return draw(rng, duration_class::chronic); });
  c.febrile = maybe<bool>(rng, [&] { return rng.next() % 2 == 0; });
  for (auto& g : c.grades) g = maybe<int>(rng, [&] { return static_cast<int>(rng.next() % 5); });
  return r;
}

// RFC 4180, written out again for the check.
auto quoted(std::string_view value, char delimiter) -> std::string {
  if (value.find_first_of(std::string{delimiter, '"', '\r', '\n'}) == std::string_view::npos)
    return std::string(value);
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

auto expected_row(std::string_view raw, const std::vector<out_field>& fields, char delimiter,
                  const row_result& r) -> std::string {
  std::string out(raw);
  for (const out_field f : fields) {
    std::string text;
    if (f == out_field::error)
      text = r.error;
    else
      append_text(text, f, r);
    out += delimiter;
    out += quoted(text, delimiter);
  }
  return out + '\n';
}

}  // namespace

TEST_CASE("CSV rows are the record and each field's text, in any field order, with any delimiter",
          "[csv_output]") {
  test::lcg rng;
  for (int list = 0; list < 400; ++list) {
    // A random subset of the fields: in enum order for half of the lists
    // (the writer's fast path), shuffled for the rest.
    std::vector<out_field> fields;
    for (std::size_t f = 0; f < out_field_count; ++f)
      if (rng.next() % 2 == 0) fields.push_back(static_cast<out_field>(f));
    if (list % 2 == 1)
      for (std::size_t i = fields.size(); i > 1; --i)
        std::swap(fields[i - 1], fields[rng.next() % i]);
    static constexpr std::array<char, 5> delimiters{',', ';', '\t', '|', '#'};
    const char delimiter = delimiters[rng.next() % delimiters.size()];
    const std::string raw = std::string("P1") + delimiter + "2015-01-01";
    record rec;
    rec.raw = raw;
    rec.fields = {"P1", "2015-01-01"};

    output_sink sink{output_sink::in_memory_t{}};
    csv_writer writer(sink, delimiter, fields);
    for (int row = 0; row < 30; ++row) {
      const row_result r = random_result(rng);
      sink.buffer().clear();
      writer.row(rec, 2, r);
      REQUIRE(sink.buffer() == expected_row(raw, fields, delimiter, r));
    }
  }
}

TEST_CASE("integer fields print as std::to_chars prints them, signs included", "[csv_output]") {
  for (const std::int64_t v :
       {std::int64_t{0}, std::int64_t{7}, std::int64_t{47482}, std::int64_t{-5},
        std::int64_t{99'999'999}, std::int64_t{100'000'000},
        std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()}) {
    row_result r;
    r.value.age_days = v;
    r.value.duration_days = v;
    std::array<char, 24> want{};
    const std::string_view expected(
        want.data(), static_cast<std::size_t>(std::to_chars(want.data(), want.data() + 24, v).ptr -
                                              want.data()));
    for (const out_field f : {out_field::age_days, out_field::duration_days}) {
      std::string text;
      append_text(text, f, r);
      INFO(v);
      CHECK(text == expected);
    }
  }
}
