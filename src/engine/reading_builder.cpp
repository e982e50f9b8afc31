#include "engine/reading_builder.hpp"

#include <fmt/format.h>

#include "anc/differential.hpp"
#include "engine/messages.hpp"

namespace anc::engine {
namespace {

/// A problem with what would be accepted appended (in a row) or shown
/// beside it (on a terminal).
auto with_forms(std::string message, std::string_view forms) -> input_problem {
  return {std::move(message), forms, false};
}

/// A problem whose message says what to do; `forms` for a terminal only.
auto explained(std::string message, std::string_view forms = {}) -> input_problem {
  return {std::move(message), forms, true};
}

/// A count error; the accepted forms unless its message carries a fix of
/// its own (issue #5: every message says what would be accepted).
auto count_problem(std::string_view subject, std::string_view text, const parse_result& r,
                   std::optional<unit> assumed = std::nullopt) -> input_problem {
  const bool has_fix =
      r.ec == parse_error::too_large || r.ec == parse_error::missing_unit ||
      r.ec == parse_error::bad_unit || r.number_ec == decimal_error::decimal_comma ||
      r.number_ec == decimal_error::grouping || r.number_ec == decimal_error::point_in_comma_mode;
  return {describe_count_error(subject, text, r, assumed), value_forms, has_fix};
}

/// Reads the inputs in the order SPEC §7 gives, stopping at the first
/// problem that leaves no reading.
class builder {
 public:
  builder(const raw_inputs& in, const reading_rules& rules, const input_names& names)
      : in_(in), rules_(rules), names_(names) {}

  auto run() -> built_reading {
    if (!read_unit() || !read_anc() || !read_lln()) return std::move(out_);
    out_.value.grade_wanted = rules_.grade_wanted;
    read_age();
    out_.value.user_threshold = rules_.threshold;
    if (read_duration()) read_fever();
    return std::move(out_);
  }

 private:
  auto text(input i) const -> std::string_view { return in_[i]; }
  auto name(input i) const -> const std::string& { return names_[i]; }
  auto fail(input_problem p) -> bool {
    out_.problem = std::move(p);
    return false;
  }

  // The unit input, checked on its own so that a bad unit names its source.
  auto read_unit() -> bool {
    reading_unit_ = rules_.default_unit;
    const std::string_view t = text(input::unit);
    if (t.empty()) return true;
    const unit_result u = in_.parsed_unit != nullptr ? *in_.parsed_unit : parse_unit(t);
    if (!u) return fail(with_forms(describe_unit_error(name(input::unit), t, u.ec), unit_forms));
    stated_unit_ = u.value;
    reading_unit_ = u.value;
    return true;
  }

  /// A count in the reading's unit; a unit of its own must agree with the
  /// unit input (SPEC §1: a contradiction is reported, never settled).
  auto read_count(input i, parse_result& q) -> bool {
    const std::string_view t = text(i);
    q = parse_count(t, {rules_.decimal_comma, reading_unit_, rules_.unitless});
    if (!q) return fail(count_problem(name(i), t, q));
    if (q.unit_given && stated_unit_ && !(q.own_unit == *stated_unit_))
      return fail(explained(
          fmt::format("{} \"{}\" carries a unit that contradicts {} \"{}\"; fix one of them",
                      name(i), printable(t), name(input::unit), printable(text(input::unit))),
          "give the unit once: with the value (0.8x10^9/L) or on its own (0.8 with 10^9/L)"));
    return true;
  }

  auto read_percent(input i, percent& p) -> bool {
    const percent_result r = parse_percent(text(i), rules_.decimal_comma);
    if (!r) return fail(with_forms(describe_percent_error(name(i), text(i), r), percent_forms));
    p = r.value;
    return true;
  }

  auto read_anc() -> bool {
    if (!rules_.from_differential) {
      parse_result q;
      if (!read_count(input::anc, q)) return false;
      out_.value.anc = q.q;
      // The LLN is in the reading's unit (SPEC §10).
      if (q.unit_given) reading_unit_ = q.own_unit;
      return true;
    }
    parse_result wbc;
    if (!read_count(input::wbc, wbc)) return false;
    if (wbc.q.qual != qualifier::none)
      return fail(explained(fmt::format("{} \"{}\" is censored; an ANC cannot be computed from it",
                                        name(input::wbc), printable(text(input::wbc))),
                            value_forms));
    if (wbc.unit_given) reading_unit_ = wbc.own_unit;
    percent segs{}, bands{};
    if (!read_percent(input::segs, segs)) return false;
    if (!text(input::bands).empty() && !read_percent(input::bands, bands)) return false;
    const differential_result d = anc_from_differential(wbc.q.value, segs, bands);
    if (!d)
      return fail(explained(fmt::format("{} \"{}\" plus {} \"{}\": {}", name(input::segs),
                                        printable(text(input::segs)), name(input::bands),
                                        printable(text(input::bands)), to_string(d.ec)),
                            "accepted: percentages that add up to at most 100"));
    out_.value.anc = {d.anc, d.anc, qualifier::none, d.exact};
    return true;
  }

