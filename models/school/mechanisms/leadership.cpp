#include "models/school/mechanisms/leadership.hpp"

#include <algorithm>

#include "models/march/beliefs.hpp"
#include "models/school/school_state.hpp"

namespace loom {
namespace {
constexpr std::array<std::string_view, 2> kLearnFromChoices{"leaders", "everyone"};
constexpr std::array<std::string_view, 2> kStudyChoices{"averages", "disaggregated"};
constexpr std::array<std::string_view, 2> kInclusionChoices{"leaders", "staff"};
}  // namespace

const ParameterTable<LeadershipParams>& leadership_table() {
  static const ParameterTable<LeadershipParams> table = [] {
    ParameterTable<LeadershipParams> t{"leadership", "Leadership style (levers)", {}, {}};
    t.add(&LeadershipParams::socialisation_pressure,
          {"socialisation_pressure", ValueKind::kReal, 0.1, 0, 1, "probability per week",
           "Pressure to follow the shared way",
           "March's p1: each week, on each dimension where a person differs from the shared code, "
           "the chance they take one step toward it",
           "March 1991 (p1); high under mandates, low where diverse views are kept alive"});
    t.add(&LeadershipParams::code_learning_rate,
          {"code_learning_rate", ValueKind::kReal, 0.3, 0, 1, "probability per week",
           "How fast the shared way learns",
           "March's p2: the code keeps its value against a majority of k better performers with "
           "probability (1-p2)^k",
           "March 1991 (p2)"});
    t.add(&LeadershipParams::learn_from,
          {"learn_from", ValueKind::kChoice, 1, 0, 1, "", "Whose results shape the shared way",
           "leaders: only the principal and insiders; everyone: every staff member whose results "
           "beat the shared code's",
           "Top-down vs shared leadership (Spillane 2006; Turnaround for Children n.d.)",
           kLearnFromChoices});
    t.add(&LeadershipParams::insiders,
          {"insiders", ValueKind::kInteger, 3, 0, 60, "staff", "Insiders close to the principal",
           "Under learn_from = leaders, the team leads with the longest tenure whose results also "
           "count",
           "Loom assumption, illustrative"});
    t.applies_when(
        "leadership.learn_from == \"leaders\" or succession.successor_style == \"top-down\"");
    t.add(&LeadershipParams::voice_members,
          {"voice_members", ValueKind::kInteger, 0, 0, 60, "people",
           "Student and family voices heard",
           "Students and family members whose experience of the underserved group's needs enters "
           "the code's learning as extra members",
           "Student and family voice (Valdez et al. 2020; Turnaround for Children n.d.)"});
    t.fixed_at_start("voices and what they know are drawn at setup");
    t.add(&LeadershipParams::voice_accuracy,
          {"voice_accuracy", ValueKind::kReal, 0.8, 0, 1, "probability",
           "How well voices know what works for them",
           "Chance a voice member holds the underserved group's true value on a dimension where "
           "its needs differ from the majority's (otherwise no view); elsewhere voices hold naive "
           "views",
           "Loom assumption, illustrative"});
    t.fixed_at_start("what voices know is drawn at setup");
    t.applies_when("leadership.voice_members > 0");
    t.add(&LeadershipParams::study,
          {"study", ValueKind::kChoice, 0, 0, 1, "", "How results are studied",
           "averages: one shared practice judged on school averages; disaggregated: practice is "
           "judged, and can differ, per student group",
           "Disaggregated data (Valdez et al. 2020); what works for whom (Bryk et al. 2015)",
           kStudyChoices});
    t.fixed_at_start(
        "sets the school's practice layers (one shared, or one per student group) at setup");
    t.add(&LeadershipParams::decision_inclusion,
          {"decision_inclusion", ValueKind::kChoice, 1, 0, 1, "", "Who chooses what to try",
           "leaders: the principal picks PDSA change ideas and assigns teams (a mandate without "
           "voice); staff: teams of champions and volunteers choose ideas from their own views",
           "Inclusive improvement cycles (Turnaround for Children n.d.; Spillane 2006)",
           kInclusionChoices});
    t.add(&LeadershipParams::blame,
          {"blame", ValueKind::kReal, 0.2, 0, 1, "probability",
           "Chance a reported failure meets blame",
           "When a team honestly reports a failed test, the chance the response is blame (trust "
           "in the principal falls) rather than support (it rises)",
           "Loom assumption, illustrative; errors go undiscussed where safety is low "
           "(Edmondson 1999)"});
    t.leadership_choices({"socialisation_pressure", "code_learning_rate", "learn_from", "insiders",
                          "voice_members", "study", "decision_inclusion", "blame"});
    return t;
  }();
  return table;
}

namespace {

// Insiders: the principal's tied colleagues (team leads) with the longest
// tenure, ties broken by slot so the choice is deterministic.
void choose_team(SchoolState& s, int how_many) {
  std::vector<std::uint32_t> leads(s.ties.neighbours(0).begin(), s.ties.neighbours(0).end());
  std::stable_sort(leads.begin(), leads.end(), [&](std::uint32_t a, std::uint32_t b) {
    return s.staff.records.tenure_years[a] > s.staff.records.tenure_years[b];
  });
  leads.resize(std::min<std::size_t>(leads.size(), static_cast<std::size_t>(how_many)));
  s.leadership.insiders = std::move(leads);
}

// The student and family voice members (as many as voice_members), each
// from its own stream, so a voice is the same whenever it is drawn; and
// what depends on how many people the code learns from.
void draw_voices(SchoolState& s, const RunContext& c) {
  const SchoolParams& p = c.p;
  const auto voices = static_cast<std::size_t>(p.leadership.voice_members);
  const std::size_t staff_count = s.staff.size();
  s.voice_known.assign(voices, 0);
  s.voice_positive.assign(voices, 0);
  for (std::size_t v = 0; v < voices; ++v) {
    RandomStream r(c.key(kVoiceEntityBase + static_cast<std::uint32_t>(v), 0, purpose::kVoice));
    // Voices know what works for the underserved group where its needs
    // differ from the majority's (the divergent dimensions), each with
    // chance voice_accuracy; elsewhere they hold naive views like anyone.
    const std::uint64_t accurate = RandomStream::bernoulli_threshold(p.leadership.voice_accuracy);
    const std::uint64_t divergent = s.reality[0] ^ s.reality[1];
    std::uint64_t naive_known = 0, naive_positive = 0;
    draw_naive_beliefs(r, s.m, naive_known, naive_positive);
    std::uint64_t known = naive_known & ~divergent;
    std::uint64_t positive = naive_positive & ~divergent;
    for (int d = 0; d < s.m; ++d) {
      const std::uint64_t bit = std::uint64_t{1} << d;
      if (!(divergent & bit) || !r.bernoulli_u32(accurate)) continue;
      known |= bit;
      positive |= s.reality[1] & bit;
    }
    s.voice_known[v] = known;
    s.voice_positive[v] = positive;
  }
  s.superior.reserve(staff_count + voices);
  s.keep =
      code_keep_thresholds(p.leadership.code_learning_rate, static_cast<int>(staff_count + voices));
}

}  // namespace

void set_practice_layers(SchoolState& s, int layers) {
  if (layers == s.layers) return;
  // Practice by group begins from the one shared practice (both layers a
  // copy of it); one shared practice again keeps the majority's layer.
  const auto copy = [&](std::vector<std::uint64_t>& per_layer, std::size_t count) {
    std::vector<std::uint64_t> out(count * static_cast<std::size_t>(layers));
    for (std::size_t i = 0; i < count; ++i)
      for (int l = 0; l < layers; ++l)
        out[i * static_cast<std::size_t>(layers) + static_cast<std::size_t>(l)] =
            per_layer[i * static_cast<std::size_t>(s.layers)];
    per_layer = std::move(out);
  };
  const std::size_t staff = s.staff.size();
  copy(s.staff.beliefs.known, staff);
  copy(s.staff.beliefs.positive, staff);
  copy(s.staff.beliefs.habit_known, staff);
  copy(s.staff.beliefs.habit_positive, staff);
  copy(s.code_known, 1);
  copy(s.code_positive, 1);
  s.actions.assign(staff * static_cast<std::size_t>(layers), 0);
  s.layers = layers;
  s.staff.layers = layers;
}

void choose_leadership_team(SchoolState& s, const RunContext& c, const WeekContext&) {
  choose_team(s, c.p.leadership.insiders);
}

void Leadership::at_setup(SchoolState& s, const RunContext& c) {
  draw_voices(s, c);
  choose_team(s, c.p.leadership.insiders);
}

void Leadership::lever_changed(SchoolState& s, const RunContext& c, std::string_view key) {
  const SchoolParams& p = c.p;
  auto& levers = s.levers;
  const auto& lead = p.leadership;
  if (key == "socialisation_pressure") {
    levers.socialisation_pressure = lead.socialisation_pressure;
    levers.p1_threshold = RandomStream::bernoulli_threshold(lead.socialisation_pressure);
  } else if (key == "learn_from") {
    levers.learn_from_everyone = lead.learn_from == static_cast<int>(LearnFrom::kEveryone);
  } else if (key == "decision_inclusion") {
    levers.staff_decide = lead.decision_inclusion == static_cast<int>(DecisionInclusion::kStaff);
  } else if (key == "blame") {
    levers.blame = lead.blame;
  } else if (key == "code_learning_rate") {
    s.keep = code_keep_thresholds(lead.code_learning_rate,
                                  static_cast<int>(s.staff.size() + s.voice_known.size()));
  } else if (key == "voice_members" || key == "voice_accuracy") {
    draw_voices(s, c);
    // Voices a leader brings in are heard (a top-down successor may later
    // stop hearing them: succession.hpp).
    if (key == "voice_members") levers.voice_heard = true;
  } else if (key == "study") {
    set_practice_layers(s,
                        lead.study == static_cast<int>(StudyMode::kDisaggregated) ? kSubgroups : 1);
  }
  // Whose results the code learns from may have changed.
  if (key == "learn_from" || key == "insiders") choose_team(s, lead.insiders);
}

}  // namespace loom
