#include "models/school_network/network_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

#include "models/school/school_simulation.hpp"
#include "models/school_network/network_files.hpp"
#include "models/school_network/network_outputs.hpp"
#include "models/school_network/network_purposes.hpp"
#include "sim/core/parallel_for.hpp"
#include "sim/run/ensemble.hpp"

namespace loom {
namespace {

enum class Status : std::uint8_t { kNone = 0, kRunning = 1, kEmbedded = 2 };

struct Member {
  std::unique_ptr<SchoolSimulation> sim;  // talked to through its network calls only
  std::string style;
  double poverty = 0.0, capacity = 0.0;
  int tercile = 0;  // 0 low, 1 middle, 2 high poverty
  bool seed = false;
  Status status = Status::kNone;
  int practice = -1;  // the practice's initiative while running
  int adopted_week = 0;
  bool ever = false;
  // Staff fidelity smoothed over about eight weeks (weight 1/8 a week): a
  // start-up week's dip (implementation_dip.hpp) is not a school giving up.
  double fidelity_trend = 1.0;
};

// What the exchange reads of a school after its week, written by the
// worker that stepped it.
struct WeekView {
  double fidelity = 0.0, load = 0.0, outcome = 0.0, gap = 0.0;
};

StreamKey key(std::uint64_t seed, std::uint64_t run, std::uint32_t school, int week,
              Purpose purpose) {
  return {seed, run, school, 0, static_cast<std::uint32_t>(week), purpose};
}

class NetworkRun {
 public:
  NetworkRun(const NetworkRunParams& p, std::uint64_t seed, std::uint64_t run, int threads)
      : p_(p),
        seed_(seed),
        run_(run),
        threads_(threads),
        n_(static_cast<std::uint32_t>(p.network.schools)),
        weeks_per_year_(p.school.school.weeks_per_year),
        weeks_(p.school.school.years * p.school.school.weeks_per_year) {}

  RunOutput run() {
    setup();
    for (int w = 0; w < weeks_; ++w) {
      parallel_for(n_, threads_, [&](std::size_t i, int) { step(static_cast<std::uint32_t>(i)); });
      exchange(w);
    }
    return finish();
  }

 private:
  const NetworkRunParams& p_;
  std::uint64_t seed_, run_;
  int threads_;
  std::uint32_t n_;
  int weeks_per_year_, weeks_;
  SchoolGraph graph_;
  // Each school's id as the hub knows it: the schools file's, or S-1 .. S-n
  // (network_files.hpp). Stories and the schools table use it, never the
  // 0-based index.
  std::vector<std::string> ids_;
  std::vector<double> centrality_;
  std::vector<Member> members_;
  std::vector<WeekView> view_;
  std::vector<char> coached_;
  double tie_trust_ = 0.0;
  RunOutput out_;
  // Output tables, filled as the run goes.
  std::vector<std::int64_t> row_week_, row_school_, row_status_, row_champions_;
  std::vector<double> row_fidelity_, row_load_, row_outcome_, row_gap_;
  int adoptions_ = 0, drops_ = 0, adoptions_total_ = 0, drops_total_ = 0;
  int weeks_to_half_ = -1;
  std::vector<char> had_at_exit_;

  bool wedge() const {
    return static_cast<Recruitment>(p_.membership.recruitment) == Recruitment::kWedge;
  }
  int exit_week() const {  // first week without the hub, or -1
    if (!p_.hub.enabled || p_.hub.funding_ends_year == 0) return -1;
    const int w = p_.hub.funding_ends_year * weeks_per_year_;
    return w < weeks_ ? w : -1;
  }

  void event(int week, std::uint32_t school, const char* kind, std::string detail) {
    out_.events.push_back({week, static_cast<int>(school), kind, -1, std::move(detail)});
  }

