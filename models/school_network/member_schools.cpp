#include "models/school_network/member_schools.hpp"

#include "models/school_network/network_files.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace loom {
namespace {
constexpr std::array<std::string_view, 2> kStyleChoices{"as-set", "mixed"};
constexpr std::array<std::string_view, 3> kRecruitmentChoices{"random", "slice", "wedge"};
constexpr double kSliceHalfWidth = 0.1;  // poverty band of one system's schools
}  // namespace

const ParameterTable<MemberSchoolParams>& member_school_table() {
  static const ParameterTable<MemberSchoolParams> table = [] {
    ParameterTable<MemberSchoolParams> t{"schools", "How member schools differ", {}, {}};
    t.add(&MemberSchoolParams::size_spread,
          {"size_spread", ValueKind::kReal, 0.5, 0, 0.9, "share", "How much school sizes differ",
           "Students (and teachers, same ratio) are school.students (school.teachers) x a factor "
           "uniform in 1 +/- this",
           "Loom assumption, illustrative"});
    t.add(&MemberSchoolParams::poverty_min,
          {"poverty_min", ValueKind::kReal, 0.1, 0, 1, "share of students", "Lowest school poverty",
           "School poverty is uniform between poverty_min and poverty_max",
           "Loom assumption, illustrative"});
    t.add(
        &MemberSchoolParams::poverty_max,
        {"poverty_max", ValueKind::kReal, 0.9, 0, 1, "share of students", "Highest school poverty",
         "Upper end of the poverty range", "Loom assumption, illustrative"});
    t.add(&MemberSchoolParams::leadership,
          {"leadership", ValueKind::kChoice, 0, 0, 1, "", "Leadership styles of the schools",
           "as-set: every school uses the scenario's leadership levers; mixed: a share of "
           "schools leads in the shared style, the rest top-down",
           "Loom assumption: a scenario lever", kStyleChoices});
    t.add(
        &MemberSchoolParams::shared_share,
        {"shared_share", ValueKind::kReal, 0.5, 0, 1, "share of schools",
         "Schools with shared leadership", "Under mixed: chance a school leads in the shared style",
         "Loom assumption, illustrative"});
    t.applies_when("schools.leadership == \"mixed\"");
    t.add(&MemberSchoolParams::capacity_spread,
          {"capacity_spread", ValueKind::kReal, 1.0, 0, 10, "hours per week",
           "How much spare capacity differs",
           "Each school's capacity.initial_capacity +/- up to this (uniform; at least 0.5)",
           "Loom assumption, illustrative"});
    t.add(&MemberSchoolParams::file,
          {"file", ValueKind::kPath, 0, 0, 0, "CSV file", "File of the network's schools",
           "One row per school with the header id,students,teachers,poverty,style (style: "
           "shared, top-down or as-set); replaces the drawn sizes, poverty and styles; "
           "network.schools must equal its rows",
           "None: the user's own data (a network's real schools)"});
    t.fixed_at_start("read once when the network is built");
    return t;
  }();
  return table;
}

