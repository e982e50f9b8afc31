#include "engine/series.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace anc::engine {

// --- patient ids ---------------------------------------------------------------

auto patient_table::hash(std::string_view id) noexcept -> std::uint64_t {
  // Eight bytes at a time, each word mixed in by a multiply and a rotation
  // (as wyhash and FxHash do); the length is mixed in so that "P1" and
  // "P1\0" differ.
  std::uint64_t h = 0x9E37'79B9'7F4A'7C15ULL ^ id.size();
  while (id.size() >= 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, id.data(), 8);
    h = std::rotl((h ^ w) * 0xBF58'476D'1CE4'E5B9ULL, 29);
    id.remove_prefix(8);
  }
  std::uint64_t w = 0;
  if (!id.empty()) std::memcpy(&w, id.data(), id.size());
  h = (h ^ w) * 0x94D0'49BB'1331'11EBULL;
  return h ^ (h >> 31);
}

namespace {

constexpr std::uint64_t tag_mask = 0xFFFF'FFFF'0000'0000ULL;

/// The home slot of a hash in a table of 2^bits slots: its top bits, so
/// that a table twice the size splits each slot in two, in order.
constexpr auto home_slot(std::uint64_t h, unsigned bits) noexcept -> std::size_t {
  return static_cast<std::size_t>(h >> (64 - bits));
}

}  // namespace

void patient_table::grow() {
  // The slots are read in order, and each lands at twice its home in the
  // new table (its tag holds the hash's top 32 bits): the writes move
  // forward through memory, with no id read and no hash recomputed.
  const unsigned bits = slots_.empty() ? 10 : bits_ + 1;
  if (bits > 32) throw std::length_error("a series of more than 2^31 patients");
  huge_vector<std::uint64_t> bigger(std::size_t{1} << bits, 0);
  const std::size_t mask = bigger.size() - 1;
  for (const std::uint64_t slot : slots_) {
    if (slot == 0) continue;
    std::size_t s = home_slot(slot, bits);
    while (bigger[s] != 0) s = (s + 1) & mask;
    bigger[s] = slot;
  }
  slots_.swap(bigger);
  bits_ = bits;
}

