#!/usr/bin/env bash
# Signature benchmark: the whole built-in catalog plus redaction, as the detector runs them, over one
# 64 KiB crafted line per adversarial shape (and an ordinary crash log for comparison).
# Goal (issue 17): under 50 ms per shape for the whole analysis.
#
#   bench/signatures/run.sh [--bytes 65536] [--runs 10] [--warmup 3] [--limit 60] [--signatures FILE] [SHAPE...]
#
# Each shape runs in a JVM of its own under `timeout --limit` seconds, so a shape that backtracks for
# minutes costs only its row ("> limit"). Columns: the median and the slowest of --runs runs, in ms of wall
# time, of `analyze` (normalise, every signature, the generic fallback, the redacted excerpt), its median in
# ms of CPU time (what the figure would be on an idle machine), and of `redact` (the redactor alone over the
# same text); then the signature that fired and the redacted length.
# Rerunnable; builds log-signatures and the driver when missing or stale. Loopback-free: no services.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$root/bench/signatures"
cd "$root"

bytes=65536 runs=10 warmup=3 limit=60 signatures=() shapes=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bytes) bytes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    --signatures) signatures=(--signatures "$2"); shift 2 ;;
    --*) echo "usage: $0 [--bytes N] [--runs N] [--warmup N] [--limit SECONDS] [--signatures FILE] [SHAPE...]" >&2; exit 2 ;;
    *) shapes+=("$1"); shift ;;
  esac
done

# log-signatures (and events) from the local repository: install them when missing or older than their sources
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
for opt in ${MAVEN_OPTS:-}; do [[ "$opt" == -Dmaven.repo.local=* ]] && m2="${opt#-Dmaven.repo.local=}"; done
installed="$m2/io/medic/log-signatures/0.1.0-SNAPSHOT/log-signatures-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$installed" ]] || [[ -n "$(find events/src log-signatures/src log-signatures/pom.xml -newer "$installed" -type f -print -quit)" ]]; then
  echo "[bench] installing log-signatures"
  mvn -B -q install -pl log-signatures -am -DskipTests
fi
rm -rf "$bench/target/lib"
mvn -B -q -f "$bench/pom.xml" package dependency:copy-dependencies -DoutputDirectory=target/lib -DincludeScope=runtime -DskipTests

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
driver=("$java_bin" -Xmx256m -cp "$bench/target/classes:$bench/target/lib/*" io.medic.bench.SignaturesBench)
[[ ${#shapes[@]} -gt 0 ]] || mapfile -t shapes < <("${driver[@]}" --list)

echo "[bench] $("$java_bin" -version 2>&1 | sed -n 1p); $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-20s %7s   %9s %9s %9s   %9s %9s   %s\n' shape chars "analyze50" "analyzeMax" "cpu50" "redact50" "redactMax" "fired / redacted length"
for shape in "${shapes[@]}"; do
  rc=0
  timeout "$limit" "${driver[@]}" --shape "$shape" --bytes "$bytes" --runs "$runs" --warmup "$warmup" "${signatures[@]}" || rc=$?
  if [[ $rc -eq 124 ]]; then
    printf '%-20s %7s   %9s\n' "$shape" "$bytes" "> ${limit} s"
  elif [[ $rc -ne 0 ]]; then
    echo "[bench] $shape failed (exit $rc)" >&2; exit "$rc"
  fi
done
