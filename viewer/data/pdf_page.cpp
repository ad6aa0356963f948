#include "viewer/data/pdf_page.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "viewer/data/file_output.hpp"

namespace loom::viewer {
namespace {

// Helvetica's advance widths (1/1000 em) for ASCII 32..126, from Adobe's
// published Helvetica AFM metrics.
// clang-format off
constexpr std::array<short, 95> kHelvetica = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,   // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556,                                  // 0..9
    278, 278, 584, 584, 584, 556, 1015,                                                // :..@
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,                   // A..M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,                   // N..Z
    278, 278, 278, 469, 556, 333,                                                      // [..`
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,                   // a..m
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,                   // n..z
    334, 260, 334, 584};                                                               // {..~
// clang-format on

char printable(char c) {
  return c >= 32 && c <= 126 ? c : '?';
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string colour_operands(PdfColour c) {
  return number(c.r) + " " + number(c.g) + " " + number(c.b);
}

// A PDF literal string: ( ) and \ escaped.
std::string literal(std::string_view s) {
  std::string out = "(";
  for (char c : s) {
    c = printable(c);
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += c;
  }
  return out + ")";
}

}  // namespace

PdfPage::PdfPage(double width, double height) : width_(width), height_(height) {}

double PdfPage::text_width(std::string_view s, double size, bool bold) {
  double units = 0;
  for (char c : s) units += kHelvetica[static_cast<std::size_t>(printable(c) - 32)];
  return units * size / 1000.0 * (bold ? 1.07 : 1.0);
}

void PdfPage::line(PdfPoint a, PdfPoint b, double thickness, PdfColour colour) {
  polyline({a, b}, thickness, colour);
}

void PdfPage::polyline(const std::vector<PdfPoint>& points, double thickness, PdfColour colour) {
  if (points.size() < 2) return;
  content_ += colour_operands(colour) + " RG " + number(thickness) + " w 1 j 1 J\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    content_ += number(points[i].x) + " " + number(y(points[i].y)) + (i == 0 ? " m\n" : " l\n");
  }
  content_ += "S\n";
}

void PdfPage::fill(const std::vector<PdfPoint>& polygon, PdfColour colour, double opacity) {
  if (polygon.size() < 3) return;
  const int percent = static_cast<int>(std::lround(std::clamp(opacity, 0.0, 1.0) * 100.0));
  opacities_.insert(percent);
  content_ += "q /A" + std::to_string(percent) + " gs " + colour_operands(colour) + " rg\n";
  for (std::size_t i = 0; i < polygon.size(); ++i) {
    content_ += number(polygon[i].x) + " " + number(y(polygon[i].y)) + (i == 0 ? " m\n" : " l\n");
  }
  content_ += "h f Q\n";
}

void PdfPage::rectangle(PdfPoint top_left, double w, double h, PdfColour colour) {
  content_ += colour_operands(colour) + " rg " + number(top_left.x) + " " +
              number(y(top_left.y + h)) + " " + number(w) + " " + number(h) + " re f\n";
}

void PdfPage::text(PdfPoint at, std::string_view s, double size, bool bold, PdfColour colour) {
  lowest_text_ = std::max(lowest_text_, at.y);
  content_ += "BT " + colour_operands(colour) + " rg /" + (bold ? "F2 " : "F1 ") + number(size) +
              " Tf " + number(at.x) + " " + number(y(at.y)) + " Td " + literal(s) + " Tj ET\n";
}

double PdfPage::wrapped_text(PdfPoint at, std::string_view s, double size, double max_width,
                             bool bold, PdfColour colour, double leading) {
  std::string line;
  double baseline = at.y;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t space = s.find(' ', i);
    const std::string_view word = s.substr(i, space == std::string_view::npos ? s.npos : space - i);
    i = space == std::string_view::npos ? s.size() : space + 1;
    const std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (!line.empty() && text_width(candidate, size, bold) > max_width) {
      text({at.x, baseline}, line, size, bold, colour);
      baseline += size * leading;
      line = std::string(word);
    } else {
      line = candidate;
    }
  }
  if (!line.empty()) {
    text({at.x, baseline}, line, size, bold, colour);
    baseline += size * leading;
  }
  return baseline;
}

std::string PdfPage::bytes() const {
  const std::string page_size = number(width_) + " " + number(height_);
  std::string states;  // fill opacities (PDF 1.4 transparency)
  for (const int percent : opacities_) {
    states += "/A" + std::to_string(percent) + " << /Type /ExtGState /ca " +
              number(percent / 100.0) + " >> ";
  }
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + page_size +
          "] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> /ExtGState << " + states +
          ">> >> /Contents 6 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
      "<< /Length " + std::to_string(content_.size()) + " >>\nstream\n" + content_ + "endstream",
      "<< /Producer (Loom) >>"};
  // The cross-reference table gives each object's byte offset in exactly
  // 20-byte entries; readers use it to find the objects.
  std::string out = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (const std::size_t offset : offsets) {
    char entry[21];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    out += entry;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R /Info 7 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

void PdfPage::save(const std::filesystem::path& path) const {
  write_file_atomically(path, bytes());
}

}  // namespace loom::viewer