auto patient_table::slot_of(std::string_view id, std::uint64_t h) const noexcept -> std::size_t {
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t tag = h & tag_mask;
  for (std::size_t s = home_slot(h, bits_);; s = (s + 1) & mask) {
    const std::uint64_t slot = slots_[s];
    if (slot == 0) return s;
    if ((slot & tag_mask) != tag) continue;
    if (this->id(static_cast<std::uint32_t>((slot & 0xFFFF'FFFFULL) - 1)) == id) return s;
  }
}

auto patient_table::intern(std::string_view patient, std::uint64_t h) -> std::uint32_t {
  // At most 4/5 full: a search still ends within a few slots (eight to a
  // cache line, most rejected by their tag), and 3 M patients fit 2^22.
  if (5 * (ends_.size() + 1) > 4 * slots_.size()) grow();
  const std::size_t s = slot_of(patient, h);
  if (slots_[s] != 0) return static_cast<std::uint32_t>((slots_[s] & 0xFFFF'FFFFULL) - 1);
  if (ends_.size() == 0xFFFF'FFFFULL)
    throw std::length_error("a series of more than 4,294,967,295 patients");
  if (arena_.size() + patient.size() > 0xFFFF'FFFFULL)
    throw std::length_error(
        "the patient ids of a series take more than 4 GiB; split the input by patient");
  arena_.insert(arena_.end(), patient.begin(), patient.end());
  ends_.push_back(static_cast<std::uint32_t>(arena_.size()));
  const auto index = static_cast<std::uint32_t>(ends_.size() - 1);
  slots_[s] = (h & tag_mask) | (index + 1ULL);
  return index;
}

auto patient_table::find(std::string_view id, std::uint64_t h) const noexcept
    -> std::optional<std::uint32_t> {
  if (slots_.empty()) return std::nullopt;
  const std::uint64_t slot = slots_[slot_of(id, h)];
  if (slot == 0) return std::nullopt;
  return static_cast<std::uint32_t>((slot & 0xFFFF'FFFFULL) - 1);
}

void patient_table::prefetch(std::uint64_t h, int stage) const noexcept {
  if (slots_.empty()) return;
  const std::uint64_t* slot = &slots_[home_slot(h, bits_)];
  if (stage == 0) {
    __builtin_prefetch(slot);
    return;
  }
  // The id the home slot points to, if its tag matches: the likely one.
  if ((*slot & tag_mask) != (h & tag_mask) || *slot == 0) return;
  const auto index = static_cast<std::uint32_t>((*slot & 0xFFFF'FFFFULL) - 1);
  if (stage == 1) {
    __builtin_prefetch(&ends_[index]);
    if (index > 0) __builtin_prefetch(&ends_[index - 1]);
  } else {
    __builtin_prefetch(arena_.data() + (index == 0 ? 0 : ends_[index - 1]));
  }
}

// --- entries -------------------------------------------------------------------

namespace {

constexpr std::uint32_t bound_mask = (1U << 30) - 1;
constexpr unsigned grade_shift = 6;
static_assert(grade_shift + 3 * grading_systems.size() <= 32);

auto is_neutropenic(const series_entry& e) noexcept -> bool {
  return (e.info & 1U) != 0;
}

auto severity_of(const series_entry& e) noexcept -> severity {
  return static_cast<severity>(e.info >> 1 & 7U);
}

/// 0 unknown, 1 no fever, 2 febrile.
auto febrile_of(const series_entry& e) noexcept -> unsigned {
  return e.info >> 4 & 3U;
}

auto grade_of(const series_entry& e, std::size_t system) noexcept -> std::optional<int> {
  const unsigned g = e.info >> (grade_shift + 3 * system) & 7U;
  return g == 0 ? std::nullopt : std::optional<int>(static_cast<int>(g) - 1);
}

/// Ascending with the true value: "<100" just below 100, ">100" just above.
auto nadir_key(const series_entry& e) noexcept -> std::uint64_t {
  static constexpr std::array<std::uint64_t, 3> rank{1, 0, 2};  // none, less, greater
  return (static_cast<std::uint64_t>(e.anc & bound_mask) << 2) | rank[e.anc >> 30];
}

auto time_of(const series_entry& e) noexcept -> sample_time {
  return {e.ms, e.form};
}

}  // namespace

auto series_index::entry_of(sample_time t, std::uint64_t row, const classification& c)
    -> series_entry {
  if (row > max_series_rows)
    throw std::length_error(fmt::format(
        "series mode numbers at most {} rows; split the input by patient", max_series_rows));
  series_entry e;
  e.ms = t.ms;
  e.form = t.form;
  e.row = static_cast<std::uint32_t>(row);
  const std::int64_t bound = c.anc.bound.milli_per_ul;  // <= count_limit, 30 bits
  e.anc = (static_cast<std::uint32_t>(bound) & bound_mask) | static_cast<std::uint32_t>(c.anc.qual)
                                                                 << 30;
  std::uint32_t info = (c.neutropenic ? 1U : 0U) | static_cast<std::uint32_t>(c.grade) << 1;
  if (c.febrile) info |= (*c.febrile ? 2U : 1U) << 4;
  for (std::size_t s = 0; s < grading_systems.size(); ++s)
    if (c.grades[s]) info |= static_cast<std::uint32_t>(*c.grades[s] + 1) << (grade_shift + 3 * s);
  e.info = info;
  return e;
}

void series_index::add(std::string_view patient, std::uint64_t patient_hash, series_entry e) {
  if (ordered_) throw std::logic_error("internal error: a series entry added after ordering");
  e.patient = patients_.intern(patient, patient_hash);
  entries_.push_back(e);
}

void series_index::add(std::span<const pending_entry> pending, std::string_view ids) {
  std::uint32_t begin = 0;
  patients_.for_each_prefetched(
      pending.size(), [&](std::size_t i) { return pending[i].patient_hash; },
      [&](std::size_t i) {
        const pending_entry& p = pending[i];
        add(ids.substr(begin, p.patient_end - begin), p.patient_hash, p.entry);
        begin = p.patient_end;
      });
}

void series_index::order_by_patient() {
  if (ordered_) return;
  ordered_ = true;
  patients_.stop_interning();  // its slots' memory is given to the order
  // A counting sort by patient: each patient's positions, in input order,
  // read and written sequentially but for one counter per entry.
  order_ends_.assign(patients_.size(), 0);
  for (const series_entry& e : entries_) ++order_ends_[e.patient];
  std::uint32_t sum = 0;
  for (std::uint32_t& n : order_ends_) {
    const std::uint32_t start = sum;
    sum += n;
    n = start;  // where the patient's positions start, until they are placed
  }
  order_.resize(entries_.size());
  for (std::size_t i = 0; i < entries_.size(); ++i)
    order_[order_ends_[entries_[i].patient]++] = static_cast<std::uint32_t>(i);
  // Now each patient's positions end where its counter ended; they are
  // ordered by time in for_each_patient, patient by patient.
}

template <typename F>
void series_index::for_each_patient(std::uint32_t first, std::uint32_t last, F f) {
  // A patient's entries lie anywhere in memory: those of the patient a few
  // ahead are fetched while this one's are read.
  constexpr std::uint32_t ahead = 16;
  const auto earlier = [&](std::uint32_t a, std::uint32_t b) {
    return entries_[a].ms != entries_[b].ms ? entries_[a].ms < entries_[b].ms : a < b;
  };
  const auto begin_of = [&](std::uint32_t p) { return p == 0 ? 0 : order_ends_[p - 1]; };
  for (std::uint32_t p = first; p < last; ++p) {
    if (p + ahead < last) {
      const std::uint32_t b = begin_of(p + ahead), e = order_ends_[p + ahead];
      for (std::uint32_t j = b; j < e && j < b + 16; ++j)
        __builtin_prefetch(&entries_[order_[j]], 1);
    }
    // Exports mostly list a patient's readings in time order already, which
    // is checked before sorting.
    const auto b = order_.begin() + begin_of(p), e = order_.begin() + order_ends_[p];
    if (!std::is_sorted(b, e, earlier)) std::sort(b, e, earlier);
    f(p, std::span<const std::uint32_t>(b, e));
  }
}

namespace {

/// find_episodes over one patient's entries, at the positions `order`.
template <typename OnEpisode>
void episodes_in(const huge_vector<series_entry>& entries, std::span<const std::uint32_t> order,
                 const episode_rules& rules, OnEpisode on_episode) {
  const auto at = [&](std::size_t i) {
    const series_entry& x = entries[order[i]];
    return series_reading{x.ms, is_neutropenic(x)};
  };
  find_episodes(order.size(), at, rules, on_episode);
}

}  // namespace

void series_index::place_rows(const episode_rules& rules, unsigned threads) {
  order_by_patient();
  const auto place = [&](std::uint32_t first, std::uint32_t last) {
    for_each_patient(
        first, last, [&](std::uint32_t /*patient*/, std::span<const std::uint32_t> order) {
          std::uint32_t number = 0;
          std::size_t placed = 0;  // order[0, placed) are placed
          const auto in_no_episode = [&](std::size_t until) {
            for (; placed < until; ++placed) {
              series_entry& x = entries_[order[placed]];
              x.patient = 0;
              x.anc = 0;
            }
          };
          // Each episode is placed once it has ended, so entries after it are
          // still the rows' own when find_episodes reads them (it reads
          // forward only).
          episodes_in(entries_, order, rules, [&](const episode& ep) {
            in_no_episode(ep.start);
            ++number;
            const series_entry start = entries_[order[ep.start]];
            for (; placed <= ep.end; ++placed) {
              series_entry& x = entries_[order[placed]];
              x.anc = is_neutropenic(x)
                          ? static_cast<std::uint32_t>(elapsed_days(start.ms, x.ms) + 1)
                          : 0;
              x.ms = start.ms;
              x.form = start.form;
              x.patient = number;
            }
          });
          in_no_episode(order.size());
        });
  };
  // Split the patients where their entries are about evenly shared.
  const auto patients = static_cast<std::uint32_t>(patients_.size());
  threads = std::max(1U, std::min(threads, patients / 1024 + 1));
  std::vector<std::uint32_t> bounds{0};
  for (unsigned t = 1; t < threads; ++t) {
    const std::uint64_t share = entries_.size() * t / threads;
    bounds.push_back(static_cast<std::uint32_t>(
        std::upper_bound(order_ends_.begin(), order_ends_.end(), share) - order_ends_.begin()));
  }
  bounds.push_back(patients);
  {
    std::vector<std::jthread> others;
    for (unsigned t = 1; t < threads; ++t) others.emplace_back(place, bounds[t], bounds[t + 1]);
    place(bounds[0], bounds[1]);
  }
  decltype(order_)().swap(order_);  // freed, not only emptied
  decltype(order_ends_)().swap(order_ends_);
}

auto place_of(const series_entry& placed) noexcept -> row_place {
  row_place p;
  p.episode = placed.patient;
  if (p.episode == 0) return p;
  p.start = time_of(placed);
  if (placed.anc != 0) p.duration_days = static_cast<std::int64_t>(placed.anc) - 1;
  return p;
}

void place_row(std::uint64_t number, const series_entry*& next, const series_entry* end,
               io::row_result& result) {
  // The first pass kept an entry for each row this pass finds ok: the
  // same rows, unless the input changed between the passes.
  if (next == end || next->row != number)
    throw std::runtime_error(fmt::format(
        "row {} was read differently the second time: the input changed while anc read it",
        number));
  const row_place p = place_of(*next++);
  result.episode = p.episode;
  result.episode_start = p.start;
  result.value.duration_days = p.duration_days;
  result.value.duration_cls =
      p.duration_days ? std::optional(duration_class_of_days(*p.duration_days)) : std::nullopt;
}

void series_index::for_each_episode(const episode_rules& rules,
                                    const std::array<bool, grading_systems.size()>& graded,
                                    const std::function<void(const io::episode_row&)>& f) {
  order_by_patient();
  for_each_patient(0, static_cast<std::uint32_t>(patients_.size()),
                   [&](std::uint32_t patient, std::span<const std::uint32_t> order) {
                     io::episode_row out;
                     out.patient = patients_.id(patient);
                     out.graded = graded;
                     std::uint32_t number = 0;
                     episodes_in(entries_, order, rules, [&](const episode& ep) {
                       out.episode = ++number;
                       const series_entry& first = entries_[order[ep.start]];
                       const series_entry& last = entries_[order[ep.end]];
                       out.start = time_of(first);
                       out.end = time_of(last);
                       out.recovered = ep.recovered
                                           ? std::optional(time_of(entries_[order[*ep.recovered]]))
                                           : std::nullopt;
                       out.reason = ep.reason;
                       out.readings = ep.end - ep.start + 1;
                       out.neutropenic_readings = ep.neutropenic_readings;
                       out.duration_days = elapsed_days(first.ms, last.ms);
                       out.duration_cls = duration_class_of_days(out.duration_days);
                       const series_entry* nadir = &first;
                       out.worst_severity = severity::none;
                       unsigned fever = 0;
                       out.worst_grade = {};
                       for (std::size_t j = ep.start; j <= ep.end; ++j) {
                         const series_entry& x = entries_[order[j]];
                         fever = std::max(fever, febrile_of(x));
                         for (std::size_t s = 0; s < graded.size(); ++s)
                           if (const auto g = grade_of(x, s); graded[s] && g)
                             out.worst_grade[s] = std::max(out.worst_grade[s].value_or(*g), *g);
                         if (!is_neutropenic(x)) continue;
                         out.worst_severity = std::max(out.worst_severity, severity_of(x));
                         if (nadir_key(x) < nadir_key(*nadir)) nadir = &x;
                       }
                       out.nadir = count{static_cast<std::int64_t>(nadir->anc & bound_mask)};
                       out.nadir_qualifier = static_cast<qualifier>(nadir->anc >> 30);
                       out.nadir_time = time_of(*nadir);
                       out.febrile = fever == 0 ? std::nullopt : std::optional(fever == 2);
                       f(out);
                     });
                   });
}

}  // namespace anc::engine
