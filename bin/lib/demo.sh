#!/usr/bin/env bash
# bin/medic demo [--approve] [--branched] [--old-image] [--init-container | --hook-job]
#
# The seed incident (basketball-api#183) reproduced for real and healed by Medic's four services, each a real
# process: a Kafka broker (child JVM), a throwaway PostgreSQL database, the sandbox cluster, a Forgejo stand-in.
# On a fresh machine it first installs what is missing (Debian packages, as root; otherwise it prints the one
# command to run), starts PostgreSQL if it is down, and builds the services and the demo (a few minutes, once).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/bin/lib/java.sh"
source "$root/bin/lib/prereqs.sh"

for arg in "$@"; do
  case "$arg" in
    --approve|--branched|--old-image|--init-container|--hook-job) ;;
    -h|--help) echo "usage: bin/medic demo [--approve] [--branched] [--old-image] [--init-container | --hook-job]"; exit 0 ;;
    *) echo "bin/medic demo: unknown option $arg" >&2
       echo "usage: bin/medic demo [--approve] [--branched] [--old-image] [--init-container | --hook-job]" >&2; exit 2 ;;
  esac
done

medic_ensure_packages "bin/medic demo" || exit 2
medic_ensure_postgres "bin/medic demo" || exit 2
medic_pick_java || exit 2
export JAVA_HOME="$MEDIC_JAVA_HOME" PATH="$MEDIC_JAVA_HOME/bin:$PATH"

cd "$root"
demo_jar="e2e/target/medic-e2e.jar"
modules=(detector-service planner-service executor-service notifier-service)
stale=0
[[ -f "$demo_jar" ]] || stale=1
for m in "${modules[@]}"; do [[ -f "$m/target/quarkus-app/quarkus-run.jar" ]] || stale=1; done
if ((stale == 0)) && [[ -n "$(find events messaging alembic-doctor log-signatures sandbox test-support examples \
    "${modules[@]}" e2e -path '*/target' -prune -o -type f -newer "$demo_jar" -print -quit)" ]]; then
  stale=1
fi
if ((stale)); then
  echo "== building the services and the demo (mvn -B -q -DskipTests package; the first time takes a few minutes)"
  modules_csv="$(IFS=,; echo "${modules[*]}"),e2e"
  mvn -B -q -DskipTests package -pl "$modules_csv" -am
fi
opts=(-XX:+UseSerialGC -Xms64m -Xmx384m -XX:TieredStopAtLevel=1)
if ((MEDIC_JAVA_MAJOR >= 24)); then opts+=(--sun-misc-unsafe-memory-access=allow); fi
exec java "${opts[@]}" -Dmedic.checkout="$root" -jar "$demo_jar" "$@"
