#!/usr/bin/python3
"""Exactness check of wavebeam's windowed features (ws_df_windows.json) against pandas.

Decodes a group folder's records independently of the Java reader: the master and layout headers' segment
lists and the segment headers are parsed here, the raw format-80/16 bytes are decoded with numpy, and each
record's physical samples are laid out on the record's timeline (gaps and signals a segment lacks: NaN). Then,
for every window (by frame index, the same boundaries as wavebeam: frame ceil(start(k) * f)), pandas'
Series.describe() is compared with the row wavebeam wrote:

    count exactly, mean to 1e-12 relative (relative to max(|mean|, mean |x|), so that a mean of 0 up to
    rounding can be compared), std to 1e-12 relative, min/p25/p50/p75/max exactly

Usage: /usr/bin/python3 benchmarks/windows_check.py GROUP_DIR ws_df_windows.json WINDOW [start|clock]
(WINDOW as on the command line: 30s, 1m, 5m, 1h). Exit status 0 when every row matches, 1 otherwise.
Needs Debian's python3-numpy and python3-pandas (apt-get install -y python3-numpy python3-pandas).
"""
import json
import math
import os
import re
import sys
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

INVALID = {80: -128, 16: -32768}


def parse_seconds(text):
    m = re.fullmatch(r"(\d+)([smh])", text)
    if not m:
        sys.exit(f"window {text!r}: a whole number followed by s, m or h")
    return int(m.group(1)) * {"s": 1, "m": 60, "h": 3600}[m.group(2)]


def lines(path):
    with open(path) as f:
        return [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]


def parse_record_line(line):
    """name, segments (None for single-segment), signals, frequency, length, base time, base date."""
    parts = line.split()
    name, segs = (parts[0].split("/") + [None])[:2]
    fs = float(parts[2].split("/")[0]) if len(parts) > 2 else 250.0
    length = int(parts[3]) if len(parts) > 3 else None
    time = parts[4] if len(parts) > 4 else None
    date = parts[5] if len(parts) > 5 else None
    return name, (int(segs) if segs else None), int(parts[1]), fs, length, time, date


def parse_signal_line(line):
    parts = line.split()
    fmt_text = parts[1]
    m = re.fullmatch(r"(\d+)(?:x(\d+))?", fmt_text)
    if not m:
        sys.exit(f"{line}: only plain formats (and xN samples per frame) are handled by this check")
    fmt, spf = int(m.group(1)), int(m.group(2) or 1)
    g = re.fullmatch(r"([-+0-9.eE]+)(?:\((-?\d+)\))?(?:/(.*))?", parts[2])
    gain = float(g.group(1)) or 200.0
    adc_zero = int(parts[4]) if len(parts) > 4 else 0
    baseline = int(g.group(2)) if g.group(2) is not None else adc_zero
    name = " ".join(parts[8:]) if len(parts) > 8 else ""
    return {"file": parts[0], "fmt": fmt, "spf": spf, "gain": gain, "baseline": baseline, "name": name}


def decode_segment(folder, header):
    """Physical values of every signal of a single-segment record: list of (spec, 2-D array frames x spf)."""
    rec = lines(os.path.join(folder, header + ".hea"))
    name, _, n, fs, length, _, _ = parse_record_line(rec[0])
    specs = [parse_signal_line(l) for l in rec[1:1 + n]]
    out = []
    i = 0
    while i < n:
        j = i
        while j < n and specs[j]["file"] == specs[i]["file"]:
            j += 1
        group = specs[i:j]
        fmt = group[0]["fmt"]
        per_frame = sum(s["spf"] for s in group)
        raw = np.fromfile(os.path.join(folder, group[0]["file"]), dtype=np.uint8 if fmt == 80 else "<i2")
        digital = raw.astype(np.int64) - 128 if fmt == 80 else raw.astype(np.int64)
        frames = len(digital) // per_frame if length is None else length
        digital = digital[: frames * per_frame].reshape(frames, per_frame)
        col = 0
        for s in group:
            d = digital[:, col:col + s["spf"]]
            col += s["spf"]
            phys = (d - s["baseline"]) / s["gain"]  # the same double expression as wfdb-python and wavebeam
            phys[d == INVALID[fmt]] = np.nan
            out.append((s, phys))
        i = j
    return fs, frames, out


