#include "models/school_network/network_model.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "models/catalog/model_catalog.hpp"
#include "models/school_network/network_files.hpp"
#include "models/school_network/network_outputs.hpp"
#include "sim/run/model.hpp"

namespace loom {
namespace {

std::vector<std::string> names_of(std::span<const OutputInfo> infos) {
  std::vector<std::string> names;
  for (const auto& info : infos) names.emplace_back(info.name);
  return names;
}

}  // namespace

std::vector<std::string> network_metric_names() {
  return names_of(network_metric_infos());
}
std::vector<std::string> network_summary_names() {
  return names_of(network_summary_infos());
}

namespace {

// Most ties any school has in the edge list (0 when it cannot be read:
// validate() reports why).
int file_max_degree(const NetworkRunParams& p) {
  try {
    const auto n = static_cast<std::uint32_t>(p.network.schools);
    const auto rows =
        p.schools.file.empty() ? std::vector<SchoolRow>{} : read_schools_file(p.schools.file);
    const auto g =
        SchoolGraph::from_pairs(n, read_edges_file(p.network.edges_file, school_ids(rows), n));
    std::uint32_t most = 0;
    for (std::uint32_t i = 0; i < n; ++i) most = std::max(most, g.degree(i));
    return static_cast<int>(most);
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

std::vector<std::string> network_warnings(const NetworkRunParams& p) {
  std::vector<std::string> warnings;
  const auto topology = static_cast<Topology>(p.network.topology);
  if (!p.network.edges_file.empty() && topology != Topology::kFile && topology != Topology::kBuddy)
    warnings.push_back("network.edges_file is ignored: network.topology is \"" +
                       std::string(topology_name(topology)) + "\", not \"file\" or \"buddy\"");
  int ties = 0;
  switch (topology) {
    case Topology::kHubAndSpoke:
      ties = 0;
      break;
    case Topology::kBuddy:
      ties = p.network.schools % 2 == 1 ? 2 : 1;
      break;
    case Topology::kFile:
      ties = file_max_degree(p);
      break;
    default:
      ties = p.network.degree;
  }
  const bool hub_reaches =
      p.hub.enabled && ((p.hub.convening_every_weeks > 0 && p.hub.convening_pull > 0.0) ||
                        (p.hub.coaching_capacity > 0 && p.hub.action_period_support > 0.0));
  const bool ties_carry = ties > 0 && p.spread.transmission > 0.0 && p.spread.tie_trust > 0.0;
  if (!ties_carry && !hub_reaches) {
    warnings.push_back(
        "no school can take up the practice from another: " +
        std::string(ties == 0 ? "schools have no ties under topology " +
                                    std::string(topology_name(topology))
                              : "nothing passes along ties (spread.transmission or "
                                "spread.tie_trust is 0)") +
        " and no hub convenes or coaches; nothing can spread beyond the seed schools");
  }
  return warnings;
}

namespace {

class NetworkModel final : public Model {
 public:
  NetworkModel()
      : network_(network_table(), p_.network),
        hub_(hub_table(), p_.hub),
        spread_(spread_table(), p_.spread),
        seeding_(seeding_table(), p_.seeding),
        schools_(member_school_table(), p_.schools),
        membership_(membership_table(), p_.membership),
        school_sections_(bind_school_sections(p_.school, SchoolSectionUse::kNetworkMember)) {}

  std::vector<ParameterSection*> sections() override {
    std::vector<ParameterSection*> out{&network_, &hub_,     &spread_,
                                       &seeding_, &schools_, &membership_};
    for (const auto& section : school_sections_) out.push_back(section.get());
    return out;
  }

  void validate() const override {
    // Every school must be a valid school: the school model's own checks,
    // on the sections both share.
    auto school = make_model("school");
    for (ParameterSection* target : school->sections()) {
      for (const auto& source : school_sections_) {
        if (source->name() != target->name()) continue;
        for (std::size_t k = 0; k < source->parameters().size(); ++k) {
          target->set(k, source->get(k));
          target->set_text(k, source->text(k));
        }
      }
    }
    school->validate();
    const auto& p = p_;
    if (const std::string problem = graph_problem(p.network); !problem.empty())
      throw ParameterConflict(
          problem, {"network.degree", "network.schools", "network.topology", "network.edges_file"});
    validate_files();
    if (p.seeding.schools > p.network.schools)
      throw ParameterConflict("seeding.schools (" + std::to_string(p.seeding.schools) +
                                  ") cannot exceed network.schools (" +
                                  std::to_string(p.network.schools) + ")",
                              {"seeding.schools", "network.schools"});
    if (p.schools.poverty_min > p.schools.poverty_max)
      throw ParameterConflict("schools.poverty_min cannot exceed schools.poverty_max",
                              {"schools.poverty_min", "schools.poverty_max"});
    if (p.hub.funding_ends_year > p.school.school.years)
      throw ParameterConflict("hub.funding_ends_year (" + std::to_string(p.hub.funding_ends_year) +
                                  ") cannot exceed school.years (" +
                                  std::to_string(p.school.school.years) + ")",
                              {"hub.funding_ends_year", "school.years"});
    if (p.hub.package_dimensions > p.school.school.dimensions)
      throw ParameterConflict("hub.package_dimensions cannot exceed school.dimensions",
                              {"hub.package_dimensions", "school.dimensions"});
    // Room for the practice (taken up, dropped and taken up again a few
    // times) next to the school's own initiatives.
    constexpr int kPracticeRoom = 4;
    const auto& in = p.school.initiatives;
    const int own = in.at_start + (p.school.school.years - 1) * in.new_per_year;
    if (own + kPracticeRoom > kMaxInitiatives)
      throw ParameterConflict(
          "initiatives: at_start + (school.years - 1) x new_per_year = " + std::to_string(own) +
              "; a network school needs room for " + std::to_string(kPracticeRoom) +
              " take-ups of the practice within " + std::to_string(kMaxInitiatives) +
              " initiatives",
          {"initiatives.new_per_year", "initiatives.at_start", "school.years"});
  }

  std::vector<std::string> warnings() const override { return network_warnings(p_); }

  OutputLayout layout() const override {
    return {"week",
            p_.school.school.years * p_.school.school.weeks_per_year,
            network_metric_names(),
            network_summary_names(),
            true,
            p_.school.school.weeks_per_year,
            {"adopted_share", "school_outcome_mean"}};
  }

  void set_threads(int threads) override { threads_ = threads; }

  RunOutput run(std::uint64_t seed, std::uint64_t replicate) const override {
    return run_network(p_, seed, replicate, threads_);
  }

 private:
  // The files must read in full before anything runs: a bad row is named
  // by file and line, and the key that named the file is shown with it.
  void validate_files() const {
    std::vector<std::string> ids;
    if (!p_.schools.file.empty()) {
      std::vector<SchoolRow> rows;
      try {
        rows = read_schools_file(p_.schools.file);
      } catch (const NetworkFileError& e) {
        throw ParameterConflict(std::string("schools.file: ") + e.what(), {"schools.file"});
      }
      if (rows.size() != static_cast<std::size_t>(p_.network.schools))
        throw ParameterConflict("network.schools (" + std::to_string(p_.network.schools) +
                                    ") must equal the schools in schools.file (" +
                                    std::to_string(rows.size()) + " rows in " + p_.schools.file +
                                    ")",
                                {"network.schools", "schools.file"});
      ids = school_ids(rows);
    }
    if (static_cast<SeedingStrategy>(p_.seeding.strategy) == SeedingStrategy::kNamed) {
      if (split_names(p_.seeding.named).empty())
        throw ParameterConflict(
            "seeding.strategy = \"named\" needs the schools in seeding.named, e.g. named = "
            "[\"S-1\", \"S-7\"]",
            {"seeding.strategy", "seeding.named"});
      try {
        named_seeds(
            p_.seeding,
            ids.empty() ? default_school_ids(static_cast<std::uint32_t>(p_.network.schools)) : ids);
      } catch (const std::invalid_argument& e) {
        throw ParameterConflict(e.what(), {"seeding.named"});
      }
    }
    const auto topology = static_cast<Topology>(p_.network.topology);
    if (topology == Topology::kFile ||
        (topology == Topology::kBuddy && !p_.network.edges_file.empty())) {
      try {
        read_edges_file(p_.network.edges_file, ids, static_cast<std::uint32_t>(p_.network.schools));
      } catch (const NetworkFileError& e) {
        throw ParameterConflict(std::string("network.edges_file: ") + e.what(),
                                {"network.edges_file"});
      }
    }
  }

  NetworkRunParams p_;
  int threads_ = 0;
  BoundSection<NetworkParams> network_;
  BoundSection<HubParams> hub_;
  BoundSection<SpreadParams> spread_;
  BoundSection<SeedingParams> seeding_;
  BoundSection<MemberSchoolParams> schools_;
  BoundSection<MembershipParams> membership_;
  // Every member school starts from these (bound to p_.school).
  std::vector<std::unique_ptr<ParameterSection>> school_sections_;
};

}  // namespace

std::unique_ptr<Model> make_network_model() {
  return std::make_unique<NetworkModel>();
}

}  // namespace loom
