// loom-viewer: compare Loom results, what-if runs, the staff network, the network of
// schools, the event story, sweeps and calibrations.
//
// This file owns GLFW, the OpenGL context and the frame loop; everything
// drawn comes from App (app.cpp). Interactive mode sleeps until input or a
// finished what-if run arrives, so an idle viewer costs no CPU the
// simulation could use. --screenshot renders into a hidden window (works
// under Xvfb with Mesa's software OpenGL), reads the back buffer and writes
// a PNG.
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sim/input/data_paths.hpp"
#include "sim/output/output_guard.hpp"
#include "viewer/data/handout.hpp"
#include "viewer/data/option_names.hpp"
#include "viewer/data/png_writer.hpp"
#include "viewer/ui/app.hpp"
#include "viewer/ui/ui_style.hpp"

namespace {

using namespace loom::viewer;
using Clock = std::chrono::steady_clock;

struct Options {
  AppOptions app;
  std::string screenshot;
  std::string handout;  // --handout: a PDF of the files' comparison, no window
  std::string measure;
  std::string size = "1600x1000";
  std::string tab;
  int frames = 60;
  int measure_latency = 0;
  bool verbose = false;
};

std::string g_glfw_error;
// Frames still to draw after the last input: ImGui needs a couple to settle
// hover and release states; after that the loop sleeps.
int g_frames_after_input = 3;

void on_glfw_error(int, const char* description) {
  g_glfw_error = description ? description : "unknown GLFW error";
}

// Input callbacks installed before ImGui's (which chains to them): they only
// note the time, so the loop knows to keep drawing while the user acts.
void note_input() {
  g_frames_after_input = 3;
}
void on_cursor(GLFWwindow*, double, double) {
  note_input();
}
void on_button(GLFWwindow*, int, int, int) {
  note_input();
}
void on_scroll(GLFWwindow*, double, double) {
  note_input();
}
void on_key(GLFWwindow*, int, int, int, int) {
  note_input();
}
void on_char(GLFWwindow*, unsigned int) {
  note_input();
}
void on_size(GLFWwindow*, int, int) {
  note_input();
}
void on_drop(GLFWwindow* window, int count, const char** paths) {
  auto* app = static_cast<App*>(glfwGetWindowUserPointer(window));
  if (!app) return;
  for (int i = 0; i < count; ++i) app->open(paths[i]);
  note_input();
}

GLFWwindow* create_window(int width, int height, bool visible, const char** glsl) {
  glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
  // OpenGL 3.3 core first (what ImGui's backend is written for), then 3.0.
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  if (GLFWwindow* w = glfwCreateWindow(width, height, "Loom", nullptr, nullptr)) {
    *glsl = "#version 150";
    return w;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_ANY_PROFILE);
  *glsl = "#version 130";
  return glfwCreateWindow(width, height, "Loom", nullptr, nullptr);
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

class Viewer {
 public:
  Viewer(GLFWwindow* window, App& app) : window_(window), app_(app) {}

  // One frame: UI, render, optional capture, swap. Returns the pixels (rows
  // bottom first) when `capture` is set.
  std::vector<std::uint8_t> frame(bool capture = false) {
    if (const auto scale = app_.take_font_rebuild()) {
      load_fonts(*scale);
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
      apply_style(app_.dark(), *scale);
    }
    const auto now = Clock::now();
    const double seconds = std::chrono::duration<double>(now - last_frame_).count();
    last_frame_ = now;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    app_.frame(seconds);
    ImGui::Render();
    ui_ms_ = std::chrono::duration<double, std::milli>(Clock::now() - now).count();
    // The frame that starts a what-if run only differs from the one on
    // screen in the released control: leave the screen as it is, and the
    // CPU (software OpenGL renders on the same 2 cores) to the run.
    if (app_.take_skip_present() && !capture) return {};
    // While a what-if run computes, input (a moving mouse) still runs the UI
    // code above (about 1 ms, so clicks register), but the picture is drawn
    // only when a result arrives or every kBusyRedraw: software OpenGL took
    // 25-45 ms of both cores a frame, and a mouse moving over the window
    // during a network run made it about twice as slow as `loom compare`
    // (BASELINE.md, "Network what-if"). The cost: hover read-outs and
    // pressed buttons show up to kBusyRedraw late while a run goes on.
    const bool fresh = app_.whatif().take_new_result();
    if (!capture && !fresh && app_.whatif().busy() && now - last_present_ < kBusyRedraw) return {};
    last_present_ = now;
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    std::vector<std::uint8_t> pixels;
    const auto user_capture = app_.take_capture();
    if (capture || user_capture) {
      pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
      glPixelStorei(GL_PACK_ALIGNMENT, 1);
      glReadBuffer(GL_BACK);
      glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
      for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // opaque PNG
      width_ = width;
      height_ = height;
    }
    if (user_capture) {
      std::string error;
      try {
        write_png(*user_capture, width, height, pixels, true);
      } catch (const std::exception& e) {
        error = e.what();
      }
      app_.capture_done(*user_capture, error);
    }
    glfwSwapBuffers(window_);
    app_.presented(Clock::now());
    if (app_.take_fullscreen_toggle()) toggle_fullscreen();
    return pixels;
  }

  int width() const { return width_; }
  int height() const { return height_; }
  // CPU time of the last frame's UI code (App + ImGui, up to its draw lists).
  double ui_ms() const { return ui_ms_; }

 private:
  void toggle_fullscreen() {
    if (glfwGetWindowMonitor(window_)) {
      glfwSetWindowMonitor(window_, nullptr, saved_[0], saved_[1], saved_[2], saved_[3], 0);
      return;
    }
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return;
    glfwGetWindowPos(window_, &saved_[0], &saved_[1]);
    glfwGetWindowSize(window_, &saved_[2], &saved_[3]);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  }

  GLFWwindow* window_;
  App& app_;
  static constexpr std::chrono::milliseconds kBusyRedraw{500};
  Clock::time_point last_frame_ = Clock::now();
  Clock::time_point last_present_{};  // long ago: the first frame is drawn
  int width_ = 0, height_ = 0;
  double ui_ms_ = 0.0;
  int saved_[4] = {0, 0, 1600, 1000};
};

// The first what-if run (started with the window) from submission to its
// picture on screen, and the CPU the process used so far: with --verbose,
// the figures to set beside `loom compare` of the same runs (BASELINE.md).
void print_first_run(App& app) {
  const auto& latencies = app.whatif().picture_latencies_ms();
  if (latencies.empty()) return;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  std::printf("whatif-first-picture-ms %.0f cpu-s %.2f\n", latencies.front(),
              seconds(usage.ru_utime) + seconds(usage.ru_stime));
}

int interactive(GLFWwindow* window, App& app, bool verbose) {
  Viewer viewer(window, app);
  while (!glfwWindowShouldClose(window) && !app.quit_requested()) {
    // Draw only when something changed: input (plus a few frames for ImGui
    // to settle), network playback, or a finished what-if run, whose worker
    // posts an empty event so its picture appears at once. While a run is
    // computing, extra frames are skipped: on a 2-core machine (and with
    // software OpenGL) they would take CPU from the simulation.
    const bool lively = app.animating() || (g_frames_after_input > 0 && !app.whatif().busy());
    if (lively) {
      glfwPollEvents();
      --g_frames_after_input;
    } else {
      glfwWaitEventsTimeout(0.5);
    }
    viewer.frame();
  }
  if (verbose) print_first_run(app);
  return 0;
}

int screenshot(GLFWwindow* window, App& app, const Options& o) {
  Viewer viewer(window, app);
  // Let layout settle and any what-if run finish.
  const auto start = Clock::now();
  for (int i = 0; i < 4 || !app.settled(); ++i) {
    if (Clock::now() - start > std::chrono::minutes(5)) {
      std::fprintf(stderr, "loom-viewer: the what-if runs did not finish in 5 minutes\n");
      return 1;
    }
    // Unsettled: sleep until the worker's wake-up (it posts an event when a
    // result is ready), as the interactive loop does, rather than drawing
    // every 16 ms on the cores the run needs.
    glfwWaitEventsTimeout(app.settled() ? 0.0 : 0.25);
    viewer.frame();
  }
  if (o.verbose) print_first_run(app);
  if (o.measure_latency > 0 && app.whatif().active()) {
    // As in the interactive loop: the release frame, then sleep until the
    // worker's wake-up and draw. Latency = lever "released" to the frame
    // with the new picture swapped to the screen.
    for (int i = 0; i < o.measure_latency; ++i) {
      app.whatif().simulate_change(i);
      viewer.frame();
      while (!app.settled()) {
        glfwWaitEventsTimeout(0.5);
        viewer.frame();
      }
    }
    auto latencies = app.whatif().picture_latencies_ms();
    // The first entry is the initial run at start-up, not a lever change.
    if (!latencies.empty()) latencies.erase(latencies.begin());
    std::printf("whatif-latency-ms median %.1f p90 %.1f max %.1f n %zu\n",
                percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 1.0),
                latencies.size());
  }
  // Frame time: full frames (UI, render, wait for the GPU), no vsync.
  std::vector<double> times, ui_times;
  for (int i = 0; i < o.frames; ++i) {
    const auto t0 = Clock::now();
    viewer.frame();
    glFinish();
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    ui_times.push_back(viewer.ui_ms());
  }
  std::vector<std::uint8_t> pixels = viewer.frame(true);
  try {
    write_png(o.screenshot, viewer.width(), viewer.height(), pixels, true);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "loom-viewer: %s\n", e.what());
    return 3;
  }
  std::printf("Wrote %s (%dx%d)\n", o.screenshot.c_str(), viewer.width(), viewer.height());
  if (o.verbose) {
    double sum = 0.0;
    for (double t : times) sum += t;
    std::printf("frame-time-ms mean %.2f median %.2f p90 %.2f frames %zu\n",
                times.empty() ? 0.0 : sum / static_cast<double>(times.size()),
                percentile(times, 0.5), percentile(times, 0.9), times.size());
    std::printf("ui-cpu-ms median %.2f p90 %.2f (App + ImGui, before OpenGL)\n",
                percentile(ui_times, 0.5), percentile(ui_times, 0.9));
    for (const auto& p : app.view().plots) {
      std::printf("plot-area \"%s\" %.0f %.0f %.0f %.0f\n", p.title.c_str(), p.min.x, p.min.y,
                  p.max.x, p.max.y);
    }
    for (const auto& s : app.current_scenarios()) {
      std::printf("scenario-colour \"%s\" %s\n", s.label.c_str(), hex(s.rgb).c_str());
    }
    // Table text wider than its cell (cut off), key-event markers on the
    // time axes, and what else the screens reported (story legend, ...).
    std::printf("clipped-cells %zu of %d\n", app.view().clipped.size(), app.view().table_cells);
    for (const auto& text : app.view().clipped) std::printf("clipped-cell \"%s\"\n", text.c_str());
    std::printf("event-markers %d\n", app.view().markers_drawn);
    for (const auto& line : app.view().report) std::printf("%s\n", line.c_str());
  }
  for (const auto& e : app.load_errors()) std::fprintf(stderr, "loom-viewer: %s\n", e.c_str());
  return 0;
}

