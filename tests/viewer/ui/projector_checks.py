"""The projector part of the headless viewer test (screenshot_test.py calls
check_projector): the workshop guide's settings, 1280 x 800 at font scale
1.3 and 1.5, with 2, 3 and 5 scenarios, in normal and presentation mode
(--present, F5), on the Compare tab with its summary in view, on the What-if
tab after a lever was moved (--measure-latency 1 moves one), and on the
Network of schools tab. Each picture must have

  - no table cell cut off ("clipped-cells 0 of M"; in presentation mode a
    cell only a sideways scroll would show counts as cut off);
  - no control hidden ("hidden-controls 0 of M": a button, slider, checkbox
    or plot cut off sideways, outside the window or under another panel);
  - every tab label whole ("clipped-tabs 0 of M": once "Compa... What if...");
  - no two plot areas overlapping (a plot below the fold of a panel that
    scrolls is fine: "hidden-controls" counts those cut off sideways);
  - in presentation mode: one or two plots, and the summary's key columns
    for every scenario with all rows on screen;
  - on the What-if tab: the moved lever's "back to preset" and "from year N"
    buttons drawn (and, by the count above, seen).

Kept apart from screenshot_test.py so that each file stays readable; it
uses that file's render and reporting helpers, passed in.
"""
import os
import re
import subprocess

SIZE = (1280, 800)
SETS = {2: ["top-down", "shared-leadership"],
        3: ["top-down", "shared-leadership", "equity-pauses-on"],
        5: ["top-down", "shared-leadership", "equity-pauses-on", "overload", "compliance-pdsa"]}


def overlaps(a, b):
    """Two rectangles (x0, y0, x1, y1) share more than a pixel's edge."""
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


def layout(label, p, plots, reported, check, cells_needed=True):
    """The checks every projector picture must pass (see the module's text)."""
    out = p.stdout
    cells = reported(out, "clipped-cells")
    pattern = r"0 of [1-9]" if cells_needed else r"0 of \d"
    check(bool(cells) and re.match(pattern, cells[0]) is not None,
          f"{label}: no table cell cut off ({cells}; {reported(out, 'clipped-cell')[:3]})")
    hidden = reported(out, "hidden-controls")
    check(bool(hidden) and re.match(r"0 of [1-9]", hidden[0]) is not None,
          f"{label}: no control hidden ({hidden}; {reported(out, 'hidden-control')[:3]})")
    tabs = reported(out, "clipped-tabs")
    check(bool(tabs) and re.match(r"0 of [1-9]", tabs[0]) is not None,
          f"{label}: every tab label whole ({tabs}; {reported(out, 'tab-label')})")
    rects = [r for _, r in plots]
    crossing = [(plots[i][0], plots[j][0]) for i in range(len(rects))
                for j in range(i + 1, len(rects)) if overlaps(rects[i], rects[j])]
    check(not crossing, f"{label}: no plots overlapping ({crossing})")


def check_projector(viewer, loom, source, work, render, reported, check):
    size = f"{SIZE[0]}x{SIZE[1]}"
    for count, names in SETS.items():
        results = os.path.join(work, f"projector{count}.h5")
        subprocess.run([loom, "compare"] + [f"{source}/scenarios/{n}.toml" for n in names] +
                       ["-r", "8", "-q", "-o", results], check=True, capture_output=True)
        for font in ("1.3", "1.5"):
            for present in (False, True):
                mode = "presentation" if present else "normal"
                label = f"projector {count} scenarios, font {font}, {mode}"
                png = os.path.join(work, f"projector{count}-{font}-{mode}.png")
                args = ["--font-scale", font, "--present" if present else "--show-summary", results]
                p, plots, colours = render(viewer, args, png, size=size)
                check(len(colours) == count, f"{label}: {count} scenarios shown ({len(colours)})")
                layout(label, p, plots, reported, check)
                if not present:
                    continue
                check(1 <= len(plots) <= 2, f"{label}: one or two large plots ({len(plots)})")
                key = reported(p.stdout, "key-summary")
                check(len(key) == 1 and f"scenarios={count} " in key[0] and
                      key[0].endswith("rows-on-screen"),
                      f"{label}: the summary's key columns, every row on screen ({key})")

    for font in ("1.3", "1.5"):
        for present in (False, True):
            mode = "presentation" if present else "normal"
            label = f"projector what-if, font {font}, {mode}"
            png = os.path.join(work, f"projector-whatif-{font}-{mode}.png")
            args = ["--font-scale", font, "--whatif", "top-down,shared-leadership", "--runs", "4",
                    "--measure-latency", "1"] + (["--present"] if present else [])
            p, plots, colours = render(viewer, args, png, size=size)
            layout(label, p, plots, reported, check, cells_needed=present)
            buttons = reported(p.stdout, "lever-buttons")
            check(len(buttons) == 1,
                  f"{label}: the moved lever's buttons are drawn under it ({buttons})")

    schools = os.path.join(work, "schools.h5")  # made by screenshot_test.py's part 6
    if not os.path.exists(schools):
        return
    for font in ("1.3", "1.5"):
        for present in (False, True):
            mode = "presentation" if present else "normal"
            label = f"projector schools, font {font}, {mode}"
            png = os.path.join(work, f"projector-schools-{font}-{mode}.png")
            args = ["--font-scale", font, "--tab", "schools", schools] + \
                (["--present"] if present else [])
            p, plots, _ = render(viewer, args, png, size=size)
            layout(label, p, plots, reported, check, cells_needed=False)
            titles = [t for t, _ in plots]
            check("Schools with the practice" in titles and "End adoption by poverty" in titles,
                  f"{label}: both strategy charts drawn ({titles})")
