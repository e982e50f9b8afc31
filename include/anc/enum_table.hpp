#pragma once
// Name tables of enums: one entry per enumerator, in the enum's order, so
// that a count is the table's size and a name is found by index.
#include <cstddef>
#include <string_view>

namespace anc {

/// An entry of a name table.
template <typename Enum>
struct enum_name {
  Enum value;
  std::string_view name;
};

/// True if entry i of `table` holds the enumerator numbered i, and the last
/// entry holds `last`: the table lists every enumerator, in order.
template <typename Table, typename Enum, typename Key>
constexpr auto in_enum_order(const Table& table, Key key, Enum last) noexcept -> bool {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (static_cast<std::size_t>(table[i].*key) != i) return false;
  return table.size() > 0 && table[table.size() - 1].*key == last;
}

/// The `name` of `e` in such a table; "?" for a value that is no enumerator.
template <typename Table, typename Enum, typename Name>
constexpr auto name_in(const Table& table, Enum e, Name name) noexcept -> std::string_view {
  const auto i = static_cast<std::size_t>(e);
  return i < table.size() ? table[i].*name : std::string_view("?");
}

}  // namespace anc
