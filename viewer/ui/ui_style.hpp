#pragma once
// Look and size for rooms with projectors: a light theme by default (walls
// and daylight wash out dark themes), DejaVu Sans at a size that scales as a
// whole (fonts re-rendered, not stretched), and the plot colours to match.
namespace loom::viewer {

// Base text height in pixels at font scale 1.
inline constexpr float kBaseFontSize = 17.0f;

// Re-renders the font atlas at kBaseFontSize * scale. Uses DejaVu Sans
// (Debian's fonts-dejavu-core) when installed, else ImGui's built-in font.
// Call between frames, then recreate the GL font texture. Returns true if
// DejaVu was used.
bool load_fonts(float scale);

// Colours and spacing for the theme, spacing scaled with the text.
void apply_style(bool dark, float scale);

}  // namespace loom::viewer
