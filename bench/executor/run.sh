#!/usr/bin/env bash
# Executor benchmark. Starts the real Kafka broker (test-support), a standalone Fabric8 mock API server, a
# throwaway PostgreSQL database per run and the packaged executor (local migration runner, real Alembic), all
# on loopback, and prints:
#   1. decision published on Kafka -> the plan's first step STARTED on medic.executions (p50, p99, max) over
#      --decisions read-only plans (precondition + post-condition on a database at head; each waits for the
#      previous to finish, so no plan queues behind another's lock);
#   2. the seed plan's total time (decision -> FINISHED), with and without rehearsal, --runs times each, on
#      the incident's database (linear chain: upgrade 019, stamp 020, upgrade head, restart, rollout, HTTP,
#      post-condition), with the time of each step.
# Rerunnable; stops by itself (every wait is bounded).
#
#   bench/executor/run.sh [--decisions 200] [--warm-up 20] [--runs 3] [--form linear|branched] [--settle 0]
#   EXECUTOR_JAVA_OPTS="-Xmx256m" bench/executor/run.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$root/bench/executor"
jar="$root/executor-service/target/quarkus-app/quarkus-run.jar"
cd "$root"

m2="${MAVEN_REPO:-$HOME/.m2/repository}"
case "${MAVEN_OPTS:-}" in *maven.repo.local=*) m2="$(sed -E 's/.*maven.repo.local=([^ ]+).*/\1/' <<<"$MAVEN_OPTS")";; esac
installed() { [[ -f "$m2/io/medic/$1/0.1.0-SNAPSHOT/$1-0.1.0-SNAPSHOT$2.jar" ]]; }
if [[ ! -f "$jar" ]] || ! installed executor-service -tests || ! installed alembic-doctor -tests || ! installed test-support "" \
    || [[ -n "$(find events/src messaging/src alembic-doctor/src log-signatures/src executor-service/src test-support/*/src -newer "$jar" -type f -print -quit)" ]]; then
  echo "[bench] building the executor and the modules the driver uses"
  mvn -B -q install -pl executor-service,test-support/testkit -am -DskipTests
fi
rm -rf "$bench/target/lib"
mvn -B -q -f "$bench/pom.xml" package dependency:copy-dependencies -DoutputDirectory=target/lib -DincludeScope=runtime -DskipTests

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
cd "$bench"
"$java_bin" -Xmx512m -cp "$bench/target/classes:$bench/target/lib/*" \
  -Dmedic.executor.jar="$jar" io.medic.bench.ExecutorBench \
  --java-opts "${EXECUTOR_JAVA_OPTS:-}" --logs "$bench/target" "$@"
