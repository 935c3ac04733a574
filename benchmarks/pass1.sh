#!/usr/bin/env bash
# Pass-1 benchmark (issue 3): wall time, CPU time, peak RSS and MB/s of `wavebeam run pass1` on
#   a) a ~350 MB group  (--records 8  --segments 3 --seconds 36000)
#   b) three times that (--records 24 --segments 3 --seconds 36000)
#   c) 20,000 small files (--records 1000 --segments 8 --seconds 10)
# for the DirectRunner and the SparkRunner (local[N]). Usage: benchmarks/pass1.sh [WORKDIR] [RUNS]
# Needs the built jar (mvn -DskipTests package) and /usr/bin/time (Debian package `time`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/wavebeam-pass1-bench}"
runs="${2:-3}"
wb="$here/bin/wavebeam"
mkdir -p "$work"
gen() { # name records segments seconds
  [[ -f "$work/$1/.done" ]] && return
  rm -rf "$work/$1"
  "$wb" generate --output "$work/$1" --groups 30 --records "$2" --segments "$3" --seconds "$4" --seed 1 >/dev/null
  touch "$work/$1/.done"
}
gen a 8 3 36000
gen b 24 3 36000
gen c 1000 8 10
"$wb" run pass1 --input "$work/a/30" --output "$work/warm" >/dev/null 2>&1 || true # builds the CDS archive
printf "%-6s %-6s %8s %8s %8s %9s %9s %8s %9s\n" input runner files MB "best s" "user s" "sys s" "RSS MB" "MB/s"
for input in a b c; do
  files=$(find "$work/$input/30" -type f | wc -l)
  for runner in direct spark; do
    best=""; line=""
    for ((i = 0; i < runs; i++)); do
      /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$wb" run pass1 --input "$work/$input/30" \
        --output "$work/out-$input-$runner" --runner "$runner" >/dev/null 2>&1
      read -r wall user sys rss < "$work/time.txt"
      if [[ -z "$best" ]] || (( $(echo "$wall < $best" | bc) )); then best=$wall; line="$user $sys $rss"; fi
    done
    bytes=$(python3 -c "import json;print(json.load(open('$work/out-$input-$runner/manifest.json'))['bytes'])")
    read -r user sys rss <<< "$line"
    printf "%-6s %-6s %8d %8.1f %8.2f %9.2f %9.2f %8d %9.0f\n" "$input" "$runner" "$files" \
      "$(echo "$bytes / 1000000" | bc -l)" "$best" "$user" "$sys" "$((rss / 1024))" \
      "$(echo "$bytes / 1000000 / $best" | bc -l)"
  done
done
