#include "cli/summary_table.hpp"

#include "sim/core/string_literal.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <stdexcept>

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

// The scenarios in the roles a summary reports them in.
struct Roles {
  std::vector<const NamedResult*> compared;  // the reference first
  const NamedResult* baseline = nullptr;
};

Roles roles_of(const std::vector<NamedResult>& results) {
  Roles r;
  for (const auto& x : results) {
    if (x.baseline)
      r.baseline = &x;
    else
      r.compared.push_back(&x);
  }
  return r;
}

// A scenario's values of a summary field (year 0) or of a headline metric
// at the end of year `year` (1-based).
const std::vector<double>& values_of(const NamedResult& r, const std::string& field,
                                     std::size_t year) {
  if (year == 0) return r.result->column(field);
  const auto& m = r.result->yearly_metrics;
  const auto at = std::find(m.begin(), m.end(), field);
  if (at == m.end()) throw std::out_of_range("no yearly metric " + field);
  return r.result->yearly[static_cast<std::size_t>(at - m.begin())].at(year - 1);
}

// Rows of cells, printed with every column as wide as its widest cell and
// " | " between columns, so no two columns ever run together.
void print_rows(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::size_t columns = 0;
  for (const auto& row : rows) columns = std::max(columns, row.size());
  std::vector<std::size_t> widths(columns, 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width_of(row[c]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) line += " | ";
      line += c + 1 < row.size() ? pad(row[c], widths[c]) : row[c];
    }
    out << line << "\n";
  }
}

std::string runs_label(const NamedResult& r) {
  return r.name + " (n=" + std::to_string(r.result->runs()) + ")";
}

}  // namespace

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

void print_summary_table(std::ostream& out, const std::vector<NamedResult>& results) {
  if (results.empty()) return;
  const Roles roles = roles_of(results);
  const auto& compared = roles.compared;
  const NamedResult& reference = *compared.front();
  const auto& fields = reference.result->fields;

  // 1. Each scenario's mean, and each one's difference from the reference.
  std::vector<std::vector<std::string>> rows;
  rows.emplace_back(1, "");
  for (const auto* r : compared) rows[0].push_back(runs_label(*r));
  for (std::size_t i = 1; i < compared.size(); ++i)
    rows[0].push_back(compared[i]->name + " - " + reference.name);
  for (const auto& field : fields) {
    std::vector<std::string> row{field};
    for (const auto* r : compared)
      row.push_back(cell(estimate_mean(r->result->column(field)), false));
    for (std::size_t i = 1; i < compared.size(); ++i) {
      const Difference d =
          difference(reference.result->column(field), compared[i]->result->column(field));
      row.push_back(cell(d.estimate, true) + (d.paired ? "" : " W"));
    }
    rows.push_back(std::move(row));
  }
  out << "Means over replicates with 95% intervals (Student's t";
  if (compared.size() > 1)
    out << "; differences paired by replicate, W = Welch when run counts differ";
  out << "; n/a = undefined, (k of n) = defined in k of n runs):\n";
  print_rows(out, rows);

  // 2. Against the baseline: what each scenario changes over doing nothing new.
  const NamedResult* base = roles.baseline;
  if (base) {
    rows.assign(1, {"", runs_label(*base) + ", the baseline"});
    for (const auto* r : compared) rows[0].push_back(r->name + " - " + base->name);
    for (const auto& field : fields) {
      std::vector<std::string> row{field, cell(estimate_mean(base->result->column(field)), false)};
      for (const auto* r : compared)
        row.push_back(
            cell(difference(base->result->column(field), r->result->column(field)).estimate, true));
      rows.push_back(std::move(row));
    }
    out << "\nAgainst the baseline, " << base->name << " (" << base->title
        << "): each scenario minus it, paired by replicate (same seed, same runs):\n";
    print_rows(out, rows);
  }

  // 3. The headline metrics year by year: when a difference appears, and
  // whether it lasts.
  const auto& yearly = reference.result->yearly_metrics;
  if (yearly.empty() || (compared.size() < 2 && !base)) return;
  for (const auto& metric : yearly) {
    rows.assign(1, {"year"});
    for (std::size_t i = 1; i < compared.size(); ++i)
      rows[0].push_back(compared[i]->name + " - " + reference.name);
    if (base) {
      for (const auto* r : compared) rows[0].push_back(r->name + " - " + base->name);
    }
    for (std::size_t year = 1; year <= reference.result->years(); ++year) {
      std::vector<std::string> row{std::to_string(year)};
      for (std::size_t i = 1; i < compared.size(); ++i)
        row.push_back(cell(
            difference(values_of(reference, metric, year), values_of(*compared[i], metric, year))
                .estimate,
            true));
      if (base) {
        for (const auto* r : compared)
          row.push_back(
              cell(difference(values_of(*base, metric, year), values_of(*r, metric, year)).estimate,
                   true));
      }
      rows.push_back(std::move(row));
    }
    out << "\n" << metric << " at the end of each year, differences paired by replicate:\n";
    print_rows(out, rows);
  }
}

