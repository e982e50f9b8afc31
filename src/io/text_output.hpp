#pragma once
// Human-readable output for one classification: the verdict first, then the
// threshold and band that applied and their sources (SPEC §9).
#include <string>

#include "anc/classify.hpp"

namespace anc::io {

struct text_options {
  bool colour = false;   ///< ANSI colour on the verdict line
  bool explain = false;  ///< append the rule tables with the applied rows marked
};

auto to_text(const classification& c, text_options opt) -> std::string;

}  // namespace anc::io