  void setup() {
    // Files are parsed again for every replicate (a 10,000-row table takes
    // milliseconds) from the bytes the process read once (input_file.hpp),
    // so every replicate sees the file the model validated.
    const std::vector<SchoolRow> rows =
        p_.schools.file.empty() ? std::vector<SchoolRow>{} : read_schools_file(p_.schools.file);
    if (!rows.empty() && rows.size() != n_) {  // validated before any run; never trusted blindly
      throw std::runtime_error("schools.file " + p_.schools.file + " has " +
                               std::to_string(rows.size()) + " schools, the network " +
                               std::to_string(n_));
    }
    RandomStream graph_stream(key(seed_, run_, 0, 0, purpose::kNetworkGraph));
    graph_ = build_school_graph(p_.network, graph_stream, school_ids(rows));
    ids_ = rows.empty() ? default_school_ids(n_) : school_ids(rows);
    centrality_ = eigenvector_centrality(graph_);
    members_.resize(n_);
    view_.resize(n_);
    coached_.assign(n_, 0);
    std::vector<MemberSchool> drawn(n_);
    for (std::uint32_t i = 0; i < n_; ++i) {
      RandomStream r(key(seed_, run_, i, 0, purpose::kMemberSchool));
      drawn[i] = draw_member_school(p_.school, p_.schools, p_.membership, r,
                                    rows.empty() ? nullptr : &rows[i]);
    }
    // Building a school (staff, students, their histories) costs about as
    // much as a few weeks of it: done in parallel, each into its own slot.
    parallel_for(n_, threads_, [&](std::size_t i, int) {
      auto& m = members_[i];
      m.sim = std::make_unique<SchoolSimulation>(drawn[i].params, seed_, run_,
                                                 static_cast<std::uint32_t>(i), Schedule{},
                                                 Keeping::kLatestWeek);
      m.style = drawn[i].style;
      m.poverty = drawn[i].params.school.poverty;
      m.capacity = drawn[i].params.capacity.initial_capacity;
    });
    std::vector<std::uint32_t> by_poverty(n_);
    for (std::uint32_t i = 0; i < n_; ++i) by_poverty[i] = i;
    std::stable_sort(by_poverty.begin(), by_poverty.end(),
                     [&](auto a, auto b) { return members_[a].poverty < members_[b].poverty; });
    for (std::uint32_t rank = 0; rank < n_; ++rank)
      members_[by_poverty[rank]].tercile = static_cast<int>(3 * rank / n_);
    const bool system = static_cast<Recruitment>(p_.membership.recruitment) != Recruitment::kRandom;
    tie_trust_ = std::min(1.0, p_.spread.tie_trust + (system ? p_.membership.system_trust : 0.0));

    std::vector<Readiness> readiness(n_);
    for (std::uint32_t i = 0; i < n_; ++i) {
      const auto& cap = members_[i].sim->params().capacity;
      readiness[i] = {cap.initial_capacity - cap.legacy_activities * cap.activity_load,
                      members_[i].poverty};
    }
    RandomStream seed_stream(key(seed_, run_, 0, 0, purpose::kSeeding));
    const bool named = static_cast<SeedingStrategy>(p_.seeding.strategy) == SeedingStrategy::kNamed;
    for (const std::uint32_t i : choose_seeds(
             p_.seeding, graph_, centrality_, readiness,
             named ? named_seeds(p_.seeding, ids_) : std::vector<std::uint32_t>{}, seed_stream)) {
      members_[i].seed = true;
      if (adopt(i, 0))
        event(0, i, "practice_seeded", "School " + ids_[i] + " starts the network's practice.");
    }
    out_.series.assign(static_cast<std::size_t>(weeks_) * kNetworkMetricCount, 0.0);
  }

  void step(std::uint32_t i) {
    auto& m = members_[i];
    m.sim->step_week();
    const SchoolSimulation::WeekResults week = m.sim->latest_week();
    view_[i] = {week.fidelity, week.load, week.outcome, week.gap};
    m.fidelity_trend += (week.fidelity - m.fidelity_trend) / 8.0;
  }

