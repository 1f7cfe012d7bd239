#!/usr/bin/env bash
# Benchmark: `bin/medic diagnose` (JVM start included) against `alembic heads`, side by side in one
# hyperfine run, on the same generated Alembic project (2,000 revisions touching 300 tables by default).
# Goal (issue 3): the whole diagnose faster than `alembic heads`; the engine's own work under 200 ms.
#
#   bench/diagnose/run.sh [--revisions N] [--tables N] [--runs N] [--warmup N] [--seed N] [--no-verify]
#
# Afterwards (unless --no-verify) the plan diagnose printed is executed with real Alembic, line by
# line as argument lists (never through a shell), and the result compared with a fresh database
# upgraded to head (pg_dump --schema-only), so the figures are for a right answer.
#
# Needs: PostgreSQL (PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 as postgres, trust auth or
# PGPASSWORD for psql and Alembic), /usr/bin/python3 with Alembic, hyperfine, a JDK 21+ (bin/lib/java.sh finds it). Builds the CLI
# jar if it is missing. Creates a throwaway database and a temp dir, and removes both on exit.
# The database URL handed to Medic and Alembic carries no password.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/diagnose"
source "$root/bin/lib/java.sh"
medic_pick_java || exit 2
export JAVA_HOME="$MEDIC_JAVA_HOME" PATH="$MEDIC_JAVA_HOME/bin:$PATH"
revisions=2000
tables=300
runs=10
warmup=2
seed=7
verify=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --revisions) revisions="$2"; shift 2 ;;
    --tables) tables="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --no-verify) verify=0; shift ;;
    *) echo "usage: $0 [--revisions N] [--tables N] [--runs N] [--warmup N] [--seed N] [--no-verify]" >&2; exit 2 ;;
  esac
done

# The Debian interpreter has Alembic 1.8 + SQLAlchemy 1.4; the python3 on PATH may not.
alembic_python=/usr/bin/python3
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
for tool in hyperfine psql pg_dump java "$alembic_python"; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 2; }
done

jar="$root/cli/target/medic-cli.jar"
if [[ ! -f "$jar" ]]; then
  echo "== building the CLI jar (mvn -B -q -o -DskipTests package -pl cli -am)"
  (cd "$root" && mvn -B -q -o -DskipTests package -pl cli -am)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/medic-bench-diagnose.XXXXXX")"
