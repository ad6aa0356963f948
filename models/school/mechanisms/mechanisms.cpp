#include "models/school/mechanisms/mechanisms.hpp"

#include <algorithm>

#include "models/school/school_phases.hpp"
#include "sim/input/overrides.hpp"

namespace loom {

namespace {

template <class Section>
constexpr bool for_network_members() {
  if constexpr (requires { Section::for_network_members; }) {
    return Section::for_network_members;
  } else {
    return true;
  }
}

}  // namespace

std::vector<std::unique_ptr<ParameterSection>> bind_school_sections(SchoolParams& p,
                                                                    SchoolSectionUse use) {
  std::vector<std::unique_ptr<ParameterSection>> sections;
#define LOOM_BIND(name, Section)                                          \
  if (use == SchoolSectionUse::kSchool || for_network_members<Section>()) \
    sections.push_back(                                                   \
        std::make_unique<BoundSection<typename Section::Params>>(Section::table(), p.name));
  LOOM_SCHOOL_SECTIONS(LOOM_BIND)
#undef LOOM_BIND
  return sections;
}

SchoolParams march_core_school() {
  SchoolParams p;
  for (const auto& section : bind_school_sections(p)) {
    ParameterSection* const one[] = {section.get()};
    for (const std::string_view off : section->switch_off())
      apply_override(one, std::string(section->name()) + "." + std::string(off));
  }
  return p;
}

std::vector<Phase> school_phases() {
  std::vector<Phase> phases(school_core_phases().begin(), school_core_phases().end());
  for_each_school_section([&]<class Section>() {
    if constexpr (requires { Section::phases; }) {
      for (const Phase& phase : Section::phases) phases.push_back(phase);
    }
  });
  // Stable: at a stage, the school's own phases first, then list order.
  std::stable_sort(phases.begin(), phases.end(),
                   [](const Phase& a, const Phase& b) { return a.stage < b.stage; });
  return phases;
}

void start_school_sections(SchoolState& s, const RunContext& c) {
  for_each_school_section([&]<class Section>() {
    if constexpr (requires { Section::at_start(s, c); }) Section::at_start(s, c);
  });
}

void school_lever_changed(SchoolState& s, const SchoolParams& p, std::string_view section,
                          std::string_view key) {
  for_each_school_section([&]<class Section>() {
    if constexpr (requires { Section::lever_changed(s, p, key); }) {
      if (Section::table().section == section) Section::lever_changed(s, p, key);
    }
  });
}

std::vector<Purpose> school_purposes() {
  std::vector<Purpose> purposes(school_core_purposes().begin(), school_core_purposes().end());
  for_each_school_section([&]<class Section>() {
    if constexpr (requires { Section::purposes; }) {
      for (const Purpose purpose : Section::purposes) purposes.push_back(purpose);
    }
  });
  return purposes;
}

}  // namespace loom