// The lock on a picture's or handout's path, checked by the rules of every
// Loom output against the files the viewer reads; nullopt after saying why
// not (the caller exits 3).
std::optional<loom::OutputGuard> guard_or_say(const std::string& path, const Options& o,
                                              const loom::OutputKind& kind) {
  try {
    const std::vector<std::filesystem::path> inputs(o.app.files.begin(), o.app.files.end());
    return loom::guard_output(path, inputs, false, kind);
  } catch (const loom::OutputError& e) {
    std::fprintf(stderr, "loom-viewer: %s\n", e.what());
    return std::nullopt;
  }
}

// --handout: the printable page of the files' scenarios (reference first,
// as the Compare tab shows them), made without a window or display.
int handout(const Options& o) {
  const auto guard = guard_or_say(o.handout, o, loom::pdf_output());
  if (!guard) return 3;
  std::vector<ResultsFile> files;
  HandoutInput input;
  std::vector<std::string> ids;
  try {
    for (const auto& f : o.app.files) {
      files.push_back(load_results_file(f));
      input.sources.push_back(std::filesystem::path(f).filename().string());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "loom-viewer: %s\n", e.what());
    return 2;
  }
  for (const auto& file : files) {
    for (const auto& s : file.scenarios) {
      input.scenarios.push_back({s.get(), s->name, {}});
      ids.push_back(s->id);
    }
  }
  if (input.scenarios.empty()) {
    std::fprintf(stderr, "loom-viewer: --handout needs results files (loom run / loom compare)\n");
    return 2;
  }
  const auto colours = scenario_colours(ids);
  for (std::size_t i = 0; i < colours.size(); ++i) input.scenarios[i].colour = colours[i];
  input.measure = o.measure;
  try {
    std::printf("%s\n", write_handout(std::move(input), o.app.preset_folders, o.app.replicates,
                                      o.app.threads, o.handout)
                            .c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "loom-viewer: handout: %s\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App cli{
      "loom-viewer: compare Loom scenarios, try what-ifs, see the staff network and the network\n"
      "of schools.\n"
      "Files are Loom results (loom run / loom compare), sweeps (loom sweep) or calibrations\n"
      "(loom calibrate). Keys: F1 in the window."};
  cli.add_option("files", o.app.files, "Results, sweep or calibration files (.h5) to open");
  cli.add_option("--screenshot", o.screenshot,
                 "Render without showing a window, write this PNG and exit (use xvfb-run -a "
                 "when there is no display)");
  cli.add_option("--handout", o.handout,
                 "Write a printable one-page handout (PDF) of the files' comparison, the first "
                 "scenario as reference: key plot, summary in words, assumptions that could flip "
                 "it (re-run with --runs paired runs). No window needed");
  cli.add_option("--measure", o.measure,
                 "With --handout: the measure shown (default: mean student outcome)");
  auto* size_option = cli.add_option(
      "--size", o.size,
      "Window or picture size, WIDTHxHEIGHT (window default: fits the screen, at most 1600x1000)");
  cli.add_option("--font-scale", o.app.font_scale, "Text size, e.g. 1.5 for a projector")
      ->check(CLI::Range(0.5, 4.0))
      ->capture_default_str();
  cli.add_option("--whatif", o.app.whatif,
                 "Start in What-if mode comparing these presets (names in scenarios/, e.g. "
                 "top-down,shared-leadership, or .toml paths)")
      ->delimiter(',');
  cli.add_option("--tab", o.tab,
                 "Start on this tab: compare, whatif, staff-network, sensitivity, schools (the "
                 "network of schools) or calibration");  // checked below: nearest name
  cli.add_option("--field", o.app.sweep_field,
                 "Sensitivity tab: open a sweep on this summary field (default: the one chosen "
                 "last, else the first outcome field)");
  cli.add_option("--scenario", o.app.schools_scenario,
                 "Network of schools tab: show this scenario (its id in the file, e.g. "
                 "grant-ends-y3)");
  cli.add_option("--run", o.app.schools_run,
                 "Network of schools tab: show this run (0 = the first)")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--runs", o.app.replicates, "What-if runs per scenario")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  cli.add_option("--threads", o.app.threads, "What-if threads (0 = all cores)");
  int week = 0;
  cli.add_option("--week", week, "Start with the week marker at this week (1 = the first)")
      ->check(CLI::PositiveNumber);
  cli.add_flag("--dark", o.app.dark, "Dark colours");
  cli.add_flag("--present", o.app.present,
               "Presentation mode (F5): side panels folded, large plots, the summary's key "
               "columns, text at least at font scale 1.3");
  cli.add_flag("--show-help", o.app.help, "Start with the help panel (keys) open");
  cli.add_flag("--show-summary", o.app.show_summary,
               "Scroll the comparison to its summary table (for pictures of it)");
  cli.add_option("--frames", o.frames, "With --screenshot: frames timed for --verbose")
      ->check(CLI::Range(1, 100000));
  cli.add_option("--measure-latency", o.measure_latency,
                 "With --screenshot and --whatif: time this many lever changes from release to "
                 "new picture");
  cli.add_flag("--verbose", o.verbose,
               "With --screenshot: print frame time, plot areas and scenario colours; with "
               "--whatif also (on exit when interactive) the first run's time to its picture");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  int width = 0, height = 0;
  if (std::sscanf(o.size.c_str(), "%dx%d", &width, &height) != 2 || width < 320 || height < 240 ||
      width > 8192 || height > 8192) {
    std::fprintf(stderr, "loom-viewer: --size %s: expected WIDTHxHEIGHT, e.g. 1600x1000\n",
                 o.size.c_str());
    return 2;
  }
  o.app.cursor = week - 1;
  if (o.tab == "compare") o.app.tab = Tab::kCompare;
  if (o.tab == "whatif") o.app.tab = Tab::kWhatIf;
  if (o.tab == "network") {  // its name before the network of schools had a tab
    std::fprintf(stderr, "loom-viewer: note: --tab network is now --tab staff-network\n");
    o.tab = "staff-network";
  }
  if (o.tab == "staff-network") o.app.tab = Tab::kStaffNetwork;
  if (o.tab == "sensitivity") o.app.tab = Tab::kSweep;
  if (o.tab == "schools") o.app.tab = Tab::kSchools;  // Network of schools
  if (o.tab == "calibration") o.app.tab = Tab::kCalibration;
  try {
    o.app.preset_folders = loom::preset_folders();  // LOOM_DATA_DIR, installed, or build tree
  } catch (const loom::DataPathError& e) {
    std::fprintf(stderr, "loom-viewer: %s\n", e.what());
    return 2;
  }
  // Every option that takes a name (--tab, --whatif, --field, --scenario)
  // refuses an unknown one with the nearest valid name, before any window.
  const std::string bad_name =
      loom::viewer::check_option_names({o.tab, o.app.whatif, o.app.sweep_field,
                                        o.app.schools_scenario, o.app.files, o.app.preset_folders});
  if (!bad_name.empty()) {
    std::fprintf(stderr, "loom-viewer: %s\n", bad_name.c_str());
    return 2;
  }
  if (!o.handout.empty()) return handout(o);
  const bool headless = !o.screenshot.empty();
  o.app.remember_recent = !headless;  // tests and doc pictures leave no trace
  // The picture's path is checked before anything is drawn, by the rules of
  // every Loom output (sim/output/output_guard.hpp): never a file the viewer
  // reads, a link, a folder or a device, and never an existing file that is
  // not a PNG (`--screenshot run.h5 run.h5` once replaced the results).
  std::optional<loom::OutputGuard> screenshot_guard;
  if (headless) {
    screenshot_guard = guard_or_say(o.screenshot, o, loom::png_output());
    if (!screenshot_guard) return 3;
  }

  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr,
                 "loom-viewer: cannot open a window (%s).\n"
                 "Without a display, render a picture instead:\n"
                 "  xvfb-run -a loom-viewer --screenshot out/view.png FILE.h5\n",
                 g_glfw_error.c_str());
    return 4;
  }
  if (!headless && size_option->count() == 0) {
    // A projector may be 1280x800: fit the window to the screen's work area.
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
      int x = 0, y = 0, w = 0, h = 0;
      glfwGetMonitorWorkarea(monitor, &x, &y, &w, &h);
      if (w > 0 && h > 0) {
        width = std::min(width, w * 9 / 10);
        height = std::min(height, h * 9 / 10);
      }
    }
  }
  const char* glsl = nullptr;
  GLFWwindow* window = create_window(width, height, !headless, &glsl);
  if (!window) {
    std::fprintf(stderr, "loom-viewer: no OpenGL 3 window (%s)\n", g_glfw_error.c_str());
    glfwTerminate();
    return 4;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(headless ? 0 : 1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini left in the user's folder
  glfwSetCursorPosCallback(window, on_cursor);
  glfwSetMouseButtonCallback(window, on_button);
  glfwSetScrollCallback(window, on_scroll);
  glfwSetKeyCallback(window, on_key);
  glfwSetCharCallback(window, on_char);
  glfwSetWindowSizeCallback(window, on_size);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init(glsl);
  load_fonts(o.app.font_scale);
  apply_style(o.app.dark, o.app.font_scale);

  int status = 0;
  try {
    App app(o.app, [] { glfwPostEmptyEvent(); });
    glfwSetWindowUserPointer(window, &app);
    glfwSetDropCallback(window, on_drop);
    status = headless ? screenshot(window, app, o) : interactive(window, app, o.verbose);
    glfwSetWindowUserPointer(window, nullptr);
  } catch (const std::exception& e) {  // a bug, not bad input: say so and exit 1
    glfwSetWindowUserPointer(window, nullptr);
    std::fprintf(stderr, "loom-viewer: unexpected failure: %s\n", e.what());
    status = 1;
  }  // the what-if worker has stopped here, before the context goes away

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}
