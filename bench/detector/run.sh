#!/usr/bin/env bash
# Detector benchmark: 10,000 pods in the informer cache, 1,000 going into CrashLoopBackOff.
# Starts the real Kafka broker (test-support), a standalone Fabric8 mock API server and the packaged
# detector, all on loopback; prints detection latency p50/p99 (status update -> record on Kafka) and the
# detector's peak RSS. Rerunnable; stops by itself (every wait is bounded).
#
#   bench/detector/run.sh [--pods 10000] [--crashing 1000] [--rate 100] [--warm-up 100]
#   DETECTOR_JAVA_OPTS="-Xmx200m" bench/detector/run.sh    # other JVM flags for the detector
#   MEDIC_DETECTOR_WORKERS=8 bench/detector/run.sh          # any medic.detector.* key, as an environment variable
#
# --warm-up N: N more Deployments whose crash loops go first, unmeasured (a detector that has been running);
# --warm-up 0 measures a detector that has just started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$root/bench/detector"
jar="$root/detector-service/target/quarkus-app/quarkus-run.jar"
cd "$root"
source "$root/bin/lib/java.sh"
medic_pick_java || exit 2
export JAVA_HOME="$MEDIC_JAVA_HOME" PATH="$MEDIC_JAVA_HOME/bin:$PATH"

# Build what is missing or stale: the detector (and the modules it packages), and the modules the driver
# uses from the local repository (a fresh clone has none of them installed: `mvn verify` installs nothing).
m2="${MAVEN_REPO:-$HOME/.m2/repository}/io/medic"
installed() { [[ -f "$m2/$1/0.1.0-SNAPSHOT/$1-0.1.0-SNAPSHOT.jar" ]]; }
if [[ ! -f "$jar" ]] || ! installed events || ! installed test-support \
    || [[ -n "$(find events/src messaging/src log-signatures/src detector-service/src test-support/*/src -newer "$jar" -type f -print -quit)" ]]; then
  echo "[bench] building the detector and the modules the driver uses"
  mvn -B -q install -pl detector-service,test-support/testkit -am -DskipTests
fi
# the driver runs from copies of its jars, so that others installing into ~/.m2 meanwhile cannot disturb it
rm -rf "$bench/target/lib"
mvn -B -q -f "$bench/pom.xml" package dependency:copy-dependencies -DoutputDirectory=target/lib -DincludeScope=runtime -DskipTests

java_bin="$JAVA_HOME/bin/java"
# fewer glibc malloc arenas: the detector's (inherited) RSS is not inflated by per-thread arenas
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
"$java_bin" -Xmx1g -XX:+UseParallelGC -cp "$bench/target/classes:$bench/target/lib/*" io.medic.bench.DetectorBench \
  --detector-jar "$jar" \
  --log "$root/log-signatures/src/test/resources/logs/duplicate-column/alembic-cli.log" \
  --detector-log "$bench/target/detector.log" \
  --java-opts "${DETECTOR_JAVA_OPTS:--Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xss512k}" \
  "$@"
