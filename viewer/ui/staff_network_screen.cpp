#include "viewer/ui/staff_network_screen.hpp"

#include <algorithm>
#include <cmath>

#include "viewer/data/time_axis.hpp"
#include "viewer/ui/palette.hpp"
#include "viewer/ui/plot.hpp"

namespace loom::viewer {
namespace {

constexpr Rgb kLowTrust{213, 94, 0};    // vermillion
constexpr Rgb kHighTrust{0, 114, 178};  // blue
constexpr Rgb kTeacher{86, 180, 233};   // sky blue
constexpr Rgb kChampion{230, 159, 0};   // orange
constexpr Rgb kPrincipal{60, 60, 60};   // dark grey
constexpr Rgb kArrival{213, 94, 0};     // vermillion ring: someone new in this post

ImU32 colour(Rgb c, float alpha = 1.0f) {
  return IM_COL32(c.r, c.g, c.b, static_cast<int>(alpha * 255.0f));
}

ImU32 trust_colour(double trust, float alpha) {
  const double t = std::clamp(trust, 0.0, 1.0);
  const auto mix = [t](std::uint8_t a, std::uint8_t b) {
    return static_cast<std::uint8_t>(std::lround(a + (b - a) * t));
  };
  return colour({mix(kLowTrust.r, kHighTrust.r), mix(kLowTrust.g, kHighTrust.g),
                 mix(kLowTrust.b, kHighTrust.b)},
                alpha);
}

void node_shape(ImDrawList* list, ImVec2 c, float r, std::int64_t role, bool champion) {
  const ImU32 fill = role == 0  ? colour(kPrincipal)
                     : champion ? colour(kChampion)
                                : colour(kTeacher);
  const ImU32 edge = IM_COL32(30, 30, 30, 255);
  if (role == 0) {  // the principal: a square, larger
    list->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), fill);
    list->AddRect(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), edge);
  } else if (champion) {  // champions: a diamond, so shape alone tells them apart
    const float d = r * 1.3f;
    list->AddQuadFilled(ImVec2(c.x, c.y - d), ImVec2(c.x + d, c.y), ImVec2(c.x, c.y + d),
                        ImVec2(c.x - d, c.y), fill);
    list->AddQuad(ImVec2(c.x, c.y - d), ImVec2(c.x + d, c.y), ImVec2(c.x, c.y + d),
                  ImVec2(c.x - d, c.y), edge);
  } else {
    list->AddCircleFilled(c, r, fill);
    list->AddCircle(c, r, edge);
  }
}

}  // namespace

bool StaffNetworkScreen::has_network(std::span<const ShownScenario> scenarios) {
  return std::any_of(scenarios.begin(), scenarios.end(),
                     [](const ShownScenario& s) { return !s.data->network_nodes.empty(); });
}

void StaffNetworkScreen::select(const ScenarioData* data, std::int64_t run) {
  if (data == selected_ && run == run_) return;
  selected_ = data;
  run_ = run;
  history_ = StaffNetworkHistory(*data, run);
}

