#include "viewer/ui/school_network_screen.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "viewer/data/time_axis.hpp"
#include "viewer/ui/layout_check.hpp"
#include "viewer/ui/palette.hpp"
#include "viewer/ui/plot.hpp"
#include "viewer/ui/strategy_panel.hpp"

namespace loom::viewer {
namespace {

// Okabe-Ito colours, apart from the scenario colours' order.
constexpr Rgb kNotYet{200, 200, 200};    // light grey: not taking part
constexpr Rgb kWorking{230, 159, 0};     // orange: working on the practice
constexpr Rgb kRoutine{0, 158, 115};     // bluish green: the practice is routine
constexpr Rgb kSeedRing{204, 121, 167};  // reddish purple: started with the practice
constexpr Rgb kHub{40, 40, 40};

ImU32 colour(Rgb c, float alpha = 1.0f) {
  return IM_COL32(c.r, c.g, c.b, static_cast<int>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f));
}

// Status picks the hue; among schools with the practice, low fidelity
// fades the fill towards white, so a school going through the motions
// looks paler than one teaching the practice as meant.
ImU32 school_fill(const SchoolState& s) {
  if (!s.known || s.status == SchoolStatus::kNotYet) return colour(kNotYet);
  const Rgb c = s.status == SchoolStatus::kRoutine ? kRoutine : kWorking;
  const double f = 0.35 + 0.65 * std::clamp(s.fidelity, 0.0, 1.0);
  const auto mix = [f](std::uint8_t v) {
    return static_cast<std::uint8_t>(std::lround(255.0 + (v - 255.0) * f));
  };
  return colour({mix(c.r), mix(c.g), mix(c.b)});
}

const char* tercile_name(std::int64_t t) {
  return t <= 0 ? "low" : t == 1 ? "middle" : "high";
}

std::string run_name(std::int64_t r) {
  return "Run " + std::to_string(r + 1);
}

}  // namespace

bool SchoolNetworkScreen::has_network(std::span<const ShownScenario> scenarios) {
  return std::any_of(scenarios.begin(), scenarios.end(),
                     [](const ShownScenario& s) { return s.data->school_network.present(); });
}

void SchoolNetworkScreen::select(const std::shared_ptr<const ScenarioData>& data,
                                 std::int64_t run) {
  if (data == data_ && run == run_) return;
  data_ = data;
  run_ = run;
  network_ = SchoolNetworkRun(data->school_network, run);
  hub_ = hub_view(*data, run);
  // Without readable settings the topology is unknown; a hub with no ties
  // between schools is a hub and spoke.
  if (!data->settings && hub_.present && network_.ties().empty()) hub_.spokes = true;
  // The layout's key names the file, scenario and run, and fingerprints the
  // graph: a file opened again after a re-run may hold other ties.
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  const auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ULL; };
  mix(network_.size());
  for (const auto& [a, b] : network_.ties()) mix((std::uint64_t{a} << 32) | b);
  layout_key_ = data->source + "\n" + data->id + "\n" + std::to_string(run) + "\n" +
                std::to_string(h) + (hub_.spokes ? "\nhub" : "");
}

