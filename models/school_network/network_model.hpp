#pragma once
// The network model: many schools, each running the full school model,
// tied to each other and to a hub, spreading one practice (docs/model.md,
// "Networks of schools").
//
// Week by week, every school is stepped (in parallel: schools only touch
// their own state), then the network exchanges serially in school order:
// practices that collapsed, faded or became routine are recorded, the hub
// assigns coaching, supported schools gain champions, and each school not
// running the practice decides, from the states its ties and the hub left
// at the end of that week, whether to take it up. Every draw is keyed by
// (seed, run, school, week, purpose), and sums run in school order, so the
// results are bit-identical for any thread count.
#include <cstdint>
#include <string>
#include <vector>

#include "models/school/mechanisms/mechanisms.hpp"
#include "models/school_network/hub.hpp"
#include "models/school_network/member_schools.hpp"
#include "models/school_network/school_graph.hpp"
#include "models/school_network/seeding.hpp"
#include "models/school_network/spread.hpp"
#include "sim/run/ensemble.hpp"

namespace loom {

struct NetworkRunParams {
  SchoolParams school;  // every member's starting point
  NetworkParams network = network_table().defaults();
  HubParams hub = hub_table().defaults();
  SpreadParams spread = spread_table().defaults();
  SeedingParams seeding = seeding_table().defaults();
  MemberSchoolParams schools = member_school_table().defaults();
  MembershipParams membership = membership_table().defaults();
};

// One replicate; `threads` steps schools in parallel (0 = all cores; a
// nested call inside a busy parallel loop runs on its caller's thread).
RunOutput run_network(const NetworkRunParams& p, std::uint64_t seed, std::uint64_t run,
                      int threads);

std::vector<std::string> network_metric_names();
std::vector<std::string> network_summary_names();

// Warnings about a setting that runs but cannot do what it seems to ask
// (a network in which nothing can pass from one school to another).
std::vector<std::string> network_warnings(const NetworkRunParams& p);

}  // namespace loom