def decode_record(folder, header_name):
    """Record name, frequency, length, base time/date, signals [(name, spf, physical 1-D on the timeline)]."""
    rec = lines(os.path.join(folder, header_name + ".hea"))
    name, nseg, n, fs, length, time, date = parse_record_line(rec[0])
    if nseg is None:
        _, frames, sigs = decode_segment(folder, header_name)
        return name, fs, frames, time, date, [(s["name"], s["spf"], p.reshape(-1)) for s, p in sigs]
    segs = [(l.split()[0], int(l.split()[1])) for l in rec[1:1 + nseg]]
    layout = segs[0][1] == 0 and segs[0][0] != "~"
    if layout:
        lay = lines(os.path.join(folder, segs[0][0] + ".hea"))
        lay_n = parse_record_line(lay[0])[2]
        names = [parse_signal_line(l) for l in lay[1:1 + lay_n]]
        segs = segs[1:]
    total = sum(length for _, length in segs)
    if length is None:
        length = total
    signals = None
    start = 0
    for seg_name, seg_len in segs:
        if seg_name != "~":
            _, _, sigs = decode_segment(folder, seg_name)
            if signals is None:
                template = names if layout else [s for s, _ in sigs]
                signals = [(t["name"], t["spf"], np.full(length * t["spf"], np.nan)) for t in template]
            for idx, (rname, spf, arr) in enumerate(signals):
                # n-th signal of a name in the layout takes the n-th signal of that name in the segment
                if layout:
                    nth = [s[0] for s in signals[:idx]].count(rname)
                    match = [p for s, p in sigs if s["name"] == rname]
                    phys = match[nth] if nth < len(match) else None
                else:
                    phys = sigs[idx][1]
                if phys is not None:
                    stop = min(length, start + seg_len)
                    arr[start * spf: stop * spf] = phys[: stop - start].reshape(-1)
        start += seg_len
    return name, fs, length, time, date, signals


