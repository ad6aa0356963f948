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

void setup_school_sections(SchoolState& s, const RunContext& c) {
  for_each_school_section([&]<class Section>() {
    if constexpr (requires { Section::at_setup(s, c); }) Section::at_setup(s, c);
  });
}

void start_run_sections(SchoolState& s, const RunContext& c) {
  for_each_school_section([&]<class Section>() {
    if constexpr (requires { Section::at_run_start(s, c); }) Section::at_run_start(s, c);
  });
}

void school_lever_changed(SchoolState& s, const RunContext& c, std::string_view section,
                          std::string_view key) {
  for_each_school_section([&]<class Section>() {
    if constexpr (requires { Section::lever_changed(s, c, key); }) {
      if (Section::table().section == section) Section::lever_changed(s, c, key);
    }
  });
}

void all_levers_changed(SchoolState& s, const RunContext& c) {
  for_each_school_section([&]<class Section>() {
    if constexpr (requires { Section::lever_changed(s, c, std::string_view{}); }) {
      for (const ParameterInfo& info : Section::table().infos)
        Section::lever_changed(s, c, info.key);
    }
  });
}

namespace {

// One section as usual: its leadership choices at their defaults, then its
// own as_usual (if it has one).
template <class Section>
void section_as_usual(typename Section::Params& usual, const typename Section::Params& defaults) {
  const auto& table = Section::table();
  for (std::size_t i = 0; i < table.infos.size(); ++i)
    if (table.infos[i].leadership_choice) table.write(usual, i, table.read(defaults, i));
  if constexpr (requires { Section::as_usual(usual); }) Section::as_usual(usual);
}

}  // namespace

SchoolParams business_as_usual(const SchoolParams& p) {
  SchoolParams usual = p;
  const SchoolParams defaults;
#define LOOM_AS_USUAL(name, Section) section_as_usual<Section>(usual.name, defaults.name);
  LOOM_SCHOOL_SECTIONS(LOOM_AS_USUAL)
#undef LOOM_AS_USUAL
  return usual;
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
