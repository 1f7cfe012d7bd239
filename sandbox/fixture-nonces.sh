#!/usr/bin/env bash
# Finds the nonces that give the basketball-api fixture's named commits their prefixes from incident #183
# (737093f, the old image; 15f3047, the current one; 2d4a19c, the branched form's tip) and writes
# examples/basketball-api/fixture-commits.properties. Run it after changing anything in
# examples/basketball-api/{app,linear,branched} or io.medic.sandbox.basketball.FixtureHistory: the sandbox
# refuses to build a repository whose commits no longer have their prefixes. Deterministic (the smallest
# nonce wins); a few minutes on two cores.
#
#   sandbox/fixture-nonces.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -pl sandbox compile
classpath="$(mktemp)"
trap 'rm -f "$classpath"' EXIT
mvn -B -q -pl sandbox dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$classpath"
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "sandbox/target/classes:$(cat "$classpath")" \
  io.medic.sandbox.basketball.FixtureNonces examples/basketball-api
