#include "sim/input/parameter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace loom {

const ParameterInfo* ParameterSection::find(std::string_view key, std::size_t* index) const {
  const auto infos = parameters();
  for (std::size_t i = 0; i < infos.size(); ++i) {
    if (infos[i].key == key) {
      if (index) *index = i;
      return &infos[i];
    }
  }
  return nullptr;
}

ParameterSection* find_section(std::span<ParameterSection* const> sections, std::string_view name) {
  for (ParameterSection* s : sections)
    if (s->name() == name) return s;
  for (ParameterSection* s : sections)
    if (!s->former_name().empty() && s->former_name() == name) return s;
  return nullptr;
}

ParameterRef find_parameter(std::span<ParameterSection* const> sections, std::string_view name) {
  const auto dot = name.find('.');
  if (dot == std::string_view::npos) return {};
  ParameterRef ref;
  ref.section = find_section(sections, name.substr(0, dot));
  if (ref.section) ref.info = ref.section->find(name.substr(dot + 1), &ref.index);
  return ref.info ? ref : ParameterRef{};
}

std::vector<std::string> parameter_names(std::span<ParameterSection* const> sections) {
  std::vector<std::string> names;
  for (const ParameterSection* s : sections) {
    for (const auto& info : s->parameters())
      names.push_back(std::string(s->name()) + "." + std::string(info.key));
  }
  return names;
}

namespace {

std::string number_text(double v) {
  std::ostringstream out;
  out.precision(15);
  out << v;
  std::string s = out.str();
  return s;
}

}  // namespace

std::string describe_range(const ParameterInfo& info) {
  switch (info.kind) {
    case ValueKind::kPath:
      return "a file path in quotes (relative to the scenario file), or \"\" for none";
    case ValueKind::kNames:
      return "a list of names in quotes, e.g. [\"S-1\", \"S-7\"] (--set: S-1,S-7)";
    case ValueKind::kBoolean:
      return "true or false";
    case ValueKind::kChoice: {
      std::string s = "one of: ";
      for (std::size_t i = 0; i < info.choices.size(); ++i) {
        if (i) s += ", ";
        s += info.choices[i];
      }
      return s;
    }
    case ValueKind::kInteger:
    case ValueKind::kReal: {
      std::string s;
      if (info.kind == ValueKind::kInteger) s += "a whole number from ";
      s += number_text(info.min);
      s += " to ";
      s += number_text(info.max);
      if (!info.unit.empty()) {
        s += " (";
        s += info.unit;
        s += ")";
      }
      return s;
    }
  }
  return {};
}

std::string validate_value(const ParameterInfo& info, double value) {
  if (!std::isfinite(value)) return "must be a finite number: allowed " + describe_range(info);
  switch (info.kind) {
    case ValueKind::kPath:
    case ValueKind::kNames:
      return "";  // the text is checked by the model that reads it
    case ValueKind::kBoolean:
      return (value == 0.0 || value == 1.0) ? "" : "must be " + describe_range(info);
    case ValueKind::kChoice:
      return (value >= 0 && value < static_cast<double>(info.choices.size()) &&
              value == std::floor(value))
                 ? ""
                 : "must be " + describe_range(info);
    case ValueKind::kInteger:
      if (value != std::floor(value))
        return "must be a whole number: allowed " + describe_range(info);
      [[fallthrough]];
    case ValueKind::kReal:
      if (value < info.min || value > info.max) {
        return "is out of range: allowed " + describe_range(info);
      }
      return "";
  }
  return "";
}

double parse_value_text(const ParameterInfo& info, std::string_view text) {
  if (held_as_text(info.kind))
    throw std::invalid_argument(
        std::string(info.kind == ValueKind::kPath ? "a file path" : "a list of names") +
        " has no number: it can only be set in a scenario file or with --set");
  if (info.kind == ValueKind::kBoolean) {
    if (text == "true" || text == "1") return 1.0;
    if (text == "false" || text == "0") return 0.0;
    throw std::invalid_argument("'" + std::string(text) + "' is not true or false");
  }
  if (info.kind == ValueKind::kChoice) {
    std::string_view word = text;
    if (word.size() >= 2 && word.front() == '"' && word.back() == '"')
      word = word.substr(1, word.size() - 2);
    for (std::size_t i = 0; i < info.choices.size(); ++i) {
      if (info.choices[i] == word) return static_cast<double>(i);
    }
    throw std::invalid_argument("'" + std::string(word) + "' is not " + describe_range(info));
  }
  double value = 0.0;
  // A leading '+' is how people write a positive change; from_chars does
  // not take it ("+0.5" was "not a number").
  std::string_view digits = text;
  if (digits.size() > 1 && digits.front() == '+' && digits[1] != '-' && digits[1] != '+')
    digits.remove_prefix(1);
  const auto* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
  if (ec == std::errc::result_out_of_range && ptr == end) {
    throw std::invalid_argument("'" + std::string(text) +
                                "' is a number too large (or too small) for a double");
  }
  if (ec != std::errc() || ptr != end) {
    throw std::invalid_argument("'" + std::string(text) + "' is not a number");
  }
  return value;
}

