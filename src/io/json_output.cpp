#include "io/json_output.hpp"

#include "io/output_fields.hpp"

namespace anc::io {

auto to_json(const classification& c) -> std::string {
  std::string out = "{";
  append_classification_json(out, c);
  out += '}';
  return out;
}

}  // namespace anc::io
