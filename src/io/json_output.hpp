#pragma once
// JSON for one classification (SPEC §9) and for the rule tables.
#include <string>

#include "anc/classify.hpp"

namespace anc::io {

/// One object on one line, fields and order exactly as SPEC §9 (plus
/// `threshold_source`, SPEC §3), no trailing newline.
auto to_json(const classification& c) -> std::string;

}  // namespace anc::io
