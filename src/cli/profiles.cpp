#include "cli/profiles.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/batch_options.hpp"
#include "engine/input_file.hpp"
#include "io/profiles.hpp"

namespace anc::cli {
namespace {

/// Keys that document a profile rather than set an option.
auto is_about(const std::string& key) -> bool {
  return key == "description" || key == "sources";
}

auto builtin_names() -> std::string {
  std::string names;
  for (const auto& p : io::builtin_profiles)
    names += (names.empty() ? "" : ", ") + std::string(p.name);
  return names;
}

/// The profile's JSON text and how messages name it.
auto profile_source(const std::string& name_or_file) -> std::pair<std::string, std::string> {
  for (const auto& p : io::builtin_profiles)
    if (p.name == name_or_file) return {std::string(p.json), "profile " + name_or_file};
  const auto text = engine::read_small_file(name_or_file);
  if (!text)
    throw usage_error{fmt::format("--profile {}: no such profile (built in: {}) and no such file",
                                  name_or_file, builtin_names())};
  return {*text, "profile " + name_or_file};
}

auto parsed(const std::string& text, const std::string& label) -> nlohmann::json {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw usage_error{fmt::format("{}: not valid JSON: {}", label, e.what())};
  }
  if (!j.is_object())
    throw usage_error{fmt::format("{}: must be a JSON object of option names and values", label)};
  return j;
}

}  // namespace

void apply_profile(CLI::App& cmd, const input_options& o) {
  if (!o.profile) return;
  const auto [text, label] = profile_source(*o.profile);
  const nlohmann::json profile = parsed(text, label);
  const bool series = o.series || o.command == "episodes";
  for (const auto& [key, value] : profile.items()) {
    if (is_about(key)) continue;
    CLI::Option* opt =
        key == "profile" || key == "help" ? nullptr : cmd.get_option_no_throw("--" + key);
    if (opt == nullptr || opt->get_positional())
      throw usage_error{
          fmt::format("{}: \"{}\" is not an option of anc {} (keys are long option "
                      "names without the dashes, as anc {} --help lists them)",
                      label, key, o.command, o.command)};
    if (opt->count() > 0) continue;  // the command line overrides the profile
    // A profile may describe a series without the run being one.
    if (!series && (key == "time-unit" || key == "recovery-readings" || key == "max-gap")) continue;
    std::vector<std::string> results;
    const auto add = [&](const nlohmann::json& v) {
      if (v.is_string()) {
        results.push_back(v.get<std::string>());
      } else if (v.is_boolean()) {
        if (v.get<bool>()) results.emplace_back("true");
      } else if (v.is_number()) {
        results.push_back(v.dump());
      } else {
        throw usage_error{
            fmt::format("{}: \"{}\" must be a string, number or true/false", label, key)};
      }
    };
    if (value.is_array()) {
      for (const auto& v : value) add(v);
    } else {
      add(value);
    }
    if (results.empty()) continue;
    for (auto& r : results) opt->add_result(r);
    try {
      opt->run_callback();
    } catch (const CLI::ParseError& e) {
      throw usage_error{fmt::format("{}: \"{}\": {}", label, key, e.what())};
    }
  }
}

auto profiles_text(const std::string& name) -> std::string {
  if (!name.empty()) {
    for (const auto& p : io::builtin_profiles)
      if (p.name == name) return std::string(p.json);
    throw usage_error{
        fmt::format("anc profiles {}: no such profile (built in: {})", name, builtin_names())};
  }
  std::string out;
  for (const auto& p : io::builtin_profiles) {
    const nlohmann::json j = nlohmann::json::parse(p.json);
    out += fmt::format("{}\n  {}\n", p.name, j.value("description", ""));
    std::vector<std::string> options;
    for (const auto& [key, value] : j.items()) {
      if (is_about(key)) continue;
      if (value.is_boolean())
        options.push_back(value.get<bool>() ? "--" + key : "");
      else
        options.push_back(fmt::format("--{} {}", key,
                                      value.is_string() ? value.get<std::string>() : value.dump()));
    }
    out += fmt::format("  options: {}\n", fmt::join(options, " "));
    for (const auto& s : j.value("sources", std::vector<std::string>{}))
      out += fmt::format("  source: {}\n", s);
    out += '\n';
  }
  out +=
      "Use: anc batch FILE --profile NAME [--join TABLE]...; a flag on the command line "
      "overrides the profile's. anc profiles NAME prints its JSON; a file of the same form "
      "works as --profile FILE.\n";
  return out;
}

}  // namespace anc::cli
