// Behaviour tests for the school model's credibility: the time scale of
// the shared way, learning through evidence, the implementation dip,
// steady-state turnover and bounded responses. Each compares
// configurations over replicates that share random streams (paired), and
// states its tolerance.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>

#include "models/catalog/model_catalog.hpp"
#include "sim/core/statistics.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/scenario.hpp"
#include "sim/run/model.hpp"
#include "tests/models/school/school_test_support.hpp"
#include "tests/same_bits.hpp"

using namespace loom;
using loom::testing::metric_index;

namespace {

struct Preset {
  std::unique_ptr<Model> model;
  ScenarioHeader header;
};

Preset load_preset(const std::string& path, const std::vector<std::string>& overrides = {},
                   bool validate = true) {
  const ScenarioFile f = ScenarioFile::load(path);
  Preset p{make_model(f.header().model), f.header()};
  const auto sections = p.model->sections();
  f.apply(sections);
  for (const auto& o : overrides) apply_override(sections, o);
  if (validate) p.model->validate();
  return p;
}

// Every preset of the school model in scenarios/, sorted.
std::vector<std::string> school_preset_paths() {
  std::vector<std::string> paths;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(LOOM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".toml") continue;
    if (load_preset(entry.path().string(), {}, false).header.model == "school")
      paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string preset_path(const std::string& name) {
  return std::string(LOOM_SOURCE_DIR) + "/scenarios/" + name + ".toml";
}

// Value of a weekly metric at `week` (0-based) of each replicate.
std::vector<double> at_week(const Preset& p, int replicates, const std::string& metric, int week) {
  const auto layout = p.model->layout();
  const std::size_t j = metric_index(metric), width = layout.metrics.size();
  std::vector<double> out;
  for (int r = 0; r < replicates; ++r) {
    const auto run = p.model->run(p.header.seed, static_cast<std::uint64_t>(r));
    const int w = week < 0 ? layout.steps + week : week;
    out.push_back(run.series[static_cast<std::size_t>(w) * width + j]);
  }
  return out;
}

std::vector<double> minus(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
  return d;
}

double mean_of(const std::vector<double>& v) {
  return estimate_mean(v).mean;
}

// Mean yearly teacher turnover rate per school year over replicates.
std::vector<double> turnover_by_year(const SchoolParams& p, int replicates) {
  const std::size_t j = metric_index("teacher_exits"), width = school_metric_names().size();
  const int weeks = p.school.weeks_per_year;
  std::vector<double> rate(static_cast<std::size_t>(p.school.years), 0.0);
  for (int r = 0; r < replicates; ++r) {
    const auto run = run_school(p, 2026, static_cast<std::uint64_t>(r));
    for (int w = 0; w < p.school.years * weeks; ++w)
      rate[static_cast<std::size_t>(w / weeks)] +=
          run.series[static_cast<std::size_t>(w) * width + j];
  }
  for (auto& x : rate) x /= static_cast<double>(replicates) * p.school.teachers;
  return rate;
}

}  // namespace

TEST_CASE("The shared way takes years to build under every school preset", "[school][time]") {
  // Fixsen et al. (2005): full implementation of a school-wide practice
  // takes 2-4 years. Built from nothing (school.history_years = 0, March's
  // blank start; with a history the school already has its shared way at
  // week 0), under every preset, code knowledge after 6 weeks must be
  // under a quarter of its level at the end of year 5, and at the end of
  // year 1 under 80% of the best year-end level of years 2-5 (a preset
  // whose successor undoes the work peaks before year 5). 16 replicates:
  // the observed ratios are 0.10-0.15 and 0.5-0.7, many standard errors
  // from the bounds.
  int presets = 0;
  for (const auto& path : school_preset_paths()) {
    const Preset p = load_preset(path, {"school.history_years=0"});
    INFO(std::filesystem::path(path).filename().string());
    const double week6 = mean_of(at_week(p, 16, "code_knowledge", 5));
    const double year1 = mean_of(at_week(p, 16, "code_knowledge", 35));
    const double year5 = mean_of(at_week(p, 16, "code_knowledge", 5 * 36 - 1));
    double best_later = year5;
    for (int year = 2; year < 5; ++year)
      best_later = std::max(best_later, mean_of(at_week(p, 16, "code_knowledge", year * 36 - 1)));
    CHECK(week6 < 0.25 * year5);
    CHECK(year1 < 0.8 * best_later);
    ++presets;
  }
  CHECK(presets >= 9);
}

TEST_CASE("PDSA cycles raise outcomes when the shared way has something left to learn",
          "[school][pdsa]") {
  // The improvement method must matter where there is something to find.
  // In the school as usual the shared way is already right for the majority
  // (docs/model/limitations.md, item 23), and under the shared-leadership
  // preset its voices bring the underserved group's practices to staff
  // meetings, so with voices PDSA finds little (about 0 SD at the defaults:
  // validation section i). Without voices, the underserved layer's practices
  // are left for tested ideas: PDSA on minus off after 5 years, paired over
  // 60 replicates, must have its 95% interval above 0 (observed about
  // +0.019 SD, SE about 0.001).
  const std::vector<std::string> no_voices{"leadership.voice_members=0"};
  const Preset on = load_preset(preset_path("shared-leadership"), no_voices);
  auto off_settings = no_voices;
  off_settings.push_back("pdsa.enabled=false");
  const Preset off = load_preset(preset_path("shared-leadership"), off_settings);
  const auto d = estimate_mean(
      minus(at_week(on, 60, "outcome_mean", -1), at_week(off, 60, "outcome_mean", -1)));
  INFO("PDSA on - off: " << d.mean << " [" << d.ci_low << ", " << d.ci_high << "]");
  CHECK(d.ci_low > 0.0);
}

TEST_CASE("New initiatives dip in year 1 and end ahead when their cycles have something to learn",
          "[school][dip]") {
  // Two initiatives vs none under shared leadership without voices (so the
  // cycles have practices to find: see the test above), no later launches:
  // start-up load, learning new practice and test lessons cost before the
  // tested ideas pay. Paired over 60 replicates: at week 12 the difference
  // in mean outcome must be below 0 and at the end above 0 (95% intervals;
  // observed -0.0006 with SE < 0.0001, and +0.015 with SE about 0.002). With
  // voices the end is about level (+0.004 [-0.000, +0.008] over 100).
  const Preset two = load_preset(preset_path("shared-leadership"),
                                 {"initiatives.new_per_year=0", "leadership.voice_members=0"});
  const Preset none = load_preset(
      preset_path("shared-leadership"),
      {"initiatives.new_per_year=0", "initiatives.at_start=0", "leadership.voice_members=0"});
  const auto dip = estimate_mean(
      minus(at_week(two, 60, "outcome_mean", 11), at_week(none, 60, "outcome_mean", 11)));
  const auto end = estimate_mean(
      minus(at_week(two, 60, "outcome_mean", -1), at_week(none, 60, "outcome_mean", -1)));
  INFO("week 12: " << dip.mean << " [" << dip.ci_low << ", " << dip.ci_high << "]");
  INFO("end: " << end.mean << " [" << end.ci_low << ", " << end.ci_high << "]");
  CHECK(dip.ci_high < 0.0);
  CHECK(end.ci_low > 0.0);
}

TEST_CASE("The school as usual starts in its steady state: flat turnover on the NCES anchors",
          "[school][turnover]") {
  // The school's history (and the first staff's tenure and the principal's
  // recent history, drawn from the steady state before it) leave yearly
  // turnover flat: year 5 minus year 1 within 2 points. The realised 5-year rate at poverty 0.125,
  // 0.5 and 0.875 must be within 1 point of NCES's 14%, 16% and 21%. 150 replicates x 59 teachers x
  // 5 years: SE of a 5-year rate about 0.0013, of one year's about 0.003.
  const std::vector<std::pair<double, double>> anchors{{0.125, 0.14}, {0.5, 0.16}, {0.875, 0.21}};
  for (const auto& [poverty, anchor] : anchors) {
    SchoolParams p;
    p.school.poverty = poverty;
    // NCES's rates are those of schools in their usual conditions: the
    // school as usual (no new improvement work), whose history sets what
    // the turnover modifiers count as usual (turnover.hpp).
    p = business_as_usual(p);
    const auto years = turnover_by_year(p, 150);
    double total = 0.0;
    for (double x : years) total += x;
    INFO("poverty " << poverty << ": year 1 " << years.front() << ", year 5 " << years.back()
                    << ", 5-year mean " << total / 5);
    CHECK(std::abs(total / 5 - anchor) < 0.01);
    if (poverty == 0.5) CHECK(std::abs(years.back() - years.front()) < 0.02);
  }
}

TEST_CASE("No preset drives teacher turnover to implausible levels", "[school][turnover]") {
  // Conditions move exits through bounded modifiers (turnover.max_modifier):
  // every school preset's mean 5-year turnover stays under 35% a year.
  for (const auto& path : school_preset_paths()) {
    const Preset p = load_preset(path);
    INFO(std::filesystem::path(path).filename().string());
    const std::size_t f = loom::testing::summary_index("teacher_turnover_rate");
    std::vector<double> rates;
    for (int r = 0; r < 16; ++r) rates.push_back(p.model->run(p.header.seed, r).summary[f]);
    CHECK(mean_of(rates) < 0.35);
  }
}

TEST_CASE("Burnout rises gradually with initiative load, without a cliff", "[school][capacity]") {
  // 0, 1, 2 and 4 new initiatives a year: burnout at the end rises with
  // each step, and no single step (1 -> 2 included) carries more than 60%
  // of the rise from 0 to 4 (observed 0 / 0.06 / 0.37 / 0.70). 40 replicates.
  std::vector<double> burnout;
  for (int k : {0, 1, 2, 4}) {
    SchoolParams p;
    p.initiatives.new_per_year = k;
    burnout.push_back(mean_of(loom::testing::column(p, 40, "burnout")));
  }
  INFO(burnout[0] << " " << burnout[1] << " " << burnout[2] << " " << burnout[3]);
  const double rise = burnout[3] - burnout[0];
  REQUIRE(rise > 0.1);
  for (std::size_t i = 1; i < burnout.size(); ++i) {
    CHECK(burnout[i] > burnout[i - 1]);
    CHECK(burnout[i] - burnout[i - 1] < 0.6 * rise);
  }
}

TEST_CASE("A principal's exit raises teacher turnover by a few points", "[school][turnover]") {
  // Béteille, Kalogrides & Loeb (2012) and Miller (2013): teacher turnover
  // rises by a few points for one to two years after a principal leaves.
  // Here it comes from trust in the new principal starting over. Forced
  // exit after year 1 vs none (no other principal exits), paired over 300
  // replicates: year-2 turnover difference between +1 and +7 points
  // (observed about +4, SE about 0.4).
  SchoolParams calm;
  calm.turnover.principal_exit_rate = 0.0;
  SchoolParams exit = calm;
  exit.succession.forced_exit_year = 1;
  const auto a = turnover_by_year(exit, 300), b = turnover_by_year(calm, 300);
  INFO("year 2: " << a[1] << " vs " << b[1]);
  CHECK(a[1] - b[1] > 0.01);
  CHECK(a[1] - b[1] < 0.07);
}

TEST_CASE("Every school parameter moves a summary field in some preset", "[school][levers]") {
  // No dead levers: for every parameter of the school model there is a
  // preset in which setting it to the end of its allowed range farthest
  // from the preset's value changes at least one summary field of one of
  // two replicates. Exceptions are output settings (the staff-network snapshot
  // cadence, the practices' names in the story), which change what is
  // recorded, not what happens.
  const std::vector<std::string> output_only{"staff_network.replicates",
                                             "staff_network.every_weeks", "school.practice_names"};
  // Parameters that act only under a setting no preset has: the setting
  // they are tried with.
  const std::map<std::string, std::vector<std::string>> condition{
      {"turnover.low_poverty_exit_rate", {"school.poverty=0.125"}},
      {"succession.shared_pressure",
       {"succession.successor_style=shared", "succession.forced_exit_year=1"}}};
  const std::vector<std::string> presets = school_preset_paths();
  REQUIRE(presets.size() >= 9);
  const auto reference = make_model("school");
  for (ParameterSection* section : reference->sections()) {
    for (const ParameterInfo& info : section->parameters()) {
      const std::string key = std::string(section->name()) + "." + std::string(info.key);
      if (std::find(output_only.begin(), output_only.end(), key) != output_only.end()) continue;
      const auto given = condition.find(key);
      const std::vector<std::string> setting =
          given == condition.end() ? std::vector<std::string>{} : given->second;
      bool moves = false;
      for (const auto& path : presets) {
        const Preset base = load_preset(path, setting);
        for (const double target : {info.min, info.max}) {
          auto overrides = setting;
          overrides.push_back(key + "=" + format_value(info, target));
          const Preset changed = load_preset(path, overrides, false);
          try {
            changed.model->validate();
          } catch (const std::exception&) {
            continue;  // an extreme value another key rules out in this preset
          }
          for (std::uint64_t r = 0; r < 2 && !moves; ++r) {
            // Bits, not values: a missing value (NaN) differs from itself.
            moves = !loom::testing::same_bits(base.model->run(base.header.seed, r).summary,
                                              changed.model->run(changed.header.seed, r).summary);
          }
          if (moves) break;
        }
        if (moves) break;
      }
      INFO(key);
      CHECK(moves);
    }
  }
}
