"""Runs many `alembic stamp` / `alembic upgrade` cases in one interpreter (one start-up instead of one per
case) for AlembicModelDifferentialIT: real Alembic's answer to each case, as one JSON line per case.

    /usr/bin/python3 run_cases.py <alembic.ini> <database url> <cases.json>

Each case: {"rows": [...], "tables": [...], "command": ["upgrade", "r4"]}. The database is reset to
exactly `rows` in alembic_version and `tables` (t_<revision>, one per revision those rows imply), then the
command runs. Output: {"rows": [...] or "refused", "tables": [...], "error": "..."}.
The database URL is never printed.
"""
import json
import os
import sys

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text


def reset(engine, rows, tables):
    with engine.begin() as conn:
        names = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't\\_%'")).scalars().all()
        for name in names:
            conn.execute(text('DROP TABLE "%s"' % name))
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        if rows:
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
            for row in rows:
                conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": row})
        for name in tables:
            conn.execute(text('CREATE TABLE "t_%s" (id integer primary key)' % name))


def state(engine):
    with engine.connect() as conn:
        has_version = conn.execute(text("SELECT to_regclass('public.alembic_version') IS NOT NULL")).scalar()
        rows = sorted(conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()) if has_version else []
        tables = sorted(t[2:] for t in conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't\\_%'")).scalars().all())
    return rows, tables


def main():
    ini, url, cases_file = sys.argv[1:4]
    os.environ["DATABASE_URL"] = url  # env.py reads it; no -x argument in-process
    config = Config(ini)
    engine = create_engine(url)
    with open(cases_file) as f:
        cases = json.load(f)
    for case in cases:
        reset(engine, case["rows"], case["tables"])
        words = case["command"]
        error = ""
        try:
            if words[0] == "upgrade":
                command.upgrade(config, words[1])
            else:
                purge = words[1] == "--purge"
                command.stamp(config, words[2:] if purge else words[1:], purge=purge)
        except Exception as e:  # Alembic refuses with CommandError, and a few others; the case records which
            error = type(e).__name__ + ": " + str(e).splitlines()[0] if str(e) else type(e).__name__
        rows, tables = state(engine)
        print(json.dumps({"rows": "refused" if error else rows, "tables": tables, "error": error}), flush=True)


if __name__ == "__main__":
    main()
