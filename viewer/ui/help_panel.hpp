#pragma once
// The help panel (F1): what the picture means and every keyboard shortcut.
namespace loom::viewer {

void draw_help(bool* open);

}  // namespace loom::viewer
