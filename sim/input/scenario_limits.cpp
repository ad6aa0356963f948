#include "sim/core/string_literal.hpp"
#include "sim/input/scenario.hpp"

// The raw-text checks a scenario file passes before the TOML parser sees it
// (ScenarioLimits): a hostile or broken file is refused with its file and
// line instead of exhausting the parser's stack or time.
namespace loom {

namespace {

std::string limit_error(const std::string& file, std::size_t line, const std::string& why) {
  return file + ":" + std::to_string(line) + ": " + why;
}

// Scans TOML text just well enough to find strings, comments, brackets and
// keys; anything it does not understand is left for the parser to report.
class LimitScanner {
 public:
  LimitScanner(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  void run() {
    using L = ScenarioLimits;
    if (text_.size() > L::kMaxBytes) {
      throw ScenarioError(file_ + ": the file has " + std::to_string(text_.size()) +
                          " bytes; a scenario file may have at most " +
                          std::to_string(L::kMaxBytes) + " (1 MiB)");
    }
    // TOML is UTF-8; toml11 3.7 reads out of bounds when it reports some
    // invalid sequences (found by the fuzzer), so they never reach it.
    for (std::size_t at = 0; at < text_.size();) {
      const std::size_t length = utf8_length(text_, at);
      if (length == 0) {
        const auto line =
            1 + std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(at), '\n');
        static constexpr char kHex[] = "0123456789ABCDEF";
        const auto byte = static_cast<unsigned char>(text_[at]);
        throw ScenarioError(limit_error(file_, static_cast<std::size_t>(line),
                                        std::string("not valid UTF-8 (byte 0x") + kHex[byte >> 4] +
                                            kHex[byte & 0xf] +
                                            "); a scenario file must be UTF-8 text"));
      }
      at += length;
    }
    bool key_position = true;  // at the start of a line outside any value, or in { }
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\n') {
        ++line_;
        ++i_;
        if (stack_.empty()) key_position = true;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++i_;
      } else if (c == '#') {
        while (i_ < text_.size() && text_[i_] != '\n') ++i_;
      } else if (key_position) {
        key_position = false;
        if (c == '[' && stack_.empty()) {  // [table] or [[array of tables]]
          ++i_;
          if (i_ < text_.size() && text_[i_] == '[') ++i_;
          while (i_ < text_.size() && (text_[i_] == ' ' || text_[i_] == '\t')) ++i_;
        }
        scan_key();
      } else if (c == '"' || c == '\'') {
        skip_string();
      } else if (c == '[' || c == '{') {
        stack_.push_back(c);
        if (stack_.size() > L::kMaxDepth) {
          throw ScenarioError(limit_error(file_, line_,
                                          "values nested more than " +
                                              std::to_string(L::kMaxDepth) +
                                              " levels deep ([ and {); a scenario needs none"));
        }
        if (c == '{') key_position = true;
        ++i_;
      } else if (c == ']' || c == '}') {
        if (!stack_.empty()) stack_.pop_back();
        ++i_;
      } else if (c == ',') {
        if (!stack_.empty() && stack_.back() == '{') key_position = true;
        ++i_;
      } else {
        ++i_;
      }
    }
  }

 private:
  // Skips a basic or literal string, single- or multi-line, starting at i_.
  void skip_string() {
    const char quote = text_[i_];
    const bool multi = i_ + 2 < text_.size() && text_[i_ + 1] == quote && text_[i_ + 2] == quote;
    i_ += multi ? 3 : 1;
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\n') {
        if (!multi) return;  // unterminated: the parser says so
        ++line_;
      } else if (c == '\\' && quote == '"' && i_ + 1 < text_.size() && text_[i_ + 1] != '\n') {
        i_ += 2;
        continue;
      } else if (c == quote) {
        if (!multi) {
          ++i_;
          return;
        }
        if (i_ + 2 < text_.size() && text_[i_ + 1] == quote && text_[i_ + 2] == quote) {
          i_ += 3;
          while (i_ < text_.size() && text_[i_] == quote) ++i_;  // """"" ends in quotes
          return;
        }
      }
      ++i_;
    }
  }

  // A (dotted) key from i_ up to '=', a bracket, a comma or the end of the line.
  void scan_key() {
    using L = ScenarioLimits;
    const std::size_t start = i_, line = line_;
    std::size_t parts = 1, end = i_;
    while (i_ < text_.size()) {
      const char c = text_[i_];
      // A key holds no brackets, commas or comments: they are left to run()
      // so that nesting is counted even in a broken key.
      if (c == '=' || c == '[' || c == ']' || c == '{' || c == '}' || c == ',' || c == '\n' ||
          c == '#')
        break;
      if (c == '"' || c == '\'') {
        skip_string();
        end = i_;
        continue;
      }
      if (c == '.') ++parts;
      if (c != ' ' && c != '\t' && c != '\r') end = i_ + 1;
      ++i_;
    }
    if (parts > L::kMaxKeyParts) {
      throw ScenarioError(limit_error(
          file_, line,
          "a key with " + std::to_string(parts) + " dotted parts; at most " +
              std::to_string(L::kMaxKeyParts) + " (a scenario's are like leadership.insiders)"));
    }
    if (end - start > L::kMaxKeyLength) {
      throw ScenarioError(limit_error(file_, line,
                                      "a key of " + std::to_string(end - start) +
                                          " characters; at most " +
                                          std::to_string(L::kMaxKeyLength)));
    }
    if (++keys_ > L::kMaxKeys) {
      throw ScenarioError(limit_error(
          file_, line,
          "more than " + std::to_string(L::kMaxKeys) + " keys and table headers in one file"));
    }
  }

  std::string_view text_;
  const std::string& file_;
  std::size_t i_ = 0, line_ = 1, keys_ = 0;
  std::string stack_;  // the open '[' and '{'
};

}  // namespace

void check_scenario_limits(std::string_view text, const std::string& source_name) {
  LimitScanner(text, source_name).run();
}

}  // namespace loom