void SchoolNetworkScreen::draw(std::span<const ShownScenario> scenarios, ViewState& view,
                               double seconds) {
  std::vector<const ShownScenario*> with;
  std::vector<ShownScenario> networks;  // every network scenario, for the strategy panel
  for (const auto& s : scenarios) {
    if (s.data->school_network.present()) with.push_back(&s);
    if (is_network_scenario(*s.data)) networks.push_back(s);
  }
  if (with.empty()) {
    ImGui::TextWrapped(
        "No network of schools in these results. This tab shows results of the network model "
        "(model = \"network\" in a scenario file): each school of the network, its ties, and "
        "how a practice spread among them week by week. Files from the school model, or from "
        "a Loom that did not yet write the schools and school_ties tables, have nothing to "
        "show here.");
    view.report.emplace_back("school-network-none");
    if (!networks.empty()) draw_strategy_panel(networks, view, ImGui::GetContentRegionAvail().y);
    playing_ = false;
    return;
  }
  const float scale = ImGui::GetFontSize() / 16.0f;

  // Which scenario and run.
  const ShownScenario* shown = with.front();
  for (const auto* s : with) {
    if (s->data == data_ || (!data_ && s->data->id == preferred_scenario_)) shown = s;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Scenario");
  ImGui::SameLine();
  // The controls wrap onto further lines rather than run past the panel's
  // edge (at 1280 x 800 and font 1.3 the run and week marker were cut off).
  ImGui::SetNextItemWidth(std::min(260.0f * scale, ImGui::GetContentRegionAvail().x));
  const bool choosing = ImGui::BeginCombo("##school-scenario", shown->label.c_str());
  if (!choosing) check_control(view, "Scenario");  // open: the popup is the current window
  if (choosing) {
    for (const auto* s : with) {
      if (ImGui::Selectable(s->label.c_str(), s == shown)) shown = s;
    }
    ImGui::EndCombo();
  }
  const auto runs = school_network_runs(shown->data->school_network);
  if (run_ < 0 && std::find(runs.begin(), runs.end(), preferred_run_) != runs.end())
    run_ = preferred_run_;
  std::int64_t run = std::find(runs.begin(), runs.end(), run_) != runs.end() ? run_ : runs.front();
  const float text_gap = ImGui::GetStyle().ItemSpacing.x;
  same_line_if_fits(ImGui::CalcTextSize("Run").x + text_gap + 120.0f * scale);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Run");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(120.0f * scale);
  const bool choosing_run = ImGui::BeginCombo("##school-run", run_name(run).c_str());
  if (!choosing_run) check_control(view, "Run");
  if (choosing_run) {
    for (std::int64_t r : runs) {
      if (ImGui::Selectable(run_name(r).c_str(), r == run)) run = r;
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Each run is one simulated network, with its own ties, seed schools and chance "
        "events.");
  }
  select(shown->data, run);
  const ScenarioData& data = *shown->data;

  // Time scrubber on the linked cursor, as on the staff network tab.
  const auto& weeks = network_.weeks();
  int week = view.cursor >= 0 ? view.cursor : weeks.empty() ? 0 : static_cast<int>(weeks.back());
  const int last_step =
      std::max(data.steps - 1, weeks.empty() ? 0 : static_cast<int>(weeks.back()));
  if (ImGui::Button(playing_ ? "Pause" : "Play", ImVec2(70.0f * scale, 0.0f))) toggle_play();
  check_control(view, "Play");
  // Play (button or Space) from the start when the marker is at the end.
  if (just_started_ && !weeks.empty() && week >= weeks.back()) view.cursor = week = 0;
  just_started_ = false;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Step through the recorded weeks (Space)");
  if (networks.size() >= 2) {
    same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                      ImGui::CalcTextSize("Compare").x);
    ImGui::Checkbox("Compare", &compare_);
    check_control(view, "Compare", Reach::kStart);
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip(
          "Show the strategy comparison (every network scenario shown) under the map");
    }
  }
  same_line_if_fits(ImGui::CalcTextSize("Week marker").x + text_gap + 180.0f * scale);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Week marker");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1.0f);
  const std::string when = time_point_label(week, data.weeks_per_year, data.time_label);
  if (ImGui::SliderInt("##school-week", &week, 0, last_step, when.c_str())) {
    view.cursor = week;
    playing_ = false;
  }
  check_control(view, "Week marker");
  if (playing_ && !weeks.empty()) {  // the next record every 0.4 s, then stop
    play_clock_ += seconds;
    if (play_clock_ >= 0.4) {
      play_clock_ = 0.0;
      const auto next = std::upper_bound(weeks.begin(), weeks.end(), week);
      if (next == weeks.end()) {
        playing_ = false;
      } else {
        view.cursor = week = static_cast<int>(*next);
      }
    }
  }

  const bool panel = compare_ && networks.size() >= 2;
  const float avail = ImGui::GetContentRegionAvail().y;
  const float map_height = panel ? std::max(260.0f * scale, avail * 0.55f) : avail;
  ImGui::BeginChild("school-map", ImVec2(0.0f, map_height));
  draw_map(data, view, week);
  ImGui::EndChild();
  if (panel) {
    ImGui::BeginChild("strategies");
    draw_strategy_panel(networks, view, ImGui::GetContentRegionAvail().y);
    ImGui::EndChild();
  }
}

