#pragma once
// The series stage (SPEC §12): a compact entry per classified row, never
// the row, ordered per patient by time (ties in input order) whatever the
// order of the input, and the episodes found in each patient's readings.
// `batch --series` and `check --series` place each row in its episode (and
// then read the input a second time to write the rows); `anc episodes`
// writes the episode table straight from the entries, in one pass. No I/O.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "anc/classify.hpp"
#include "anc/episodes.hpp"
#include "engine/huge_pages.hpp"
#include "io/episode_row.hpp"
#include "io/row_result.hpp"

namespace anc::engine {

/// Patient ids in order of first appearance, each kept once.
class patient_table {
 public:
  [[nodiscard]] static auto hash(std::string_view id) noexcept -> std::uint64_t;
  /// The index of `id` (whose hash() is `h`), a new one if it is new.
  auto intern(std::string_view id, std::uint64_t h) -> std::uint32_t;
  /// The index of `id` (whose hash() is `h`), if it was interned; while
  /// interning is allowed.
  [[nodiscard]] auto find(std::string_view id, std::uint64_t h) const noexcept
      -> std::optional<std::uint32_t>;
  /// Asks the memory intern(h) will read first to be fetched ahead; `stage`
  /// 0 its slot, 1 (once the slot is fetched) its id's end, 2 its id.
  void prefetch(std::uint64_t h, int stage) const noexcept;
  /// Calls `f(i)` for each i in [0, n), in order, where `f` interns (or
  /// finds) the id whose hash is `hash_of(i)`: each id's three dependent
  /// reads (slot, id end, id) are fetched a few ids ahead of its use, so
  /// that the reads of several ids overlap instead of each waiting alone.
  template <typename HashOf, typename F>
  void for_each_prefetched(std::size_t n, HashOf hash_of, F f) const {
    constexpr std::size_t slot_ahead = 12, end_ahead = 8, id_ahead = 4;
    for (std::size_t i = 0; i < std::min(n, slot_ahead); ++i) prefetch(hash_of(i), 0);
    for (std::size_t i = 0; i < n; ++i) {
      if (i + slot_ahead < n) prefetch(hash_of(i + slot_ahead), 0);
      if (i + end_ahead < n) prefetch(hash_of(i + end_ahead), 1);
      if (i + id_ahead < n) prefetch(hash_of(i + id_ahead), 2);
      f(i);
    }
  }
  [[nodiscard]] auto id(std::uint32_t index) const -> std::string_view {
    const std::uint32_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(arena_.data() + begin, ends_[index] - begin);
  }
  [[nodiscard]] auto size() const noexcept -> std::size_t { return ends_.size(); }
  /// Frees what finding an id needs (most of the table's memory): the ids
  /// stay, but intern() may no longer be called.
  void stop_interning() {
    // (Not `slots_ = {}`: that assigns an empty list and keeps the memory.)
    decltype(slots_)().swap(slots_);
    bits_ = 0;
  }

