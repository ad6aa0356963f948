"""SVG figures for the validation reports, written as plain text (no
plotting library): small multiples of median-and-band or mean-and-interval
series (svg_figure, band_series), axis ticks, and a heatmap of paired
differences (heatmap_svg)."""
import math
from pathlib import Path

import numpy as np

COLOURS = ["#1f5f99", "#c0392b", "#2e8b57", "#b8860b", "#6a4c93", "#555555"]


def nice_ticks(lo, hi, n=5):
    if not np.isfinite(lo) or not np.isfinite(hi):
        return [0.0, 1.0]
    if hi - lo < 1e-12:
        lo, hi = lo - 0.5, hi + 0.5
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw), default=10 * mag)
    start, end = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    return [round(k * step, 10) for k in range(start, end + 1)]


def tick_label(v, ticks):
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    d = 0
    while d < 4 and abs(round(step, d) - step) > 1e-9:
        d += 1
    return f"{v:.{d}f}"


def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def svg_figure(path, panels, title, ncols=2, pw=430, ph=270):
    """Small multiples: each panel has series with a centre line and an
    optional band (lo, hi), or markers with error bars (points=True)."""
    rows = math.ceil(len(panels) / ncols)
    labels = []
    for p in panels:
        for s in p["series"]:
            if s["label"] not in [l for l, _ in labels]:
                labels.append((s["label"], s["colour"]))
    top = 52
    width, height = ncols * pw, top + rows * ph + 6
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
         f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="11">',
         f'<rect width="{width}" height="{height}" fill="white"/>',
         f'<text x="10" y="18" font-size="14" font-weight="bold">{esc(title)}</text>']
    x = 10
    for label, colour in labels:
        o.append(f'<rect x="{x}" y="29" width="14" height="8" fill="{colour}" fill-opacity="0.35"/>'
                 f'<line x1="{x}" y1="33" x2="{x + 14}" y2="33" stroke="{colour}" stroke-width="2"/>'
                 f'<text x="{x + 18}" y="37">{esc(label)}</text>')
        x += 24 + 6.2 * len(label)
    for i, p in enumerate(panels):
        ox, oy = (i % ncols) * pw, top + (i // ncols) * ph
        L, R, T, B = ox + 58, ox + pw - 14, oy + 22, oy + ph - 40
        xs = np.concatenate([np.asarray(s["x"], float) for s in p["series"]])
        ys = np.concatenate([np.asarray(v, float) for s in p["series"]
                             for v in (s["y"], s.get("lo", s["y"]), s.get("hi", s["y"]))])
        for h in p.get("hlines", []):
            ys = np.append(ys, h[0])
        xt = p.get("xticks") or nice_ticks(xs.min(), xs.max())
        yt = nice_ticks(np.nanmin(ys), np.nanmax(ys))
        x0, x1 = min(xt[0], xs.min()), max(xt[-1], xs.max())
        if p.get("xpad"):
            x0, x1 = x0 - p["xpad"], x1 + p["xpad"]
        y0, y1 = yt[0], yt[-1]
        sx = lambda v: L + (v - x0) / (x1 - x0) * (R - L)
        sy = lambda v: B - (v - y0) / (y1 - y0) * (B - T)
        o.append(f'<text x="{L}" y="{oy + 14}" font-weight="bold">{esc(p["title"])}</text>')
        for v in yt:
            o.append(f'<line x1="{L}" y1="{sy(v):.1f}" x2="{R}" y2="{sy(v):.1f}" stroke="#e4e4e4"/>'
                     f'<text x="{L - 5}" y="{sy(v) + 4:.1f}" text-anchor="end">{tick_label(v, yt)}</text>')
        for v in xt:
            if x0 <= v <= x1:
                o.append(f'<line x1="{sx(v):.1f}" y1="{B}" x2="{sx(v):.1f}" y2="{B + 4}" stroke="#444"/>'
                         f'<text x="{sx(v):.1f}" y="{B + 16}" text-anchor="middle">{tick_label(v, xt) if not p.get("xint") else int(v)}</text>')
        o.append(f'<line x1="{L}" y1="{B}" x2="{R}" y2="{B}" stroke="#444"/>'
                 f'<line x1="{L}" y1="{T}" x2="{L}" y2="{B}" stroke="#444"/>'
                 f'<text x="{(L + R) / 2}" y="{B + 32}" text-anchor="middle">{esc(p["xlabel"])}</text>'
                 f'<text transform="translate({ox + 14},{(T + B) / 2}) rotate(-90)" text-anchor="middle">{esc(p["ylabel"])}</text>')
        for yv, text in p.get("hlines", []):
            o.append(f'<line x1="{L}" y1="{sy(yv):.1f}" x2="{R}" y2="{sy(yv):.1f}" stroke="#888" stroke-dasharray="4 3"/>'
                     f'<text x="{R - 2}" y="{sy(yv) - 3:.1f}" text-anchor="end" fill="#666">{esc(text)}</text>')
        for k, s in enumerate(p["series"]):
            c = s["colour"]
            xv, yv = np.asarray(s["x"], float), np.asarray(s["y"], float)
            off = s.get("offset", 0.0)
            if s.get("points"):
                for j in range(len(xv)):
                    X = sx(xv[j] + off)
                    if "lo" in s:
                        o.append(f'<line x1="{X:.1f}" y1="{sy(s["lo"][j]):.1f}" x2="{X:.1f}" y2="{sy(s["hi"][j]):.1f}" stroke="{c}" stroke-width="1.5"/>')
                    o.append(f'<circle cx="{X:.1f}" cy="{sy(yv[j]):.1f}" r="3.5" fill="{c}"/>')
                pts = " ".join(f"{sx(a + off):.1f},{sy(b):.1f}" for a, b in zip(xv, yv))
                o.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="1" stroke-opacity="0.6"/>')
                continue
            if "lo" in s:
                lo, hi = np.asarray(s["lo"], float), np.asarray(s["hi"], float)
                poly = [f"{sx(a):.1f},{sy(b):.1f}" for a, b in zip(xv, hi)] + \
                       [f"{sx(a):.1f},{sy(b):.1f}" for a, b in zip(xv[::-1], lo[::-1])]
                o.append(f'<polygon points="{" ".join(poly)}" fill="{c}" fill-opacity="0.18" stroke="none"/>')
            pts = " ".join(f"{sx(a):.1f},{sy(b):.1f}" for a, b in zip(xv, yv))
            o.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="1.8"/>')
    o.append("</svg>")
    Path(path).write_text("\n".join(o) + "\n")


def band_series(label, colour, values, x=None):
    """Median and 90% band (5th-95th percentile) over replicates."""
    x = np.arange(values.shape[1]) if x is None else x
    return {"label": label, "colour": colour, "x": x,
            "y": np.median(values, 0), "lo": np.quantile(values, 0.05, 0),
            "hi": np.quantile(values, 0.95, 0)}


def year_ticks(r):
    return [r.weeks_per_year * k for k in range(r.years + 1)]


def heatmap_svg(path, title, legend, xs, ys, values, signif, xlabel, ylabel):
    """A grid of values (rows ys, columns xs): blue above 0, red otherwise,
    shaded by size; bold where signif; `legend` is the line under the title
    that says what the colours mean."""
    cw, ch, left, top = 110, 46, 120, 60
    w, h = left + cw * len(xs) + 20, top + ch * len(ys) + 60
    vmax = max(1e-9, float(np.max(np.abs(values))))
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
         'font-family="Helvetica, Arial, sans-serif" font-size="11">',
         f'<rect width="{w}" height="{h}" fill="white"/>',
         f'<text x="10" y="20" font-size="14" font-weight="bold">{esc(title)}</text>',
         f'<text x="10" y="38" fill="#555">{esc(legend)}</text>']
    for i, yv in enumerate(ys):
        for j, xv in enumerate(xs):
            v = values[i][j]
            a = min(1.0, abs(v) / vmax)
            colour = f"rgba(31,95,153,{0.15 + 0.75 * a:.2f})" if v > 0 else f"rgba(192,57,43,{0.15 + 0.75 * a:.2f})"
            x, y = left + j * cw, top + (len(ys) - 1 - i) * ch
            o.append(f'<rect x="{x}" y="{y}" width="{cw - 2}" height="{ch - 2}" fill="{colour}"/>')
            weight = "bold" if signif[i][j] else "normal"
            o.append(f'<text x="{x + cw / 2 - 1}" y="{y + ch / 2 + 4}" text-anchor="middle" '
                     f'font-weight="{weight}">{v:+.3f}</text>')
        o.append(f'<text x="{left - 8}" y="{top + (len(ys) - 1 - i) * ch + ch / 2 + 4}" '
                 f'text-anchor="end">{yv:g}</text>')
    for j, xv in enumerate(xs):
        o.append(f'<text x="{left + j * cw + cw / 2}" y="{top + len(ys) * ch + 16}" text-anchor="middle">{xv:g}</text>')
    o.append(f'<text x="{left + cw * len(xs) / 2}" y="{top + len(ys) * ch + 38}" text-anchor="middle">{esc(xlabel)}</text>')
    o.append(f'<text transform="translate(24,{top + len(ys) * ch / 2}) rotate(-90)" text-anchor="middle">{esc(ylabel)}</text>')
    o.append("</svg>")
    Path(path).write_text("\n".join(o) + "\n")


