#!/usr/bin/env bash
# On-demand check (issue 11, item 6; not part of `mvn verify`): a 2 GiB signal file read from S3 under -Xmx256m.
# S3Proxy runs in its own JVM (transient store, -Xmx6g: it holds the object in its heap); the reader runs in a
# -Xmx256m JVM under /usr/bin/time -v, so its peak RSS is the reader's alone. Needs the pipeline module compiled
# (the script runs `mvn -o test-compile dependency:build-classpath`). Usage: benchmarks/s3/large-object.sh [WORKDIR] [PORT]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-/tmp/wavebeam-s3-large}"
port="${2:-18091}"
mkdir -p "$work/data"
big="$work/data/r_0001.dat"
if [[ ! -f "$big" || $(stat -c %s "$big") -ne $((2 << 30)) ]]; then
  head -c $((2 << 30)) /dev/urandom > "$big"
fi
cd "$here"
# test-compile, not compile: on a machine where nothing was installed, the reactor resolves the test-jars from
# target/test-classes
mvn -B -ntp -o -q -pl wfdb-reader,common,pipeline test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp-raw.txt"
# S3Proxy's Jetty 12 needs jakarta.servlet 6 and a newer jackson-annotations ahead of Spark's older copies
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
first="$m2/com/fasterxml/jackson/core/jackson-annotations/2.22/jackson-annotations-2.22.jar"
first="$first:$m2/jakarta/servlet/jakarta.servlet-api/6.0.0/jakarta.servlet-api-6.0.0.jar"
cp="$first:$here/pipeline/target/classes:$here/common/target/classes:$here/wfdb-reader/target/classes:$(cat "$work/cp-raw.txt")"
java -Xmx6g -cp "$cp" benchmarks/s3/S3ProxyServer.java "$port" bench in/ "$work/data" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 600); do grep -q '^ready' "$work/server.log" && break; sleep 1; done
grep '^ready' "$work/server.log"
export AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret
/usr/bin/time -v -o "$work/time.txt" java -Xmx256m -cp "$cp" benchmarks/s3/ReadLargeObject.java \
  "s3://bench/in/r_0001.dat" "http://127.0.0.1:$port" "$big"
grep -E 'Maximum resident|Elapsed|User time|System time' "$work/time.txt"