void print_summary_csv(std::ostream& out, const std::vector<NamedResult>& results) {
  // n counts the runs with a value, missing those without (the value is
  // undefined there); empty cells are undefined numbers or do not apply.
  out << "scenario,field,year,mean,ci_low,ci_high,n,missing,difference_from,difference,"
         "difference_low,difference_high,difference_n,paired,baseline,baseline_difference,"
         "baseline_difference_low,baseline_difference_high,baseline_difference_n\n";
  if (results.empty()) return;
  const Roles roles = roles_of(results);
  const NamedResult& reference = *roles.compared.front();
  const NamedResult* base = roles.baseline;
  const auto row = [&](const NamedResult& r, const std::string& field, std::size_t year) {
    const auto& values = values_of(r, field, year);
    const Estimate e = estimate_mean(values);
    out << csv_field(r.name) << "," << csv_field(field) << "," << (year ? std::to_string(year) : "")
        << "," << csv_number(e.mean) << "," << csv_number(e.ci_low) << "," << csv_number(e.ci_high)
        << "," << e.count << "," << e.missing << ",";
    if (&r != &reference && !r.baseline) {
      const Difference d = difference(values_of(reference, field, year), values);
      out << csv_field(reference.name) << "," << csv_number(d.estimate.mean) << ","
          << csv_number(d.estimate.ci_low) << "," << csv_number(d.estimate.ci_high) << ","
          << d.estimate.count << "," << (d.paired ? "true" : "false") << ",";
    } else {
      out << ",,,,,,";
    }
    if (base && !r.baseline) {
      const Estimate d = difference(values_of(*base, field, year), values).estimate;
      out << csv_field(base->name) << "," << csv_number(d.mean) << "," << csv_number(d.ci_low)
          << "," << csv_number(d.ci_high) << "," << d.count << "\n";
    } else {
      out << ",,,,\n";
    }
  };
  for (const auto& r : results)
    for (const auto& field : r.result->fields) row(r, field, 0);
  for (const auto& r : results)
    for (const auto& metric : r.result->yearly_metrics)
      for (std::size_t year = 1; year <= r.result->years(); ++year) row(r, metric, year);
}

void print_summary_json(std::ostream& out, const std::vector<NamedResult>& results) {
  const Roles roles = roles_of(results);
  const NamedResult* reference = roles.compared.empty() ? nullptr : roles.compared.front();
  const NamedResult* base = roles.baseline;
  out << "{\n  \"interval\": \"95% interval for the mean (Student's t); differences from the "
         "first scenario and from the baseline, paired by replicate when run counts match, else "
         "Welch; missing values left out and counted\",\n";
  out << "  \"reference\": " << (reference ? string_literal(reference->name) : "null") << ",\n";
  out << "  \"baseline\": " << (base ? string_literal(base->name) : "null") << ",\n";
  out << "  \"scenarios\": [";
  const auto estimate = [&](const Estimate& e) {
    return "\"mean\": " + json_number(e.mean) + ", \"ci_low\": " + json_number(e.ci_low) +
           ", \"ci_high\": " + json_number(e.ci_high) + ", \"n\": " + std::to_string(e.count) +
           ", \"missing\": " + std::to_string(e.missing);
  };
  // One value's estimate and its differences, as JSON members.
  const auto members = [&](const NamedResult& r, const std::string& field, std::size_t year) {
    const auto& values = values_of(r, field, year);
    std::string s = estimate(estimate_mean(values));
    if (&r != reference && !r.baseline) {
      const Difference d = difference(values_of(*reference, field, year), values);
      s += ", \"difference\": {" + estimate(d.estimate) +
           ", \"paired\": " + (d.paired ? "true" : "false") + "}";
    }
    if (base && !r.baseline)
      s += ", \"baseline_difference\": {" +
           estimate(difference(values_of(*base, field, year), values).estimate) + "}";
    return s;
  };
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    out << (i ? ",\n" : "\n") << "    {\"id\": " << string_literal(r.name)
        << ", \"name\": " << string_literal(r.title)
        << ", \"description\": " << string_literal(r.description)
        << ", \"role\": " << (r.baseline ? "\"baseline\"" : "\"scenario\"")
        << ", \"runs\": " << r.result->runs() << ",\n     \"fields\": {";
    const auto& fields = r.result->fields;
    for (std::size_t f = 0; f < fields.size(); ++f) {
      out << (f ? ",\n" : "\n") << "       " << string_literal(fields[f]) << ": {"
          << members(r, fields[f], 0) << "}";
    }
    out << "},\n     \"yearly\": {";
    const auto& metrics = r.result->yearly_metrics;
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      out << (m ? ",\n" : "\n") << "       " << string_literal(metrics[m]) << ": [";
      for (std::size_t year = 1; year <= r.result->years(); ++year) {
        out << (year > 1 ? ",\n" : "\n") << "         {\"year\": " << year << ", "
            << members(r, metrics[m], year) << "}";
      }
      out << "]";
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
