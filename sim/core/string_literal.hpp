#pragma once
// Text as a quoted string literal, and UTF-8 well-formedness: one quoter
// for every file Loom writes by hand (scenario TOML, JSON on the command
// line), since a TOML basic string written this way is also a valid JSON
// string.
#include <cstddef>
#include <string>
#include <string_view>

namespace loom {

// `s` in double quotes: \", \\, \b \t \n \f \r and \u00XX for every other
// control character (and DEL); valid UTF-8 is kept as it is, and a byte
// that is not valid UTF-8 becomes U+FFFD. Valid as a TOML basic string and
// as a JSON string.
std::string string_literal(std::string_view s);

// The length of the well-formed UTF-8 sequence at s[i] (1 for ASCII), or 0
// when s[i] does not start one (shortest form, no surrogates, <= U+10FFFF).
std::size_t utf8_length(std::string_view s, std::size_t i);

}  // namespace loom