  // The LLN of the row, else the run's, in the reading's unit (SPEC §10).
  auto read_lln() -> bool {
    const std::string_view own = text(input::lln);
    const std::string_view t =
        !own.empty()
            ? own
            : (rules_.default_lln ? std::string_view(*rules_.default_lln) : std::string_view{});
    if (!rules_.wants_lln || t.empty()) return true;
    const std::string& subject = own.empty() ? names_.default_lln : name(input::lln);
    const parse_result l =
        parse_count(t, {rules_.decimal_comma, reading_unit_,
                        reading_unit_ ? unitless_policy::refuse : rules_.unitless});
    if (!l) return fail(count_problem(subject, t, l, reading_unit_));
    if (!l.q.exact) return fail(with_forms(describe_inexact(subject, t), value_forms));
    out_.value.lln = l.q.value;
    return true;
  }

  void age_fails(input_problem p) { out_.age_problem = std::move(p); }

  auto read_age_text() -> std::optional<age> {
    const std::string_view t = text(input::age);
    const age_result a = parse_age(t, {rules_.bare_age_unit, rules_.decimal_comma});
    if (a) return a.value;
    age_fails(with_forms(describe_age_error(name(input::age), t, a.ec, a.number_ec), age_forms));
    return std::nullopt;
  }

  // Age: the dates when both are there, else the age, else the run's age.
  // An age problem leaves the reading without an age, since grades that
  // need none (CTCAE) are still derived.
  static auto over_89() -> age {
    static const age over = parse_age(">89y").value;
    return over;
  }
  void read_age() {
    const std::string_view dob_text = text(input::dob);
    const std::string_view date_text = text(input::date);
    const std::string_view age_text = text(input::age);
    if (dob_text.empty() || date_text.empty()) {
      if (!age_text.empty())
        out_.value.patient_age = read_age_text();
      else if (rules_.default_age)
        out_.value.patient_age = rules_.default_age;
      else if (!rules_.threshold)
        age_fails(explained(names_.missing_age));
      return;
    }
    const date_result birth = parse_date(dob_text);
    const date_result sample = parse_date(date_text);
    if (!birth && rules_.partial_birth_dates && sample) {
      if (const date_range_result range = parse_partial_date(dob_text))
        return read_partial_birth(range.value, sample.value);
    }
    if (!birth)
      return age_fails(
          with_forms(describe_date_error(name(input::dob), dob_text, birth.ec), date_forms));
    if (!sample)
      return age_fails(
          with_forms(describe_date_error(name(input::date), date_text, sample.ec), date_forms));
    const age_result a = age_from_dates(birth.value, sample.value);
    if (a.ec == age_error::dates_reversed)
      return age_fails(
          explained(fmt::format("{} \"{}\" is before {} \"{}\"", name(input::date),
                                printable(date_text), name(input::dob), printable(dob_text)),
                    "accepted: a sample date on or after the date of birth"));
    if (a.ec == age_error::too_long && rules_.deidentified_ages) {
      // MIMIC-III's shifted birth dates: the patient is over 89 (SPEC §13),
      // read as eICU's "> 89" is, with the note that the age is censored.
      out_.value.patient_age = over_89();
      return;
    }
    if (a.ec == age_error::too_long)
      return age_fails(explained(
          describe_implausible_birth(name(input::dob), dob_text, name(input::date), date_text),
          "give the age instead of the date of birth"));
    if (!a)
      return age_fails(
          with_forms(describe_age_error(name(input::dob), dob_text, a.ec, a.number_ec), age_forms));
    out_.value.patient_age = a.value;
    // An age beside the dates must say the same (SPEC §2): a contradiction
    // is reported, never settled by taking one side.
    if (age_text.empty()) return;
    const std::optional<age> stated = read_age_text();
    if (!stated) out_.value.patient_age.reset();  // unreadable: it cannot be checked
    if (stated && !ages_agree(*stated, birth.value, sample.value)) {
      out_.value.patient_age.reset();  // no grade by age either: neither side is taken
      age_fails(explained(fmt::format(
          "{} \"{}\" ({}) contradicts {} \"{}\" with {} \"{}\" ({}, {}); fix one of them (when "
          "they agree the dates are used)",
          name(input::age), printable(age_text), to_string(stated->group), name(input::dob),
          printable(dob_text), name(input::date), printable(date_text),
          counted(static_cast<std::uint64_t>(a.value.days), "day", "days"),
          to_string(a.value.group))));
    }
  }

