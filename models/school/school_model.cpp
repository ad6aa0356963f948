#include "models/school/school_model.hpp"

#include <stdexcept>

#include "models/school/school_simulation.hpp"
#include "sim/run/model.hpp"

namespace loom {

const std::vector<std::string>& school_metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& info : school_metric_infos()) n.emplace_back(info.name);
    return n;
  }();
  return names;
}

const std::vector<std::string>& school_summary_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& info : school_summary_infos()) n.emplace_back(info.name);
    return n;
  }();
  return names;
}

SchoolRunOutput run_school(const SchoolParams& p, std::uint64_t seed, std::uint64_t run,
                           const Schedule& schedule, bool summary_only) {
  SchoolSimulation school(p, seed, run, 0, schedule,
                          summary_only ? Keeping::kSummary : Keeping::kEverything);
  while (!school.done()) school.step_week();
  SchoolRunOutput out = school.finish();
  if (summary_only) out.series.clear();  // one scratch row, not a series
  return out;
}

namespace {

class SchoolModel final : public Model {
 public:
  SchoolModel() : sections_(bind_school_sections(params_)) {}
  std::vector<ParameterSection*> sections() override {
    std::vector<ParameterSection*> out;
    for (const auto& section : sections_) out.push_back(section.get());
    return out;
  }
  // Checks that combine parameters; each names the keys involved (the one
  // to blame first) so the error can say where the values were set.
  void validate() const override {
    const auto& p = params_;
    if (p.students.divergent_dimensions > p.school.dimensions) {
      throw ParameterConflict(
          "students.divergent_dimensions (" + std::to_string(p.students.divergent_dimensions) +
              ") cannot exceed school.dimensions (" + std::to_string(p.school.dimensions) + ")",
          {"students.divergent_dimensions", "school.dimensions"});
    }
    if (p.succession.forced_exit_year > p.school.years) {
      throw ParameterConflict(
          "succession.forced_exit_year (" + std::to_string(p.succession.forced_exit_year) +
              ") cannot exceed school.years (" + std::to_string(p.school.years) +
              "): the principal would leave after the run ends",
          {"succession.forced_exit_year", "school.years"});
    }
    const int launches = p.initiatives.at_start + (p.school.years - 1) * p.initiatives.new_per_year;
    if (p.initiatives.enabled && launches > kMaxInitiatives) {
      throw ParameterConflict("initiatives: at_start + (school.years - 1) x new_per_year = " +
                                  std::to_string(launches) + " initiatives in a run; at most " +
                                  std::to_string(kMaxInitiatives) +
                                  " are supported (ownership is kept as a bit mask per person)",
                              {"initiatives.new_per_year", "initiatives.at_start", "school.years"});
    }
    if (p.school.teachers > 65535)
      throw ParameterConflict("school.teachers must be below 65536", {"school.teachers"});
    const auto& t = p.turnover;
    if (t.low_poverty_exit_rate <= 0.0 || t.high_poverty_exit_rate <= 0.0 ||
        t.teacher_exit_rate <= 0.0) {
      if (!(t.low_poverty_exit_rate == 0.0 && t.high_poverty_exit_rate == 0.0 &&
            t.teacher_exit_rate == 0.0)) {
        throw ParameterConflict(
            "turnover: teacher_exit_rate, low_poverty_exit_rate and high_poverty_exit_rate must "
            "all be above 0, or all 0 (no turnover)",
            {"turnover.teacher_exit_rate", "turnover.low_poverty_exit_rate",
             "turnover.high_poverty_exit_rate"});
      }
    }
  }
  OutputLayout layout() const override {
    return {"week",
            params_.school.years * params_.school.weeks_per_year,
            school_metric_names(),
            school_summary_names(),
            true,
            params_.school.weeks_per_year,
            {"outcome_mean", "outcome_gap"}};
  }
  std::optional<ScheduleCalendar> schedule_calendar() const override {
    return ScheduleCalendar{params_.school.years, params_.school.weeks_per_year};
  }
  void set_summary_only(bool summary_only) override { summary_only_ = summary_only; }
  RunOutput run(std::uint64_t seed, std::uint64_t replicate) const override {
    SchoolRunOutput school = run_school(params_, seed, replicate, schedule_, summary_only_);
    RunOutput out = std::move(static_cast<RunOutput&>(school));
    add_staff_network_tables(school.staff_network, out);
    return out;
  }

 private:
  SchoolParams params_;
  std::vector<std::unique_ptr<ParameterSection>> sections_;  // bound to params_
  bool summary_only_ = false;
};

}  // namespace

std::unique_ptr<Model> make_school_model() {
  return std::make_unique<SchoolModel>();
}

}  // namespace loom