db="medic_bench_$$"
fresh="medic_bench_$$_head"
cleanup() {
  psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  psql -qX -d postgres -c "DROP DATABASE IF EXISTS $fresh WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

manifest_value() {
  python3 -c 'import json, sys; v = json.load(open(sys.argv[1]))[sys.argv[2]]; print("\n".join(v) if isinstance(v, list) else v)' \
    "$work/project/bench.json" "$1"
}

echo "== generating $revisions revisions over $tables tables (seed $seed)"
python3 "$here/generate_chain.py" "$work/project" --revisions "$revisions" --tables "$tables" --seed "$seed" >/dev/null
project="$work/project"
versions="$project/versions"
echo "   $(ls "$versions" | wc -l) files, $(du -sh "$versions" | cut -f1), $(manifest_value branch_points) branch points," \
     "$(manifest_value merges) merges, head $(manifest_value head)"

target="$(manifest_value upgrade_target)"
url="postgresql://$PGUSER@$PGHOST:$PGPORT/$db"
psql -qX -d postgres -c "CREATE DATABASE $db" >/dev/null
echo "== upgrading a throwaway database to $target with real Alembic ($(manifest_value revisions_after_target) revisions before head)"
started=$(date +%s.%N)
"$alembic_python" -m alembic -c "$project/alembic.ini" -x "url=$url" upgrade "$target"
finished=$(date +%s.%N)
echo "   alembic upgrade took $(python3 -c "print(f'{$finished - $started:.1f}')") s"
# Drift as in the basketball-api incident: a later revision's column added by hand, unstamped.
echo "   drift: $(manifest_value drift_sql) (revision $(manifest_value drift_revision), not stamped)"
while IFS= read -r statement; do
  psql -qX -v ON_ERROR_STOP=1 -d "$db" -c "$statement" >/dev/null
done < <(manifest_value drift_sql)

diagnose=("$root/bin/medic" diagnose --migrations "$versions" --database "$url" --format alembic)
echo "== one bin/medic diagnose run (the plan it prints and its exit status)"
set +e
"${diagnose[@]}" >"$work/diagnose.out" 2>"$work/diagnose.err"
status=$?
set -e
sed -n '1,20s/^/   out: /p' "$work/diagnose.out"
sed -n '1,5s/^/   err: /p' "$work/diagnose.err"
echo "   exit status: $status (0 healthy or plan, 3 needs a human, 2 bad input)"

echo "== hyperfine: $runs runs each after $warmup warm-ups; failures tolerated (-i), exit status above"
# -N: no intermediate shell, so neither command pays for one. `medic --help` is the floor: JVM start
# and CLI dispatch without the engine, so diagnose minus it approximates the engine's own work.
hyperfine -N -i --warmup "$warmup" --runs "$runs" \
  --export-json "$work/hyperfine.json" --export-markdown "$work/hyperfine.md" \
  -n "medic diagnose" "${diagnose[*]}" \
  -n "alembic heads" "$alembic_python -m alembic -c $project/alembic.ini heads" \
  -n "medic --help (JVM floor)" "$root/bin/medic --help"

echo
cat "$work/hyperfine.md"
python3 - "$work/hyperfine.json" "$status" <<'EOF'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
status = int(sys.argv[2])
diagnose, heads, floor = results["medic diagnose"], results["alembic heads"], results["medic --help (JVM floor)"]
def show(name, r):
    print(f"{name:<16} median {r['median'] * 1000:6.0f} ms   mean {r['mean'] * 1000:6.0f} ms +- {r['stddev'] * 1000:.0f}")
print()
show("medic diagnose", diagnose)
show("alembic heads", heads)
show("JVM floor", floor)
print(f"medic diagnose exit status: {status}")
if status == 2:
    print("NOTE: diagnose exited 2 (bad input, or the engine is not there yet): its time is not a diagnosis.")
else:
    engine = (diagnose["median"] - floor["median"]) * 1000
    print(f"engine's own work ~ diagnose - floor = {engine:.0f} ms (median; goal < 200 ms)")
    verdict = "faster" if diagnose["median"] < heads["median"] else "SLOWER"
    print(f"diagnose is {verdict} than alembic heads: {heads['median'] / diagnose['median']:.2f}x (medians)")
EOF

if [[ $verify == 1 && $status == 0 ]]; then
  echo
  echo "== verifying the plan with real Alembic"
  while read -r -a words; do
    [[ ${#words[@]} -eq 0 ]] && continue
    if [[ ${words[0]} != alembic ]]; then
      echo "   not an alembic command, refusing to run it: ${words[*]}" >&2
      exit 1
    fi
    echo "   ${words[*]}"
    "$alembic_python" -m alembic -c "$project/alembic.ini" -x "url=$url" "${words[@]:1}" 2>"$work/plan.err" \
      || { cat "$work/plan.err" >&2; exit 1; }
  done <"$work/diagnose.out"
  psql -qX -d postgres -c "CREATE DATABASE $fresh" >/dev/null
  "$alembic_python" -m alembic -c "$project/alembic.ini" -x "url=postgresql://$PGUSER@$PGHOST:$PGPORT/$fresh" upgrade head
  schema() {
    pg_dump --schema-only --no-owner --no-privileges --schema=public -d "$1" \
      | grep -v -e '^--' -e '^SET ' -e 'set_config(' -e '^\\restrict ' -e '^\\unrestrict ' -e '^[[:space:]]*$'
  }
  if diff <(schema "$fresh") <(schema "$db") >"$work/schema.diff"; then
    echo "   after the plan: alembic current = $("$alembic_python" -m alembic -c "$project/alembic.ini" -x "url=$url" current 2>/dev/null)," \
         "schema identical to a fresh database at head"
  else
    echo "   after the plan the schema differs from a fresh database at head (< fresh, > planned):"
    head -40 "$work/schema.diff"
    exit 1
  fi
fi
