"""basketball-api: the Westside Kings & Queens league API.

Boot runs the migrations (`alembic upgrade head`: the API never serves a schema it does not know), then
serves HTTP on $POD_IP:$PORT (127.0.0.1:8080 when unset):

    GET /health        200 {"status": "ok", "version": ...} when the database answers, 503 otherwise
    GET /public/teams  the teams with their players, from PostgreSQL

`python3 app.py serve` skips the migrations, for deployments that run them in an init container or a
Helm hook Job. The database URL comes from DATABASE_URL and is never printed. SIGTERM stops the server
after the requests in flight.
"""
import json
import logging
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
log = logging.getLogger("app")

TEAMS = """
    SELECT t.id, t.name, t.city, p.id, p.first_name, p.last_name, p.jersey, p.position
      FROM teams t
      LEFT JOIN players p ON p.team_id = t.id
     ORDER BY t.id, p.last_name, p.first_name, p.id
"""


def version():
    try:
        with open(os.path.join(HERE, "VERSION")) as f:
            return f.read().strip()
    except OSError:
        return "unknown"


def migrate():
    from alembic import command
    from alembic.config import Config

    log.info("running migrations before start")
    command.upgrade(Config(os.path.join(HERE, "alembic.ini")), "head")
    # alembic.ini's logging configuration (root at WARN) disabled the loggers that existed before it
    log.disabled = False
    log.setLevel(logging.INFO)


def connect():
    return psycopg2.connect(os.environ["DATABASE_URL"], connect_timeout=3)


def teams():
    with connect() as connection, connection.cursor() as cursor:
        cursor.execute(TEAMS)
        result, by_id = [], {}
        for team_id, name, city, player_id, first, last, jersey, position in cursor.fetchall():
            team = by_id.get(team_id)
            if team is None:
                team = {"id": team_id, "name": name, "city": city, "players": []}
                by_id[team_id] = team
                result.append(team)
            if player_id is not None:
                team["players"].append({"id": player_id, "first_name": first, "last_name": last,
                                        "jersey": jersey, "position": position})
        return result


class Handler(BaseHTTPRequestHandler):
    server_version = "basketball-api/" + version()

    def do_GET(self):
        if self.path == "/health":
            try:
                with connect() as connection, connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                self.reply(200, {"status": "ok", "version": version()})
            except psycopg2.Error as e:
                # the error's class only: libpq's messages can name the host and the user
                self.reply(503, {"status": "unavailable", "error": type(e).__name__})
        elif self.path == "/public/teams":
            try:
                self.reply(200, teams())
            except psycopg2.Error as e:
                log.error("GET /public/teams failed: %s", type(e).__name__)
                self.reply(500, {"error": type(e).__name__})
        else:
            self.reply(404, {"error": "not found"})

    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        if not self.path.startswith("/health"):
            log.info("%s %s", self.address_string(), fmt % args)


def main(argv):
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not os.environ.get("DATABASE_URL"):
        log.error("DATABASE_URL is not set")
        return 2
    if argv[1:2] != ["serve"]:
        migrate()
    host = os.environ.get("POD_IP") or "127.0.0.1"
    port = int(os.environ.get("PORT") or "8080")
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    log.info("basketball-api %s serving on http://%s:%d", version(), host, port)
    server.serve_forever()
    log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