  // Takes up the practice: an initiative of the school's own, plus the
  // change package when the network has a shared aim.
  bool adopt(std::uint32_t i, int week) {
    auto& m = members_[i];
    const int practice = m.sim->take_up_practice(week);
    if (practice < 0) return false;
    m.practice = practice;
    m.status = Status::kRunning;
    m.adopted_week = week;
    m.ever = true;
    ++adoptions_;
    ++adoptions_total_;
    // Shared network leadership puts the school's own teachers in network
    // roles: they become champions of the practice in their school.
    if (p_.hub.enabled && p_.hub.shared_leadership > 0.0 && p_.hub.member_leaders > 0 &&
        p_.school.initiatives.enabled) {
      RandomStream r(key(seed_, run_, i, week, purpose::kNetworkRoles));
      const double leaders = p_.hub.member_leaders * p_.hub.shared_leadership;
      const int whole = static_cast<int>(leaders);
      const int count = whole + (r.bernoulli(leaders - whole) ? 1 : 0);
      for (int k = 0; k < count; ++k) m.sim->recruit_champion(practice, r);
    }
    if (p_.hub.enabled && p_.hub.shared_aim) {
      // Research-based practice is judged on all students: each dimension
      // of the package is right for the school (for its majority) with
      // chance package_accuracy.
      RandomStream r(key(seed_, run_, i, week, purpose::kChangePackage));
      const int dims = std::min(p_.hub.package_dimensions, m.sim->params().school.dimensions);
      const std::uint64_t right_threshold =
          RandomStream::bernoulli_threshold(p_.hub.package_accuracy);
      std::vector<bool> right(static_cast<std::size_t>(dims));
      for (int d = 0; d < dims; ++d)
        right[static_cast<std::size_t>(d)] = r.bernoulli_u32(right_threshold);
      m.sim->take_up_package(practice, right);
    }
    return true;
  }

  void drop(std::uint32_t i, int week, const std::string& why) {
    auto& m = members_[i];
    m.sim->drop_practice(m.practice);
    m.status = Status::kNone;
    m.practice = -1;
    ++drops_;
    ++drops_total_;
    event(week, i, "practice_dropped", why);
  }

  double support(std::uint32_t i, bool funded) const {
    double a = 0.0;
    if (p_.hub.enabled && (funded || p_.hub.members_continue)) {
      a = p_.hub.shared_leadership * p_.hub.action_period_support;  // from peers
      if (funded && coached_[i]) a = p_.hub.action_period_support;
    }
    if (wedge()) a = 1.0 - (1.0 - a) * (1.0 - p_.membership.wedge_support);
    return a;
  }

  void update_running(int week, bool funded) {
    const int lifetime_weeks = p_.school.initiatives.lifetime_years * weeks_per_year_;
    for (std::uint32_t i = 0; i < n_; ++i) {
      auto& m = members_[i];
      if (m.status != Status::kRunning) continue;
      const std::string name = "school " + ids_[i];
      if (!m.sim->practice_running(m.practice)) {
        if (lifetime_weeks > 0 &&
            week + 1 - m.sim->practice_launched_week(m.practice) >= lifetime_weeks) {
          m.status = Status::kEmbedded;
          m.practice = -1;
          event(week, i, "practice_embedded",
                "At " + name +
                    " the practice completed its run as an initiative; it is now "
                    "part of how the school works.");
        } else {
          drop(i, week,
               "The last champion at " + name + " left; " + name + " dropped the practice.");
        }
        continue;
      }
      // One draw a week against the two graded chances (spread.hpp).
      const DropChance chance = drop_chance(p_.spread, support(i, funded), m.fidelity_trend);
      RandomStream r(key(seed_, run_, i, week + 1, purpose::kFade));
      const double u = r.uniform();
      if (u < chance.overtaken) {
        drop(i, week,
             "Daily demands overtook the work at " + name + "; " + name + " dropped the practice.");
      } else if (u < chance.overtaken + (1.0 - chance.overtaken) * chance.infidelity) {
        drop(i, week,
             "Staff at " + name + " could not teach it as intended (fidelity " +
                 fixed(m.fidelity_trend, 2) + " over recent weeks); " + name +
                 " dropped the practice.");
      }
    }
  }

