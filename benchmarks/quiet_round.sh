#!/usr/bin/env bash
# Quiet-machine measurements of issues 11 and 13 (and, with WINDOWS=1, issue 15's windows) in one go
# (docs/benchmarks.md quotes them). Run from the repository root on a quiet machine after `mvn package` and the
# bench build (docs/benchmarks.md, pass 1.5), with the inputs it names: /tmp/pb/gen/30 (1 GB group),
# /tmp/s15/root-1000000, /tmp/pb/cp.txt (S3Proxy class path), /tmp/base20 (an earlier build's wavebeam.jar and
# wavebeam-jvm-flags.txt, to compare pass 1 against), /tmp/q20/bench.cp, and for WINDOWS=1 /tmp/win/gen/41.
# Not a test.
set -u
cd "$(dirname "$0")/.."
mkdir -p /tmp/q20
export WAVEBEAM_JAVA_OPTS=-Xmx512m AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret
PT=benchmarks/paired_time.py
S3ARGS="--s3-endpoint http://127.0.0.1:18080 --s3-region us-east-1 --quiet"
log() { echo "### $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg) — $*"; }
java -Xmx4g -cp "$(cat /tmp/pb/cp.txt)" benchmarks/s3/S3ProxyServer.java 18080 bench in/30/ /tmp/pb/gen/30 > /tmp/q20/s3proxy.log 2>&1 &
S3PID=$!
for i in $(seq 60); do curl -s -o /dev/null http://127.0.0.1:18080/ && break; sleep 1; done
rm -f launcher/target/*.jsa /tmp/base20/*.jsa
log "recording class-data archives"
bin/wavebeam run pass1 --input /tmp/pb/gen/30 --output /tmp/q20/out-local --quiet
bin/wavebeam run pass1 --input s3://bench/in/30/ --output /tmp/q20/out-s3 $S3ARGS
WAVEBEAM_JAR=/tmp/base20/wavebeam.jar bin/wavebeam run pass1 --input /tmp/pb/gen/30 --output /tmp/q20/out-base --quiet
cmp /tmp/q20/out-local/ws_df_group.json /tmp/q20/out-s3/ws_df_group.json && echo "S3 = local (cmp)"
cmp /tmp/q20/out-local/ws_df_group.json /tmp/q20/out-base/ws_df_group.json && echo "new = base (cmp)"
for call in 1 2; do
  log "S3 (A) vs local (B), call $call"
  $PT -n 5 --warmup 1 --vs "bin/wavebeam run pass1 --input /tmp/pb/gen/30 --output /tmp/q20/out-local --quiet" \
    -- bin/wavebeam run pass1 --input s3://bench/in/30/ --output /tmp/q20/out-s3 $S3ARGS
done
kill $S3PID; wait $S3PID 2>/dev/null
log "pass 1 plain: this main (A) vs the earlier build in /tmp/base20 (B)"
$PT -n 5 --warmup 1 --vs "env WAVEBEAM_JAR=/tmp/base20/wavebeam.jar bin/wavebeam run pass1 --input /tmp/pb/gen/30 --output /tmp/q20/out-base --quiet" \
  -- bin/wavebeam run pass1 --input /tmp/pb/gen/30 --output /tmp/q20/out-local --quiet
if [[ "${WINDOWS:-0}" == 1 ]]; then
bin/wavebeam run pass1 --input /tmp/win/gen/41 --output /tmp/q20/win-rec --window 1m --quiet
for call in 1 2; do
  log "windows 1m (A) vs plain (B), group 41, fresh output folder per run, call $call"
  $PT -n 5 --warmup 1 --vs "sh -c 'exec bin/wavebeam run pass1 --input /tmp/win/gen/41 --output /tmp/q20/plain-\$\$ --quiet'" \
    -- sh -c 'exec bin/wavebeam run pass1 --input /tmp/win/gen/41 --output /tmp/q20/win-$$ --window 1m --quiet'
  rm -rf /tmp/q20/plain-* /tmp/q20/win-[0-9]*
done
fi
export WAVEBEAM_JAVA_OPTS=-Xmx768m
CP=benchmarks/target/classes:$(cat /tmp/q20/bench.cp)
DUCK="java -Xmx768m -cp $CP io.wavebeam.bench.Pass1p5Benchmark duckdb /tmp/s15/root-1000000 /tmp/q20/out-duck"
bin/wavebeam run pass1p5 --input /tmp/s15/root-1000000 --output /tmp/q20/p15d --runner direct --parallelism 2 --quiet
bin/wavebeam run pass1p5 --input /tmp/s15/root-1000000 --output /tmp/q20/p15s --runner spark --parallelism 2 --quiet
cmp /tmp/q20/p15d/signal_stats.csv /tmp/q20/p15s/signal_stats.csv && echo "signal_stats direct = spark (cmp)"
for call in 1 2; do
  for runner in direct spark; do
    log "pass 1.5 $runner (A) vs DuckDB (B), 1M rows, call $call"
    $PT -n 3 --warmup 0 --vs "$DUCK" -- \
      bin/wavebeam run pass1p5 --input /tmp/s15/root-1000000 --output /tmp/q20/p15$runner --runner $runner --parallelism 2 --quiet
  done
done
log done
