#include "io/fhir_resources.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <string>

namespace anc::io {

namespace od = simdjson::ondemand;
using simdjson::error_code;

static_assert(fhir_padding >= simdjson::SIMDJSON_PADDING, "simdjson's padding");

auto reference_key(std::string_view reference) -> std::string {
  // The last "Type/id" of a URL, without a version: relative and absolute
  // references to one resource are one key.
  std::string_view r = reference;
  if (const auto h = r.find("/_history/"); h != std::string_view::npos) r = r.substr(0, h);
  if (r.starts_with("urn:") || r.starts_with("#")) return std::string(r);
  const auto last = r.rfind('/');
  if (last == std::string_view::npos || last == 0) return std::string(r);
  const auto type = r.rfind('/', last - 1);
  return std::string(type == std::string_view::npos ? r : r.substr(type + 1));
}

auto plain_decimal(std::string_view text) -> std::optional<std::string> {
  std::size_t i = 0;
  std::string sign;
  if (i < text.size() && text[i] == '-') {
    sign = "-";
    ++i;
  }
  std::string digits;  // every digit, the point taken out
  long point = 0;      // digits before the point
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < text.size() && is_digit(text[i])) digits += text[i++];
  point = static_cast<long>(digits.size());
  if (digits.empty()) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t before = digits.size();
    while (i < text.size() && is_digit(text[i])) digits += text[i++];
    if (digits.size() == before) return std::nullopt;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    long exponent = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    const std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) {
      exponent = exponent * 10 + (text[i++] - '0');
      if (exponent > 40) return std::nullopt;
    }
    if (i == start) return std::nullopt;
    point += negative ? -exponent : exponent;
  }
  if (i != text.size()) return std::nullopt;
  if (point <= 0) {
    digits.insert(0, static_cast<std::size_t>(1 - point), '0');
    point = 1;
  }
  if (static_cast<std::size_t>(point) > digits.size())
    digits.append(static_cast<std::size_t>(point) - digits.size(), '0');
  std::string out = sign + digits.substr(0, static_cast<std::size_t>(point));
  if (static_cast<std::size_t>(point) < digits.size())
    out += "." + digits.substr(static_cast<std::size_t>(point));
  // Leading zeros the exponent left ("0.5e1" -> "05"): one before the point.
  const std::size_t first = sign.size();
  while (out.size() > first + 1 && out[first] == '0' && out[first + 1] != '.') out.erase(first, 1);
  return out;
}