def boundaries(seconds, align, fs, length, time):
    """First frame of each window and the nominal start (ms from the record start) of window 0."""
    w = seconds * 1000
    first = 0
    if align == "clock" and time is not None:
        hh, mm, ss = time.split(":")
        s0 = round((int(hh) * 3600 + int(mm) * 60 + float(ss)) * 1000)
        first = (s0 // w) * w - s0
    starts = [0]
    k = 1
    while starts[-1] < length:
        x = (first + k * w) / 1000 * fs
        r = round(x)
        frame = r if abs(x - r) <= 1e-9 * max(1, abs(x)) else math.ceil(x)
        starts.append(min(length, max(0, frame)))
        k += 1
    return starts, first


def iso(time, date, ms):
    if time is None or date is None:
        return None
    t = datetime.strptime(date + " " + time, "%d/%m/%Y %H:%M:%S.%f" if "." in time else "%d/%m/%Y %H:%M:%S")
    t = t + timedelta(milliseconds=ms)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (f".{t.microsecond // 1000:03d}" if t.microsecond else "")


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    group, rows_path, window = sys.argv[1], sys.argv[2], sys.argv[3]
    align = sys.argv[4] if len(sys.argv) > 4 else "start"
    seconds = parse_seconds(window)
    rows = {}
    with open(rows_path) as f:
        for line in f:
            r = json.loads(line)
            rows[(r["record"], r["signal_index"], r["window_index"])] = r
    # records: master headers, and single-segment headers no master lists (numerics)
    headers = []
    for folder, _, files in sorted(os.walk(group)):
        masters = []
        listed = set()
        for h in sorted(f for f in files if f.endswith(".hea")):
            first = lines(os.path.join(folder, h))
            if "/" in first[0].split()[0]:
                masters.append(h[:-4])
                nseg = int(first[0].split()[0].split("/")[1])
                listed.update(l.split()[0] for l in first[1:1 + nseg])
        for h in sorted(f for f in files if f.endswith(".hea")):
            if h[:-4] in masters or h[:-4] not in listed:
                headers.append((folder, h[:-4]))
    fields = ["count", "mean", "std", "min", "p25", "p50", "p75", "max"]
    pandas_names = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"]
    worst = {f: 0.0 for f in fields}
    worst_where = {f: None for f in fields}
    worst_exact = [0.0, None]
    mismatches = []
    checked = 0
    values = 0
    expected_keys = set()
    for folder, h in headers:
        name, fs, length, time, date, signals = decode_record(folder, h)
        starts, first = boundaries(seconds, align, fs, length, time)
        for idx, (sname, spf, arr) in enumerate(signals):
            for k in range(len(starts) - 1):
                a, b = starts[k], starts[k + 1]
                key = (name, idx, k)
                expected_keys.add(key)
                row = rows.get(key)
                if row is None:
                    mismatches.append(f"{key}: no row")
                    continue
                if row["n_values"] != (b - a) * spf or row["signal"] != sname:
                    mismatches.append(f"{key}: n_values {row['n_values']} signal {row['signal']!r}, "
                                      f"expected {(b - a) * spf} {sname!r}")
                want_start = iso(time, date, first + k * seconds * 1000)
                if row["window_start"] != want_start:
                    mismatches.append(f"{key}: window_start {row['window_start']} expected {want_start}")
                window_values = arr[a * spf: b * spf]
                d = pd.Series(window_values).describe()
                valid = window_values[~np.isnan(window_values)]
                if len(valid) and row["mean"] is not None:
                    exact = math.fsum(valid) / len(valid)  # correctly rounded sum, one division
                    # relative to the mean magnitude: a mean near 0 is the difference of large sums
                    err = abs(row["mean"] - exact) / max(abs(exact), float(np.mean(np.abs(valid))), 1e-300)
                    if err > worst_exact[0]:
                        worst_exact[:] = [err, key]
                values += (b - a) * spf
                checked += 1
                for f, p in zip(fields, pandas_names):
                    want = d[p]
                    got = row[f]
                    if f == "count":
                        if int(want) != got:
                            mismatches.append(f"{key}: count {got} expected {int(want)}")
                        continue
                    if got is None or want is None or np.isnan(want):
                        if not (got is None and (want is None or np.isnan(want))):
                            mismatches.append(f"{key}: {f} {got} expected {want}")
                        continue
                    scale = abs(want)
                    if f == "mean" and len(valid):
                        # a mean that is 0 up to rounding (ECG around 0 mV) has no relative error: measure it
                        # against the values' magnitude too
                        scale = max(scale, float(np.mean(np.abs(valid))))
                    rel = abs(got - want) / max(scale, 1e-300) if got != want else 0.0
                    if rel > worst[f]:
                        worst[f], worst_where[f] = rel, key
                    limit = 1e-12 if f in ("mean", "std") else 0.0
                    if rel > limit:
                        mismatches.append(f"{key}: {f} {got!r} expected {want!r} (relative {rel:.3g})")
    extra = set(rows) - expected_keys
    for key in sorted(extra)[:10]:
        mismatches.append(f"{key}: row for no window of the record")
    print(f"records {len(headers)}, windowed rows checked {checked} of {len(rows)} written, "
          f"values {values}, window {window} ({align})")
    print("largest relative difference to pandas: "
          + ", ".join(f"{f} {worst[f]:.3g}" for f in fields if f != "count"))
    print(f"  (largest mean difference at {worst_where['mean']}; wavebeam's mean against math.fsum / n: "
          f"{worst_exact[0]:.3g} of the mean magnitude)")
    if mismatches:
        print(f"MISMATCHES: {len(mismatches)}")
        for m in mismatches[:20]:
            print("  " + m)
        sys.exit(1)
    print("every row equal to pandas describe()")


if __name__ == "__main__":
    main()