  // The hub coaches its earliest adopters still running the practice, then
  // other schools in rotation with what capacity is left.
  void assign_coaching(int week, bool funded) {
    std::fill(coached_.begin(), coached_.end(), 0);
    if (!funded) return;
    std::vector<std::uint32_t> running;
    for (std::uint32_t i = 0; i < n_; ++i)
      if (members_[i].status == Status::kRunning) running.push_back(i);
    std::stable_sort(running.begin(), running.end(), [&](auto a, auto b) {
      return members_[a].adopted_week < members_[b].adopted_week;
    });
    auto left = static_cast<std::uint32_t>(p_.hub.coaching_capacity);
    for (const std::uint32_t i : running) {
      if (left == 0) break;
      coached_[i] = 1;
      --left;
    }
    const std::uint32_t others = n_ - static_cast<std::uint32_t>(running.size());
    if (left == 0 || others == 0) return;
    const std::uint32_t start = static_cast<std::uint32_t>(
        (static_cast<std::uint64_t>(week) * p_.hub.coaching_capacity) % n_);
    for (std::uint32_t k = 0; k < n_ && left > 0; ++k) {
      const std::uint32_t i = (start + k) % n_;
      if (members_[i].status != Status::kNone) continue;
      coached_[i] = 1;
      --left;
    }
  }

  void grow_champions(int week, bool funded) {
    for (std::uint32_t i = 0; i < n_; ++i) {
      auto& m = members_[i];
      if (m.status != Status::kRunning || !p_.school.initiatives.enabled) continue;
      const double chance = support(i, funded) * p_.hub.champion_growth;
      if (chance <= 0.0) continue;
      RandomStream r(key(seed_, run_, i, week + 1, purpose::kActionPeriod));
      if (r.bernoulli(chance)) m.sim->recruit_champion(m.practice, r);
    }
  }

  void spread(int week, bool funded, bool any_running) {
    const double scale = convening_scale(p_.hub, week, weeks_per_year_);
    double pull = p_.hub.convening_pull * scale;
    if (!p_.hub.shared_aim) pull /= 3.0;
    const bool bright = p_.hub.bright_spots && any_running;
    if (!bright) pull /= 2.0;
    const double peer = p_.spread.transmission * tie_trust_;
    std::vector<double> others;  // a convening and coaching: never counted as tied schools
    std::vector<std::uint32_t> takers;
    for (std::uint32_t i = 0; i < n_; ++i) {
      if (members_[i].status != Status::kNone) continue;
      int adopting = 0;
      for (const std::uint32_t j : graph_.neighbours(i))
        adopting += members_[j].status != Status::kNone ? 1 : 0;
      others.clear();
      if (scale > 0.0 && pull > 0.0) others.push_back(pull);
      if (funded && coached_[i])
        others.push_back(p_.spread.transmission * p_.hub.action_period_support);
      const double chance = uptake_chance(peer_uptake_chance(p_.spread, adopting, peer), others);
      if (chance <= 0.0) continue;
      RandomStream r(key(seed_, run_, i, week + 1, purpose::kSpread));
      if (r.bernoulli(chance)) takers.push_back(i);
    }
    // Decided from the same states, then applied: a school taking it up
    // this week passes it on from next week.
    for (const std::uint32_t i : takers) {
      int tied = 0;
      for (const std::uint32_t j : graph_.neighbours(i))
        tied += members_[j].status != Status::kNone ? 1 : 0;
      if (!adopt(i, week)) continue;
      std::string how = tied > 0 ? "from " + plural(tied, "tied school") : "";
      if (scale > 0.0) how += (how.empty() ? "at a convening" : " and a convening");
      if (funded && coached_[i]) how += (how.empty() ? "with coaching" : ", with coaching");
      event(week, i, "practice_adopted",
            "School " + ids_[i] + " took up the practice" + (how.empty() ? "" : " " + how) + ".");
    }
  }

