// What the viewer saves, each into out/ with a time stamp: a picture of
// the window (Ctrl+P), the plotted numbers (Ctrl+E) and the printable
// handout (Ctrl+H). App's other members are in app.cpp.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <limits>

#include "viewer/data/csv_export.hpp"
#include "viewer/data/file_output.hpp"
#include "viewer/data/handout.hpp"
#include "viewer/ui/app.hpp"
#include "viewer/ui/compare_screen.hpp"

namespace loom::viewer {
namespace {

std::string stamp() {
  const std::time_t now = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%d-%H%M%S", std::localtime(&now));
  return buffer;
}

}  // namespace

void App::capture_done(const std::filesystem::path& path, const std::string& error) {
  if (error.empty()) {
    view_.say("Saved the picture to " + path.string());
  } else {
    view_.say("Could not save the picture: " + error, true);
  }
}

void App::request_picture() {
  capture_ = std::filesystem::path("out") / ("loom-view-" + stamp() + ".png");
}

void App::save_handout() {
  if (handout_.valid()) {
    view_.say("A handout is still being made.", true);
    return;
  }
  const auto shown = current_scenarios();
  if (shown.empty()) {
    view_.say("Nothing is plotted yet, so there is nothing to hand out.", true);
    return;
  }
  HandoutInput input;
  std::vector<std::shared_ptr<const ScenarioData>> keep;  // alive while the worker reads them
  for (const auto& s : shown) {
    input.scenarios.push_back({s.data.get(), s.label, s.rgb});
    keep.push_back(s.data);
    if (s.data->source != "what-if") {
      const std::string name = std::filesystem::path(s.data->source).filename().string();
      if (std::find(input.sources.begin(), input.sources.end(), name) == input.sources.end())
        input.sources.push_back(name);
    }
  }
  // The measure chosen for the summary, when it is plotted over time.
  input.measure = shown.front().data->metric_index(view_.key_measure) >= 0 ? view_.key_measure : "";
  const auto path = std::filesystem::path("out") / ("loom-handout-" + stamp() + ".pdf");
  view_.say("Making the handout (re-running the assumptions that could flip it)...");
  handout_ = std::async(std::launch::async, [input = std::move(input), keep = std::move(keep),
                                             folders = preset_folders_, runs = replicates_,
                                             threads = threads_, path, wake = wake_]() mutable {
    std::string message;
    try {
      message = write_handout(std::move(input), folders, runs, threads, path);
    } catch (const std::exception& e) {
      message = std::string("Could not make the handout: ") + e.what();
    }
    if (wake) wake();  // the loop sleeps until input: show the message now
    return message;
  });
}

void App::poll_handout() {
  if (!handout_.valid() || handout_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    return;
  const std::string message = handout_.get();
  view_.say(message, message.rfind("Could not", 0) == 0);
}

void App::export_csv() {
  const auto scenarios = current_scenarios();
  if (scenarios.empty()) {
    view_.say("Nothing is plotted yet, so there is nothing to save.", true);
    return;
  }
  // On the Network of schools tab: its schools, by id, at the marker.
  const std::string schools =
      tab_ == Tab::kSchools
          ? schools_.csv(view_.cursor >= 0 ? view_.cursor : std::numeric_limits<int>::max())
          : std::string();
  const std::filesystem::path path =
      std::filesystem::path("out") /
      ((schools.empty() ? "loom-series-" : "loom-schools-") + stamp() + ".csv");
  try {
    write_file_atomically(
        path, schools.empty() ? series_csv(plotted_series(scenarios, metrics_)) : schools);
    view_.say("Saved the plotted numbers to " + path.string());
  } catch (const std::exception& e) {
    view_.say(std::string("Could not save the numbers: ") + e.what(), true);
  }
}

}  // namespace loom::viewer