namespace {

/// simdjson's errors as the stop of a read: any error ends the document.
struct json_failure {
  error_code code;
};

template <typename T>
void check(simdjson::simdjson_result<T>&& r, T& out) {
  if (const error_code e = std::forward<simdjson::simdjson_result<T>>(r).get(out))
    throw json_failure{e};
}

auto text_of(od::value v) -> std::string {
  std::string_view s;
  check(v.get_string(), s);
  return std::string(s);
}

/// A Quantity: value (its JSON text), comparator, unit, system, code.
struct quantity {
  std::string value, comparator, unit, system, code;
  bool value_is_number = true;
  bool has_value = false;
  /// UCUM's code when the system is UCUM, else the unit text (SPEC §14).
  [[nodiscard]] auto unit_text() const -> const std::string& {
    return system == ucum_system && !code.empty() ? code : unit;
  }
};

auto read_quantity(od::value v) -> quantity {
  quantity q;
  od::object obj;
  check(v.get_object(), obj);
  for (auto f : obj) {
    od::field field;
    check(std::move(f), field);
    std::string_view key;
    check(field.unescaped_key(), key);
    od::value value = field.value();
    if (key == "value") {
      od::json_type type{};
      check(value.type(), type);
      std::string_view raw = value.raw_json_token();
      while (!raw.empty() &&
             (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r'))
        raw.remove_suffix(1);
      q.value = std::string(raw);
      q.value_is_number = type == od::json_type::number;
      q.has_value = true;
      if (type == od::json_type::string) q.value = text_of(value);
    } else if (key == "comparator") {
      q.comparator = text_of(value);
    } else if (key == "unit") {
      q.unit = text_of(value);
    } else if (key == "system") {
      q.system = text_of(value);
    } else if (key == "code") {
      q.code = text_of(value);
    }
  }
  return q;
}

/// reference of a Reference object.
auto read_reference(od::value v) -> std::string {
  od::object obj;
  check(v.get_object(), obj);
  std::string ref;
  for (auto f : obj) {
    od::field field;
    check(std::move(f), field);
    std::string_view key;
    check(field.unescaped_key(), key);
    if (key == "reference") ref = text_of(field.value());
  }
  return ref;
}

/// The first LOINC code of a CodeableConcept.
auto read_loinc(od::value v) -> std::string {
  od::object obj;
  check(v.get_object(), obj);
  std::string found;
  for (auto f : obj) {
    od::field field;
    check(std::move(f), field);
    std::string_view key;
    check(field.unescaped_key(), key);
    if (key != "coding") continue;
    od::array codings;
    check(field.value().get_array(), codings);
    for (auto c : codings) {
      od::value coding_value;
      check(std::move(c), coding_value);
      od::object coding;
      check(coding_value.get_object(), coding);
      std::string system, code;
      for (auto cf : coding) {
        od::field cfield;
        check(std::move(cf), cfield);
        std::string_view ckey;
        check(cfield.unescaped_key(), ckey);
        if (ckey == "system") system = text_of(cfield.value());
        if (ckey == "code") code = text_of(cfield.value());
      }
      if (found.empty() && system == loinc_system) found = code;
    }
  }
  return found;
}

/// dataAbsentReason: its first coding's code, else its text.
auto read_absent_reason(od::value v) -> std::string {
  od::object obj;
  check(v.get_object(), obj);
  std::string code, text;
  for (auto f : obj) {
    od::field field;
    check(std::move(f), field);
    std::string_view key;
    check(field.unescaped_key(), key);
    if (key == "text") {
      text = text_of(field.value());
    } else if (key == "coding") {
      od::array codings;
      check(field.value().get_array(), codings);
      for (auto c : codings) {
        od::value cv;
        check(std::move(c), cv);
        od::object coding;
        check(cv.get_object(), coding);
        for (auto cf : coding) {
          od::field cfield;
          check(std::move(cf), cfield);
          std::string_view ckey;
          check(cfield.unescaped_key(), ckey);
          if (ckey == "code" && code.empty()) code = text_of(cfield.value());
        }
      }
    }
  }
  return code.empty() ? (text.empty() ? std::string("unknown") : text) : code;
}

/// effectivePeriod.start.
auto read_period_start(od::value v) -> std::string {
  od::object obj;
  check(v.get_object(), obj);
  std::string start;
  for (auto f : obj) {
    od::field field;
    check(std::move(f), field);
    std::string_view key;
    check(field.unescaped_key(), key);
    if (key == "start") start = text_of(field.value());
  }
  return start;
}

/// The first referenceRange's low, as "value unit".
auto read_low(od::value v) -> std::string {
  od::array ranges;
  check(v.get_array(), ranges);
  std::string lln;
  for (auto r : ranges) {
    od::value rv;
    check(std::move(r), rv);
    od::object range;
    check(rv.get_object(), range);
    for (auto f : range) {
      od::field field;
      check(std::move(f), field);
      std::string_view key;
      check(field.unescaped_key(), key);
      if (key != "low" || !lln.empty()) continue;
      const quantity q = read_quantity(field.value());
      if (!q.has_value) continue;
      lln = q.value_is_number ? plain_decimal(q.value).value_or(q.value) : q.value;
      if (!q.unit_text().empty()) (lln += ' ') += q.unit_text();
    }
  }
  return lln;
}

/// The qualifier a comparator gives (SPEC §14), or none for "ad" and
/// anything else that is not a bound.
auto qualifier_of(std::string_view comparator) -> std::optional<std::string_view> {
  if (comparator.empty()) return std::string_view{};
  if (comparator == "<" || comparator == "<=") return std::string_view{"<"};
  if (comparator == ">" || comparator == ">=") return std::string_view{">"};
  return std::nullopt;
}

}  // namespace

struct fhir_parser::impl {
  od::parser parser;
  fhir_visitor* visitor = nullptr;
  std::size_t entries = 0;

  void read_entries(od::value v) {
    od::array list;
    check(v.get_array(), list);
    for (auto e : list) {
      od::value ev;
      check(std::move(e), ev);
      od::object entry;
      check(ev.get_object(), entry);
      const std::size_t number = ++entries;
      std::string full_url;
      for (auto f : entry) {
        od::field field;
        check(std::move(f), field);
        std::string_view key;
        check(field.unescaped_key(), key);
        if (key == "fullUrl") full_url = text_of(field.value());
        if (key == "resource") read_resource(field.value(), full_url, number);
      }
    }
  }

  void read_resource(od::value v, const std::string& full_url, std::size_t entry) {
    od::object obj;
    check(v.get_object(), obj);
    std::string type, id, birth_date, period_start, date_time;
    fhir_observation o;
    fhir_report report;
    std::optional<quantity> value;
    std::string other_value;  // the name of a value[x] that is not a Quantity
    std::string absent;
    for (auto f : obj) {
      od::field field;
      check(std::move(f), field);
      std::string_view key;
      check(field.unescaped_key(), key);
      od::value fv = field.value();
      if (key == "resourceType") {
        type = text_of(fv);
      } else if (key == "id") {
        id = text_of(fv);
      } else if (key == "status") {
        o.status = text_of(fv);
      } else if (key == "code") {
        o.code = read_loinc(fv);
      } else if (key == "subject") {
        o.subject = read_reference(fv);
      } else if (key == "specimen") {
        o.specimen = read_reference(fv);
      } else if (key == "effectiveDateTime" || key == "effectiveInstant") {
        date_time = text_of(fv);
      } else if (key == "effectivePeriod") {
        period_start = read_period_start(fv);
      } else if (key == "valueQuantity") {
        value = read_quantity(fv);
      } else if (key.starts_with("value") && key.size() > 5 && key[5] >= 'A' && key[5] <= 'Z') {
        other_value = std::string(key);
      } else if (key == "dataAbsentReason") {
        absent = read_absent_reason(fv);
      } else if (key == "referenceRange") {
        o.lln = read_low(fv);
      } else if (key == "birthDate") {
        birth_date = text_of(fv);
      } else if (key == "result") {
        od::array results;
        check(fv.get_array(), results);
        for (auto r : results) {
          od::value rv;
          check(std::move(r), rv);
          report.results.push_back(reference_key(read_reference(rv)));
        }
      } else if (key == "entry") {
        read_entries(fv);
      }
    }
    const std::string effective = date_time.empty() ? period_start : date_time;
    if (type == "Patient") {
      fhir_patient p;
      p.refs.push_back("Patient/" + id);
      if (!full_url.empty()) p.refs.push_back(reference_key(full_url));
      p.birth_date = birth_date;
      visitor->patient(p);
    } else if (type == "DiagnosticReport") {
      report.ref = "DiagnosticReport/" + id;
      report.effective = effective;
      visitor->report(report);
    } else if (type == "Observation") {
      o.id = id;
      o.full_url = full_url.empty() ? std::string() : reference_key(full_url);
      o.effective = effective;
      o.entry = entry;
      read_value(o, value, other_value, absent);
      visitor->observation(o);
    }
  }

  static void read_value(fhir_observation& o, const std::optional<quantity>& value,
                         const std::string& other_value, const std::string& absent) {
    if (!absent.empty()) {
      o.problem =
          fmt::format("the Observation has no value: its dataAbsentReason is \"{}\"", absent);
      return;
    }
    if (!value || !value->has_value) {
      o.problem = other_value.empty()
                      ? "the Observation has no valueQuantity.value"
                      : fmt::format(
                            "the Observation's value is a {}, not a valueQuantity with a "
                            "number",
                            other_value);
      if (value) o.unit = value->unit_text();
      return;
    }
    o.unit = value->unit_text();
    const auto qualifier = qualifier_of(value->comparator);
    if (!qualifier) {
      o.problem = fmt::format(
          "valueQuantity.comparator \"{}\" is not a bound (<, <=, >, >=), so the value is not a "
          "count",
          value->comparator);
      return;
    }
    const std::optional<std::string> number =
        value->value_is_number ? plain_decimal(value->value) : std::nullopt;
    if (!number) {
      o.problem = fmt::format("valueQuantity.value {} is not a JSON number", value->value);
      return;
    }
    o.value = std::string(*qualifier) + *number;
  }
};

fhir_parser::fhir_parser() : impl_(std::make_unique<impl>()) {}
fhir_parser::~fhir_parser() = default;

auto fhir_parser::parse(std::string_view json, fhir_visitor& visitor)
    -> std::optional<parse_error> {
  impl_->visitor = &visitor;
  impl_->entries = 0;
  od::document doc;
  const auto where = [&]() -> std::size_t {
    const char* at = nullptr;
    if (doc.current_location().get(at) != simdjson::SUCCESS || at == nullptr) return 0;
    const auto offset = static_cast<std::size_t>(at - json.data());
    return offset <= json.size() ? offset : json.size();
  };
  if (const error_code e =
          impl_->parser.iterate(json.data(), json.size(), json.size() + fhir_padding).get(doc))
    return parse_error{0, std::string(simdjson::error_message(e))};
  try {
    od::value root;
    check(doc.get_value(), root);
    od::json_type type{};
    check(root.type(), type);
    if (type != od::json_type::object)
      return parse_error{where(), "the document is not a JSON object (a FHIR resource)"};
    impl_->read_resource(root, {}, 0);
    // Consumed whole, the document has no position left.
    const char* after = nullptr;
    if (doc.current_location().get(after) == simdjson::SUCCESS)
      return parse_error{where(), "text after the end of the JSON object"};
  } catch (const json_failure& f) {
    return parse_error{where(), std::string(simdjson::error_message(f.code))};
  }
  return std::nullopt;
}

}  // namespace anc::io
