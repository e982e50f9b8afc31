#pragma once
// FHIR R4 JSON (SPEC §14): what anc reads of the resources of one JSON
// document (one resource, a Bundle, or one line of bulk-export NDJSON), as
// text, in document order. Parsed by simdjson's On Demand API, which reads
// a number's own text, so a value is never read through a binary double.
// No I/O: the document is in memory (engine/fhir_input.hpp reads files).
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anc::io {

/// Readable bytes a document must have after its end (simdjson reads whole
/// SIMD words); their values do not matter.
inline constexpr std::size_t fhir_padding = 64;

inline constexpr std::string_view loinc_system = "http://loinc.org";
inline constexpr std::string_view ucum_system = "http://unitsofmeasure.org";

/// An Observation: each field as anc uses it, "" when absent.
struct fhir_observation {
  std::string id;
  std::string full_url;  ///< its Bundle entry's fullUrl
  std::string status;
  std::string code;      ///< the first coding whose system is LOINC
  std::string subject;   ///< subject.reference
  std::string specimen;  ///< specimen.reference
  /// effectiveDateTime, effectiveInstant, else effectivePeriod.start.
  std::string effective;
  /// valueQuantity.value as written, as a plain decimal, after the
  /// qualifier its comparator gives ("<0.5").
  std::string value;
  std::string unit;  ///< the UCUM code, else the unit text
  std::string lln;   ///< referenceRange.low: its value and unit ("2.0 10*9/L")
  /// Why no value can be read, if none can: dataAbsentReason, a value of
  /// another type, a comparator that is not a bound, a number that is not.
  std::string problem;
  /// Why the Observation cannot be read at all: an element of the wrong
  /// JSON type ("subject is not an object"). An error row whatever its code.
  std::string malformed;
  std::size_t entry = 0;  ///< its Bundle entry (1-based); 0 at the top
};

/// A Patient: its references ("Patient/<id>", its fullUrl) and birthDate.
struct fhir_patient {
  std::vector<std::string> refs;
  std::string birth_date;
};

/// A DiagnosticReport: its own reference, its effective time, and the
/// references of the Observations it lists (`result`).
struct fhir_report {
  std::string ref;
  std::string effective;
  std::vector<std::string> results;
};

/// What is done with each resource found.
class fhir_visitor {
 public:
  virtual void observation(const fhir_observation& o) = 0;
  virtual void patient(const fhir_patient& p) = 0;
  virtual void report(const fhir_report& r) = 0;
  fhir_visitor() = default;
  fhir_visitor(const fhir_visitor&) = default;
  auto operator=(const fhir_visitor&) -> fhir_visitor& = default;
  virtual ~fhir_visitor() = default;
};

/// A reference as it is looked up: "Patient/123" however it is written
/// ("https://server/fhir/Patient/123/_history/2"); urn:uuid and other
/// references as they are.
auto reference_key(std::string_view reference) -> std::string;

/// A JSON number's text as a plain decimal ("1e3" -> "1000", "2.5E-1" ->
/// "0.25"); none if it is not a JSON number or is out of reach (an
/// exponent of more than 40 places).
auto plain_decimal(std::string_view json_number) -> std::optional<std::string>;

class fhir_parser {
 public:
  fhir_parser();
  ~fhir_parser();
  fhir_parser(const fhir_parser&) = delete;
  auto operator=(const fhir_parser&) -> fhir_parser& = delete;

  struct parse_error {
    std::size_t offset = 0;  ///< byte offset in the document
    std::string message;
  };
  /// Reads the document `json` (with fhir_padding readable bytes after it)
  /// and hands each Observation, Patient and DiagnosticReport found to
  /// `visitor`, Bundle entries in order (a resource after the entries it
  /// holds). Every value is checked: malformed JSON anywhere (or a root that
  /// is not an object) stops it with the error, and the caller drops what
  /// was visited before it.
  auto parse(std::string_view json, fhir_visitor& visitor) -> std::optional<parse_error>;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace anc::io
