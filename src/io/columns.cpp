#include "io/columns.hpp"

namespace anc::io {

auto normalise_header(std::string_view name) -> std::string {
  std::string out;
  out.reserve(name.size());
  for (const char c : name) {
    if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '#' || c == '%' ||
             static_cast<unsigned char>(c) >= 0x80)
      out += c;
  }
  return out;
}

auto find_roles(const std::vector<std::string_view>& header, const role_overrides& overrides)
    -> roles_result {
  roles_result out;
  std::vector<std::string> normalised;
  normalised.reserve(header.size());
  for (const auto h : header) normalised.push_back(normalise_header(h));
  // Each column's alias, looked up once: a header of a million columns
  // must not cost roles x columns x aliases comparisons.
  std::vector<const role_alias*> alias_of(header.size(), nullptr);
  for (std::size_t i = 0; i < header.size(); ++i)
    for (const auto& a : role_aliases)
      if (a.alias == normalised[i]) {
        alias_of[i] = &a;
        break;
      }

  for (std::size_t r = 0; r < role_count; ++r) {
    const auto this_role = static_cast<role>(r);
    if (const auto& name = overrides[r]) {
      std::optional<std::size_t> found;
      for (std::size_t i = 0; i < header.size() && !found; ++i)
        if (header[i] == *name) found = i;
      const std::string wanted = normalise_header(*name);
      for (std::size_t i = 0; i < header.size() && !found; ++i)
        if (normalised[i] == wanted) found = i;
      if (!found) {
        out.problem = roles_problem::no_such_column;
        out.problem_role = this_role;
        return out;
      }
      out.roles.index[r] = found;
      if (this_role == role::age)
        for (const auto& a : role_aliases)
          if (a.r == role::age && a.alias == normalised[*found])
            out.roles.age_unit_from_name = a.age_in;
      continue;
    }
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (const auto* a = alias_of[i]; a != nullptr && a->r == this_role) {
        if (const auto previous = out.roles.index[r]) {
          out.problem = roles_problem::two_columns;
          out.problem_role = this_role;
          out.columns = {*previous, i};
          return out;
        }
        out.roles.index[r] = i;
        if (this_role == role::age) out.roles.age_unit_from_name = a->age_in;
      }
    }
  }
  return out;
}

}  // namespace anc::io
