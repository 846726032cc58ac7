#!/usr/bin/env python3
"""Draws docs/growth.svg from the JSON line of `esrag bench load --json`: how each cost grows with the index
size, as a ratio to the smallest size, on log-log axes beside the line of proportional growth. No dependencies.

    dotnet run -c Release --project src/EventSourcedRag.Cli -- bench load --chunks 10000,100000,1000000 --json | tail -1 > load.json
    python3 scripts/plot-growth.py load.json docs/growth.svg
"""
import json
import math
import sys

figures = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
sizes = sorted({int(k.split("_")[0]) for k in figures if k.split("_")[0].isdigit()})
series = {
    "dense rebuild (fit, embed, graph)": [figures[f"{s}_dense_ready_s"] for s in sizes],
    "host start (log to index)": [figures[f"{s}_start_s"] for s in sizes],
    "memory held (bytes, without text)": [figures[f"{s}_bytes_per_chunk_without_text"] * s for s in sizes],
    "ranking p95 in-process (hybrid)": [figures[f"{s}_ranking_ms"][1] for s in sizes],
    "retrieval p95 over HTTP (4 clients)": [figures[f"{s}_http_moderate"]["Retrieval"]["P95"] for s in sizes],
    "end-to-end p95 over HTTP (4 clients)": [figures[f"{s}_http_moderate"]["Total"]["P95"] for s in sizes],
}
if all(f"{s}_bm25_ranking_ms" in figures for s in sizes):
    series["ranking p95 in-process (BM25 only)"] = [figures[f"{s}_bm25_ranking_ms"][1] for s in sizes]
colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"]

width, height, left, right, top, bottom = 760, 460, 70, 290, 30, 50
x_max = math.log10(sizes[-1] / sizes[0])
ratios = [v / vs[0] for vs in series.values() for v in vs] + [sizes[-1] / sizes[0]]
y_min, y_max = math.floor(math.log10(min(ratios))), math.ceil(math.log10(max(ratios)))


def px(x_ratio, y_ratio):
    x = left + (math.log10(x_ratio) / x_max) * (width - left - right)
    y = height - bottom - (math.log10(y_ratio) - y_min) / (y_max - y_min) * (height - top - bottom)
    return x, y


out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
       f'<rect width="{width}" height="{height}" fill="white"/>',
       f'<text x="{left}" y="18" font-size="14">Cost growth with index size (ratio to {sizes[0]:,} chunks, log-log)</text>']
for e in range(y_min, y_max + 1):
    _, y = px(1, 10 ** e)
    out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>')
    out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{10 ** e:g}×</text>')
for s in sizes:
    x, _ = px(s / sizes[0], 1)
    out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - bottom}" stroke="#ddd"/>')
    out.append(f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="middle">{s:,}</text>')
out.append(f'<text x="{(left + width - right) / 2:.0f}" y="{height - 12}" text-anchor="middle">chunks</text>')
x0, y0 = px(1, 1)
x1, y1 = px(sizes[-1] / sizes[0], sizes[-1] / sizes[0])
out.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="#999" stroke-dasharray="5,4"/>')
legend = [("proportional to size", "#999", True)] + [(name, colours[i], False) for i, name in enumerate(series)]
for i, (name, values) in enumerate(series.items()):
    points = [px(s / sizes[0], v / values[0]) for s, v in zip(sizes, values)]
    out.append(f'<polyline fill="none" stroke="{colours[i]}" stroke-width="2" points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}"/>')
    for (x, y), v in zip(points, values):
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colours[i]}"/>')
for i, (name, colour, dashed) in enumerate(legend):
    y = top + 10 + i * 20
    dash = ' stroke-dasharray="5,4"' if dashed else ""
    out.append(f'<line x1="{width - right + 15}" y1="{y}" x2="{width - right + 40}" y2="{y}" stroke="{colour}" stroke-width="2"{dash}/>')
    out.append(f'<text x="{width - right + 46}" y="{y + 4}">{name}</text>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