std::string format_value(const ParameterInfo& info, double value) {
  switch (info.kind) {
    case ValueKind::kPath:
      return "\"\"";  // the text itself is ParameterSection::text's
    case ValueKind::kNames:
      return "[]";
    case ValueKind::kBoolean:
      return value != 0.0 ? "true" : "false";
    case ValueKind::kChoice: {
      // Casting a value outside the target's range is undefined behaviour:
      // an error message may format a rejected value (found by the fuzzer).
      const bool known = value >= 0 && value < static_cast<double>(info.choices.size());
      return "\"" + std::string(known ? info.choices[static_cast<std::size_t>(value)] : "?") + "\"";
    }
    case ValueKind::kInteger:
      if (std::abs(value) < 9.0e18) return std::to_string(static_cast<long long>(value));
      return number_text(value);
    case ValueKind::kReal: {
      std::string s = number_text(value);
      // Keep TOML floats floats: "1" would read back as an integer.
      if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
      return s;
    }
  }
  return {};
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Splits on a word surrounded by spaces (" or ", " and ").
std::vector<std::string_view> split_on(std::string_view s, std::string_view word) {
  std::vector<std::string_view> parts;
  const std::string sep = " " + std::string(word) + " ";
  for (std::size_t at = s.find(sep); at != std::string_view::npos; at = s.find(sep)) {
    parts.push_back(s.substr(0, at));
    s.remove_prefix(at + sep.size());
  }
  parts.push_back(s);
  return parts;
}

bool comparison_holds(
    std::string_view condition, std::string_view term,
    const std::function<std::optional<ConditionOperand>(std::string_view)>& lookup) {
  static constexpr std::string_view kOperators[] = {">=", "<=", "==", "!=", ">", "<"};
  const auto bad = [&](const std::string& why) {
    return std::invalid_argument("condition '" + std::string(condition) + "': " + why);
  };
  for (const std::string_view op : kOperators) {
    const auto at = term.find(op);
    if (at == std::string_view::npos) continue;
    const std::string_view key = trim(term.substr(0, at));
    const std::string_view literal = trim(term.substr(at + op.size()));
    const auto operand = lookup(key);
    if (!operand || !operand->info) throw bad("unknown key '" + std::string(key) + "'");
    double value = 0.0;
    try {
      value = parse_value_text(*operand->info, literal);
    } catch (const std::invalid_argument& e) {
      throw bad(e.what());
    }
    const double v = operand->value;
    if (op == ">=") return v >= value;
    if (op == "<=") return v <= value;
    if (op == "==") return v == value;
    if (op == "!=") return v != value;
    if (op == ">") return v > value;
    return v < value;
  }
  throw bad("expected section.key, a comparison (>, >=, <, <=, ==, !=) and a value");
}

}  // namespace

bool condition_holds(
    std::string_view condition,
    const std::function<std::optional<ConditionOperand>(std::string_view)>& lookup) {
  if (trim(condition).empty()) return true;
  bool any = false;
  // Every term is evaluated (no short cut) so a malformed one is always found.
  for (const std::string_view alternative : split_on(condition, "or")) {
    bool all = true;
    for (const std::string_view term : split_on(alternative, "and")) {
      all = comparison_holds(condition, trim(term), lookup) && all;
    }
    any = any || all;
  }
  return any;
}

bool condition_holds(std::string_view condition, std::span<ParameterSection* const> sections) {
  return condition_holds(condition, [&](std::string_view full) -> std::optional<ConditionOperand> {
    const ParameterRef p = find_parameter(sections, full);
    if (!p) return std::nullopt;
    return ConditionOperand{p.info, p.section->get(p.index)};
  });
}

std::string nearest_name(std::string_view word, std::span<const std::string> candidates) {
  // Levenshtein distance, two rows.
  auto distance = [](std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t substitute = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitute});
      }
      std::swap(prev, cur);
    }
    return prev[b.size()];
  };
  std::string best;
  std::size_t best_distance = static_cast<std::size_t>(-1);
  for (const auto& c : candidates) {
    const std::size_t d = distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // A typo changes a few letters; a wholly different word is no suggestion.
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 2);
  return best_distance <= limit ? best : std::string();
}

std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string near = nearest_name(word, candidates);
  return near.empty() ? std::string() : "; did you mean '" + near + "'?";
}

std::vector<std::string> split_names(std::string_view text) {
  std::vector<std::string> names;
  while (!text.empty()) {
    const auto end = text.find('\n');
    names.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return names;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += (text.empty() ? "" : "\n") + n;
  return text;
}

std::vector<std::filesystem::path> data_files(std::span<ParameterSection* const> sections) {
  std::vector<std::filesystem::path> files;
  for (const auto* section : sections) {
    const auto infos = section->parameters();
    for (std::size_t i = 0; i < infos.size(); ++i) {
      if (infos[i].kind != ValueKind::kPath) continue;
      const std::string text = section->text(i);
      if (!text.empty()) files.emplace_back(text);
    }
  }
  return files;
}

}  // namespace loom
