#!/usr/bin/env bash
# The sandbox's figures: Sandbox.start, fixture install, basketball-api:15f3047 created -> Ready on a fresh
# database and -> CrashLoopBackOff on the incident's, close(), peak RSS (real back-off, factor 1.0).
# Needs PostgreSQL on 127.0.0.1:5432 (or PGHOST/PGPORT/PGUSER) and Debian's python3-alembic + python3-psycopg2.
#
#   sandbox/bench.sh [--runs 3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q install -pl sandbox -am -DskipTests
classpath="$(mktemp)"
trap 'rm -f "$classpath"' EXIT
mvn -B -q -pl sandbox dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
mvn -B -q -pl sandbox test-compile
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m -cp "sandbox/target/test-classes:sandbox/target/classes:$(cat "$classpath")" \
  io.medic.sandbox.bench.SandboxBench "$@"