void StaffNetworkScreen::draw(std::span<const ShownScenario> scenarios, ViewState& view,
                              double seconds) {
  std::vector<const ShownScenario*> with;
  for (const auto& s : scenarios) {
    if (!s.data->network_nodes.empty()) with.push_back(&s);
  }
  if (with.empty()) {
    ImGui::TextWrapped(
        "No staff network in these results. Results from newer versions of Loom include "
        "snapshots of who trusts whom; they appear here with a time scrubber.");
    playing_ = false;
    return;
  }
  const float scale = ImGui::GetFontSize() / 16.0f;

  // Which scenario and run: the view's (ViewState::story_scenario and
  // story_run), so the story beside the network tells this school's history.
  // With the story on every scenario, the network takes the first one it can
  // show and the story follows it; choosing here chooses for both.
  const auto index_of = [&](const ShownScenario* s) {
    return static_cast<int>(s - scenarios.data());
  };
  const ShownScenario* shown = with.front();
  for (const auto* s : with) {
    if (index_of(s) == view.story_scenario) shown = s;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Scenario");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(260.0f * scale);
  if (ImGui::BeginCombo("##scenario", shown->label.c_str())) {
    for (const auto* s : with) {
      if (ImGui::Selectable(s->label.c_str(), s == shown)) shown = s;
    }
    ImGui::EndCombo();
  }
  view.story_scenario = index_of(shown);
  view.report.push_back("network-scenario " + shown->label);
  const auto runs = staff_network_runs(*shown->data);
  std::int64_t run = std::find(runs.begin(), runs.end(), view.story_run) != runs.end()
                         ? view.story_run
                         : runs.front();
  ImGui::SameLine(0.0f, 18.0f * scale);
  ImGui::TextUnformatted("School");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(140.0f * scale);
  const auto school_name = [](std::int64_t r) { return "School " + std::to_string(r + 1); };
  if (ImGui::BeginCombo("##run", school_name(run).c_str())) {
    for (std::int64_t r : runs) {
      if (ImGui::Selectable(school_name(r).c_str(), r == run)) run = r;
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Each run is one simulated school; the network is stored for the first few runs.");
  }
  view.story_run = run;  // networks are kept for the first runs only: the story follows
  keep_ = shown->data;
  select(shown->data.get(), run);
  const ScenarioData& data = *shown->data;
  const auto& weeks = history_.weeks();
  if (weeks.empty()) return;

  // Time scrubber on the linked cursor.
  int week = view.cursor >= 0 ? view.cursor : static_cast<int>(weeks.front());
  const int last_step = std::max(data.steps - 1, static_cast<int>(weeks.back()));
  // Fixed width so the button does not move when its label changes.
  if (ImGui::Button(playing_ ? "Pause" : "Play", ImVec2(70.0f * scale, 0.0f))) {
    playing_ = !playing_;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Step through the snapshots (Space)");
  ImGui::SameLine();
  ImGui::TextUnformatted("Week marker");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1.0f);
  const std::string when = time_point_label(week, data.weeks_per_year, data.time_label);
  if (ImGui::SliderInt("##week", &week, 0, last_step, when.c_str())) {
    view.cursor = week;
    playing_ = false;
  }
  if (playing_) {  // the next snapshot every 0.6 s, then stop at the end
    play_clock_ += seconds;
    if (play_clock_ >= 0.6) {
      play_clock_ = 0.0;
      const auto next = std::upper_bound(weeks.begin(), weeks.end(), week);
      if (next == weeks.end()) {
        playing_ = false;
      } else {
        view.cursor = static_cast<int>(*next);
      }
    }
  }
  const std::size_t index = history_.snapshot_index_at(week);
  const Snapshot snap = history_.snapshot(index);
  // Say which week the picture shows: the staff are stored every few weeks,
  // so the marker often sits between two snapshots.
  const std::string snap_when =
      time_point_label(static_cast<int>(snap.week), data.weeks_per_year, data.time_label);
  std::string every;
  if (weeks.size() > 2) {  // the usual gap (the first may be shorter)
    every = "; the staff are recorded every " + std::to_string(weeks[2] - weeks[1]) + " weeks";
  }
  const std::string shows = snap.week == week ? "Showing the staff at " + snap_when + every + "."
                                              : "Showing the staff at " + snap_when +
                                                    ", the last record before the week marker (" +
                                                    when + ")" + every + ".";
  ImGui::TextWrapped("%s", shows.c_str());
  view.report.push_back("network-label " + shows);

  // Canvas: a square filling the space left above the legend.
  const float legend_height = ImGui::GetTextLineHeightWithSpacing() * 5.0f;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::max(120.0f * scale, std::min(avail.x, avail.y - legend_height));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("canvas", ImVec2(avail.x, side));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 min(origin.x + (avail.x - side) * 0.5f, origin.y);
  const ImVec2 max(min.x + side, min.y + side);
  list->AddRectFilled(min, max, plot::theme().background);
  list->AddRect(min, max, plot::theme().grid);
  view.plots.push_back({"Staff network", min, max});
  list->AddText(ImVec2(min.x + 6.0f * scale, min.y + 4.0f * scale), plot::theme().text,
                snap_when.c_str());
  const auto at = [&](NodePosition p) {
    return ImVec2(min.x + static_cast<float>(p.x) * side, min.y + static_cast<float>(p.y) * side);
  };

  for (const auto& e : snap.edges) {
    list->AddLine(at(e.from), at(e.to),
                  trust_colour(e.trust, 0.25f + 0.6f * static_cast<float>(e.trust)),
                  (0.6f + 2.4f * static_cast<float>(e.trust)) * scale);
  }
  const float r = 6.0f * scale;
  for (const auto& d : snap.departures) {  // an empty post: a dashed outline
    if (d.replaced) continue;
    const ImVec2 c = at(history_.position(d.slot));
    std::vector<ImVec2> ring;
    for (int k = 0; k <= 24; ++k) {
      const float a = 2.0f * 3.14159265f * static_cast<float>(k) / 24.0f;
      ring.emplace_back(c.x + r * std::cos(a), c.y + r * std::sin(a));
    }
    plot::dashed_polyline(list, ring, colour(kArrival), 1.5f * scale, 3.0f * scale, 3.0f * scale);
  }
  const SnapshotNode* hovered_node = nullptr;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (const auto& n : snap.nodes) {
    const ImVec2 c = at(n.position);
    const float size = n.role == 0 ? r * 1.4f : r;
    if (n.arrived) list->AddCircle(c, size + 4.0f * scale, colour(kArrival), 0, 2.5f * scale);
    node_shape(list, c, size, n.role, n.champion);
    if (hovered && std::hypot(mouse.x - c.x, mouse.y - c.y) <= size + 3.0f * scale) {
      hovered_node = &n;
    }
  }
  if (hovered_node) {
    const SnapshotNode& n = *hovered_node;
    ImGui::BeginTooltip();
    ImGui::Text("%s%s (person %lld)", n.role == 0 ? "Principal" : "Teacher",
                n.champion ? ", change champion" : "", static_cast<long long>(n.person));
    ImGui::Text("In the school for %.1f years; exhaustion %.2f (0 to 1)", n.tenure, n.burnout);
    if (n.arrived && n.previous_person >= 0) {
      ImGui::Text("New in this post since the last snapshot (replaced person %lld)",
                  static_cast<long long>(n.previous_person));
    } else if (n.arrived) {
      ImGui::TextUnformatted("New in this post since the last snapshot");
    }
    ImGui::EndTooltip();
  }

  // Legend and what changed since the previous snapshot.
  const auto swatch = [&](const char* label, auto draw) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(22.0f * scale, ImGui::GetTextLineHeight()));
    draw(list, ImVec2(p.x + 11.0f * scale, p.y + ImGui::GetTextLineHeight() * 0.5f));
    ImGui::SameLine();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(0.0f, 18.0f * scale);
  };
  swatch("Principal", [&](ImDrawList* l, ImVec2 c) { node_shape(l, c, r, 0, false); });
  swatch("Teacher", [&](ImDrawList* l, ImVec2 c) { node_shape(l, c, r * 0.8f, 1, false); });
  swatch("Change champion", [&](ImDrawList* l, ImVec2 c) { node_shape(l, c, r * 0.8f, 1, true); });
  swatch("New in post",
         [&](ImDrawList* l, ImVec2 c) { l->AddCircle(c, r, colour(kArrival), 0, 2.5f * scale); });
  ImGui::NewLine();
  swatch("Low trust", [&](ImDrawList* l, ImVec2 c) {
    l->AddLine(ImVec2(c.x - 10 * scale, c.y), ImVec2(c.x + 10 * scale, c.y),
               trust_colour(0.0, 0.6f), 2.0f * scale);
  });
  swatch("High trust", [&](ImDrawList* l, ImVec2 c) {
    l->AddLine(ImVec2(c.x - 10 * scale, c.y), ImVec2(c.x + 10 * scale, c.y),
               trust_colour(1.0, 0.9f), 3.0f * scale);
  });
  ImGui::NewLine();
  if (snap.previous_week >= 0) {
    int left = 0, champions = 0, principals = 0, vacant = 0;
    for (const auto& d : snap.departures) {
      ++left;
      champions += d.champion ? 1 : 0;
      principals += d.role == 0 ? 1 : 0;
      vacant += d.replaced ? 0 : 1;
    }
    const std::string since = time_point_label(static_cast<int>(snap.previous_week),
                                               data.weeks_per_year, data.time_label);
    if (left == 0) {
      ImGui::Text("Since %s: nobody left.", since.c_str());
    } else {
      ImGui::Text("Since %s: %d %s left (%d change %s%s); %d %s still empty.", since.c_str(), left,
                  left == 1 ? "person" : "people", champions,
                  champions == 1 ? "champion" : "champions",
                  principals ? ", and the principal" : "", vacant, vacant == 1 ? "post" : "posts");
    }
  } else {
    ImGui::TextUnformatted("The first snapshot of this run.");
  }
}

}  // namespace loom::viewer
