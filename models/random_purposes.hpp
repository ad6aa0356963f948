#pragma once
// The purposes of random draws in Loom's models (the school model and
// March's model it docks with). The engine's streams (sim/core/random_stream.hpp)
// take a purpose as part of their name but define none; this completes the
// enumeration. New purposes go at the end: the numeric value is part of the
// stream name, so renumbering would change every result. 1001-1003 are taken
// by the engine's experiment designs (sim/experiments/experiment_design.hpp).
#include <cstdint>

#include "sim/core/random_stream.hpp"

namespace loom {

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
  // The network of schools (models/school_network/): 40-49, so purposes the school
  // model adds meanwhile (28, 29, ...) cannot collide with them.
  kNetworkGraph = 40,   // the ties between schools
  kMemberSchool = 41,   // a member school's size, poverty, style and capacity
  kSeeding = 42,        // which schools start with the practice (random, clustered)
  kSpread = 43,         // whether a school takes up the practice this week
  kChangePackage = 44,  // how right the change package is for a school
  kActionPeriod = 45,   // coaching and support between convenings: new champions
  kFade = 46,           // whether the practice is overtaken by daily demands this week
};

}  // namespace loom
