#pragma once
// fmt 9's format_as maps enums to integers only, so the core's names are
// printed through formatters that reuse string_view formatting.
#include <fmt/format.h>

#include "anc/classify.hpp"

template <typename E>
concept anc_named_enum = std::is_same_v<E, anc::severity> || std::is_same_v<E, anc::age_group> ||
    std::is_same_v<E, anc::duration_class> || std::is_same_v<E, anc::threshold_source>;

template <anc_named_enum E>
struct fmt::formatter<E> : fmt::formatter<std::string_view> {
  auto format(E e, format_context& ctx) const -> decltype(ctx.out()) {
    return fmt::formatter<std::string_view>::format(anc::to_string(e), ctx);
  }
};

template <>
struct fmt::formatter<anc::count> : fmt::formatter<std::string_view> {
  auto format(anc::count c, format_context& ctx) const -> decltype(ctx.out()) {
    return fmt::formatter<std::string_view>::format(anc::format_count(c).view(), ctx);
  }
};
