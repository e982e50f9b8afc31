#include <catch2/catch.hpp>
#include <vector>

#include "anc/episodes.hpp"

using namespace anc;

namespace {

constexpr std::int64_t hour = 3'600'000;

/// Readings at whole days (or any ms), 'N' neutropenic, '.' not.
struct series {
  std::vector<series_reading> r;
  series& at(std::int64_t ms, char c) {
    r.push_back({ms, c == 'N'});
    return *this;
  }
  /// One reading a day from day 0, from a pattern such as "NN.N..".
  static auto daily(std::string_view pattern) -> series {
    series s;
    for (std::size_t i = 0; i < pattern.size(); ++i)
      s.at(static_cast<std::int64_t>(i) * ms_per_day, pattern[i]);
    return s;
  }
  [[nodiscard]] auto episodes(episode_rules rules = {}) const -> std::vector<episode> {
    std::vector<episode> out;
    find_episodes(
        r.size(), [&](std::size_t i) { return r[i]; }, rules,
        [&](const episode& e) { out.push_back(e); });
    return out;
  }
};

auto recovered(std::size_t start, std::size_t end, std::size_t at, std::size_t neutropenic)
    -> episode {
  return {start, end, at, end_reason::recovered, neutropenic};
}

}  // namespace

TEST_CASE("no neutropenic reading, no episode", "[episodes]") {
  CHECK(series::daily("").episodes().empty());
  CHECK(series::daily("....").episodes().empty());
}

TEST_CASE("one recovery reading (N = 1) ends an episode", "[episodes]") {
  CHECK(series::daily("NN.").episodes() == std::vector{recovered(0, 1, 2, 2)});
  CHECK(series::daily(".N.N.").episodes() ==
        std::vector{recovered(1, 1, 2, 1), recovered(3, 3, 4, 1)});
}

TEST_CASE("N = 2 and 3: readings before recovery is confirmed belong to the episode",
          "[episodes]") {
  const series s = series::daily("N.N..N");
  CHECK(s.episodes({2, {}}) ==
        std::vector{recovered(0, 2, 3, 2), episode{5, 5, {}, end_reason::data_end, 1}});
  CHECK(s.episodes({3, {}}) == std::vector{episode{0, 5, {}, end_reason::data_end, 3}});
  // Recovered at the first of the three: engraftment's "first of three
  // consecutive days".
  CHECK(series::daily("NN...").episodes({3, {}}) == std::vector{recovered(0, 1, 2, 2)});
  // Recovery not confirmed before the data ends: the episode ends at its
  // last neutropenic reading, by data_end.
  CHECK(series::daily("NN..").episodes({3, {}}) ==
        std::vector{episode{0, 1, {}, end_reason::data_end, 2}});
}

TEST_CASE("a gap of more than --max-gap whole days ends an open episode", "[episodes]") {
  series s;
  s.at(0, 'N').at(10 * ms_per_day, 'N').at(20 * ms_per_day + 23 * hour, 'N');
  // 10 days 23 h floored is 10: not more than 10.
  CHECK(s.episodes({1, 10}) == std::vector{episode{0, 2, {}, end_reason::data_end, 3}});
  s.at(32 * ms_per_day, 'N');  // 11 days after: a gap
  CHECK(s.episodes({1, 10}) == std::vector{episode{0, 2, {}, end_reason::gap, 3},
                                           episode{3, 3, {}, end_reason::data_end, 1}});
  // After a gap the next reading is judged afresh: not neutropenic, no episode.
  series t;
  t.at(0, 'N').at(30 * ms_per_day, '.');
  CHECK(t.episodes({1, 7}) == std::vector{episode{0, 0, {}, end_reason::gap, 1}});
  // A gap between readings with no open episode changes nothing.
  series u;
  u.at(0, '.').at(30 * ms_per_day, 'N').at(31 * ms_per_day, '.');
  CHECK(u.episodes({1, 7}) == std::vector{recovered(1, 1, 2, 1)});
  // A gap while recovery is pending (N = 2) ends it too, by gap.
  series v;
  v.at(0, 'N').at(ms_per_day, '.').at(30 * ms_per_day, '.');
  CHECK(v.episodes({2, 7}) == std::vector{episode{0, 0, {}, end_reason::gap, 1}});
}

TEST_CASE("SPEC 5's edges: the duration of an episode, in whole days, classed", "[episodes]") {
  auto [elapsed_ms, whole, cls] = GENERATE(table<std::int64_t, std::int64_t, duration_class>({
      {0, 0, duration_class::acute},
      {92 * ms_per_day - 60'000, 91, duration_class::acute},
      {92 * ms_per_day, 92, duration_class::persistent},
      {183 * ms_per_day - 60'000, 182, duration_class::persistent},
      {183 * ms_per_day, 183, duration_class::chronic},
  }));
  const std::int64_t start = 5 * hour;
  series s;
  s.at(start, 'N').at(start + elapsed_ms, 'N').at(start + elapsed_ms + hour, '.');
  const auto e = s.episodes();
  REQUIRE(e.size() == 1);
  const std::int64_t d = elapsed_days(s.r[e[0].start].ms, s.r[e[0].end].ms);
  CHECK(d == whole);
  CHECK(duration_class_of_days(d) == cls);
}
