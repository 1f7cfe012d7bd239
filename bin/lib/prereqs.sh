# Sourced by bin/test and bin/medic demo: makes sure what Medic's tests and demo run against is here.
# As root it installs Debian packages and starts PostgreSQL; otherwise it stops before doing anything and
# prints the one command that would (medic_need returns 1).

medic_missing_packages() {
  local missing=()
  /usr/bin/python3 -c 'import alembic, psycopg2' 2>/dev/null || missing+=(python3-alembic python3-psycopg2)
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
  command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  [[ -x /usr/bin/time ]] || missing+=(time)  # the CLI tests measure peak RSS with it
  ((${#missing[@]})) && printf '%s\n' "${missing[@]}"
  return 0
}

medic_ensure_packages() {  # $1: who is asking, for messages
  local missing
  mapfile -t missing < <(medic_missing_packages)
  ((${#missing[@]})) || return 0
  if [[ "$(id -u)" != 0 ]]; then
    echo "$1: missing Debian packages; install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "$1: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "${missing[@]}" >&2 || { apt-get update -q >&2 && apt-get install -y -q "${missing[@]}" >&2; } \
    || { echo "$1: cannot install ${missing[*]}" >&2; return 1; }
}

medic_ensure_postgres() {  # $1: who is asking
  local host="${PGHOST:-127.0.0.1}" port="${PGPORT:-5432}" version deadline
  pg_isready -q -h "$host" -p "$port" && return 0
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)"
  if [[ "$(id -u)" != 0 || -z "$version" ]]; then
    echo "$1: PostgreSQL is not reachable at $host:$port; start it with:" >&2
    echo "  sudo pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql | sort -V | tail -1) main start" >&2
    return 1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || { echo "$1: cannot start PostgreSQL $version" >&2; return 1; }
  deadline=$((SECONDS + 60))
  until pg_isready -q -h "$host" -p "$port"; do
    ((SECONDS < deadline)) || { echo "$1: PostgreSQL did not accept connections on $host:$port within 60s" >&2; return 1; }
    sleep 1
  done
}
