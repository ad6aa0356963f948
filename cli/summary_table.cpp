#include "cli/summary_table.hpp"

#include "sim/core/string_literal.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "sim/core/statistics.hpp"

namespace loom {
namespace {

// "n/a" when no run has a value; "(k of n)" when only k of the n runs have
// one (a group with no students, an event that never happened).
std::string cell(const Estimate& e, bool signed_mean) {
  char buffer[96];
  if (!std::isfinite(e.mean)) {
    std::snprintf(buffer, sizeof buffer, "n/a");
  } else if (!std::isfinite(e.ci_low)) {
    std::snprintf(buffer, sizeof buffer, signed_mean ? "%+.3f [n/a]" : "%.3f [n/a]", e.mean);
  } else {
    std::snprintf(buffer, sizeof buffer, signed_mean ? "%+.3f [%+.3f, %+.3f]" : "%.3f [%.3f, %.3f]",
                  e.mean, e.ci_low, e.ci_high);
  }
  std::string text = buffer;
  if (e.missing > 0)
    text += " (" + std::to_string(e.count) + " of " + std::to_string(e.count + e.missing) + ")";
  return text;
}

// Replicate i of every scenario uses the same random streams (same seed,
// same replicate index), so differences are paired by replicate when the
// counts match; otherwise Welch's interval for independent samples.
struct Difference {
  Estimate estimate;
  bool paired = true;
};
Difference difference(const std::vector<double>& reference, const std::vector<double>& other) {
  const bool paired = reference.size() == other.size();
  return {
      paired ? estimate_paired_difference(reference, other) : estimate_difference(reference, other),
      paired};
}

// Display width: UTF-8 continuation bytes take no column.
std::size_t width_of(const std::string& s) {
  std::size_t w = 0;
  for (const char c : s) w += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return w;
}

std::string pad(std::string s, std::size_t width) {
  const std::size_t w = width_of(s);
  if (w < width) s.append(width - w, ' ');
  return s;
}

// A number in a CSV cell: empty when not finite (no interval from one run).
std::string csv_number(double value) {
  return std::isfinite(value) ? json_number(value) : "";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

void print_summary_table(std::ostream& out, const std::vector<NamedResult>& results) {
  if (results.empty()) return;
  const auto& fields = results.front().result->fields;
  // Cells first, then widths: every column as wide as its widest cell, and
  // " | " between columns, so no two columns ever run together.
  std::vector<std::vector<std::string>> rows;
  rows.emplace_back(1, "");
  for (const auto& r : results)
    rows[0].push_back(r.name + " (n=" + std::to_string(r.result->runs()) + ")");
  for (std::size_t i = 1; i < results.size(); ++i)
    rows[0].push_back(results[i].name + " - " + results[0].name);
  for (const auto& field : fields) {
    std::vector<std::string> row{field};
    std::vector<std::vector<double>> columns;
    for (const auto& r : results) {
      columns.push_back(r.result->column(field));
      row.push_back(cell(estimate_mean(columns.back()), false));
    }
    for (std::size_t i = 1; i < results.size(); ++i) {
      const Difference d = difference(columns[0], columns[i]);
      row.push_back(cell(d.estimate, true) + (d.paired ? "" : " W"));
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width_of(row[c]));
  }
  out << "Means over replicates with 95% intervals (Student's t";
  if (results.size() > 1)
    out << "; differences paired by replicate, W = Welch when run counts differ";
  out << "; n/a = undefined, (k of n) = defined in k of n runs):\n";
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) line += " | ";
      line += c + 1 < row.size() ? pad(row[c], widths[c]) : row[c];
    }
    out << line << "\n";
  }
}

void print_summary_csv(std::ostream& out, const std::vector<NamedResult>& results) {
  // n counts the runs with a value, missing those without (the value is
  // undefined there); empty cells are undefined numbers.
  out << "scenario,field,mean,ci_low,ci_high,n,missing,difference_from,difference,"
         "difference_low,difference_high,difference_n,paired\n";
  if (results.empty()) return;
  for (std::size_t i = 0; i < results.size(); ++i) {
    for (const auto& field : results[i].result->fields) {
      const auto& values = results[i].result->column(field);
      const Estimate e = estimate_mean(values);
      out << csv_field(results[i].name) << "," << csv_field(field) << "," << csv_number(e.mean)
          << "," << csv_number(e.ci_low) << "," << csv_number(e.ci_high) << "," << e.count << ","
          << e.missing;
      if (i == 0) {
        out << ",,,,,,\n";
        continue;
      }
      const Difference d = difference(results[0].result->column(field), values);
      out << "," << csv_field(results[0].name) << "," << csv_number(d.estimate.mean) << ","
          << csv_number(d.estimate.ci_low) << "," << csv_number(d.estimate.ci_high) << ","
          << d.estimate.count << "," << (d.paired ? "true" : "false") << "\n";
    }
  }
}

void print_summary_json(std::ostream& out, const std::vector<NamedResult>& results) {
  out << "{\n  \"interval\": \"95% interval for the mean (Student's t); differences from the "
         "first scenario, paired by replicate when run counts match, else Welch\",\n";
  out << "  \"reference\": " << (results.empty() ? "null" : string_literal(results[0].name))
      << ",\n";
  out << "  \"scenarios\": [";
  const auto estimate = [&](const Estimate& e) {
    return "\"mean\": " + json_number(e.mean) + ", \"ci_low\": " + json_number(e.ci_low) +
           ", \"ci_high\": " + json_number(e.ci_high) + ", \"n\": " + std::to_string(e.count) +
           ", \"missing\": " + std::to_string(e.missing);
  };
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    out << (i ? ",\n" : "\n") << "    {\"id\": " << string_literal(r.name)
        << ", \"name\": " << string_literal(r.title)
        << ", \"description\": " << string_literal(r.description)
        << ", \"runs\": " << r.result->runs() << ",\n     \"fields\": {";
    const auto& fields = r.result->fields;
    for (std::size_t f = 0; f < fields.size(); ++f) {
      const auto& values = r.result->column(fields[f]);
      out << (f ? ",\n" : "\n") << "       " << string_literal(fields[f]) << ": {"
          << estimate(estimate_mean(values));
      if (i > 0) {
        const Difference d = difference(results[0].result->column(fields[f]), values);
        out << ", \"difference\": {" << estimate(d.estimate)
            << ", \"paired\": " << (d.paired ? "true" : "false") << "}";
      }
      out << "}";
    }
    out << "}}";
  }
  out << "\n  ]\n}\n";
}

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace loom
