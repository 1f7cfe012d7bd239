#!/usr/bin/env bash
# Planner benchmark: the seed incident (linear chain: stamped 018, 020's column added by hand) on a throwaway
# PostgreSQL database built with real Alembic; the real Kafka broker (test-support), a standalone Fabric8 mock
# API server holding the workload and its database Secret, and the packaged planner as a child process, all on
# loopback. Prints signal published -> plan on medic.plans (p50/p90/p99/max over --signals signals, each a new
# incident, after --warm-up unmeasured ones) and the planner's RSS at rest and after --plans more plans.
# Rerunnable; stops by itself (every wait is bounded).
#
#   bench/planner/run.sh [--signals 200] [--rate 5] [--warm-up 30] [--plans 1000]
#   PLANNER_JAVA_OPTS="-Xmx200m" bench/planner/run.sh      # other JVM flags for the planner
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$root/bench/planner"
jar="$root/planner-service/target/quarkus-app/quarkus-run.jar"
cd "$root"
source "$root/bin/lib/java.sh"
medic_pick_java || exit 2
export JAVA_HOME="$MEDIC_JAVA_HOME" PATH="$MEDIC_JAVA_HOME/bin:$PATH"

m2="${MAVEN_REPO:-$HOME/.m2/repository}/io/medic"
installed() { [[ -f "$m2/$1/0.1.0-SNAPSHOT/$1-0.1.0-SNAPSHOT.jar" ]]; }
if [[ ! -f "$jar" ]] || ! installed events || ! installed test-support \
    || [[ -n "$(find events/src messaging/src alembic-doctor/src/main planner-service/src/main test-support/*/src -newer "$jar" -type f -print -quit)" ]]; then
  echo "[bench] building the planner and the modules the driver uses"
  mvn -B -q install -pl planner-service,test-support/testkit -am -DskipTests
fi
rm -rf "$bench/target/lib"
mvn -B -q -f "$bench/pom.xml" package dependency:copy-dependencies -DoutputDirectory=target/lib -DincludeScope=runtime -DskipTests

export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
"$JAVA_HOME/bin/java" -Xmx1g -XX:+UseParallelGC -cp "$bench/target/classes:$bench/target/lib/*" io.medic.bench.PlannerBench \
  --planner-jar "$jar" \
  --project "$root/examples/basketball-api/linear" \
  --planner-log "$bench/target/planner.log" \
  --cache-dir "$bench/target/planner-cache" \
  --java-opts "${PLANNER_JAVA_OPTS:--Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xss512k}" \
  "$@"
