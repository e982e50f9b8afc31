#include "engine/row_classifier.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "anc/differential.hpp"
#include "io/messages.hpp"

namespace anc::engine {

using namespace io;  // the messages and the forms they accept

row_classifier::row_classifier(std::vector<std::string> header, column_roles roles,
                               anc_source source, batch_settings settings)
    : header_(std::move(header)),
      roles_(roles),
      source_(source),
      settings_(std::move(settings)),
      bare_age_unit_(settings_.bare_age_unit ? settings_.bare_age_unit
                                             : roles_.age_unit_from_name) {
  for (std::size_t r = 0; r < role_count; ++r) column_[r] = roles_.index[r].value_or(SIZE_MAX);
  const bool any_grade = std::find(settings_.grade_wanted.begin(), settings_.grade_wanted.end(),
                                   true) != settings_.grade_wanted.end();
  for (const grading_system system : grading_systems)
    wants_lln_ = wants_lln_ ||
                 (uses_lln(system) && settings_.grade_wanted[static_cast<std::size_t>(system)]);
  bool only_allowed_roles = true;
  for (std::size_t r = 0; r < role_count; ++r)
    if (roles_.index[r] && std::find(fast_path_roles.begin(), fast_path_roles.end(),
                                     static_cast<role>(r)) == fast_path_roles.end())
      only_allowed_roles = false;
  plain_ = settings_.fast_path && only_allowed_roles && !settings_.default_fever &&
           source_ != anc_source::differential && bare_age_unit_ && roles_.of(role::age) &&
           !any_grade;
}

// The general path below builds a `reading` and copies whole values
// between the parsers, classify() and the row: each copy reads back, with
// wide loads, narrow stores still in flight, which the CPU cannot forward.
// On the common row that cost more than the parsing. Here the same parsers
// (their one-pass forms) and the same rule functions fill the row field by
// field. tests/unit/row_classifier_test.cpp pins it to classify().
auto row_classifier::classify_plain(const std::vector<std::string_view>& fields,
                                    std::string_view record, unit u, row_result& out) const
    -> bool {
  const role from = source_ == anc_source::anc_column ? role::anc : role::value;
  // As parse_count reads a plain number with a known unit: at once when the
  // record lets it be read as a word, else in a loop. The word reader takes
  // digits and a separator only, so the text as read, untrimmed, is given
  // to it: what it reads had no blanks to trim.
  const std::string_view count_raw = raw_cell(fields, from);
  const int scale = 3 + u.exp10;
  std::optional<decimal_result> d;
  if (const auto word = word_ending(record, count_raw))
    d = parse_plain_decimal_word(*word, count_raw.size(), scale, settings_.decimal_comma);
  if (!d) d = parse_plain_decimal(trim(count_raw), scale, settings_.decimal_comma);
  if (!d || !*d || d->value > count_limit.milli_per_ul) return false;
  const std::string_view age_raw = raw_cell(fields, role::age);  // the same: digits only
  std::optional<span> exact_age;
  if (const auto word = word_ending(record, age_raw))
    exact_age = parse_bare_whole_age_word(*word, age_raw.size(), *bare_age_unit_);
  if (!exact_age) exact_age = parse_bare_whole_age(trim(age_raw), *bare_age_unit_);
  if (!exact_age || *exact_age > years(max_age_years)) return false;

  // Copied from a constant: no store of it is in flight.
  static constexpr classification fresh{};
  classification& c = out.value;
  c = fresh;
  c.anc.value = count{d->value};
  c.anc.bound = count{d->value};
  c.anc.exact = !d->inexact;
  c.age_days = whole_days(*exact_age);
  c.group = group_of(*exact_age, *bare_age_unit_);
  set_threshold(c, settings_.threshold);  // there is an age
  const verdict v = verdict_for(c.anc.value, c.threshold);
  c.neutropenic = v.neutropenic;
  c.grade = v.grade;
  return true;
}

void row_classifier::unclassified(row_result& out, row_status status, std::string error) const {
  out.status = status;
  out.error = std::move(error);
  out.value = {};
  out.value.graded = settings_.grade_wanted;  // their grades are null
}

auto row_classifier::subject(role r) const -> std::string {
  const auto i = roles_.of(r);
  return fmt::format("column \"{}\" value", i ? std::string_view(header_[*i]) : name_of(r));
}

namespace {

/// A count error and, where its message carries no fix of its own, the
/// accepted forms (issue #5: every message says what would be accepted).
auto count_failure(std::string_view subject, std::string_view text, const parse_result& r,
                   std::optional<unit> assumed = std::nullopt) -> std::string {
  std::string m = describe_count_error(subject, text, r, assumed);
  const bool has_fix =
      r.ec == parse_error::too_large || r.ec == parse_error::missing_unit ||
      r.ec == parse_error::bad_unit || r.number_ec == decimal_error::decimal_comma ||
      r.number_ec == decimal_error::grouping || r.number_ec == decimal_error::point_in_comma_mode;
  if (!has_fix) m += fmt::format("; {}", value_forms);
  return m;
}

auto with_forms(std::string message, std::string_view forms) -> std::string {
  return fmt::format("{}; {}", message, forms);
}

}  // namespace

void row_classifier::classify_row(const std::vector<std::string_view>& fields, row_result& out,
                                  std::string_view record) const {
  // out.value is set only at the end, or by unclassified().
  out.status = row_status::ok;
  out.error.clear();
  out.skipped_code = {};

  if (roles_.of(role::code)) {
    const std::string_view code = cell(fields, role::code);
    const bool is_anc = std::any_of(settings_.anc_codes.begin(), settings_.anc_codes.end(),
                                    [&](const std::string& c) { return c == code; });
    if (!is_anc) {
      unclassified(out, row_status::skipped);
      out.skipped_code = code;
      return;
    }
  }

  // The unit column, checked on its own so that a bad unit names its column.
  // The text as read is looked up first: the cache holds trimmed texts, so
  // a hit has no blanks to trim, and the common row skips trimming it.
  std::optional<unit> row_unit = settings_.default_unit;
  std::string_view unit_text = raw_cell(fields, role::unit);
  const cached_unit* hit = nullptr;
  if (const auto word = word_ending(record, unit_text)) {
    // Units are mixed at random in an export: a comparison of texts, or
    // a branch per slot, would be mispredicted on most rows.
    const std::uint64_t bytes = *word >> (8 * (8 - unit_text.size()));
    std::size_t found = unit_cache_.size();  // none
    for (std::size_t i = 0; i < unit_cache_.size(); ++i) {
      const auto match = static_cast<std::size_t>(unit_cache_[i].bytes == bytes) &
                         static_cast<std::size_t>(unit_cache_[i].text.size() == unit_text.size());
      found ^= (found ^ i) & (0 - match);  // i if it matches, by a mask
    }
    if (found < unit_cache_.size()) hit = &unit_cache_[found];
  }
  if (hit == nullptr) {
    unit_text = trim(unit_text);
    if (!unit_text.empty()) {
      for (const auto& c : unit_cache_)
        if (std::string_view(c.text) == unit_text) hit = &c;
      if (hit == nullptr) {
        auto& slot = unit_cache_[unit_cache_next_++ % unit_cache_.size()];
        slot = {std::string(unit_text), parse_unit(unit_text), text_bytes(unit_text)};
        hit = &slot;
      }
    }
  }
  if (hit != nullptr) {
    const unit_result u = hit->parsed;
    if (!u)
      return fail(out,
                  fmt::format("{}; {}", describe_unit_error(subject(role::unit), unit_text, u.ec),
                              unit_forms));
    row_unit = u.value;
  }
  if (plain_ && row_unit && classify_plain(fields, record, *row_unit, out)) return;
  const parse_options count_opt{settings_.decimal_comma, row_unit, unitless_policy::refuse};

  reading r;
  if (source_ == anc_source::differential) {
    const std::string_view wbc_text = cell(fields, role::wbc);
    const std::string_view segs_text = cell(fields, role::segs);
    const std::string_view bands_text = cell(fields, role::bands);
    const parse_result wbc = parse_count(wbc_text, count_opt);
    if (!wbc) return fail(out, count_failure(subject(role::wbc), wbc_text, wbc));
    if (wbc.q.qual != qualifier::none)
      return fail(out, fmt::format("{} \"{}\" is censored; an ANC cannot be computed from it",
                                   subject(role::wbc), printable(wbc_text)));
    const percent_result segs = parse_percent(segs_text, settings_.decimal_comma);
    if (!segs)
      return fail(out, with_forms(describe_percent_error(subject(role::segs), segs_text, segs),
                                  percent_forms));
    percent bands{};
    if (!bands_text.empty()) {
      const percent_result b = parse_percent(bands_text, settings_.decimal_comma);
      if (!b)
        return fail(out, with_forms(describe_percent_error(subject(role::bands), bands_text, b),
                                    percent_forms));
      bands = b.value;
    }
    const differential_result d = anc_from_differential(wbc.q.value, segs.value, bands);
    if (!d)
      return fail(out, fmt::format("{} \"{}\" plus {} \"{}\": {}", subject(role::segs),
                                   printable(segs_text), subject(role::bands),
                                   printable(bands_text), to_string(d.ec)));
    r.anc = {d.anc, d.anc, qualifier::none, d.exact};
  } else {
    const role from = source_ == anc_source::anc_column ? role::anc : role::value;
    const std::string_view text = cell(fields, from);
    const parse_result q = parse_count(text, count_opt);
    if (!q) return fail(out, count_failure(subject(from), text, q));
    if (q.unit_given && !unit_text.empty() && row_unit && !(q.own_unit == *row_unit))
      return fail(out, fmt::format("{} \"{}\" carries a unit that contradicts {} \"{}\"; fix one "
                                   "of them",
                                   subject(from), printable(text), subject(role::unit),
                                   printable(unit_text)));
    r.anc = q.q;
    if (q.unit_given) row_unit = q.own_unit;  // the LLN is in the reading's unit (SPEC §10)
  }

  const std::string_view lln_cell = cell(fields, role::lln);
  const std::string_view lln_text =
      !lln_cell.empty()
          ? lln_cell
          : (settings_.default_lln ? std::string_view(*settings_.default_lln) : std::string_view{});
  if (wants_lln_ && !lln_text.empty()) {
    const std::string lln_subject = lln_cell.empty() ? std::string("--lln") : subject(role::lln);
    const parse_result l =
        parse_count(lln_text, {settings_.decimal_comma, row_unit, unitless_policy::refuse});
    if (!l) return fail(out, count_failure(lln_subject, lln_text, l, row_unit));
    if (!l.q.exact) return fail(out, describe_inexact(lln_subject, lln_text));
    r.lln = l.q.value;
  }
  r.grade_wanted = settings_.grade_wanted;

  // Age: dates when both are there, else the age column, else --age. An age
  // problem is reported after grading, since grades that need no age (CTCAE)
  // are still derived.
  std::string age_problem;
  const std::string_view dob_text = cell(fields, role::dob);
  const std::string_view date_text = cell(fields, role::date);
  const std::string_view age_text = cell(fields, role::age);
  // The age cell, or its problem named in age_problem.
  const auto read_age_cell = [&]() -> std::optional<age> {
    const age_result a = parse_age(age_text, {bare_age_unit_, settings_.decimal_comma});
    if (a) return a.value;
    age_problem =
        with_forms(describe_age_error(subject(role::age), age_text, a.ec, a.number_ec), age_forms);
    return std::nullopt;
  };
  if (!dob_text.empty() && !date_text.empty()) {
    const date_result birth = parse_date(dob_text);
    const date_result sample = parse_date(date_text);
    if (!birth) {
      age_problem =
          with_forms(describe_date_error(subject(role::dob), dob_text, birth.ec), date_forms);
    } else if (!sample) {
      age_problem =
          with_forms(describe_date_error(subject(role::date), date_text, sample.ec), date_forms);
    } else {
      const age_result a = age_from_dates(birth.value, sample.value);
      if (a.ec == age_error::dates_reversed)
        age_problem = fmt::format("{} \"{}\" is before {} \"{}\"", subject(role::date),
                                  printable(date_text), subject(role::dob), printable(dob_text));
      else if (a.ec == age_error::too_long)
        age_problem = describe_implausible_birth(subject(role::dob), dob_text, subject(role::date),
                                                 date_text);
      else if (!a)
        age_problem = with_forms(
            describe_age_error(subject(role::dob), dob_text, a.ec, a.number_ec), age_forms);
      else
        r.patient_age = a.value;
      // An age cell beside the dates must say the same (SPEC §2): a
      // contradiction is reported, never settled by taking one side.
      if (r.patient_age && !age_text.empty()) {
        const std::optional<age> stated = read_age_cell();
        if (stated && !ages_agree(*stated, birth.value, sample.value))
          age_problem = fmt::format(
              "{} \"{}\" ({}) contradicts {} \"{}\" with {} \"{}\" ({}, {}); fix one "
              "of them (when they agree the dates are used)",
              subject(role::age), printable(age_text), to_string(stated->group), subject(role::dob),
              printable(dob_text), subject(role::date), printable(date_text),
              counted(static_cast<std::uint64_t>(r.patient_age->days), "day", "days"),
              to_string(r.patient_age->group));
      }
    }
  } else if (!age_text.empty()) {
    r.patient_age = read_age_cell();
  } else if (settings_.default_age) {
    r.patient_age = settings_.default_age;
  } else if (!settings_.threshold) {
    age_problem = roles_.of(role::age) || roles_.of(role::dob)
                      ? std::string(
                            "no age in this row: the age (or date of birth and sample "
                            "date) is empty; pass --age for such rows")
                      : std::string(
                            "no age: there is no age column (or date of birth and "
                            "sample date columns); pass --age or --age-col");
  }

  r.user_threshold = settings_.threshold;

  // Duration (SPEC §5): a duration column, else onset and sample dates.
  const std::string_view duration_text = cell(fields, role::duration);
  const std::string_view onset_text = cell(fields, role::onset);
  if (!duration_text.empty() && !onset_text.empty())
    return fail(out, fmt::format("{} \"{}\" and {} \"{}\" both give the duration of the "
                                 "neutropenia; give one of them",
                                 subject(role::duration), printable(duration_text),
                                 subject(role::onset), printable(onset_text)));
  if (!duration_text.empty()) {
    const duration_result d = parse_duration(duration_text, settings_.decimal_comma);
    if (!d)
      return fail(out, with_forms(describe_age_error(subject(role::duration), duration_text, d.ec,
                                                     d.number_ec),
                                  duration_forms));
    r.neutropenia_duration = d.value;
  } else if (!onset_text.empty()) {
    const date_result onset = parse_date(onset_text);
    if (!onset)
      return fail(out, with_forms(describe_date_error(subject(role::onset), onset_text, onset.ec),
                                  date_forms));
    const date_result sample = parse_date(date_text);
    if (!sample)
      return fail(out, fmt::format("{} \"{}\" needs a sample date to measure the duration to; {}",
                                   subject(role::onset), printable(onset_text),
                                   describe_date_error(subject(role::date), date_text, sample.ec)));
    const duration_result d = duration_from_dates(onset.value, sample.value);
    if (d.ec == age_error::dates_reversed)
      return fail(out,
                  fmt::format("{} \"{}\" is after {} \"{}\"", subject(role::onset),
                              printable(onset_text), subject(role::date), printable(date_text)));
    if (!d)
      return fail(
          out, with_forms(describe_age_error(subject(role::onset), onset_text, d.ec, d.number_ec),
                          duration_forms));
    r.neutropenia_duration = d.value;
  }

  if (const std::string_view fever_text = cell(fields, role::fever); !fever_text.empty()) {
    const fever_result f = parse_fever(fever_text, settings_.decimal_comma);
    if (!f)
      return fail(out, with_forms(describe_fever_error(subject(role::fever), fever_text, f.ec),
                                  fever_forms));
    r.fever = f.fever;
  } else {
    r.fever = settings_.default_fever;
  }
  const classify_result c = classify(r);
  out.value = c.value;  // grades, even when the default classification fails
  if (!age_problem.empty() || !c) {
    out.status = row_status::error;
    out.error = !age_problem.empty() ? std::move(age_problem) : std::string(to_string(c.ec));
  }
}

}  // namespace anc::engine