def bar_svg(path, title, names, values, lo=None, hi=None, xlabel=""):
    """Horizontal bars, one per name, with optional interval whiskers."""
    w, row = 760, 22
    left, right = 300, 40
    h = 60 + row * len(names) + 30
    vmax = max(1e-12, float(np.max(hi if hi is not None else values)))
    vmin = min(0.0, float(np.min(lo if lo is not None else values)))

    def sx(v):
        return left + (v - vmin) / (vmax - vmin) * (w - left - right)

    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
         'font-family="Helvetica, Arial, sans-serif" font-size="11">',
         f'<rect width="{w}" height="{h}" fill="white"/>',
         f'<text x="10" y="20" font-size="14" font-weight="bold">{esc(title)}</text>']
    for i, (n, v) in enumerate(zip(names, values)):
        y = 40 + i * row
        o.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{esc(n)}</text>')
        o.append(f'<rect x="{min(sx(0), sx(v)):.1f}" y="{y + 3}" width="{abs(sx(v) - sx(0)):.1f}" '
                 'height="14" fill="#1f5f99" fill-opacity="0.7"/>')
        if lo is not None:
            o.append(f'<line x1="{sx(lo[i]):.1f}" y1="{y + 10}" x2="{sx(hi[i]):.1f}" y2="{y + 10}" '
                     'stroke="#222" stroke-width="1.5"/>')
    base = 40 + row * len(names) + 4
    o.append(f'<line x1="{sx(0):.1f}" y1="36" x2="{sx(0):.1f}" y2="{base}" stroke="#444"/>')
    o.append(f'<text x="{(left + w - right) / 2}" y="{base + 20}" text-anchor="middle">'
             f'{esc(xlabel)}</text>')
    o.append("</svg>")
    Path(path).write_text("\n".join(o) + "\n")