void SchoolNetworkScreen::draw_map(const ScenarioData& data, ViewState& view, int week) {
  const float scale = ImGui::GetFontSize() / 16.0f;
  const std::size_t n = network_.size();
  const std::size_t at = network_.week_index_at(week);
  const auto states = network_.states(at);
  const StatusCounts counts = network_.counts(at);

  // Say which week the picture shows: schools are recorded every few weeks.
  std::string shows = "No weekly records of the schools in this run.";
  if (!network_.weeks().empty()) {
    const auto recorded = network_.weeks()[at];
    const std::string rec_when =
        time_point_label(static_cast<int>(recorded), data.weeks_per_year, data.time_label);
    shows = "Showing the schools at " + rec_when +
            (recorded == week ? "" : ", the last record before the week marker") + ": " +
            std::to_string(counts.working + counts.routine) + " of " + std::to_string(n) +
            " have the practice (" + std::to_string(counts.routine) + " as routine).";
    if (hub_.present) {
      shows += hub_.active_at(static_cast<int>(recorded)) ? " The hub is funded."
                                                          : " The hub's funding has ended.";
    }
  }
  ImGui::TextWrapped("%s", shows.c_str());
  view.report.push_back("school-network-label " + shows);

  const bool spokes = hub_.spokes;
  const auto layout = layouts_.get(layout_key_, [&] {
    SchoolLayoutInput input;
    input.nodes = n + (spokes ? 1 : 0);
    input.ties = network_.ties();
    // Hub and spoke: the hub is a node tied to every school, so the
    // schools gather round it as they do in the network.
    for (std::uint32_t i = 0; spokes && i < n; ++i) {
      input.ties.emplace_back(static_cast<std::uint32_t>(n), i);
    }
    input.seed = static_cast<std::uint64_t>(run_) + 1;
    return input;
  });

  const float legend_height = ImGui::GetTextLineHeightWithSpacing() * 4.2f;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float canvas_h = std::max(120.0f * scale, avail.y - legend_height);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("school-canvas", ImVec2(std::max(avail.x, 1.0f), canvas_h));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 min = origin, max(origin.x + avail.x, origin.y + canvas_h);
  list->AddRectFilled(min, max, plot::theme().background);
  list->AddRect(min, max, plot::theme().grid);
  view.plots.push_back({"Network of schools", min, max});
  if (!layout) {
    const char* text = "Arranging the schools...";
    const ImVec2 size = ImGui::CalcTextSize(text);
    list->AddText(ImVec2((min.x + max.x - size.x) * 0.5f, (min.y + max.y - size.y) * 0.5f),
                  plot::theme().text, text);
    return;
  }
  {
    char line[160];
    std::snprintf(line, sizeof line, "school-layout schools=%zu ties=%zu ms=%.1f", n,
                  network_.ties().size(), layout->milliseconds);
    view.report.emplace_back(line);
  }
  // The unit-square layout in the middle of the canvas, as a square.
  const float side = std::min(max.x - min.x, max.y - min.y);
  const ImVec2 corner(min.x + (max.x - min.x - side) * 0.5f, min.y + (max.y - min.y - side) * 0.5f);
  const auto pos = [&](std::size_t i) {
    const NodePosition p = layout->positions[i];
    return ImVec2(corner.x + static_cast<float>(p.x) * side,
                  corner.y + static_cast<float>(p.y) * side);
  };

  // Node size: area in proportion to students, around a base radius that
  // shrinks as the network grows so 1,000 schools still fit.
  double mean_students = 0.0;
  for (const auto& s : network_.schools()) mean_students += static_cast<double>(s.students);
  mean_students = n ? std::max(mean_students / static_cast<double>(n), 1.0) : 1.0;
  const float base =
      std::clamp(side / (3.2f * std::sqrt(static_cast<float>(std::max<std::size_t>(n, 1)))),
                 2.0f * scale, 10.0f * scale);
  const auto radius = [&](std::size_t i) {
    const double ratio = static_cast<double>(network_.schools()[i].students) / mean_students;
    return base * static_cast<float>(std::clamp(std::sqrt(std::max(ratio, 0.0)), 0.6, 2.0));
  };

  // Ties: fainter as they get many, so 2,000 of them stay a texture; then
  // also without anti-aliasing, which draws each as a 1-pixel quad instead
  // of a 3-pixel one (about a fifth of a 1,000-school frame under Mesa's
  // software renderer, measured; the faint texture looks the same).
  const bool many = network_.ties().size() + (spokes ? n : 0) > 600;
  const ImU32 tie_colour = plot::with_alpha(plot::theme().axis, many ? 0.25f : 0.5f);
  const ImDrawListFlags flags = list->Flags;
  if (many) {
    list->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex);
  }
  for (const auto& [a, b] : network_.ties()) list->AddLine(pos(a), pos(b), tie_colour, scale);
  // The hub at the centre of the schools it convenes (it sat in a corner,
  // apart from its network), and of its spokes where schools have no ties.
  ImVec2 hub_at(0.0f, 0.0f);
  for (std::size_t i = 0; i < n; ++i) {
    hub_at.x += pos(i).x / static_cast<float>(n);
    hub_at.y += pos(i).y / static_cast<float>(n);
  }
  if (n == 0) hub_at = ImVec2(min.x + 24.0f * scale, min.y + 24.0f * scale);
  if (spokes && layout->positions.size() > n) {
    const ImU32 spoke = plot::with_alpha(plot::theme().axis, n > 200 ? 0.12f : 0.3f);
    for (std::size_t i = 0; i < n; ++i) list->AddLine(hub_at, pos(i), spoke, scale);
  }
  list->Flags = flags;

  // Schools. Few segments per circle at 1,000 schools: drawing, not the
  // layout (computed once, in the background), is what a frame costs.
  const int segments = n > 300 ? 10 : 0;
  const ImU32 outline = IM_COL32(40, 40, 40, 200);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  std::size_t hovered_school = n;
  float hovered_distance = 1e9f;
  for (std::size_t i = 0; i < n; ++i) {
    const ImVec2 c = pos(i);
    const float r = radius(i);
    const SchoolState s = i < states.size() ? states[i] : SchoolState{};
    if (network_.schools()[i].seed) {
      list->AddCircle(c, r + 2.5f * scale, colour(kSeedRing), segments, 2.0f * scale);
      // Seed schools carry their ids: the hub's question is which ones.
      const std::string label = school_label(network_.schools()[i]);
      list->AddText(ImVec2(c.x + r + 4.0f * scale, c.y - 0.5f * ImGui::GetTextLineHeight()),
                    plot::theme().text, label.c_str());
      view.report.push_back("school-label " + label);
    }
    list->AddCircleFilled(c, r, school_fill(s), segments);
    // An outline keeps neighbouring schools apart where they overlap.
    if (r >= 3.0f * scale) list->AddCircle(c, r, outline, segments, 1.0f);
    const float d = std::hypot(mouse.x - c.x, mouse.y - c.y);
    if (hovered && d <= r + 3.0f * scale && d < hovered_distance) {
      hovered_school = i;
      hovered_distance = d;
    }
  }

  // The hub: a square, filled while funded, an outline after it left.
  if (hub_.present) {
    const float h = std::max(base * 1.6f, 7.0f * scale);
    const bool funded =
        hub_.active_at(network_.weeks().empty() ? week : static_cast<int>(network_.weeks()[at]));
    const ImVec2 a(hub_at.x - h, hub_at.y - h), b(hub_at.x + h, hub_at.y + h);
    if (funded) list->AddRectFilled(a, b, colour(kHub));
    list->AddRect(a, b, colour(kHub), 0.0f, 0, 2.0f * scale);
    list->AddText(ImVec2(b.x + 4.0f * scale, a.y), plot::theme().text, "Hub");
    if (hovered && std::abs(mouse.x - hub_at.x) <= h && std::abs(mouse.y - hub_at.y) <= h) {
      ImGui::SetTooltip("The hub %s.\nIt convenes member schools and coaches some of them%s.",
                        funded ? "is funded" : "is no longer funded",
                        spokes ? "; in this network the schools are tied to the hub only" : "");
      hovered_school = n;
    }
  }

  if (hovered_school < n) {
    const SchoolInfo& s = network_.schools()[hovered_school];
    const SchoolState st = hovered_school < states.size() ? states[hovered_school] : SchoolState{};
    ImGui::BeginTooltip();
    const std::string label = school_label(s);
    ImGui::Text("School %s%s", label.c_str(),
                s.seed ? " (a seed school: started with the practice)" : "");
    ImGui::Text("%lld students, %lld teachers", static_cast<long long>(s.students),
                static_cast<long long>(s.teachers));
    ImGui::Text("Students in poverty: %.0f%% (%s-poverty third of the network)", 100.0 * s.poverty,
                tercile_name(s.poverty_tercile));
    ImGui::Text("Leadership style: %s", s.style.empty() ? "not recorded" : s.style.c_str());
    ImGui::Text("Tied to %lld other schools", static_cast<long long>(s.degree));
    if (st.known) {
      ImGui::Text("%s", status_label(st.status));
      ImGui::Text("Fidelity (staff teaching the shared way as meant): %.2f (0 to 1)", st.fidelity);
      ImGui::Text("Change champions: %lld", static_cast<long long>(st.champions));
    } else {
      ImGui::TextUnformatted("No record of this school at this week");
    }
    ImGui::EndTooltip();
  }

  // Legend, in plain words.
  const float r = 6.0f * scale;
  const auto swatch = [&](const char* label, auto draw) {
    // A new line when the entry would not fit (narrow windows, projectors).
    if (ImGui::GetContentRegionAvail().x < 22.0f * scale + ImGui::CalcTextSize(label).x) {
      ImGui::NewLine();
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(22.0f * scale, ImGui::GetTextLineHeight()));
    draw(list, ImVec2(p.x + 11.0f * scale, p.y + ImGui::GetTextLineHeight() * 0.5f));
    ImGui::SameLine();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(0.0f, 16.0f * scale);
  };
  swatch("Not (yet) taking part", [&](ImDrawList* l, ImVec2 c) {
    l->AddCircleFilled(c, r, colour(kNotYet));
    l->AddCircle(c, r, outline);
  });
  swatch("Working on the practice", [&](ImDrawList* l, ImVec2 c) {
    l->AddCircleFilled(c, r, colour(kWorking));
    l->AddCircle(c, r, outline);
  });
  swatch("Practice is routine", [&](ImDrawList* l, ImVec2 c) {
    l->AddCircleFilled(c, r, colour(kRoutine));
    l->AddCircle(c, r, outline);
  });
  swatch("Seed school", [&](ImDrawList* l, ImVec2 c) {
    l->AddCircleFilled(c, r * 0.7f, colour(kNotYet));
    l->AddCircle(c, r * 0.7f + 2.5f * scale, colour(kSeedRing), 0, 2.0f * scale);
  });
  if (hub_.present) {
    swatch("Hub (hollow: funding ended)", [&](ImDrawList* l, ImVec2 c) {
      l->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), colour(kHub));
    });
  }
  ImGui::NewLine();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped(
      "Size: number of students. Paler orange or green: lower fidelity (staff teach the "
      "practice less as meant). Lines: ties between schools.");
  ImGui::PopStyleColor();
}

}  // namespace loom::viewer
