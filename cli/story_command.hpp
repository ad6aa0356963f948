#pragma once
// `loom story FILE [--scenario ID] [--run N] [--kind K] [--school ID] [--every]`: the
// event story of a results file in plain language, week by week, so a
// workshop can tell what happened in one run and why. Events said in the
// same words within one school year are told once, with their weeks and
// how many times ("weeks 4, 8 and 20 (3 times)"); --every lists each. Run N
// is the viewer's "School N+1" (the story names both).
#include <cstdint>
#include <iosfwd>
#include <string>

namespace loom {

struct StoryRequest {
  std::string file;
  std::string scenario;  // empty = every scenario in the file
  std::int64_t run = 0;
  std::string kind;    // empty = every kind
  std::string school;  // a network's school id (schools file, or S-1 ..); empty = all
  bool every = false;  // each event on its own line (no grouping of repeats)
};

// Prints the story; throws Hdf5Error for an unreadable file and
// std::invalid_argument for a scenario or run the file does not have.
void print_story(const StoryRequest& request, std::ostream& out);

}  // namespace loom
