#pragma once
// Profiles (SPEC §13): JSON files of batch options for one kind of export,
// whose keys are long option names; the command line overrides them.
// data/profiles/ ships mimic-iv, mimic-iii and eicu, built into the binary.
#include <string>

namespace CLI {
class App;
}

namespace anc::cli {

struct input_options;

/// Sets each option of `profile` (a built-in name, or a file) on the parsed
/// subcommand `cmd` that the command line did not give. Throws usage_error
/// for an unknown profile, malformed JSON, or a key that is not an option
/// of `cmd`.
void apply_profile(CLI::App& cmd, const input_options& o);

/// `anc profiles`: each built-in profile's name, description and sources;
/// with a name, that profile's JSON.
auto profiles_text(const std::string& name) -> std::string;

}  // namespace anc::cli
