# Sourced by bin/medic and bin/test: picks a JDK 21 or newer (Medic is built at the Java 21 language level).
# JAVA_HOME wins when it is new enough; then the java on PATH; then the newest JDK under /usr/lib/jvm.
# Sets MEDIC_JAVA_HOME and MEDIC_JAVA_MAJOR, or prints the one command that fixes it and returns 1.

medic_java_major() {  # the feature version of the java binary $1, e.g. 25
  # A JDK's release file says it (JAVA_VERSION="25.0.3"); asking the binary starts a JVM, ~50 ms on every
  # bin/medic call, so that is only the fallback for a JDK without one.
  local release major
  release="$(dirname "$(dirname "$1")")/release"
  if [[ -f "$release" ]]; then
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
    if [[ -n "$major" ]]; then
      echo "$major"
      return
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

medic_pick_java() {
  local candidates=() c major
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    [[ -x "$c/bin/java" && -x "$c/bin/javac" ]] || continue
    major="$(medic_java_major "$c/bin/java")"
    if [[ -n "$major" && "$major" -ge 21 ]]; then
      MEDIC_JAVA_HOME="$c"
      MEDIC_JAVA_MAJOR="$major"
      return 0
    fi
  done
  echo "Medic needs a JDK 21 or newer and found none (JAVA_HOME, PATH, /usr/lib/jvm)." >&2
  echo "Install one, e.g.:  apt-get install -y openjdk-21-jdk-headless   (or set JAVA_HOME to a JDK 21+)" >&2
  return 1
}
