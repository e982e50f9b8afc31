#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/series.hpp"

using namespace anc;
using engine::patient_table;
using engine::series_index;

namespace {

struct reading_in {
  std::string patient;
  std::string time;
  std::int64_t anc_per_ul;
  qualifier qual = qualifier::none;
  std::optional<bool> febrile = std::nullopt;
  std::optional<int> ctcae5 = std::nullopt;
};

/// An adult's reading: neutropenic below 1500/uL, with its severity.
auto classified(const reading_in& r) -> classification {
  classification c;
  c.anc.bound = per_ul(r.anc_per_ul);
  c.anc.value = c.anc.bound;
  c.anc.qual = r.qual;
  const verdict v = verdict_for(c.anc.value, per_ul(1500));
  c.neutropenic = v.neutropenic;
  c.grade = v.grade;
  c.febrile = r.febrile;
  c.graded[static_cast<std::size_t>(grading_system::ctcae5)] = true;
  c.grades[static_cast<std::size_t>(grading_system::ctcae5)] = r.ctcae5;
  return c;
}

auto index_of(const std::vector<reading_in>& rows) -> series_index {
  series_index s;
  std::uint64_t row = 0;
  for (const auto& r : rows) {
    const time_result t = parse_sample_time(r.time);
    REQUIRE(t);
    s.add(r.patient, patient_table::hash(r.patient),
          series_index::entry_of(t.value, ++row, classified(r)));
  }
  return s;
}

auto episodes_of(series_index& s, episode_rules rules = {}) -> std::vector<io::episode_row> {
  std::vector<io::episode_row> out;
  std::array<bool, grading_systems.size()> graded{};
  graded[static_cast<std::size_t>(grading_system::ctcae5)] = true;
  s.for_each_episode(rules, graded, [&](const io::episode_row& e) { out.push_back(e); });
  return out;
}

}  // namespace

TEST_CASE("patients are numbered in order of first appearance, each id once", "[series]") {
  patient_table t;
  std::vector<std::string> ids;
  for (int i = 0; i < 5000; ++i) ids.push_back("P" + std::to_string(i * 7919 % 5000));
  for (std::size_t i = 0; i < ids.size(); ++i)
    CHECK(t.intern(ids[i], patient_table::hash(ids[i])) == i);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    CHECK(t.intern(ids[i], patient_table::hash(ids[i])) == i);
    CHECK(t.id(static_cast<std::uint32_t>(i)) == ids[i]);
  }
  // Two ids with the same hash are still two patients.
  CHECK(t.intern("x", 42) == 5000);
  CHECK(t.intern("y", 42) == 5001);
  CHECK(t.intern("x", 42) == 5000);
  CHECK(t.size() == 5002);
}

TEST_CASE("unsorted, interleaved readings are placed by time, back in input order", "[series]") {
  series_index s = index_of({
      {"A", "2024-01-10", 800},        // 1: A's 2nd
      {"B", "2024-01-05 10:00", 400},  // 2: B's 1st
      {"A", "2024-01-01", 1200},       // 3: A's 1st: the start
      {"A", "2024-01-20", 2000},       // 4: recovery
      {"B", "2024-01-05T10:00", 300},  // 5: same time as row 2: after it
      {"A", "2024-05-01 00:00", 900},  // 6: a second episode
  });
  s.place_rows({});
  const auto e = s.entries();
  REQUIRE(e.size() == 6);
  const auto place = [&](std::size_t i) { return engine::place_of(e[i]); };
  CHECK(place(0).episode == 1);
  CHECK(to_string(place(0).start) == "2024-01-01");
  CHECK(place(0).duration_days == 9);
  CHECK(place(1).episode == 1);
  CHECK(place(1).duration_days == 0);
  CHECK(place(2).duration_days == 0);
  CHECK(place(3).episode == 0);
  CHECK_FALSE(place(3).duration_days);
  CHECK(to_string(place(4).start) == "2024-01-05 10:00");  // the first in input order
  CHECK(place(5).episode == 2);
  CHECK(to_string(place(5).start) == "2024-05-01 00:00");
  for (std::size_t i = 0; i < e.size(); ++i) CHECK(e[i].row == i + 1);
}

TEST_CASE("the episode table: nadir, worst severity and grade, fever, end reason", "[series]") {
  series_index s = index_of({
      {"B", "2024-02-01", 450, qualifier::none, false, 3},
      {"A", "2024-01-01", 1200, qualifier::none, std::nullopt, 2},
      {"A", "2024-01-02", 100, qualifier::less, std::nullopt, std::nullopt},
      {"A", "2024-01-03", 99, qualifier::none, std::nullopt, 4},
      {"A", "2024-01-04", 1600, qualifier::none, true, std::nullopt},
      {"A", "2024-01-05", 1300},
      {"A", "2024-01-06", 1700},
      {"A", "2024-01-07", 1800},
  });
  const auto e = episodes_of(s, {2, std::nullopt});
  REQUIRE(e.size() == 2);
  // Patients in order of first appearance.
  CHECK(e[0].patient == "B");
  CHECK(e[0].reason == end_reason::data_end);
  CHECK(e[0].febrile == false);
  CHECK(e[1].patient == "A");
  CHECK(to_string(e[1].start) == "2024-01-01");
  CHECK(to_string(e[1].end) == "2024-01-05");
  REQUIRE(e[1].recovered);
  CHECK(to_string(*e[1].recovered) == "2024-01-06");  // the first of the two
  CHECK(e[1].reason == end_reason::recovered);
  CHECK(e[1].readings == 5);
  CHECK(e[1].neutropenic_readings == 4);
  // 99 is below "<100", which is just below 100.
  CHECK(e[1].nadir == per_ul(99));
  CHECK(e[1].nadir_qualifier == qualifier::none);
  CHECK(to_string(e[1].nadir_time) == "2024-01-03");
  CHECK(e[1].worst_severity == severity::agranulocytosis);
  CHECK(e[1].worst_grade[static_cast<std::size_t>(grading_system::ctcae5)] == 4);
  CHECK(e[1].duration_days == 4);
  CHECK(e[1].febrile == true);  // the 1600 reading is inside the episode
}

