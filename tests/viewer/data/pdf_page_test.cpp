#include "viewer/data/pdf_page.hpp"

#include <catch2/catch.hpp>
#include <regex>
#include <string>

using namespace loom::viewer;

TEST_CASE("A PDF page's cross-reference table points at its objects", "[viewer][handout]") {
  PdfPage page;
  page.text({40, 60}, "Shared (leadership) \\ top-down", 12, true);
  page.fill({{0, 0}, {10, 0}, {10, 10}}, {1, 0, 0}, 0.25);
  page.polyline({{0, 0}, {5, 5}, {10, 0}}, 1.0, {0, 0, 1});
  const std::string pdf = page.bytes();
  REQUIRE(pdf.rfind("%PDF-1.4\n", 0) == 0);
  REQUIRE(pdf.size() > 6);
  CHECK(pdf.substr(pdf.size() - 6) == "%%EOF\n");
  // startxref gives the offset of "xref"; entry k gives where "k 0 obj" starts.
  const auto startxref = pdf.rfind("startxref\n");
  REQUIRE(startxref != std::string::npos);
  const std::size_t xref = std::stoul(pdf.substr(startxref + 10));
  REQUIRE(pdf.compare(xref, 5, "xref\n") == 0);
  std::smatch m;
  const std::string table = pdf.substr(xref);
  REQUIRE(std::regex_search(table, m, std::regex("xref\n0 (\\d+)\n")));
  const int count = std::stoi(m[1]);
  CHECK(count == 8);
  for (int k = 1; k < count; ++k) {
    const std::size_t entry = xref + m[0].length() + 20u * static_cast<std::size_t>(k);
    const std::size_t offset = std::stoul(pdf.substr(entry, 10));
    INFO("object " << k);
    CHECK(pdf.compare(offset, std::to_string(k).size() + 6, std::to_string(k) + " 0 obj") == 0);
  }
  // The content stream's length is what /Length says.
  REQUIRE(std::regex_search(pdf, m, std::regex("/Length (\\d+) >>\nstream\n")));
  const std::size_t start = static_cast<std::size_t>(m.position(0) + m.length(0));
  CHECK(pdf.compare(start + std::stoul(m[1]), 9, "endstream") == 0);
  // Parentheses and backslashes are escaped inside the string; the fill's
  // opacity has its graphics state.
  CHECK(pdf.find("(Shared \\(leadership\\) \\\\ top-down) Tj") != std::string::npos);
  CHECK(pdf.find("/A25 << /Type /ExtGState /ca 0.25 >>") != std::string::npos);
}

TEST_CASE("Text widths follow Helvetica's metrics and wrapping keeps to the width",
          "[viewer][handout]") {
  CHECK(PdfPage::text_width("iiii", 10) < PdfPage::text_width("MMMM", 10));
  CHECK(PdfPage::text_width("0123456789", 10) == Approx(55.6));  // digits are 0.556 em
  CHECK(PdfPage::text_width("a", 20, true) > PdfPage::text_width("a", 20, false));
  PdfPage page;
  const std::string words = "one two three four five six seven eight nine ten eleven twelve";
  const double one_line = page.wrapped_text({0, 100}, "short", 10, 500);
  CHECK(one_line == Approx(112.5));  // one line of 10 pt at leading 1.25
  const double width = 80.0;
  const double end = page.wrapped_text({0, 100}, words, 10, width);
  const int lines = static_cast<int>(std::lround((end - 100) / 12.5));
  CHECK(lines >= 4);
  // Every drawn line fits the width (a single word wider than it may not).
  const std::string pdf = page.bytes();
  const std::regex shown("\\(([^()]*)\\) Tj");
  int drawn = 0;
  for (auto it = std::sregex_iterator(pdf.begin(), pdf.end(), shown); it != std::sregex_iterator();
       ++it) {
    const std::string line = (*it)[1];
    if (line == "short") continue;
    ++drawn;
    CHECK(PdfPage::text_width(line, 10) <= width);
  }
  CHECK(drawn == lines);
}
