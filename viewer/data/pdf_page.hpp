#pragma once
// A one-page PDF of lines, filled shapes and text, written without a PDF
// library: enough for a printable handout (viewer/data/handout.hpp).
//
// Text is set in the standard Helvetica and Helvetica-Bold fonts, which
// every PDF reader has, so nothing is embedded and the file is a few KB.
// Coordinates are points (1/72 inch) from the page's top-left corner (PDF's
// own origin is bottom-left; the writer flips). Characters outside
// printable ASCII are written as '?': Loom's labels are ASCII. Widths come
// from Helvetica's published metrics (Adobe's AFM files), so text can be
// wrapped and right-aligned; for bold text they are an estimate (regular
// widths x 1.07), which only affects where a bold line wraps.
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace loom::viewer {

struct PdfColour {
  double r = 0, g = 0, b = 0;  // 0..1
};

struct PdfPoint {
  double x = 0, y = 0;
};

class PdfPage {
 public:
  // A4 portrait by default: 595 x 842 points.
  explicit PdfPage(double width = 595.0, double height = 842.0);

  double width() const { return width_; }
  double height() const { return height_; }
  // The lowest text baseline drawn so far, from the top: what a layout
  // checks against the page's height (nothing past it is printed).
  double lowest_text() const { return lowest_text_; }

  void line(PdfPoint a, PdfPoint b, double thickness, PdfColour colour);
  void polyline(const std::vector<PdfPoint>& points, double thickness, PdfColour colour);
  // `opacity` < 1 lets what is beneath show through (overlapping bands).
  void fill(const std::vector<PdfPoint>& polygon, PdfColour colour, double opacity = 1.0);
  void rectangle(PdfPoint top_left, double w, double h, PdfColour colour);  // filled
  // Text with its baseline at `at`.
  void text(PdfPoint at, std::string_view s, double size, bool bold = false, PdfColour colour = {});
  // Words of `s` laid on lines of at most `max_width` from `at`; returns the
  // baseline of the line after the last (where the next text goes).
  double wrapped_text(PdfPoint at, std::string_view s, double size, double max_width,
                      bool bold = false, PdfColour colour = {}, double leading = 1.25);

  // The width of `s` in points at `size`.
  static double text_width(std::string_view s, double size, bool bold = false);

  // The whole file: header, objects, cross-reference table and trailer.
  std::string bytes() const;
  // Writes bytes() atomically (file_output.hpp). Throws std::runtime_error
  // naming the path.
  void save(const std::filesystem::path& path) const;

 private:
  double y(double top_down) const { return height_ - top_down; }
  std::string content_;
  std::set<int> opacities_;  // in percent: one graphics state each
  double width_, height_;
  double lowest_text_ = 0.0;
};

}  // namespace loom::viewer
