#include "parameter.hpp"

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
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) {
    throw std::invalid_argument("'" + std::string(text) + "' is not a number");
  }
  return value;
}

std::string format_value(const ParameterInfo& info, double value) {
  switch (info.kind) {
    case ValueKind::kBoolean:
      return value != 0.0 ? "true" : "false";
    case ValueKind::kChoice: {
      const auto i = static_cast<std::size_t>(value);
      return "\"" + std::string(i < info.choices.size() ? info.choices[i] : "?") + "\"";
    }
    case ValueKind::kInteger:
      return std::to_string(static_cast<long long>(value));
    case ValueKind::kReal: {
      std::string s = number_text(value);
      // Keep TOML floats floats: "1" would read back as an integer.
      if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
      return s;
    }
  }
  return {};
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

}  // namespace loom
