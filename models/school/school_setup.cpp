#include "models/school/school_setup.hpp"

namespace loom {

const ParameterTable<SchoolSetupParams>& school_setup_table() {
  static const ParameterTable<SchoolSetupParams> table = [] {
    ParameterTable<SchoolSetupParams> t{"school", "School make-up and time", {}, {}};
    t.add(&SchoolSetupParams::teachers,
          {"teachers", ValueKind::kInteger, 59, 2, 2000, "teachers", "Number of teachers",
           "Teaching staff; the school also has one principal",
           "Loom assumption, illustrative: a mid-sized US school, 60 staff for 900 students (about "
           "15-16 pupils per teacher, NCES Digest table 208.20)"});
    t.fixed_at_start("sizes the school");
    t.add(
        &SchoolSetupParams::students,
        {"students", ValueKind::kInteger, 900, 10, 60000, "students", "Number of students",
         "Students, each with one teacher",
         "Loom assumption, illustrative: about 15 pupils per teacher (NCES Digest table 208.20)"});
    t.fixed_at_start("sizes the student body");
    t.add(&SchoolSetupParams::dimensions,
          {"dimensions", ValueKind::kInteger, 30, 1, 64, "practice dimensions",
           "Number of practice dimensions",
           "Aspects of practice that can be right or wrong for students (March's m)",
           "March 1991 (m = 30)"});
    t.fixed_at_start("sets how many practices there are");
    t.add(&SchoolSetupParams::years, {"years", ValueKind::kInteger, 5, 1, 50, "school years",
                                      "Years simulated", "School years in one run",
                                      "Loom assumption, illustrative: long enough for full "
                                      "implementation (2-4 years, Fixsen et al. 2005)"});
    t.fixed_at_start("sets the length of the run");
    t.add(&SchoolSetupParams::weeks_per_year,
          {"weeks_per_year", ValueKind::kInteger, 36, 1, 52, "weeks", "Teaching weeks per year",
           "Instructional weeks before each summer",
           "Loom assumption, illustrative: a US school year of about 180 days"});
    t.fixed_at_start("sets the school calendar");
    t.add(&SchoolSetupParams::team_size,
          {"team_size", ValueKind::kInteger, 6, 2, 60, "teachers", "Teachers per team",
           "Teachers are grouped into teams (ties within a team); each team "
           "lead is tied to the principal",
           "Loom assumption, illustrative"});
    t.fixed_at_start("shapes the staff network, built at setup");
    t.add(&SchoolSetupParams::cross_team_ties,
          {"cross_team_ties", ValueKind::kInteger, 1, 0, 10, "ties per teacher",
           "Colleagues outside one's team",
           "Each teacher gets this many ties to random teachers in other teams (through which "
           "trusted peer learning crosses teams)",
           "Loom assumption, illustrative"});
    t.fixed_at_start("shapes the staff network, built at setup");
    t.add(&SchoolSetupParams::poverty,
          {"poverty", ValueKind::kReal, 0.5, 0, 1, "share of students",
           "Share of students in poverty",
           "Share of students eligible for free or reduced-price lunch; shifts teacher turnover "
           "between the low- and high-poverty rates (turnover section)",
           "NCES 2008 (school poverty measured by the share of students eligible for free or "
           "reduced-price lunch)"});
    t.fixed_at_start("sets the turnover baseline and the starting staff at setup");
    return t;
  }();
  return table;
}

}  // namespace loom