  void record(int week, bool funded) {
    double* row = &out_.series[static_cast<std::size_t>(week) * kNetworkMetricCount];
    int has = 0, running = 0, embedded = 0, ever = 0, champions = 0;
    double fidelity = 0.0, outcome = 0.0, gap = 0.0;
    int with_gap = 0;  // schools with both groups (a gap is undefined without one)
    std::array<int, 3> tercile_has{}, tercile_n{};
    for (std::uint32_t i = 0; i < n_; ++i) {
      const auto& m = members_[i];
      const bool with = m.status != Status::kNone;
      has += with;
      running += m.status == Status::kRunning;
      embedded += m.status == Status::kEmbedded;
      ever += m.ever;
      if (with) fidelity += view_[i].fidelity;
      if (m.status == Status::kRunning) champions += m.sim->champions(m.practice);
      outcome += view_[i].outcome;
      if (std::isfinite(view_[i].gap)) {
        gap += view_[i].gap;
        ++with_gap;
      }
      ++tercile_n[static_cast<std::size_t>(m.tercile)];
      tercile_has[static_cast<std::size_t>(m.tercile)] += with;
    }
    const double n = n_;
    row[kAdoptedShare] = has / n;
    row[kActiveShare] = running / n;
    row[kEmbeddedShare] = embedded / n;
    row[kEverAdoptedShare] = ever / n;
    // Averages over an empty set are missing (kMissing), not 0.
    row[kMeanFidelity] = has ? fidelity / has : kMissing;
    row[kMeanChampions] = running ? static_cast<double>(champions) / running : kMissing;
    for (std::size_t t = 0; t < 3; ++t)
      row[kAdoptedLowPoverty + static_cast<int>(t)] =
          tercile_n[t] ? static_cast<double>(tercile_has[t]) / tercile_n[t] : kMissing;
    row[kSchoolOutcomeMean] = outcome / n;
    row[kSchoolOutcomeGap] = with_gap ? gap / with_gap : kMissing;
    row[kHubActive] = funded ? 1.0 : 0.0;
    row[kAdoptions] = adoptions_;
    row[kDrops] = drops_;
    adoptions_ = drops_ = 0;
    if (weeks_to_half_ < 0 && row[kAdoptedShare] >= 0.5) weeks_to_half_ = week + 1;

    const int every = p_.network.rows_every_weeks;
    if (week == 0 || (week + 1) % every == 0 || week + 1 == weeks_) {
      for (std::uint32_t i = 0; i < n_; ++i) {
        const auto& m = members_[i];
        row_week_.push_back(week);
        row_school_.push_back(i);
        row_status_.push_back(static_cast<std::int64_t>(m.status));
        row_champions_.push_back(m.status == Status::kRunning ? m.sim->champions(m.practice) : 0);
        row_fidelity_.push_back(view_[i].fidelity);
        row_load_.push_back(view_[i].load);
        row_outcome_.push_back(view_[i].outcome);
        row_gap_.push_back(view_[i].gap);
      }
    }
  }

  void exchange(int week) {
    const bool funded = hub_funded(p_.hub, week, weeks_per_year_);
    // Who ran the practice at the hub's last funded week.
    if (week + 1 == exit_week()) {
      had_at_exit_.assign(n_, 0);
      for (std::uint32_t i = 0; i < n_; ++i) had_at_exit_[i] = members_[i].status != Status::kNone;
    }
    update_running(week, funded);
    assign_coaching(week, funded);
    grow_champions(week, funded);
    bool any_running = false;
    for (const auto& m : members_) any_running = any_running || m.status != Status::kNone;
    spread(week, funded, any_running);
    record(week, funded);
    if (week + 1 == exit_week()) {
      event(week, 0, "hub_exit",
            "The hub's funding ended after year " + std::to_string(p_.hub.funding_ends_year) +
                ": its convenings and coaching stop" +
                (p_.hub.shared_leadership > 0.0
                     ? "; member schools keep convening and supporting each other."
                     : "."));
    }
  }