TEST_CASE("a '<' nadir is just below its bound; ties go to the earliest", "[series]") {
  series_index s = index_of({
      {"A", "2024-01-02", 100},
      {"A", "2024-01-01", 100, qualifier::less},
      {"A", "2024-01-03", 100, qualifier::less},
  });
  const auto e = episodes_of(s);
  REQUIRE(e.size() == 1);
  CHECK(e[0].nadir_qualifier == qualifier::less);
  CHECK(to_string(e[0].nadir_time) == "2024-01-01");
  CHECK_FALSE(e[0].febrile);  // fever unknown at every reading
  CHECK_FALSE(e[0].worst_grade[static_cast<std::size_t>(grading_system::ctcae5)]);
}

namespace {

/// Readings of `patients` patients, times and counts at random, some
/// patients sharing a hash (given in `hashes`).
struct random_series {
  std::vector<std::string> ids;
  std::vector<std::uint64_t> hashes;
  std::vector<engine::series_entry> entries;
};

auto random_series_of(std::uint64_t seed, std::size_t rows, std::size_t patients) -> random_series {
  std::uint64_t x = seed;
  const auto next = [&] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return x >> 33;
  };
  random_series r;
  for (std::size_t i = 0; i < rows; ++i) {
    const std::uint64_t p = next() % patients;
    r.ids.push_back("P" + std::to_string(p));
    // One patient in 16 shares hash 7: the table must still tell them apart.
    r.hashes.push_back(p % 16 == 0 ? 7 : patient_table::hash(r.ids.back()));
    reading_in in{r.ids.back(), "", static_cast<std::int64_t>(next() % 3000)};
    const sample_time t{static_cast<std::int64_t>(next() % 400) * ms_per_day, {}};
    r.entries.push_back(series_index::entry_of(t, i + 1, classified(in)));
  }
  return r;
}

auto same_entries(std::span<const engine::series_entry> a, std::span<const engine::series_entry> b)
    -> bool {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
           return x.ms == y.ms && x.patient == y.patient && x.row == y.row && x.anc == y.anc &&
                  x.info == y.info;
         });
}

}  // namespace

TEST_CASE("adding a chunk's entries at once equals adding them one by one", "[series]") {
  const random_series r = random_series_of(11, 20'000, 3'000);
  series_index one, batch;
  std::vector<engine::pending_entry> pending;
  std::string ids;
  for (std::size_t i = 0; i < r.entries.size(); ++i) {
    one.add(r.ids[i], r.hashes[i], r.entries[i]);
    ids += r.ids[i];
    pending.push_back({static_cast<std::uint32_t>(ids.size()), r.hashes[i], r.entries[i]});
    // Chunks of uneven sizes, the last one short.
    if (pending.size() == 1 + i % 977 || i + 1 == r.entries.size()) {
      batch.add(pending, ids);
      pending.clear();
      ids.clear();
    }
  }
  REQUIRE(one.patients().size() == batch.patients().size());
  for (std::uint32_t p = 0; p < one.patients().size(); ++p)
    CHECK(one.patients().id(p) == batch.patients().id(p));
  CHECK(same_entries(one.entries(), batch.entries()));
}

TEST_CASE("rows are placed the same on one thread or several", "[series]") {
  for (const std::uint64_t seed : {1ULL, 2ULL, 3ULL}) {
    const random_series r = random_series_of(seed, 30'000, 5'000);
    series_index one, several;
    for (std::size_t i = 0; i < r.entries.size(); ++i) {
      one.add(r.ids[i], r.hashes[i], r.entries[i]);
      several.add(r.ids[i], r.hashes[i], r.entries[i]);
    }
    one.place_rows({}, 1);
    several.place_rows({}, 3);
    CHECK(same_entries(one.entries(), several.entries()));
  }
}

TEST_CASE("big arrays are aligned to huge pages, small ones are ordinary", "[series]") {
  engine::huge_vector<std::uint64_t> big(engine::huge_page_bytes / 8 * 3 / 2, 7);
  CHECK(reinterpret_cast<std::uintptr_t>(big.data()) % engine::huge_page_bytes == 0);
  big.resize(big.size() * 3, 9);  // grows into a new block, values kept
  CHECK(big.front() == 7);
  CHECK(big.back() == 9);
  engine::huge_vector<char> small(100, 'x');
  CHECK(std::string_view(small.data(), small.size()) == std::string(100, 'x'));
}
