#!/usr/bin/env python3
"""test/bench/report.py OUT — the `npm run bench` report (stdlib only).

Reads the rig's per-run records (OUT/results.jsonl: cold runs from baseline.sh,
OUT/warm.jsonl: warm re-runs measured by run.sh) and crossdock's own --json
summaries (OUT/crossdock-*.json), prints a markdown report and writes it to
OUT/crossdock-report.md. Exit status 1 if any run failed (rc != 0, timeout)
or any verification found a difference; missed targets only show as MISS.
"""
import argparse
import glob
import json
import os
import statistics
import sys

MB, MiB = 1e6, float(1 << 20)

# crossdock performance targets
T_COLD_VS_SKOPEO = 0.4      # cold wall ≤ 0.4× skopeo sync (seq)
T_COLD_VS_RAW = 1.3         # cold wall ≤ 1.3× raw-full (the rig's minimal copier)
T_REQ_VS_RAW = 1.2          # DST requests ≤ 1.2× raw-full
T_WARM_VS_SKOPEO = 0.2      # warm re-run wall ≤ 0.2× skopeo sync warm re-run
T_PEAK_RSS_BYTES = 150 * MB  # on SIZE=large


def load_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def ok(r):
    return r.get("rc") == 0 and not r.get("timed_out") and r.get("verify_ok") is not False


def peak_rss_mib(r):
    # time -v's max RSS of the largest process is exact; the 100 ms tree sample
    # also counts children (bash + skopeo). Take whichever is larger.
    return max(r.get("maxrss_mib") or 0, r.get("tree_peak_rss_mib") or 0)


class Method:
    def __init__(self, label, recs):
        self.label, self.recs = label, recs
        self.ok = [r for r in recs if ok(r)]
        self.use = self.ok or recs  # medians over successful runs, like the rig's report

    def med(self, fn):
        vals = [v for v in (fn(r) for r in self.use) if v is not None]
        return statistics.median(vals) if vals else None

    @property
    def wall(self):
        return self.med(lambda r: r.get("wall_s"))

    @property
    def requests(self):
        return self.med(lambda r: r.get("dst_requests"))

    def verify(self):
        v = [r.get("verify_ok") for r in self.recs]
        if all(x is None for x in v):
            return "n/a"
        bad = sum((r.get("verify") or {}).get("problems", 0) for r in self.recs)
        return "ok" if all(v) else f"FAIL ({bad} problems)"


def group(recs, suffix=""):
    by = {}
    for r in recs:
        by.setdefault(r["label"], []).append(r)
    return [Method(label + suffix, rs) for label, rs in by.items()]


def fmt(x, d=1):
    return "—" if x is None else f"{x:.{d}f}"


def ratio_row(name, num, den, target, unit="×"):
    if num is None or den in (None, 0):
        return f"| {name} | — | ≤ {target}{unit} | n/a |"
    r = num / den
    return f"| {name} | {r:.2f}{unit} | ≤ {target}{unit} | {'ok' if r <= target else 'MISS'} |"


