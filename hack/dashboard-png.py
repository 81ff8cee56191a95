#!/usr/bin/env python3
"""Draws the key panels of the Grafana dashboard (k8s/monitoring/dashboards/kubecarrier-hub.json)
from real data: the range queries that e2e MonitoringIT exported from its Prometheus, which scraped
the four operators while the Redis walkthrough ran.

    ./mvnw -B -o test-compile failsafe:integration-test@monitoring -pl e2e   # writes the data
    pip install matplotlib                                                  # once
    hack/dashboard-png.py [e2e/target/monitoring/panels.json] [docs/dashboard.png]

Same queries, same legends as the dashboard; time in seconds since the walkthrough began.
"""
import json
import math
import re
import sys
from datetime import datetime, timezone

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# The dashboard panels drawn, in order (title as in the dashboard JSON).
KEY_PANELS = [
    "Service cluster reachable (registry)",
    "Offered kinds",
    "Instances by state",
    "Apply-down latency",
    "Status-up latency",
    "Propagation queue depth",
    "Reconciles per second",
    "Reconcile errors per second",
    "Reconcile duration p99",
]

UNITS = {"s": "seconds", "ops": "per second", "short": "", "": ""}


def legend(fmt, metric):
    text = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: metric.get(m.group(1), ""), fmt or "")
    return text.strip() or json.dumps(metric)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "e2e/target/monitoring/panels.json"
    out = sys.argv[2] if len(sys.argv) > 2 else "docs/dashboard.png"
    data = json.load(open(src))
    start = data["start"]
    by_panel = {}
    for t in data["targets"]:
        by_panel.setdefault(t["panel"], []).append(t)

    panels = [p for p in KEY_PANELS if p in by_panel]
    cols = 3
    rows = math.ceil(len(panels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(18, 4.2 * rows), squeeze=False)
    for ax, title in zip(axes.flat, panels):
        unit = by_panel[title][0].get("unit", "")
        for t in by_panel[title]:
            for series in t["result"]:
                xs = [float(v[0]) - start for v in series["values"]]
                ys = [float(v[1]) for v in series["values"]]  # "NaN" → nan: a gap
                ax.plot(xs, ys, label=legend(t["legend"], series["metric"]), linewidth=1.6)
        ax.set_title(title, fontsize=11, loc="left")
        ax.set_xlabel("seconds since the walkthrough began", fontsize=8)
        if UNITS.get(unit):
            ax.set_ylabel(UNITS[unit], fontsize=8)
        ax.grid(True, alpha=0.3)
        ax.tick_params(labelsize=8)
        ax.legend(fontsize=7, loc="upper left", framealpha=0.8)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    when = datetime.fromtimestamp(start, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    note = " (the walkthrough failed part-way)" if data.get("walkthroughFailed") else ""
    fig.suptitle(
        "KubeCarrier hub: dashboard panels from a real Prometheus scraping the four operators"
        f" during the Redis walkthrough, {when}{note}",
        fontsize=13,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(out, dpi=80)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
