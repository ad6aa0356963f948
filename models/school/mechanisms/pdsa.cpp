#include "models/school/mechanisms/pdsa.hpp"

#include <algorithm>
#include <cmath>

#include "models/march/beliefs.hpp"
#include "models/school/school_setup.hpp"
#include "models/school/school_state.hpp"

namespace loom {

const ParameterTable<PdsaParams>& pdsa_table() {
  static const ParameterTable<PdsaParams> table = [] {
    ParameterTable<PdsaParams> t{"pdsa", "PDSA improvement cycles", {}, {}};
    t.add(&PdsaParams::enabled,
          {"enabled", ValueKind::kBoolean, 1, 0, 1, "", "Teams test ideas in PDSA cycles",
           "Off: no improvement cycles; the shared way learns only as in March's model",
           "PDSA cycles (Deming 1993; Langley et al. 2009; Bryk et al. 2015)"});
    t.fixed_at_start("switches a mechanism for the whole run");
    t.add(&PdsaParams::cycle_weeks,
          {"cycle_weeks", ValueKind::kInteger, 4, 1, 12, "weeks", "Weeks a test runs",
           "Length of one PDSA cycle's test (Do) before the team studies it",
           "Loom assumption, illustrative: PDSA tests are short and rapid (Langley et al. 2009)"});
    t.add(&PdsaParams::team_size,
          {"team_size", ValueKind::kInteger, 4, 1, 20, "staff", "People on an improvement team",
           "Members of each PDSA team (they carry its extra load and build trust together)",
           "Loom assumption, illustrative"});
    t.add(&PdsaParams::test_scale,
          {"test_scale", ValueKind::kInteger, 2, 1, 30, "classrooms", "Classrooms trying an idea",
           "Classrooms that enact the change idea during the first test; each adaptation doubles "
           "it",
           "Test small, then increase the scale (Langley et al. 2009)"});
    t.add(&PdsaParams::cycles_per_initiative,
          {"cycles_per_initiative", ValueKind::kInteger, 1, 1, 4, "cycles",
           "Cycles each initiative runs at once", "Concurrent PDSA cycles per active initiative",
           "Loom assumption, illustrative"});
    t.add(&PdsaParams::targeted_share,
          {"targeted_share", ValueKind::kReal, 0.0, 0, 1, "share of cycles",
           "Cycles aimed at underserved students",
           "Share of cycles whose change idea is chosen for the underserved group's practice "
           "(from student and family voice where it is heard, else the team's view); applies "
           "when results are studied by group (leadership.study = \"disaggregated\")",
           "Valdez et al. 2020 (targeted improvement for underserved students); share Loom "
           "assumption, illustrative"});
    t.add(&PdsaParams::measurement_noise,
          {"measurement_noise", ValueKind::kReal, 1.0, 0, 5, "effect-size SD per classroom-week",
           "How noisy one classroom's results are",
           "Standard deviation of a measured effect from one classroom-week of one subgroup's "
           "share; the noise of a test falls with the square root of classroom-weeks x share",
           "Loom assumption, illustrative"});
    t.add(&PdsaParams::adopt_threshold,
          {"adopt_threshold", ValueKind::kReal, 0.25, 0, 2, "effect size",
           "Effect needed to act on a result",
           "A measured effect above this adopts the idea (for a group, when disaggregated); below "
           "minus this abandons it; in between the team adapts and re-tests",
           "Loom assumption, illustrative (true effects are +/-0.5 or +/-1)"});
    t.add(&PdsaParams::max_adaptations,
          {"max_adaptations", ValueKind::kInteger, 2, 0, 5, "re-tests",
           "Re-tests before giving up on an unclear idea",
           "Times an inconclusive idea is re-tested at double the scale, pooling the evidence",
           "Adopt, adapt or abandon (Langley et al. 2009)"});
    t.add(&PdsaParams::compliance_base,
          {"compliance_base", ValueKind::kReal, 0.05, 0, 1, "probability",
           "Checkbox cycles even without pressure",
           "Chance a cycle is run as a checkbox (no study, no learning) with no pressure and no "
           "overload",
           "Improvement as a compliance activity (Valdez et al. 2020); size is a Loom assumption, "
           "illustrative"});
    t.add(&PdsaParams::compliance_pressure,
          {"compliance_pressure", ValueKind::kReal, 1.0, 0, 5, "probability per unit pressure",
           "How much pressure turns cycles into checkboxes",
           "Added chance of a checkbox cycle per unit of socialisation pressure (halved when staff "
           "choose the ideas)",
           "Compliance orientation (Valdez et al. 2020); size is a Loom assumption, illustrative"});
    t.add(&PdsaParams::compliance_overload,
          {"compliance_overload", ValueKind::kReal, 0.5, 0, 5, "probability per unit overload",
           "How much overload turns cycles into checkboxes",
           "Added chance of a checkbox cycle per unit of the team's mean overload",
           "Overload (Sutton & Rao 2014; HTH GSE CREI n.d.); size is a Loom assumption, "
           "illustrative"});
    t.applies_when_all("pdsa.enabled == true", {"enabled"});
    t.switch_off = {"enabled=false"};
    t.leadership_choices({"team_size", "targeted_share"});
    return t;
  }();
  return table;
}

namespace {

// Value of a practice (+1 / -1, or 0 = no shared view) for one subgroup:
// +1 when it matches that subgroup's reality, -1 when not, 0 for no view.
int fit(bool known, bool positive, bool reality_positive) {
  if (!known) return 0;
  return positive == reality_positive ? 1 : -1;
}

bool has_bit(std::uint64_t mask, int d) {
  return (mask >> d) & 1u;
}

void choose_team(SchoolState& s, const RunContext& c, Cycle& cycle, RandomStream& r) {
  const auto& p = c.p.pdsa;
  const auto size = static_cast<std::size_t>(p.team_size);
  auto& team = cycle.team;
  const auto add = [&](std::uint32_t slot) {
    if (team.size() < size && s.present(slot) &&
        std::find(team.begin(), team.end(), slot) == team.end()) {
      team.push_back(slot);
    }
  };
  const std::uint32_t bit = 1u << cycle.initiative;
  if (s.levers.staff_decide) {
    // Champions of the initiative first, then volunteers with the least on
    // their plate (random order among equals).
    for (std::uint32_t slot = 1; slot < s.staff.size(); ++slot) {
      if (s.staff.conditions.owns[slot] & bit) add(slot);
    }
  } else {
    // The principal chairs; the other members are assigned, whatever else
    // is on their plate.
    add(0);
  }
  const auto teachers = static_cast<std::uint32_t>(s.teachers());
  for (int attempt = 0; team.size() < size && attempt < 4 * p.team_size + 8; ++attempt) {
    const std::uint32_t slot = 1 + r.below(teachers);
    if (s.levers.staff_decide && s.staff.conditions.on_team[slot] > 0 && attempt < 2 * p.team_size)
      continue;  // volunteers come from those not already on a team
    add(slot);
  }
}

void choose_classrooms(SchoolState& s, Cycle& cycle, RandomStream& r) {
  cycle.classrooms.clear();
  for (const std::uint32_t slot : cycle.team) {
    if (slot != 0 && cycle.classrooms.size() < static_cast<std::size_t>(cycle.scale))
      cycle.classrooms.push_back(slot);
  }
  const auto teachers = static_cast<std::uint32_t>(s.teachers());
  for (int attempt = 0;
       cycle.classrooms.size() < static_cast<std::size_t>(std::min<int>(cycle.scale, teachers)) &&
       attempt < 8 * cycle.scale + 8;
       ++attempt) {
    const std::uint32_t slot = 1 + r.below(teachers);
    if (std::find(cycle.classrooms.begin(), cycle.classrooms.end(), slot) == cycle.classrooms.end())
      cycle.classrooms.push_back(slot);
  }
}

// The change idea: a dimension where the proposers' view differs from the
// shared code (the principal's view under top-down decisions, the team's
// majority view otherwise), not already under test. A cycle targeted at
// the underserved group (school with a practice layer per group) compares
// views and code on that group's layer and, where student and family voice
// is heard, takes the voices' majority view on the practices that serve
// those students differently (the divergent ones, which is what voices
// know); elsewhere the usual proposers' view stands.
void choose_idea(SchoolState& s, Cycle& cycle, RandomStream& r) {
  std::uint64_t busy = 0;
  for (const auto& other : s.pdsa.cycles) busy |= std::uint64_t{1} << other.dimension;
  busy |= s.equity.contested;  // settled by an equity pause (equity.hpp)
  const auto layer = static_cast<std::size_t>(cycle.target_layer);
  const std::uint64_t code_known = s.code_known[layer], code_positive = s.code_positive[layer];
  // The majority view over `views` (calls add(known, positive) for each).
  const auto tally = [&](std::uint64_t& known_out, std::uint64_t& positive_out, auto&& views) {
    known_out = positive_out = 0;
    for (int d = 0; d < s.m; ++d) {
      int votes = 0;
      views([&](std::uint64_t known, std::uint64_t positive) {
        if (has_bit(known, d)) votes += has_bit(positive, d) ? 1 : -1;
      });
      if (votes != 0) known_out |= std::uint64_t{1} << d;
      if (votes > 0) positive_out |= std::uint64_t{1} << d;
    }
  };
  std::uint64_t view_known = 0, view_positive = 0;
  if (!s.levers.staff_decide) {
    view_known = s.staff.beliefs.known[s.staff.belief_index(0, cycle.target_layer)];
    view_positive = s.staff.beliefs.positive[s.staff.belief_index(0, cycle.target_layer)];
  } else {
    tally(view_known, view_positive, [&](auto&& add) {
      for (const std::uint32_t slot : cycle.team) {
        const std::size_t i = s.staff.belief_index(slot, cycle.target_layer);
        add(s.staff.beliefs.known[i], s.staff.beliefs.positive[i]);
      }
    });
  }
  if (cycle.target_layer > 0 && s.levers.voice_heard && !s.voice_known.empty()) {
    const std::uint64_t divergent = s.reality[0] ^ s.reality[1];
    std::uint64_t voice_known = 0, voice_positive = 0;
    tally(voice_known, voice_positive, [&](auto&& add) {
      for (std::size_t v = 0; v < s.voice_known.size(); ++v)
        add(s.voice_known[v] & divergent, s.voice_positive[v]);
    });
    view_known = (view_known & ~voice_known) | voice_known;
    view_positive = (view_positive & ~voice_known) | (voice_positive & voice_known);
  }
  const std::uint64_t differs =
      view_known & (~code_known | (view_positive ^ code_positive)) & ~busy & s.all_dims;
  if (differs) {
    cycle.dimension = random_dimension(differs, r);
    cycle.positive = has_bit(view_positive, cycle.dimension);
  } else {
    // No one has a different view: explore a practice the shared way does
    // not prescribe, with a value chosen at random; only when it
    // prescribes every free practice, try the opposite of it on one (any
    // dimension if none is free).
    std::uint64_t free = s.all_dims & ~busy;
    if (!free) free = s.all_dims;
    const std::uint64_t open = free & ~code_known;
    cycle.dimension = random_dimension(open ? open : free, r);
    cycle.positive = has_bit(code_known, cycle.dimension) ? !has_bit(code_positive, cycle.dimension)
                                                          : (r.next_u32() & 1u) != 0;
  }
}

void release_team(SchoolState& s, const Cycle& cycle) {
  for (const std::uint32_t slot : cycle.team) {
    auto& n = s.staff.conditions.on_team[slot];
    if (n > 0) --n;
  }
}

void adopt(SchoolState& s, Cycle& cycle, std::uint32_t layer_mask) {
  const std::uint64_t bit = std::uint64_t{1} << cycle.dimension;
  auto& initiative = s.initiatives.launched[static_cast<std::size_t>(cycle.initiative)];
  for (int l = 0; l < s.layers; ++l) {
    if (!(layer_mask & (1u << l))) continue;
    const auto li = static_cast<std::size_t>(l);
    s.code_known[li] |= bit;
    s.code_positive[li] =
        cycle.positive ? (s.code_positive[li] | bit) : (s.code_positive[li] & ~bit);
    initiative.adopted[li] |= bit;
  }
  ++s.pdsa.adopted;
  ++s.pdsa.adopted_total;
  const bool harms_underserved = has_bit(s.reality[1], cycle.dimension) != cycle.positive;
  if (harms_underserved && (layer_mask & (1u << s.layer_of(1)))) {
    ++s.pdsa.harmful;
    ++s.pdsa.harmful_total;
  }
  s.equity.since_pause.push_back(
      {cycle.initiative, cycle.dimension, cycle.positive, layer_mask, cycle.classroom_weeks});
}

}  // namespace

void pdsa_plan(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto& p = c.p.pdsa;
  if (!p.enabled) return;
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  for (std::size_t i = 0; i < s.initiatives.launched.size(); ++i) {
    if (!s.initiatives.launched[i].active) continue;
    int running = 0;
    for (const auto& cycle : s.pdsa.cycles)
      running += cycle.initiative == static_cast<int>(i) ? 1 : 0;
    for (; running < p.cycles_per_initiative; ++running) {
      Cycle cycle;
      cycle.id = s.pdsa.next_cycle_id++;
      cycle.initiative = static_cast<int>(i);
      cycle.weeks_left = p.cycle_weeks;
      cycle.scale = p.test_scale;
      RandomStream r(c.key(cycle.id, week, purpose::kPlanCycle));
      choose_team(s, c, cycle, r);
      // Targeted at the underserved group: only where practice has a layer
      // per group (the draw is made either way, so switching study mode
      // does not shift the cycle's other draws).
      const bool targeted = r.uniform() < p.targeted_share;
      cycle.target_layer = targeted && s.layers > 1 ? 1 : 0;
      choose_idea(s, cycle, r);
      choose_classrooms(s, cycle, r);
      // Checkbox PDSA: more likely under pressure and when the team is overloaded.
      double overload = 0.0;
      for (const std::uint32_t slot : cycle.team) {
        const auto& cond = s.staff.conditions;
        overload += std::max(0.0f, cond.load[slot] - cond.capacity[slot]) / cond.capacity[slot];
      }
      if (!cycle.team.empty()) overload /= static_cast<double>(cycle.team.size());
      const double pressure = s.levers.socialisation_pressure * (s.levers.staff_decide ? 0.5 : 1.0);
      const double compliance = std::clamp(
          p.compliance_base + p.compliance_pressure * pressure + p.compliance_overload * overload,
          0.0, 1.0);
      RandomStream rc(c.key(cycle.id, week, purpose::kCompliance));
      cycle.compliance = rc.uniform() < compliance;
      for (const std::uint32_t slot : cycle.team) ++s.staff.conditions.on_team[slot];
      // Test classrooms teach the idea for the first time (implementation dip).
      if (!cycle.compliance) {
        for (const std::uint32_t slot : cycle.classrooms) implementation_note_change(s, c, slot, 1);
      }
      if (s.levers.staff_decide && c.p.trust.enabled) {
        for (const std::uint32_t slot : cycle.team) {
          auto& t = s.staff.conditions.leader_trust[slot];
          t = std::min(1.0f, t + static_cast<float>(c.p.trust.inclusion_gain));
        }
      }
      s.pdsa.cycles.push_back(std::move(cycle));
    }
  }
}

void pdsa_apply_tests(SchoolState& s) {
  for (const auto& cycle : s.pdsa.cycles) {
    if (cycle.compliance) continue;  // a checkbox cycle changes nothing in classrooms
    const std::uint64_t bit = std::uint64_t{1} << cycle.dimension;
    const std::uint64_t value = cycle.positive ? bit : 0;
    for (const std::uint32_t slot : cycle.classrooms) {
      if (!s.present(slot)) continue;
      for (int l = 0; l < s.layers; ++l) {
        auto& a = s.actions[s.staff.belief_index(slot, l)];
        a = (a & ~bit) | value;
      }
    }
  }
}

void pdsa_study_and_act(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto& p = c.p.pdsa;
  if (!p.enabled) return;
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  const double thr = p.adopt_threshold;
  for (std::size_t k = 0; k < s.pdsa.cycles.size(); ++k) {
    Cycle& cycle = s.pdsa.cycles[k];
    if (--cycle.weeks_left > 0) continue;
    auto& initiative = s.initiatives.launched[static_cast<std::size_t>(cycle.initiative)];
    const std::string who = "Initiative " + std::to_string(initiative.number) + "'s team of " +
                            std::to_string(cycle.team.size());
    if (cycle.compliance) {
      ++s.pdsa.completed;
      ++s.pdsa.compliance;
      ++s.pdsa.completed_total;
      ++s.pdsa.compliance_total;
      cycle.weeks_left = -1;  // done
      continue;
    }
    RandomStream r(c.key(cycle.id, week, purpose::kStudy));
    // Study: the true effect of the tried value against current practice,
    // per subgroup, plus noise that shrinks with classroom-weeks x share.
    const double classroom_weeks = static_cast<double>(cycle.scale) * p.cycle_weeks;
    const double noise2 = std::max(p.measurement_noise * p.measurement_noise, 1e-12);
    std::array<double, kSubgroups> truth{}, estimate{};
    double average = 0.0;
    for (int g = 0; g < kSubgroups; ++g) {
      const auto gi = static_cast<std::size_t>(g);
      const int l = s.layer_of(g);
      const std::uint64_t known = s.code_known[static_cast<std::size_t>(l)];
      const std::uint64_t positive = s.code_positive[static_cast<std::size_t>(l)];
      const bool real = has_bit(s.reality[gi], cycle.dimension);
      truth[gi] =
          0.5 * (fit(true, cycle.positive, real) -
                 fit(has_bit(known, cycle.dimension), has_bit(positive, cycle.dimension), real));
      const double precision = classroom_weeks * s.share[gi] / noise2;
      const double measured = truth[gi] + r.normal() / std::sqrt(precision);
      cycle.evidence[gi] += measured * precision;
      cycle.precision[gi] += precision;
      estimate[gi] = cycle.evidence[gi] / cycle.precision[gi];
      average += s.share[gi] * estimate[gi];
    }
    cycle.classroom_weeks += static_cast<int>(classroom_weeks);
    std::uint32_t adopt_layers = 0;
    bool failed = false, harms_group = false;
    int groups_harmed = 0;
    if (s.layers == 1) {
      if (average > thr) adopt_layers = 1;
      failed = average < -thr;
    } else {
      for (int g = 0; g < kSubgroups; ++g) {
        const double e = estimate[static_cast<std::size_t>(g)];
        if (e > thr || (e >= -thr && average > thr)) adopt_layers |= 1u << g;
        harms_group = harms_group || e < -thr;
        groups_harmed += e < -thr ? 1 : 0;
      }
      failed = adopt_layers == 0 && harms_group;
    }
    // In plain words for the story: who tried what, for whom, where, and
    // what the team saw (no raw effect sizes).
    const auto seen = [&](double e) {
      return e > thr ? std::string("it helped") : e < -thr ? "it hurt" : "no clear difference";
    };
    const std::string measured = s.layers == 1
                                     ? "on the school average, " + seen(average)
                                     : "for majority students " + seen(estimate[0]) +
                                           ", for underserved students " + seen(estimate[1]);
    // The practice by the name the scenario gives it (school.practice_names),
    // and for whom the change was meant.
    const std::string test =
        " tried a new way of doing '" + practice_name(c.p.school, cycle.dimension) + "' for " +
        (cycle.target_layer > 0 ? "underserved students" : "all students") + " in " +
        plural(static_cast<int>(cycle.classrooms.size()), "classroom") + " for " +
        plural(p.cycle_weeks, "week") +
        (cycle.round == 1  ? std::string(", after one smaller test that was unclear")
         : cycle.round > 1 ? ", after " + plural(cycle.round, "smaller test") + " that were unclear"
                           : "") +
        " (" + measured + ")";
    if (adopt_layers == 0 && !failed) {
      if (cycle.round < p.max_adaptations) {  // inconclusive: adapt and re-test bigger
        ++cycle.round;
        cycle.scale *= 2;
        cycle.weeks_left = p.cycle_weeks;
        RandomStream rr(c.key(cycle.id, week, purpose::kAdaptCycle));
        const std::vector<std::uint32_t> before = cycle.classrooms;
        choose_classrooms(s, cycle, rr);
        for (const std::uint32_t slot : cycle.classrooms) {
          if (std::find(before.begin(), before.end(), slot) == before.end())
            implementation_note_change(s, c, slot, 1);
        }
        continue;
      }
      failed = true;
    }
    ++s.pdsa.completed;
    ++s.pdsa.completed_total;
    const std::uint32_t team_size = static_cast<std::uint32_t>(cycle.team.size());
    if (!failed) {
      adopt(s, cycle, adopt_layers);
      if (c.p.trust.enabled)
        trust_adjust_among(s, cycle.team.data(), team_size, c.p.trust.joint_work_gain);
      champions_grow(s, c, cycle.initiative, cycle.team.data(), team_size, w.week);
      std::string detail = who + test + ". ";
      if (s.layers > 1 && adopt_layers != (1u << s.layers) - 1) {
        const std::string group = adopt_layers & 1u ? "majority" : "underserved";
        const std::string other = adopt_layers & 1u ? "underserved" : "majority";
        if (harms_group) {
          detail += "It helps " + group + " students and harms " + other +
                    " students, so it was taken up for " + group + " students only.";
          s.log(w.week, EventKind::kIdeaHarmedSubgroup, -1, std::move(detail));
        } else {
          detail += "Taken up for " + group + " students; for " + other +
                    " students the effect was unclear.";
          s.log(w.week, EventKind::kIdeaAdopted, -1, std::move(detail));
        }
      } else {
        detail += "Taken up into the shared way of teaching.";
        if (s.layers == 1 && truth[1] < 0)
          detail += " The school average hid that it harms underserved students.";
        s.log(w.week, EventKind::kIdeaAdopted, -1, std::move(detail));
      }
    } else {
      // A failure: reported honestly only where it feels safe.
      const double honest =
          c.p.trust.enabled
              ? std::min(1.0, s.trust.safety / std::max(c.p.trust.honest_report_safety, 1e-9))
              : 1.0;
      RandomStream rr(c.key(cycle.id, week, purpose::kReporting));
      if (rr.uniform() >= honest) {
        adopt(s, cycle, (1u << s.layers) - 1);
        s.log(w.week, EventKind::kFailureHidden, -1,
              who + test +
                  ". It did not work, but staff did not feel safe saying so: it was "
                  "reported as a success and taken up.");
      } else {
        ++s.pdsa.abandoned;
        ++s.pdsa.abandoned_total;
        const bool blamed = rr.uniform() < s.levers.blame;
        if (c.p.trust.enabled) {
          const float change =
              static_cast<float>(blamed ? -c.p.trust.blame_loss : c.p.trust.support_gain);
          for (const std::uint32_t slot : cycle.team) {
            auto& t = s.staff.conditions.leader_trust[slot];
            t = std::clamp(t + change, 0.0f, 1.0f);
          }
          if (blamed)
            trust_adjust_among(s, cycle.team.data(), team_size, -0.5 * c.p.trust.blame_loss);
        }
        // "Found to harm a group" when one group is harmed and the other is not.
        const bool one_group = s.layers > 1 && groups_harmed == 1;
        s.log(w.week, one_group ? EventKind::kIdeaHarmedSubgroup : EventKind::kIdeaAbandoned, -1,
              who + test + ". The team reported honestly that it did not work and dropped it; " +
                  (blamed ? "leaders responded with blame." : "leaders responded with support."));
      }
    }
    cycle.weeks_left = -1;  // done
  }
  // Finished cycles leave; their teams are free.
  for (const auto& cycle : s.pdsa.cycles) {
    if (cycle.weeks_left < 0) release_team(s, cycle);
  }
  std::erase_if(s.pdsa.cycles, [](const Cycle& cycle) { return cycle.weeks_left < 0; });
}

}  // namespace loom