def crossdock_summaries(out):
    """one line per crossdock --json summary, in run order"""
    lines = []
    files = sorted(glob.glob(os.path.join(out, "crossdock-*.json")),
                   key=lambda p: (os.path.getmtime(p), p))
    for p in files:
        name = os.path.basename(p)[len("crossdock-"):-len(".json")]
        if os.path.getsize(p) == 0:
            lines.append(f"| {name} | (empty: crossdock exited before printing its summary) | | | | | |")
            continue
        try:
            with open(p) as f:
                s = json.load(f)
            t, b = s.get("tags", {}), s.get("blobs", {})
            lines.append(
                f"| {name} | {t.get('copied', '?')}/{t.get('skipped', '?')}/{t.get('failed', '?')} "
                f"| {b.get('uploaded', '?')}/{b.get('mounted', '?')}/{b.get('skipped', '?')} "
                f"| {fmt((s.get('bytesSent') or 0) / MB)} | {fmt(s.get('seconds'), 2)} "
                f"| {fmt((s.get('peakRssBytes') or 0) / MiB)} | {len(s.get('failures') or [])} |")
        except (OSError, ValueError, AttributeError) as e:
            lines.append(f"| {name} | unreadable: {e} | | | | | |")
    if not lines:
        return []
    return ["", "crossdock's own --json summaries:", "",
            "| run | tags copied/skipped/failed | blobs uploaded/mounted/skipped | bytesSent MB | seconds | peakRss MiB | failures |",
            "|---|---|---|---|---|---|---|"] + lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--size", default="?")
    ap.add_argument("--runs", default="?")
    ap.add_argument("--jobs", default="default")
    a = ap.parse_args()

    cold_recs = load_jsonl(os.path.join(a.out, "results.jsonl"))
    warm_recs = load_jsonl(os.path.join(a.out, "warm.jsonl"))
    if not cold_recs:
        print(f"report: no records in {a.out}/results.jsonl", file=sys.stderr)
        return 1
    cold = {m.label: m for m in group(cold_recs)}
    # warm labels are "<method>-warm"; show them as "<method> (warm)"
    warm = {m.label[:-len("-warm")]: m for m in group(warm_recs)}
    unique = next((r["unique_blob_bytes"] for r in cold_recs if r.get("unique_blob_bytes")), None)

    lines = [f"# crossdock bench — SIZE={a.size}, RUNS={a.runs}, crossdock --jobs {a.jobs}", ""]
    if unique:
        lines.append(f"Corpus: {unique / MB:.1f} MB of unique blobs (MB/s = that ÷ wall). "
                     f"Medians over successful runs. Results: `{a.out}`.")
    build = os.path.join(a.out, "crossdock-build.txt")
    if os.path.exists(build):
        with open(build) as f:
            lines.append(f.read().strip() + ".")
    lines += ["Noisy machine: 'other CPU s' is CPU used by other tenants during the run.", "",
              "| method | runs ok | wall s | MB/s | peak RSS MiB | DST requests | DST recv MB | other CPU s | verify |",
              "|---|---|---|---|---|---|---|---|---|"]
    rows = [(m.label, m, False) for m in cold.values()] + [(f"{k} (warm)", m, True) for k, m in warm.items()]
    for name, m, is_warm in rows:
        w = m.wall
        mbps = "—" if (is_warm or not m.ok or not unique or not w) else f"{unique / MB / w:.1f}"
        lines.append(
            f"| {name} | {len(m.ok)}/{len(m.recs)} | {fmt(w, 2)} | {mbps} | {fmt(m.med(peak_rss_mib))} "
            f"| {fmt(m.requests, 0)} | {fmt(m.med(lambda r: (r.get('dst_recv_bytes') or 0) / MB))} "
            f"| {fmt(m.med(lambda r: r.get('other_cpu_s')))} | {m.verify()} |")

    # ratios against the targets
    cd, sk, raw = cold.get("crossdock"), cold.get("skopeo-sync-seq"), cold.get("raw-full")
    cdw, skw = warm.get("crossdock"), warm.get("skopeo-sync-seq")
    g = lambda m, attr: getattr(m, attr) if m else None  # noqa: E731
    lines += ["", "| check | value | target | |", "|---|---|---|---|",
              ratio_row("cold wall: crossdock / skopeo-sync-seq", g(cd, "wall"), g(sk, "wall"), T_COLD_VS_SKOPEO),
              ratio_row("cold wall: crossdock / raw-full", g(cd, "wall"), g(raw, "wall"), T_COLD_VS_RAW),
              ratio_row("DST requests: crossdock / raw-full", g(cd, "requests"), g(raw, "requests"), T_REQ_VS_RAW),
              ratio_row("warm wall: crossdock / skopeo-sync-seq", g(cdw, "wall"), g(skw, "wall"), T_WARM_VS_SKOPEO)]
    cd_recs = (cd.recs if cd else []) + (cdw.recs if cdw else [])
    if cd_recs:
        peak = max(peak_rss_mib(r) for r in cd_recs)
        status = ("ok" if peak * MiB <= T_PEAK_RSS_BYTES else "MISS") if a.size == "large" else "n/a (target is for SIZE=large)"
        lines.append(f"| crossdock peak RSS (max over its runs) | {peak:.1f} MiB = {peak * MiB / MB:.0f} MB "
                     f"| ≤ {T_PEAK_RSS_BYTES / MB:.0f} MB | {status} |")
    verified = [r for r in cold_recs + warm_recs if r.get("verify_ok") is not None]
    problems = sum((r.get("verify") or {}).get("problems", 0) for r in verified)
    lines.append(f"| digest/content mismatches ({len(verified)} verified runs) | {problems} | 0 | "
                 f"{'ok' if problems == 0 and all(r['verify_ok'] for r in verified) else 'FAIL'} |")
    failed = [f"{r['label']} run {r.get('run')}" for r in cold_recs + warm_recs if not ok(r)]
    lines.append(f"| failed runs (rc ≠ 0, timeout or verify FAIL) | {len(failed)} | 0 | {'ok' if not failed else 'FAIL: ' + ', '.join(failed)} |")

    lines += crossdock_summaries(a.out)
    lines += ["", f"Per-run records: `results.jsonl` (cold), `warm.jsonl` (warm); request mix by kind: `summary.md`; "
              f"exact commands: `cmd-*.sh`; output: `commands.log`."]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(a.out, "crossdock-report.md"), "w") as f:
        f.write(text)
    print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
