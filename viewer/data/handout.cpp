#include "viewer/data/handout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "sim/input/parameter.hpp"
#include "viewer/data/axis_ticks.hpp"
#include "viewer/data/metric_labels.hpp"
#include "viewer/data/summary_compare.hpp"

namespace loom::viewer {
namespace {

constexpr double kMargin = 42.0;
constexpr PdfColour kInk{0.1, 0.1, 0.1};
constexpr PdfColour kGrey{0.38, 0.38, 0.38};
constexpr PdfColour kRule{0.8, 0.8, 0.8};

constexpr PdfColour kFlipRed{0.75, 0.1, 0.1};

PdfColour colour_of(Rgb c) {
  return {c.r / 255.0, c.g / 255.0, c.b / 255.0};
}

std::vector<const ScenarioData*> data_of(const HandoutInput& in) {
  std::vector<const ScenarioData*> data;
  for (const auto& s : in.scenarios) data.push_back(s.data);
  return data;
}

// The bands of `measure` (checked present by resolve_measure).
const SeriesBands& bands_of(const HandoutScenario& s, const std::string& measure) {
  return s.data->bands[static_cast<std::size_t>(s.data->metric_index(measure))];
}

// "holds", "unclear", "clear", or "FLIPS" in capitals, and whether it flips
// (the cell is then set in red and bold).
std::pair<std::string, bool> verdict_word(const Estimate& as_shown, const Estimate& changed) {
  const std::string v = flip_verdict(as_shown, changed);
  return {v == "flips" ? "FLIPS" : v, v == "flips"};
}

// What one run is, in the room's words: a school, a network of schools.
std::string runs_of(const ScenarioData& d) {
  const std::string n = std::to_string(d.runs);
  if (d.model == "school") return n + " simulated schools";
  if (d.model == "network") return n + " simulated networks of schools";
  return n + " runs";
}

std::string measure_words(const std::string& field) {
  return metric_text(field).label_with_unit();
}

// "+0.151 [+0.145, +0.157]" (or "n/a ..." as the summary table says it).
std::string interval(const Estimate& e, int decimals, bool signed_mean) {
  const EstimateText t = estimate_text(e, decimals, signed_mean);
  return t.top + " " + t.bottom;
}

// The key plot: each scenario's median school (line) and middle half of
// schools (shaded), over school years. Returns the y below it.
double key_plot(PdfPage& page, const HandoutInput& in, const std::string& measure, double top) {
  // Shorter with more scenarios, whose table rows and flip columns need the
  // room: five scenarios fill the page with a 160-point plot.
  const double left = kMargin + 34.0, right = page.width() - kMargin;
  const double height =
      210.0 - 25.0 * static_cast<double>(std::max<std::size_t>(in.scenarios.size(), 3) - 3);
  const double bottom = top + height;
  double lo = INFINITY, hi = -INFINITY;
  int steps = 0, per_year = 0;
  for (const auto& s : in.scenarios) {
    const SeriesBands& b = bands_of(s, measure);
    for (const auto* series : {&b.p25, &b.p75, &b.median}) {
      for (const double v : *series) {
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
      }
    }
    steps = std::max(steps, static_cast<int>(b.steps()));
    per_year = s.data->weeks_per_year;
  }
  const AxisRange range = padded_range(lo, hi);
  const auto x_at = [&](double step) {
    return left + (right - left) * step / std::max(steps - 1, 1);
  };
  const auto y_at = [&](double v) {
    return bottom - height * (v - range.lo) / (range.hi - range.lo);
  };
  // Grid and axes.
  const double step = nice_step(range.lo, range.hi, 6);
  for (const double v : nice_ticks(range.lo, range.hi, 6)) {
    page.line({left, y_at(v)}, {right, y_at(v)}, 0.4, kRule);
    const std::string label = format_tick(v, step);
    page.text({left - 4.0 - PdfPage::text_width(label, 8), y_at(v) + 3.0}, label, 8, false, kGrey);
  }
  const bool years = per_year > 0 && steps >= per_year;
  const int every = years ? per_year : std::max(1, steps / 6);
  for (int t = 0; t <= steps; t += every) {
    const double x = x_at(std::min(t, steps - 1));
    page.line({x, bottom}, {x, bottom + 3.0}, 0.6, kGrey);
    const std::string label = years ? "Year " + std::to_string(t / per_year) : std::to_string(t);
    if (!years || t > 0)
      page.text({x - PdfPage::text_width(label, 8) / 2, bottom + 12.0}, label, 8, false, kGrey);
  }
  page.line({left, bottom}, {right, bottom}, 0.6, kGrey);
  // Bands first (lightened, so every line stays visible over them), then lines.
  for (const auto& s : in.scenarios) {
    const SeriesBands& b = bands_of(s, measure);
    std::vector<PdfPoint> band;
    for (std::size_t t = 0; t < b.steps(); ++t)
      if (std::isfinite(b.p75[t])) band.push_back({x_at(static_cast<double>(t)), y_at(b.p75[t])});
    for (std::size_t t = b.steps(); t-- > 0;)
      if (std::isfinite(b.p25[t])) band.push_back({x_at(static_cast<double>(t)), y_at(b.p25[t])});
    page.fill(band, colour_of(s.colour), 0.22);
  }
  for (const auto& s : in.scenarios) {
    const SeriesBands& b = bands_of(s, measure);
    std::vector<PdfPoint> line;
    for (std::size_t t = 0; t < b.steps(); ++t)
      if (std::isfinite(b.median[t]))
        line.push_back({x_at(static_cast<double>(t)), y_at(b.median[t])});
    page.polyline(line, 1.6, colour_of(s.colour));
  }
  // Legend.
  double x = left, y = bottom + 30.0;
  for (const auto& s : in.scenarios) {
    const std::string label = s.label + (s.data->baseline ? " (doing nothing new)" : "");
    const double w = 14.0 + PdfPage::text_width(label, 9) + 16.0;
    if (x + w > right) x = left, y += 13.0;
    page.rectangle({x, y - 8.0}, 9.0, 9.0, colour_of(s.colour));
    page.text({x + 13.0, y}, label, 9, false, kInk);
    x += w;
  }
  return page.wrapped_text({kMargin, y + 16.0},
                           "Line: the middle run of the " + runs_of(*in.scenarios.front().data) +
                               " (median). Shaded: the middle half of the runs. This is the "
                               "spread one could see, not the uncertainty of the mean (the table "
                               "below gives that).",
                           8.5, page.width() - 2 * kMargin, false, kGrey);
}

// The summary at the end: a row per scenario with its mean and its
// difference from the reference (and from doing nothing), in words.
double summary_table(PdfPage& page, const HandoutInput& in, const std::string& measure,
                     double top) {
  const auto data = data_of(in);
  const auto rows = summary_rows(data);
  const auto row = std::find_if(rows.begin(), rows.end(),
                                [&](const SummaryRow& r) { return r.field == measure; });
  double y = top;
  page.text({kMargin, y}, "At the end of the run: " + measure_words(measure), 12, true, kInk);
  y += 16.0;
  if (row == rows.end()) {
    return page.wrapped_text({kMargin, y},
                             "The results have no end-of-run summary of this measure.", 9.5,
                             page.width() - 2 * kMargin, false, kGrey);
  }
  const int decimals = decimals_for(row->estimates);
  const int better = metric_text(measure).better;
  const int base = baseline_index(data);
  const double c1 = kMargin, c2 = kMargin + 150.0, c3 = kMargin + 275.0;
  const double width = page.width() - kMargin - c3;
  page.text({c1, y}, "Scenario", 8.5, true, kGrey);
  page.text({c2, y}, "Mean, 95% interval", 8.5, true, kGrey);
  page.text({c3, y}, "Difference, 95% interval, in words", 8.5, true, kGrey);
  y += 5.0;
  page.line({kMargin, y}, {page.width() - kMargin, y}, 0.5, kRule);
  y += 12.0;
  for (std::size_t i = 0; i < in.scenarios.size(); ++i) {
    const auto& s = in.scenarios[i];
    page.rectangle({c1, y - 8.0}, 8.0, 8.0, colour_of(s.colour));
    const double name_end = page.wrapped_text({c1 + 12.0, y}, s.label, 9.5, c2 - c1 - 18.0, true);
    page.text({c2, y}, row->present[i] ? interval(row->estimates[i], decimals, false) : "n/a", 9.5);
    double line = y;
    const auto say = [&](const Estimate& d, const std::string& against) {
      const DifferenceWords words = difference_words(d, better);
      line = page.wrapped_text({c3, line},
                               interval(d, decimals, true) + " vs " + against + ": " + words.full,
                               9.5, width);
    };
    if (i == 0) {
      line = page.wrapped_text({c3, line}, "the reference", 9.5, width, false, kGrey);
    } else if (row->present[i] && row->present[0]) {
      say(row->differences[i], in.scenarios[0].label);
    }
    if (base >= 0 && static_cast<int>(i) != base && row->present[i] && base != 0)
      say(row->baseline_differences[i], "doing nothing new");
    y = std::max({name_end, line, y + 12.0}) + 4.0;
  }
  return page.wrapped_text({kMargin, y + 2.0},
                           "95% intervals of the mean over the runs; paired by run (the same "
                           "school and chance events in every scenario) where the runs allow. "
                           "\"Excludes 0\": the runs show a difference beyond chance.",
                           8.5, page.width() - 2 * kMargin, false, kGrey);
}

// Several scenarios against the reference: one row per assumption, one
// column per scenario, each cell the verdict at the low and the high end,
// so the page still holds everything (five scenarios' detailed tables took
// a page and a half).
double flip_matrix(PdfPage& page, const HandoutInput& in, double top) {
  const double full = page.width() - 2 * kMargin;
  const auto& first = in.flips.front();
  double y = page.wrapped_text(
      {kMargin, top},
      "Each scenario minus " + in.scenarios[0].label + ", " + measure_words(first.measure) + ", " +
          std::to_string(first.replicates) +
          " paired runs each, with each assumption set in every scenario to the low, then the "
          "high end of the range the sensitivity screen tried. A cell reads: at the low end / at "
          "the high end. (Make a handout of two scenarios for the differences themselves.)",
      9.5, full);
  const double label_width = 170.0;
  const double column = (full - label_width) / static_cast<double>(in.flips.size());
  double header_end = y + 2.0;
  for (std::size_t k = 0; k < in.flips.size(); ++k) {
    const double x = kMargin + label_width + column * static_cast<double>(k);
    header_end =
        std::max(header_end, page.wrapped_text({x, y + 2.0}, in.scenarios[in.flips[k].other].label,
                                               8.5, column - 6.0, true, kGrey));
  }
  y = header_end;
  page.line({kMargin, y - 6.0}, {page.width() - kMargin, y - 6.0}, 0.5, kRule);
  y += 4.0;
  for (std::size_t a = 0; a < first.rows.size(); ++a) {
    double end =
        page.wrapped_text({kMargin, y}, first.rows[a].assumption.label, 9, label_width - 8.0, true);
    for (std::size_t k = 0; k < in.flips.size(); ++k) {
      const FlipCheck& check = in.flips[k];
      const FlipRow& r = check.rows[a];
      std::string cell = "not a setting";
      bool flips = false;
      if (r.applies) {
        const auto [low, low_flips] = verdict_word(check.as_shown, r.at_low);
        const auto [high, high_flips] = verdict_word(check.as_shown, r.at_high);
        flips = low_flips || high_flips;
        cell = low + " / " + high;
      }
      const double x = kMargin + label_width + column * static_cast<double>(k);
      end = std::max(
          end, page.wrapped_text({x, y}, cell, 9, column - 6.0, flips, flips ? kFlipRed : kInk));
    }
    y = end + 3.0;
  }
  return page.wrapped_text(
      {kMargin, y + 4.0},
      "holds: the same conclusion as shown; FLIPS: the other side of 0; unclear: the interval "
      "includes 0; clear: a difference where the shown one was unclear. The assumptions are the "
      "Loom constants (invented, illustrative) that moved shared minus top-down leadership most "
      "in the sensitivity screen (docs/sensitivity.md).",
      8.5, full, false, kGrey);
}

// What could change the conclusion: the flip checks, or why there are none.
double flip_section(PdfPage& page, const HandoutInput& in, double top) {
  double y = top;
  page.text({kMargin, y}, "What could change the conclusion", 12, true, kInk);
  y += 15.0;
  const double full = page.width() - 2 * kMargin;
  if (in.flips.empty()) {
    return page.wrapped_text({kMargin, y},
                             "Not checked: " + (in.flips_note.empty() ? std::string("no check was "
                                                                                    "run")
                                                                      : in.flips_note),
                             9.5, full, false, kGrey);
  }
  if (in.flips.size() > 1) return flip_matrix(page, in, y);
  // One scenario against the reference: each difference with its interval.
  const FlipCheck& check = in.flips.front();
  const int decimals = decimals_for({check.as_shown});
  y = page.wrapped_text(
      {kMargin, y},
      in.scenarios[check.other].label + " minus " + in.scenarios[0].label + ", " +
          measure_words(check.measure) + ", " + std::to_string(check.replicates) +
          " paired runs each: " + interval(check.as_shown, decimals, true) +
          " as shown. Each assumption below is set in both scenarios to the low, then the high "
          "end of the range the sensitivity screen tried:",
      9.5, full);
  y += 2.0;
  const double c2 = kMargin + 230.0, c3 = kMargin + 375.0;
  for (const FlipRow& r : check.rows) {
    const double label_end =
        page.wrapped_text({kMargin, y}, r.assumption.label, 9, c2 - kMargin - 8.0, true);
    const double key_end = page.wrapped_text({kMargin, label_end - 1.0}, r.assumption.key, 7.5,
                                             c2 - kMargin - 8.0, false, kGrey);
    const auto cell = [&](double x, double value, const Estimate& e) {
      const auto [word, flips] = verdict_word(check.as_shown, e);
      char at[32];
      std::snprintf(at, sizeof at, "at %g: ", value);
      return page.wrapped_text({x, y}, at + interval(e, decimals, true) + " " + word, 9,
                               c3 - c2 - 6.0, flips, flips ? kFlipRed : kInk);
    };
    double end = key_end;
    if (r.applies) {
      end = std::max(
          {end, cell(c2, r.assumption.low, r.at_low), cell(c3, r.assumption.high, r.at_high)});
    } else {
      end = std::max(end, page.wrapped_text({c2, y}, "not a setting of these scenarios", 9,
                                            full - (c2 - kMargin), false, kGrey));
    }
    y = end + 3.0;
  }
  y += 4.0;
  return page.wrapped_text(
      {kMargin, y},
      "holds: the same conclusion; FLIPS: the interval lies on the other side of 0; unclear: it "
      "includes 0. The assumptions are the Loom constants (invented, illustrative) that moved "
      "shared minus top-down leadership most in the sensitivity screen (docs/sensitivity.md); for "
      "another pair they are a list worth trying, not that pair's own ranking.",
      8.5, full, false, kGrey);
}

// `measure`, or handout_measure() when it is empty, checked to be plotted
// in every scenario. Throws std::invalid_argument naming the nearest.
std::string resolve_measure(std::span<const ScenarioData* const> data, std::string measure) {
  if (measure.empty()) measure = handout_measure(data);
  for (const auto* d : data) {
    if (!measure.empty() && d->metric_index(measure) >= 0 && !d->bands.empty()) continue;
    throw std::invalid_argument("no measure '" + measure + "' in scenario " + d->id +
                                suggestion(measure, d->metrics));
  }
  return measure;
}

}  // namespace

std::string handout_measure(std::span<const ScenarioData* const> scenarios) {
  if (scenarios.empty()) return "";
  const auto everywhere = [&](const std::string& m) {
    return std::all_of(scenarios.begin(), scenarios.end(),
                       [&](const ScenarioData* d) { return d && d->metric_index(m) >= 0; });
  };
  if (everywhere("outcome_mean")) return "outcome_mean";
  for (const auto& m : scenarios.front()->headline_metrics)
    if (everywhere(m)) return m;
  for (const auto& m : scenarios.front()->metrics)
    if (everywhere(m)) return m;
  return "";
}

PdfPage handout_page(const HandoutInput& in) {
  if (in.scenarios.empty()) throw std::invalid_argument("a handout needs at least one scenario");
  const std::string measure = resolve_measure(data_of(in), in.measure);
  PdfPage page;
  const double full = page.width() - 2 * kMargin;
  // "Shared leadership compared with Top-down leadership (and with doing
  // nothing new)": the baseline is named for what it is.
  std::string title, others;
  bool baseline = false;
  for (std::size_t i = 1; i < in.scenarios.size(); ++i) {
    if (in.scenarios[i].data->baseline) {
      baseline = true;
      continue;
    }
    others += (others.empty() ? "" : ", ") + in.scenarios[i].label;
  }
  title =
      others.empty() ? in.scenarios[0].label : others + " compared with " + in.scenarios[0].label;
  if (baseline) title += " and with doing nothing new";
  double y = page.wrapped_text({kMargin, 58.0}, title, 16, full, true, kInk, 1.2);
  const ScenarioData& first = *in.scenarios.front().data;
  y = page.wrapped_text({kMargin, y},
                        runs_of(first) + " per scenario (seed " + std::to_string(first.seed) +
                            "). " + measure_words(measure) + ": " + metric_text(measure).term,
                        9, full, false, kGrey);
  y = key_plot(page, in, measure, y + 8.0);
  y = summary_table(page, in, measure, y + 16.0);
  y = flip_section(page, in, y + 14.0);
  std::string sources;
  for (const auto& s : in.sources) sources += (sources.empty() ? "" : ", ") + s;
  page.wrapped_text({kMargin, std::max(y + 14.0, page.height() - 52.0)},
                    "Made by Loom from " + (sources.empty() ? "what-if runs" : sources) +
                        ". Every size here follows from stated assumptions (Loom assumptions, "
                        "illustrative, unless docs/parameters.md cites a source); it is not a "
                        "forecast for a particular school. docs/validation.md and "
                        "docs/calibration.md say which patterns were checked against data.",
                    7.5, full, false, kGrey);
  return page;
}

std::string write_handout(HandoutInput in, std::span<const std::filesystem::path> preset_folders,
                          int replicates, int threads, const std::filesystem::path& path) {
  const auto data = data_of(in);
  in.measure = resolve_measure(data, in.measure);  // before the runs: a typo fails at once
  const auto assumptions = ranked_assumptions(preset_folders);
  if (data.size() < 2) {
    in.flips_note = "one scenario alone has no comparison to flip.";
  } else if (assumptions.empty()) {
    in.flips_note =
        "the sensitivity ranking (sensitivity-ranking.tsv, written by "
        "scripts/sensitivity.py) was not found beside the presets.";
  } else if (std::any_of(data.begin(), data.end(),
                         [](const ScenarioData* d) { return !d->settings; })) {
    in.flips_note =
        "a scenario's settings could not be read from its file, so it cannot be "
        "re-run.";
  } else {
    in.flips = check_flips(data, in.measure, assumptions, replicates, threads);
    if (in.flips.empty()) in.flips_note = "no scenario besides the reference to compare.";
  }
  handout_page(in).save(path);
  return "Saved the handout to " + path.string() +
         (in.flips.empty()
              ? " (assumptions not checked: " + in.flips_note + ")"
              : " (" + std::to_string(in.flips.front().rows.size()) + " assumptions checked with " +
                    std::to_string(replicates) + " paired runs)");
}

}  // namespace loom::viewer
