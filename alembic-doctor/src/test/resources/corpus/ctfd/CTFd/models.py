"""Stand-in for CTFd.models: the migrations use `db` only for column types (db.Integer, db.Text)."""
import sqlalchemy as db  # noqa: F401
