#!/usr/bin/env python3
"""Prints the README's Performance rows from what bench/measure-performance-table left in its output directory."""
import glob
import json
import os
import re
import sys

out = sys.argv[1]


def load(name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return json.load(f)


def find(results, method, **params):
    for r in results:
        if r["benchmark"].endswith("." + method) and all(
                r.get("params", {}).get(k) == v for k, v in params.items()):
            return r
    return None


def score(r):
    return r["primaryMetric"]["score"] if r else float("nan")


def err(r):
    return r["primaryMetric"]["scoreError"] if r else float("nan")


def cpu(r, metric="cpu.time/op"):
    if not r:
        return float("nan")
    m = r.get("secondaryMetrics", {}).get(metric)
    return m["score"] if m else float("nan")


def jit(r):
    return cpu(r, "jit.time/op")


print()
print("| row | ours | anchor (same run) | ratio | CPU/op ours vs anchor |")
print("|---|---|---|---|---|")

rt = load("roundtrip")
# the faster of the two echo configurations is the anchor
echo = min([r for r in (find(rt, "anchorEchoTwice"), find(rt, "anchorEchoTwiceDirectExecutor")) if r],
           key=score, default=None)
if echo:
    print(f"| echo anchor used | | {echo['benchmark'].rsplit('.', 1)[1]} | | |")
for method, goal in [("rawPublishFetch", 1.5), ("rawPublishFetchRelease", None), ("clientPublishFetch", 1.2),
                     ("clientPublishFetchRelease", None)]:
    r = find(rt, method)
    ratio = score(r) / score(echo)
    verdict = "" if goal is None else (" met" if ratio <= goal else " MISSED") + f" (goal <= {goal}x)"
    print(f"| {method} | {score(r):,.0f} ± {err(r):,.0f} us | two echoes {score(echo):,.0f} ± {err(echo):,.0f} us"
          f" | {ratio:.2f}x{verdict} | {cpu(r):,.0f} vs {cpu(echo):,.0f} us (JIT {jit(r):,.0f} vs {jit(echo):,.0f}) |")

anchors = load("doget-anchors")
for streaming in ["PUT_NEXT", "PUT_NEXT_ZERO_COPY", "CALLBACK_BACKPRESSURE"]:
    r = find(anchors, "anchorArrowFlightDoGet", anchorStreaming=streaming, shape="INT_2")
    print(f"| Flight anchor INT_2, {streaming} | | {score(r):,.1f} ± {err(r):,.1f} ms | | cpu {cpu(r) / 1000:,.0f} ms |")

for log in sorted(glob.glob(os.path.join(out, "doget-*.log"))):
    shape = os.path.basename(log)[len("doget-"):-len(".log")]
    if shape == "anchors":
        continue
    results = load("doget-" + shape)
    with open(log) as f:
        m = re.search(r"\[DoGet\] \w+: ([\d,]+) rows in (\d+) record batches, ([\d,]+) body bytes", f.read())
    rows, batches, body = (m.group(1), m.group(2), int(m.group(3).replace(",", ""))) if m else ("?", "?", 0)
    ours = find(results, "ourServerDoGet")
    theirs = find(results, "anchorArrowFlightDoGet")
    ratio = score(theirs) / score(ours)
    verdict = "met" if ratio >= 1.0 else "MISSED"
    print(f"| DoGet {shape} ({rows} rows, {body / 1e6:,.1f} MB in {batches} batches) | {score(ours):,.1f} ± "
          f"{err(ours):,.1f} ms = {body / 1e3 / score(ours):,.0f} MB/s | Arrow Flight {score(theirs):,.1f} ± "
          f"{err(theirs):,.1f} ms = {body / 1e3 / score(theirs):,.0f} MB/s | {ratio:.2f}x throughput {verdict} |"
          f" {cpu(ours) / 1000:,.0f} vs {cpu(theirs) / 1000:,.0f} ms |")

mem = load("memcpy")
for method in ["anchorMemoryCopyArraycopy", "anchorMemoryCopyHeapToDirect"]:
    r = find(mem, method)
    print(f"| {method} (80 MB) | | {score(r):,.1f} ms = {80 / score(r):,.1f} GB/s | | |")

up = load("update")
base = score(find(up, "anchorInProcess"))
trip = score(find(up, "anchorRoundTrip"))
for method in ["rawBatch", "officialClientBatch", "ourClient"]:
    r = find(up, method)
    ratio = score(r) / base
    print(f"| update {method} | {score(r):,.1f} ms | in-process {base:,.1f} ms (+ round trip {trip:,.2f} ms) |"
          f" {ratio:.2f}x {'met' if ratio <= 1.1 else 'MISSED'} (goal <= 1.1x) | |")

ic = load("interceptor")
i, p = find(ic, "intercepted"), find(ic, "plain")
extra = score(i) - score(p)
print(f"| @Published intercepted | {score(i):,.0f} ns | plain {score(p):,.0f} ns | +{extra:,.0f} ns"
      f" {'met' if extra <= 2000 else 'MISSED'} (goal <= 2 us) | |")

for r in load("live"):
    pct = r["primaryMetric"].get("scorePercentiles", {})
    cycle = r.get("params", {}).get("cycleMillis", "?")
    p99 = pct.get("99.0", float("nan"))
    print(f"| live change -> subscriber, {cycle} ms cycle | median {pct.get('50.0', float('nan')):,.2f} ms, "
          f"p99 {p99:,.2f} ms | two cycles {2 * float(cycle):,.0f} ms | "
          f"{'met' if p99 < 2 * float(cycle) else 'MISSED'} | |")

for name in ["coldstart", "scale", "memory", "rest", "load"]:
    path = os.path.join(out, name + ".txt")
    if os.path.exists(path):
        with open(path) as f:
            lines = [line.rstrip() for line in f if line.strip()]
        print(f"\n{name}:")
        for line in lines[-4:]:
            print("    " + line)
