#include "io/fhir_resources.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <cstring>
#include <deque>
#include <string>
#include <utility>

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

/// A JSON syntax error: it ends the document.
struct json_failure {
  error_code code;
};

template <typename T>
void check(simdjson::simdjson_result<T>&& r, T& out) {
  if (const error_code e = std::forward<simdjson::simdjson_result<T>>(r).get(out))
    throw json_failure{e};
}

/// JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
auto is_json_number(std::string_view t) -> bool {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return i > from;
  };
  if (i < t.size() && t[i] == '-') ++i;
  if (i < t.size() && t[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < t.size() && t[i] == '.' && (++i, !digits())) return false;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == t.size();
}

auto trim_token(std::string_view raw) -> std::string_view {
  while (!raw.empty() &&
         (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r'))
    raw.remove_suffix(1);
  return raw;
}

/// The qualifier a comparator gives (SPEC §14), or none for "ad" and
/// anything else that is not a bound.
auto qualifier_of(std::string_view comparator) -> std::optional<std::string_view> {
  if (comparator.empty()) return std::string_view{};
  if (comparator == "<" || comparator == "<=") return std::string_view{"<"};
  if (comparator == ">" || comparator == ">=") return std::string_view{">"};
  return std::nullopt;
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

}  // namespace

// Every value of a document is read or walked, so that malformed JSON
// anywhere in it is found (On Demand checks only what is read). An element
// of the wrong JSON type is not malformed JSON: it is noted as the
// resource's shape problem, and its value walked.
struct fhir_parser::impl {
  od::parser parser;
  fhir_visitor* visitor = nullptr;
  std::size_t entries = 0;
  std::string shape;  ///< the current resource's first element of the wrong type

  static auto type_of(od::value& v) -> od::json_type {
    od::json_type t{};
    check(v.type(), t);
    return t;
  }
  void wrong(od::value& v, std::string_view what, std::string_view wanted) {
    if (shape.empty()) shape = fmt::format("{} is not {}", what, wanted);
    walk(v);
  }

  // A key without a backslash is read where it lies: stage 1 has checked
  // its UTF-8 and closing quote; only an escape needs unescaping.
  static auto key_of(od::field& field) -> std::string_view {
    const char* start = field.key().raw();
    const char* p = start;
    while (*p != '"' && *p != '\\') ++p;
    if (*p == '"') return {start, static_cast<std::size_t>(p - start)};
    std::string_view key;
    check(field.unescaped_key(), key);
    return key;
  }
  static auto string_of(od::value& v) -> std::string_view {
    // Consumed whole (get_string), so that what follows it is checked.
    std::string_view s;
    check(v.get_string(), s);
    return s;
  }

  /// Reads every value inside `v`, checking its syntax.
  void walk(od::value& v) {
    switch (type_of(v)) {
      case od::json_type::object: {
        od::object obj;
        check(v.get_object(), obj);
        for (auto f : obj) {
          od::field field;
          check(std::move(f), field);
          (void)key_of(field);
          walk(field.value());
        }
        return;
      }
      case od::json_type::array: {
        od::array list;
        check(v.get_array(), list);
        for (auto e : list) {
          od::value ev;
          check(std::move(e), ev);
          walk(ev);
        }
        return;
      }
      case od::json_type::string: (void)string_of(v); return;
      case od::json_type::number:
        if (!is_json_number(trim_token(v.raw_json_token())))
          throw json_failure{simdjson::NUMBER_ERROR};
        return;
      case od::json_type::boolean: {
        bool b = false;
        check(v.get_bool(), b);
        return;
      }
      case od::json_type::null: {
        bool null = false;
        check(v.is_null(), null);
        if (!null) throw json_failure{simdjson::N_ATOM_ERROR};
        return;
      }
    }
  }

  auto text(od::value& v, std::string_view what) -> std::string {
    if (type_of(v) != od::json_type::string) {
      wrong(v, what, "a string");
      return {};
    }
    return std::string(string_of(v));
  }

  /// Calls `f(key, value)` for each field of an object; notes anything else.
  template <typename F>
  void fields(od::value& v, std::string_view what, F&& f) {
    if (type_of(v) != od::json_type::object) return wrong(v, what, "an object");
    od::object obj;
    check(v.get_object(), obj);
    for (auto fr : obj) {
      od::field field;
      check(std::move(fr), field);
      // The key's text stays until the next document (in it, or in the
      // parser's buffer once unescaped).
      f(key_of(field), field.value());
    }
  }
  /// Calls `f(value)` for each element of an array; notes anything else.
  template <typename F>
  void elements(od::value& v, std::string_view what, F&& f) {
    if (type_of(v) != od::json_type::array) return wrong(v, what, "an array");
    od::array list;
    check(v.get_array(), list);
    for (auto e : list) {
      od::value ev;
      check(std::move(e), ev);
      f(ev);
    }
  }

  auto read_quantity(od::value& v, std::string_view what) -> quantity {
    quantity q;
    fields(v, what, [&](std::string_view key, od::value& value) {
      if (key == "value") {
        const od::json_type type = type_of(value);
        q.has_value = true;
        q.value_is_number = type == od::json_type::number;
        if (type == od::json_type::number) {
          q.value = std::string(trim_token(value.raw_json_token()));
          if (!is_json_number(q.value)) throw json_failure{simdjson::NUMBER_ERROR};
        } else if (type == od::json_type::string) {
          q.value = "\"" + text(value, "value") + "\"";
        } else {
          q.value = "of another JSON type";
          walk(value);
        }
      } else if (key == "comparator") {
        q.comparator = text(value, "valueQuantity.comparator");
      } else if (key == "unit") {
        q.unit = text(value, "valueQuantity.unit");
      } else if (key == "system") {
        q.system = text(value, "valueQuantity.system");
      } else if (key == "code") {
        q.code = text(value, "valueQuantity.code");
      } else {
        walk(value);
      }
    });
    return q;
  }

  auto read_reference(od::value& v, std::string_view what) -> std::string {
    std::string ref;
    fields(v, what, [&](std::string_view key, od::value& value) {
      if (key == "reference")
        ref = text(value, what);
      else
        walk(value);
    });
    return ref;
  }

  /// The first LOINC code of a CodeableConcept.
  auto read_loinc(od::value& v) -> std::string {
    std::string found;
    fields(v, "code", [&](std::string_view key, od::value& value) {
      if (key != "coding") return walk(value);
      elements(value, "code.coding", [&](od::value& c) {
        std::string system, code;
        fields(c, "code.coding[]", [&](std::string_view ckey, od::value& cv) {
          if (ckey == "system")
            system = text(cv, "code.coding[].system");
          else if (ckey == "code")
            code = text(cv, "code.coding[].code");
          else
            walk(cv);
        });
        if (found.empty() && system == loinc_system) found = code;
      });
    });
    return found;
  }

  /// dataAbsentReason: its first coding's code, else its text.
  auto read_absent_reason(od::value& v) -> std::string {
    std::string code, description;
    fields(v, "dataAbsentReason", [&](std::string_view key, od::value& value) {
      if (key == "text") {
        description = text(value, "dataAbsentReason.text");
      } else if (key == "coding") {
        elements(value, "dataAbsentReason.coding", [&](od::value& c) {
          fields(c, "dataAbsentReason.coding[]", [&](std::string_view ckey, od::value& cv) {
            if (ckey == "code" && code.empty())
              code = text(cv, "dataAbsentReason.coding[].code");
            else
              walk(cv);
          });
        });
      } else {
        walk(value);
      }
    });
    return !code.empty() ? code : !description.empty() ? description : std::string("given");
  }

  auto read_period_start(od::value& v) -> std::string {
    std::string start;
    fields(v, "effectivePeriod", [&](std::string_view key, od::value& value) {
      if (key == "start")
        start = text(value, "effectivePeriod.start");
      else
        walk(value);
    });
    return start;
  }

  /// The first referenceRange's low, as "value unit".
  auto read_low(od::value& v) -> std::string {
    std::string lln;
    elements(v, "referenceRange", [&](od::value& r) {
      fields(r, "referenceRange[]", [&](std::string_view key, od::value& value) {
        if (key != "low" || !lln.empty()) return walk(value);
        const quantity q = read_quantity(value, "referenceRange[].low");
        if (!q.has_value) return;
        lln = q.value_is_number ? plain_decimal(q.value).value_or(q.value) : q.value;
        if (!q.unit_text().empty()) (lln += ' ') += q.unit_text();
      });
    });
    return lln;
  }

  void read_entries(od::value& v) {
    elements(v, "entry", [&](od::value& e) {
      const std::size_t number = ++entries;
      std::string full_url;
      fields(e, "entry[]", [&](std::string_view key, od::value& value) {
        if (key == "fullUrl") {
          full_url = text(value, "entry[].fullUrl");
        } else if (key == "resource" && type_of(value) == od::json_type::object) {
          const std::string outer = std::exchange(shape, {});
          read_resource(value, full_url, number);
          shape = outer;
        } else {
          walk(value);
        }
      });
    });
  }

  // Reused from resource to resource (their strings keep their memory);
  // a Bundle's entries are read inside their Bundle, one level each.
  struct scratch {
    std::string type, id, birth_date, period_start, date_time;
    fhir_observation o;
    fhir_report report;
  };
  std::deque<scratch> scratch_;  ///< a deque: growing it moves no level
  std::size_t depth_ = 0;

  void read_resource(od::value& v, const std::string& full_url, std::size_t entry) {
    if (scratch_.size() <= depth_) scratch_.resize(depth_ + 1);
    scratch& sc = scratch_[depth_++];
    struct leave {
      std::size_t& d;
      ~leave() { --d; }
    } const left{depth_};
    std::string& type = sc.type;
    std::string& id = sc.id;
    std::string& birth_date = sc.birth_date;
    std::string& period_start = sc.period_start;
    std::string& date_time = sc.date_time;
    fhir_observation& o = sc.o;
    fhir_report& report = sc.report;
    for (std::string* t : {&type, &id, &birth_date, &period_start, &date_time}) t->clear();
    for (std::string* t : {&o.id, &o.full_url, &o.status, &o.code, &o.subject, &o.specimen,
                           &o.effective, &o.value, &o.unit, &o.lln, &o.problem, &o.malformed})
      t->clear();
    o.entry = 0;
    report.ref.clear();
    report.effective.clear();
    report.results.clear();
    std::optional<quantity> value;
    std::string other_value;  // the name of a value[x] that is not a Quantity
    std::string absent;
    fields(v, "the resource", [&](std::string_view key, od::value& fv) {
      if (key == "resourceType") {
        type = text(fv, "resourceType");
      } else if (key == "id") {
        id = text(fv, "id");
      } else if (key == "status") {
        o.status = text(fv, "status");
      } else if (key == "code") {
        o.code = read_loinc(fv);
      } else if (key == "subject") {
        o.subject = read_reference(fv, "subject");
      } else if (key == "specimen") {
        o.specimen = read_reference(fv, "specimen");
      } else if (key == "effectiveDateTime" || key == "effectiveInstant") {
        date_time = text(fv, key);
      } else if (key == "effectivePeriod") {
        period_start = read_period_start(fv);
      } else if (key == "valueQuantity") {
        value = read_quantity(fv, "valueQuantity");
      } else if (key.starts_with("value") && key.size() > 5 && key[5] >= 'A' && key[5] <= 'Z') {
        other_value = std::string(key);
        walk(fv);
      } else if (key == "dataAbsentReason") {
        absent = read_absent_reason(fv);
      } else if (key == "referenceRange") {
        o.lln = read_low(fv);
      } else if (key == "birthDate") {
        birth_date = text(fv, "birthDate");
      } else if (key == "result") {
        elements(fv, "result", [&](od::value& r) {
          report.results.push_back(reference_key(read_reference(r, "result[]")));
        });
      } else if (key == "entry") {
        read_entries(fv);
      } else {
        walk(fv);
      }
    });
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
      if (!shape.empty()) o.malformed = fmt::format("the Observation is not valid FHIR: {}", shape);
      visitor->observation(o);
    }
    shape.clear();
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
      o.problem = fmt::format("valueQuantity.value {} is not a JSON number{}", value->value,
                              value->value_is_number ? " anc can read (exponent too large)" : "");
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
    impl_->shape.clear();
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
