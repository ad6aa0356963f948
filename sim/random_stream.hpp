#pragma once
// Counter-based random streams.
//
// Every random number in Loom comes from a stream named by what it is for:
// (seed, run, school, entity, week, purpose). The stream is a Philox4x32-10
// generator (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3")
// whose key and counter are built from that name, so a draw depends only on
// *what* is being decided, never on which thread or MPI rank decides it. That
// is what makes results bit-identical for any thread or rank count.
//
// Cost: one Philox block (10 rounds, ~20 multiplies) yields 128 bits; opening a
// stream is free (no state to warm up), so streams can be opened per entity
// per week without a measurable cost.
#include <array>
#include <cstdint>

namespace loom {

// Why a draw is made. New purposes go at the end: the numeric value is part of
// the stream name, so renumbering would change every result.
enum class Purpose : std::uint32_t {
  kReality = 1,          // true value of each practice dimension
  kInitialBeliefs = 2,   // beliefs of a person when they arrive
  kAct = 3,              // coin flips where a belief is 0
  kSocialise = 4,        // learning from the code (p1)
  kCodeLearning = 5,     // code learning from superior performers (p2)
  kTurnover = 6,         // who leaves
  kTurbulence = 7,       // reality shifting (p4)
  kStudentSetup = 8,     // subgroup and responsiveness of students
  kClassAssignment = 9,  // which teacher a student has
  kVoice = 10,           // beliefs of student and family voice members
  kStaffSetup = 11,      // tenure of the first staff
  kTies = 12,            // who has a colleague outside their team
  kPlanCycle = 13,       // which change idea a PDSA team tests, and who is on the team
  kStudy = 14,           // measurement noise when a PDSA team studies its test
  kPeerLearning = 15,    // which trusted colleague a teacher learns from
  // 16 (fidelity) retired: those draws now come from the kAct stream.
  kReporting = 17,        // honest reporting of a failed test, and blame
  kMidYearExit = 18,      // rare exits during the school year
  kHiring = 19,           // how long a vacancy stays open
  kChampions = 20,        // who becomes a champion of an initiative
  kCompliance = 21,       // whether a cycle is run as a checkbox
  kEquityPause = 22,      // how an equity pause goes
  kObservation = 23,      // how colleagues' results look at a staff meeting
  kAdaptCycle = 24,       // new test classrooms when a PDSA idea is re-tested
  kExperience = 25,       // what a summer of classroom experience teaches a teacher
  kPriorExperience = 26,  // what the first staff learned before the run
  kPeerConsult = 27,      // who consults a colleague this week (one draw per post)
};

struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t run = 0;
  std::uint32_t school = 0;
  std::uint32_t entity = 0;
  std::uint32_t week = 0;
  Purpose purpose = Purpose::kReality;
};

// Philox4x32-10 block function: counter (4 x 32 bit) and key (2 x 32 bit) to
// 4 x 32 random bits. Exposed for the known-answer test.
std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> counter,
                                           std::array<std::uint32_t, 2> key);

class RandomStream {
 public:
  explicit RandomStream(const StreamKey& key);

  // 32 and 64 uniformly random bits.
  std::uint32_t next_u32() {
    if (used_ == 4) refill();
    return block_[used_++];
  }
  std::uint64_t next_u64() {
    const std::uint64_t hi = next_u32();
    return (hi << 32) | next_u32();
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // True with probability p, at 32-bit resolution (threshold from
  // bernoulli_threshold so that hot loops convert p once).
  bool bernoulli_u32(std::uint64_t threshold) { return next_u32() < threshold; }
  bool bernoulli(double p) { return next_u32() < bernoulli_threshold(p); }
  // Standard normal (Box-Muller; the second value is discarded so a draw
  // always uses the same number of bits: reproducible and simple, at twice
  // the cost, which is negligible at the few draws per cycle made here).
  double normal();
  // Uniform integer in [0, n) (Lemire's multiply-shift, bias < n / 2^32).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next_u32()) * n) >> 32);
  }

  static std::uint64_t bernoulli_threshold(double p);

 private:
  void refill();
  std::array<std::uint32_t, 4> counter_{};
  std::array<std::uint32_t, 2> key_{};
  std::array<std::uint32_t, 4> block_{};
  int used_ = 4;
};

}  // namespace loom