const ParameterTable<MembershipParams>& membership_table() {
  static const ParameterTable<MembershipParams> table = [] {
    ParameterTable<MembershipParams> t{"membership", "Who is in the network", {}, {}};
    t.add(&MembershipParams::recruitment,
          {"recruitment", ValueKind::kChoice, 0, 0, 2, "", "How members are recruited",
           "random: an assortment of schools; slice: schools of one system; wedge: a slice "
           "whose teams include district leaders and partners",
           "Random assortment vs strategic slice and vertical wedge (Bryk et al. 2015)",
           kRecruitmentChoices});
    t.add(&MembershipParams::system_poverty,
          {"system_poverty", ValueKind::kReal, 0.7, 0, 1, "share of students",
           "Poverty of the system's schools",
           "slice and wedge: member poverty is uniform within 0.1 of this",
           "Loom assumption, illustrative"});
    t.applies_when("membership.recruitment != \"random\"");
    t.add(&MembershipParams::system_trust,
          {"system_trust", ValueKind::kReal, 0.2, 0, 1, "trust (0-1)",
           "Extra trust between schools of one system",
           "slice and wedge: added to spread.tie_trust (capped at 1)",
           "Loom assumption, illustrative"});
    t.applies_when("membership.recruitment != \"random\"");
    t.add(&MembershipParams::wedge_load_relief,
          {"wedge_load_relief", ValueKind::kInteger, 1, 0, 20, "activities",
           "Competing activities the district removes",
           "wedge: each school stops this many legacy activities (competing mandates)",
           "Loom assumption, illustrative"});
    t.applies_when("membership.recruitment == \"wedge\"");
    t.add(&MembershipParams::wedge_support,
          {"wedge_support", ValueKind::kReal, 0.3, 0, 1, "share",
           "Support from district and partners",
           "wedge: support for the work in every member running it, combined with the hub's "
           "(1 - (1 - a)(1 - b)); it continues after the hub's funding ends",
           "Loom assumption, illustrative"});
    t.applies_when("membership.recruitment == \"wedge\"");
    return t;
  }();
  return table;
}

void apply_leadership_style(SchoolParams& p, bool shared) {
  auto& l = p.leadership;
  l.socialisation_pressure = shared ? 0.05 : 0.3;
  l.learn_from = static_cast<int>(shared ? LearnFrom::kEveryone : LearnFrom::kLeaders);
  l.voice_members = shared ? 5 : 0;
  l.study = static_cast<int>(shared ? StudyMode::kDisaggregated : StudyMode::kAverages);
  l.decision_inclusion =
      static_cast<int>(shared ? DecisionInclusion::kStaff : DecisionInclusion::kLeaders);
  l.blame = shared ? 0.1 : 0.5;
  p.pdsa.team_size = shared ? 6 : 4;
  p.initiatives.champions = shared ? 4 : 1;
  p.initiatives.ownership_growth = shared ? 0.2 : 0.05;
  p.equity.pause_every_weeks = shared ? 6 : 0;
  p.capacity.capacity_building = shared ? 0.05 : 0.0;
}

MemberSchool draw_member_school(const SchoolParams& base, const MemberSchoolParams& schools,
                                const MembershipParams& membership, RandomStream& r,
                                const SchoolRow* row) {
  MemberSchool m{base, "as-set"};
  auto& p = m.params;
  const double f = 1.0 + schools.size_spread * (2.0 * r.uniform() - 1.0);
  p.school.students = std::max(10, static_cast<int>(std::lround(base.school.students * f)));
  p.school.teachers = std::max(2, static_cast<int>(std::lround(base.school.teachers * f)));
  double low = schools.poverty_min, high = schools.poverty_max;
  const auto recruitment = static_cast<Recruitment>(membership.recruitment);
  if (recruitment != Recruitment::kRandom) {
    low = std::max(0.0, membership.system_poverty - kSliceHalfWidth);
    high = std::min(1.0, membership.system_poverty + kSliceHalfWidth);
  }
  p.school.poverty = low + (high - low) * r.uniform();
  const double u = r.uniform();  // drawn always, so styles do not shift other draws
  if (static_cast<StyleMix>(schools.leadership) == StyleMix::kMixed)
    m.style = u < schools.shared_share ? "shared" : "top-down";
  if (row) {  // a real school: the draws above were still made, so capacity's match
    p.school.students = row->students;
    p.school.teachers = row->teachers;
    p.school.poverty = row->poverty;
    m.style = row->style;
  }
  if (m.style != "as-set") apply_leadership_style(p, m.style == "shared");
  p.capacity.initial_capacity = std::max(
      0.5, base.capacity.initial_capacity + schools.capacity_spread * (2.0 * r.uniform() - 1.0));
  if (recruitment == Recruitment::kWedge)
    p.capacity.legacy_activities =
        std::max(0, p.capacity.legacy_activities - membership.wedge_load_relief);
  p.staff_network.replicates = 0;  // no staff-network snapshots inside a network
  return m;
}

}  // namespace loom