 private:
  void grow();
  /// The slot that holds `id`, else the free slot where it would go (there
  /// is one: the table is never full).
  [[nodiscard]] auto slot_of(std::string_view id, std::uint64_t h) const noexcept -> std::size_t;
  huge_vector<char> arena_;          ///< the ids, end to end
  huge_vector<std::uint32_t> ends_;  ///< where each id ends in arena_
  /// Open addressing, 2^bits_ slots, linear probing from the hash's top
  /// bits: the high 32 bits of a hash, then index + 1 (0: free).
  huge_vector<std::uint64_t> slots_;
  unsigned bits_ = 0;
};

/// One classified row of a series: 32 bytes (SPEC §12's bound). Before
/// place_rows(), `ms`, `form` and `patient` are the row's own; after it they
/// are its episode's start and number, and `anc` its duration.
struct series_entry {
  std::int64_t ms = 0;        ///< sample time (or, placed: the episode's start)
  time_form form{};           ///< how it was written
  std::uint32_t patient = 0;  ///< patient index (placed: episode number, 0 for none)
  std::uint32_t row = 0;      ///< 1-based data row
  /// The ANC's bound in thousandths of a cell/uL (30 bits) and its
  /// qualifier above them (placed: duration_days + 1, 0 for none).
  std::uint32_t anc = 0;
  /// Bit 0 neutropenic, 1-3 severity, 4-5 febrile (0 unknown, 1 no, 2 yes),
  /// then 3 bits per grading system (0 null, else grade + 1).
  std::uint32_t info = 0;
  std::uint32_t unused = 0;  ///< padding, free for a stage that needs it
};
static_assert(sizeof(series_entry) == 32);

/// The most data rows a series can number (its entries keep 32 bits).
inline constexpr std::uint64_t max_series_rows = 0xFFFF'FFFEULL;

/// An entry whose patient is not yet interned: how a thread hands its
/// chunk's entries over to be added in input order.
struct pending_entry {
  std::uint32_t patient_end = 0;  ///< its patient id ends here in the ids
  std::uint64_t patient_hash = 0;
  series_entry entry;
};

class series_index {
 public:
  /// The entry of an ok row, but for its patient (any thread).
  /// Throws std::length_error past max_series_rows.
  [[nodiscard]] static auto entry_of(sample_time t, std::uint64_t row, const classification& c)
      -> series_entry;
  /// Adds an entry, in input order, with its patient (whose
  /// patient_table::hash is `patient_hash`).
  void add(std::string_view patient, std::uint64_t patient_hash, series_entry e);
  /// Adds `pending`, in order, their patient ids end to end in `ids`: as
  /// add() for each, but faster, its random reads of the patient table
  /// fetched a few entries ahead.
  void add(std::span<const pending_entry> pending, std::string_view ids);
  [[nodiscard]] auto size() const noexcept -> std::size_t { return entries_.size(); }
  /// Room for `n` entries: a vector that doubles as it grows holds up to
  /// twice its entries while it copies them, so a run that can estimate
  /// its total reserves it once.
  void reserve(std::size_t n) { entries_.reserve(n); }
  /// Reserves, once, what `bytes_total` input bytes will give at the rate
  /// of the first `bytes_so_far` (with 3 % to spare), as soon as enough
  /// entries were added to tell the rate: call it as the input is read.
  void reserve_for(std::uint64_t bytes_so_far, std::uint64_t bytes_total) {
    if (reserved_ || bytes_so_far == 0 || entries_.size() < (std::size_t{1} << 14)) return;
    reserved_ = true;
    const double per_byte =
        static_cast<double>(entries_.size()) / static_cast<double>(bytes_so_far);
    reserve(static_cast<std::size_t>(per_byte * static_cast<double>(bytes_total) * 1.03) + 1024);
  }
  [[nodiscard]] auto patients() const noexcept -> const patient_table& { return patients_; }

  /// Places each row in its episode: each of entries(), in input order,
  /// then says its episode, the episode's start, and the row's duration.
  /// Patients are independent: `threads` threads place them.
  void place_rows(const episode_rules& rules, unsigned threads = 1);
  [[nodiscard]] auto entries() const noexcept -> std::span<const series_entry> { return entries_; }

  /// Calls `f` for each episode: patients in order of first appearance,
  /// each patient's episodes by start. `graded`: the systems whose worst
  /// grade to give.
  void for_each_episode(const episode_rules& rules,
                        const std::array<bool, grading_systems.size()>& graded,
                        const std::function<void(const io::episode_row&)>& f);

 private:
  /// Ends adding: lists each patient's entries, ordered by time.
  void order_by_patient();
  /// Calls `f(patient, order)` for each patient of [first, last) (order of
  /// first appearance), `order` the positions of its entries by time, ties
  /// in input order. After order_by_patient; threads may share the
  /// patients out.
  template <typename F>
  void for_each_patient(std::uint32_t first, std::uint32_t last, F f);
  patient_table patients_;
  huge_vector<series_entry> entries_;  ///< in input order; never moved
  /// After order_by_patient: the positions of each patient's entries in
  /// time order, patient after patient, and where each patient's end.
  huge_vector<std::uint32_t> order_;
  huge_vector<std::uint32_t> order_ends_;
  bool ordered_ = false;
  bool reserved_ = false;
};

/// What a placed entry says of its row: `duration_days`, `duration_cls`,
/// `episode` and `episode_start` (on the rows of an episode; the duration
/// only on its neutropenic rows).
struct row_place {
  std::uint32_t episode = 0;  ///< 0: none
  sample_time start;
  std::optional<std::int64_t> duration_days;
};
auto place_of(const series_entry& placed) noexcept -> row_place;

/// Gives an ok row of a second pass, data row `number`, its place: the
/// entry at `next` (which it moves past), of the placed entries that end
/// at `end`. Throws std::runtime_error if that entry is not this row's:
/// the input changed between the passes.
void place_row(std::uint64_t number, const series_entry*& next, const series_entry* end,
               io::row_result& result);

}  // namespace anc::engine