  // SPEC §14: a partial date of birth gives the age group only when each
  // of its days gives the same one; else the row says why, never guesses.
  void read_partial_birth(date_range birth, date sample) {
    const std::string_view dob_text = text(input::dob);
    const std::string_view date_text = text(input::date);
    const age_result a = age_from_birth_range(birth, sample);
    if (a) {
      out_.value.patient_age = a.value;
      return;
    }
    if (a.ec == age_error::dates_reversed)
      return age_fails(
          explained(fmt::format("{} \"{}\" is before {} \"{}\"", name(input::date),
                                printable(date_text), name(input::dob), printable(dob_text)),
                    "accepted: a sample date on or after the date of birth"));
    if (a.ec == age_error::birth_undecided) {
      const age_result oldest = age_from_dates(birth.first, sample);
      return age_fails(explained(fmt::format(
          "{} \"{}\" is a partial date: born between {:04}-{:02}-{:02} and {:04}-{:02}-{:02}, "
          "the patient is {} or {} on {} \"{}\", so the age threshold is not known; give the "
          "full date of birth or the age",
          name(input::dob), printable(dob_text), birth.first.year, birth.first.month,
          birth.first.day, birth.last.year, birth.last.month, birth.last.day,
          to_string(a.value.group), oldest ? to_string(oldest.value.group) : "an adult",
          name(input::date), printable(date_text))));
    }
    age_fails(
        with_forms(describe_age_error(name(input::dob), dob_text, a.ec, a.number_ec), age_forms));
  }

  // Duration (SPEC §5): the duration, else the onset and sample dates.
  auto read_duration() -> bool {
    const std::string_view duration_text = text(input::duration);
    const std::string_view onset_text = text(input::onset);
    const std::string_view date_text = text(input::date);
    if (!duration_text.empty() && !onset_text.empty())
      return fail(
          explained(fmt::format("{} \"{}\" and {} \"{}\" both give the duration of the "
                                "neutropenia; give one of them",
                                name(input::duration), printable(duration_text), name(input::onset),
                                printable(onset_text))));
    if (!duration_text.empty()) {
      const duration_result d = parse_duration(duration_text, rules_.decimal_comma);
      if (!d)
        return fail(
            with_forms(describe_age_error(name(input::duration), duration_text, d.ec, d.number_ec),
                       duration_forms));
      out_.value.neutropenia_duration = d.value;
      return true;
    }
    if (onset_text.empty()) return true;
    const date_result onset = parse_date(onset_text);
    if (!onset)
      return fail(
          with_forms(describe_date_error(name(input::onset), onset_text, onset.ec), date_forms));
    const date_result sample = parse_date(date_text);
    if (!sample)
      return fail(
          explained(fmt::format("{} \"{}\" needs a sample date to measure the duration to; {}",
                                name(input::onset), printable(onset_text),
                                describe_date_error(name(input::date), date_text, sample.ec)),
                    date_forms));
    const duration_result d = duration_from_dates(onset.value, sample.value);
    if (d.ec == age_error::dates_reversed)
      return fail(
          explained(fmt::format("{} \"{}\" is after {} \"{}\"", name(input::onset),
                                printable(onset_text), name(input::date), printable(date_text)),
                    "accepted: an onset on or before the sample date"));
    if (!d)
      return fail(with_forms(describe_age_error(name(input::onset), onset_text, d.ec, d.number_ec),
                             duration_forms));
    out_.value.neutropenia_duration = d.value;
    return true;
  }

  auto read_fever() -> bool {
    const std::string_view t = text(input::fever);
    if (t.empty()) {
      out_.value.fever = rules_.default_fever;
      return true;
    }
    const fever_result f = parse_fever(t, rules_.decimal_comma);
    if (!f) return fail(with_forms(describe_fever_error(name(input::fever), t, f.ec), fever_forms));
    out_.value.fever = f.fever;
    return true;
  }

  const raw_inputs& in_;
  const reading_rules& rules_;
  const input_names& names_;
  std::optional<unit> stated_unit_;   ///< the unit input's unit
  std::optional<unit> reading_unit_;  ///< the unit the reading is in, so far
  built_reading out_;
};

}  // namespace

auto build_reading(const raw_inputs& in, const reading_rules& rules, const input_names& names)
    -> built_reading {
  return builder(in, rules, names).run();
}

}  // namespace anc::engine