  RunOutput finish() {
    const double* last = &out_.series[static_cast<std::size_t>(weeks_ - 1) * kNetworkMetricCount];
    out_.summary.assign(kNetworkSummaryCount, 0.0);
    auto& sum = out_.summary;
    sum[kSumAdoptedShare] = last[kAdoptedShare];
    sum[kSumActiveShare] = last[kActiveShare];
    sum[kSumEmbeddedShare] = last[kEmbeddedShare];
    sum[kSumEverAdoptedShare] = last[kEverAdoptedShare];
    sum[kSumMeanFidelity] = last[kMeanFidelity];
    sum[kSumAdoptedLowPoverty] = last[kAdoptedLowPoverty];
    sum[kSumAdoptedHighPoverty] = last[kAdoptedHighPoverty];
    // Censored: a run that never reached half has no time (missing) and a 0 flag.
    sum[kSumWeeksToHalf] = weeks_to_half_ > 0 ? weeks_to_half_ : kMissing;
    sum[kSumReachedHalf] = weeks_to_half_ > 0 ? 1.0 : 0.0;
    double sustained = kMissing;  // no exit during the run
    if (!had_at_exit_.empty()) {
      int had = 0, kept = 0;
      for (std::uint32_t i = 0; i < n_; ++i) {
        had += had_at_exit_[i];
        kept += had_at_exit_[i] && members_[i].status != Status::kNone;
      }
      sustained = had ? static_cast<double>(kept) / had : kMissing;
    }
    sum[kSumSustainedAfterHubExit] = sustained;
    sum[kSumAdoptionsTotal] = adoptions_total_;
    sum[kSumDropsTotal] = drops_total_;
    sum[kSumSchoolOutcomeMean] = last[kSchoolOutcomeMean];
    sum[kSumSchoolOutcomeGap] = last[kSchoolOutcomeGap];

    RunTable schools{"schools", {}};
    std::vector<std::int64_t> id, students, teachers, tercile, seed, degree;
    std::vector<double> poverty, capacity, centrality;
    std::vector<std::string> style;
    for (std::uint32_t i = 0; i < n_; ++i) {
      const auto& m = members_[i];
      id.push_back(i);
      students.push_back(m.sim->params().school.students);
      teachers.push_back(m.sim->params().school.teachers);
      poverty.push_back(m.poverty);
      tercile.push_back(m.tercile);
      style.push_back(m.style);
      capacity.push_back(m.capacity);
      seed.push_back(m.seed ? 1 : 0);
      centrality.push_back(centrality_[i]);
      degree.push_back(graph_.degree(i));
    }
    schools.columns = {{"school", id},         {"id", ids_, kSchoolIdWidth},
                       {"students", students}, {"teachers", teachers},
                       {"poverty", poverty},   {"poverty_tercile", tercile},
                       {"style", style},       {"capacity", capacity},
                       {"seed", seed},         {"centrality", centrality},
                       {"degree", degree}};
    RunTable ties{"school_ties", {}};
    std::vector<std::int64_t> source, target;
    std::vector<double> trust;
    for (const auto& [a, b] : graph_.ties) {
      source.push_back(a);
      target.push_back(b);
      trust.push_back(tie_trust_);
    }
    std::vector<std::string> source_id, target_id;
    for (const auto& [a, b] : graph_.ties) {
      source_id.push_back(ids_[a]);
      target_id.push_back(ids_[b]);
    }
    ties.columns = {{"source", source},
                    {"target", target},
                    {"source_id", source_id, kSchoolIdWidth},
                    {"target_id", target_id, kSchoolIdWidth},
                    {"trust", trust}};
    RunTable rows{"school_rows", {}};
    std::vector<std::string> row_id;
    row_id.reserve(row_school_.size());
    for (const auto i : row_school_) row_id.push_back(ids_[static_cast<std::size_t>(i)]);
    rows.columns = {
        {"week", row_week_},     {"school", row_school_},       {"id", row_id, kSchoolIdWidth},
        {"status", row_status_}, {"champions", row_champions_}, {"fidelity", row_fidelity_},
        {"load", row_load_},     {"outcome", row_outcome_},     {"gap", row_gap_}};
    out_.tables = {std::move(schools), std::move(ties), std::move(rows)};
    return std::move(out_);
  }
};

}  // namespace

RunOutput run_network(const NetworkRunParams& p, std::uint64_t seed, std::uint64_t run,
                      int threads) {
  return NetworkRun(p, seed, run, threads).run();
}

}  // namespace loom
