#!/usr/bin/env python3
"""Write an Alembic project with a long, realistic revision history for Medic's diagnose benchmark.

Plain python3: nothing is imported from Alembic or SQLAlchemy, the output is text.

    generate_chain.py OUT_DIR [--revisions 2000] [--tables 300] [--seed 7]

OUT_DIR gets alembic.ini, env.py, script.py.mako, versions/*.py (autogenerate-style files: one
create_table per table first, then add_column, create_index, alter_column, batch blocks, a few
op.execute data migrations, drop_column / drop_index of earlier work, and a few branch points with
their merges) and bench.json, which says which revision to upgrade the database to and what SQL to
run afterwards to leave drift for diagnose to find (a later revision's column added by hand, as in
the basketball-api incident).
"""
import argparse
import datetime
import hashlib
import json
import os
import random
import sys

NOUNS = ["accounts", "invoices", "payments", "shipments", "products", "customers", "orders", "refunds",
         "coupons", "carts", "reviews", "suppliers", "warehouses", "stock_moves", "employees", "shifts",
         "tickets", "comments", "attachments", "sessions", "devices", "webhooks", "audit_events", "plans",
         "subscriptions", "taxes", "regions", "addresses", "contracts", "leads"]
ATTRIBUTES = ["status", "amount", "notes", "code", "starts_on", "is_active", "score", "reference", "label",
              "quantity", "currency", "due_on", "priority", "source", "external_id", "weight"]
# (SQLAlchemy expression, PostgreSQL type for hand-written SQL)
TYPES = [
    ("sa.Integer()", "INTEGER"),
    ("sa.String(length=64)", "VARCHAR(64)"),
    ("sa.String(length=255)", "VARCHAR(255)"),
    ("sa.Text()", "TEXT"),
    ("sa.Boolean()", "BOOLEAN"),
    ("sa.DateTime(timezone=True)", "TIMESTAMP WITH TIME ZONE"),
    ("sa.Numeric(precision=12, scale=2)", "NUMERIC(12, 2)"),
    ("sa.Date()", "DATE"),
    ("sa.BigInteger()", "BIGINT"),
]
STRING_64 = "sa.String(length=64)"
WIDER = {"sa.String(length=64)": "sa.String(length=255)", "sa.String(length=255)": "sa.Text()",
         "sa.Integer()": "sa.BigInteger()"}
START = datetime.datetime(2023, 1, 9, 9, 0, 0)


class Column:
    def __init__(self, name, sa_type, nullable=True, added=False, server_default=None):
        self.name = name
        self.sa_type = sa_type
        self.nullable = nullable
        self.added = added          # added by add_column (may be dropped or renamed later)
        self.server_default = server_default
        self.indexed = False

    def render(self, extra=""):
        default = ", server_default=%s" % self.server_default if self.server_default else ""
        return "sa.Column(%r, %s%s, nullable=%s%s)" % (self.name, self.sa_type, default, self.nullable, extra)


class Table:
    def __init__(self, name, number):
        self.name = name
        self.number = number
        self.columns = {}
        self.indexes = {}           # name -> column, created by create_index (droppable)

    def added_columns(self):
        """Columns a revision added and nothing indexes: safe to drop or rename later."""
        return [c for c in self.columns.values() if c.added and not c.indexed]


class Revision:
    def __init__(self, number, rid, parents, message, upgrade, downgrade):
        self.number = number
        self.rid = rid
        self.parents = parents
        self.message = message
        self.upgrade = upgrade
        self.downgrade = downgrade


class Chain:
    def __init__(self, revisions, tables, seed):
        self.rng = random.Random(seed)
        self.seed = seed
        self.total = revisions
        self.table_count = tables
        self.tables = []
        self.revisions = []
        self.tip = None
        self.branch_points = 0
        self.merges = 0
        self.drift = None
        self.target = None

    # --- ids and bookkeeping ------------------------------------------------------------------

    def new_id(self):
        text = "%d:%d" % (self.seed, len(self.revisions))
        return hashlib.sha1(text.encode()).hexdigest()[:12]

    def add(self, parents, message, upgrade, downgrade):
        revision = Revision(len(self.revisions), self.new_id(), parents, message, upgrade, downgrade)
        self.revisions.append(revision)
        return revision

    def pick_table(self, lane=None):
        candidates = self.tables if lane is None else [t for t in self.tables if t.number % 2 == lane]
        return self.rng.choice(candidates)

    def column_name(self, table, stem):
        name = "%s_%d" % (stem, len(self.revisions))
        while name in table.columns:
            name += "x"
        return name

    # --- the history -------------------------------------------------------------------------

    def build(self):
        for number in range(self.table_count):
            revision = self.add([self.tip] if self.tip else [], *self.create_table(number))
            self.tip = revision.rid
        drift_at = self.total - 50
        target_at = drift_at - 6
        next_branch = self.table_count + 150
        while len(self.revisions) < self.total:
            position = len(self.revisions)
            if position == next_branch and position + 20 < target_at - 100:
                self.branch_and_merge()
                next_branch = len(self.revisions) + self.rng.randint(200, 300)
            elif position == drift_at:
                table = self.pick_table()
                column = Column(self.column_name(table, "custom_notes"), "sa.Text()", nullable=True, added=True)
                table.columns[column.name] = column
                up = ["op.add_column(%r, %s)" % (table.name, column.render())]
                down = ["op.drop_column(%r, %r)" % (table.name, column.name)]
                revision = self.add([self.tip], "add %s to %s" % (column.name, table.name), up, down)
                self.tip = revision.rid
                self.drift = {"revision": revision.rid,
                              "sql": ["ALTER TABLE %s ADD COLUMN %s TEXT" % (table.name, column.name)]}
            else:
                revision = self.add([self.tip], *self.alteration())
                self.tip = revision.rid
            if position == target_at:
                self.target = self.revisions[-1].rid
        return self

    def create_table(self, number):
        name = "%s_%03d" % (NOUNS[number % len(NOUNS)], number)
        table = Table(name, number)
        table.columns["id"] = Column("id", "sa.Integer()", nullable=False)
        table.columns["name"] = Column("name", "sa.String(length=100)", nullable=False)
        items = [table.columns["id"].render(), table.columns["name"].render()]
        constraints = ["sa.PrimaryKeyConstraint('id')"]
        indexes = []
        for attribute in self.rng.sample(ATTRIBUTES, self.rng.randint(2, 6)):
            column = Column(attribute, self.rng.choice(TYPES)[0], nullable=self.rng.random() < 0.7)
            table.columns[attribute] = column
            if self.rng.random() < 0.15:
                column.indexed = True  # index=True: SQLAlchemy names it ix_<table>_<column>
                items.append(column.render(", index=True"))
            else:
                items.append(column.render())
        if self.tables and self.rng.random() < 0.6:
            parent = self.rng.choice(self.tables[-40:])
            column = Column("%s_id" % parent.name, "sa.Integer()", nullable=True)
            table.columns[column.name] = column
            if self.rng.random() < 0.5:
                items.append("sa.Column(%r, sa.Integer(), sa.ForeignKey('%s.id'), nullable=True)" % (column.name, parent.name))
            else:
                items.append(column.render())
                constraints.insert(0, "sa.ForeignKeyConstraint([%r], ['%s.id'], )" % (column.name, parent.name))
            if self.rng.random() < 0.5:
                indexes.append(column.name)
        created = Column("created_at", "sa.DateTime(timezone=True)", nullable=False, server_default="sa.text('now()')")
        table.columns["created_at"] = created
        items.append(created.render())
        if self.rng.random() < 0.3:
            constraints.append("sa.UniqueConstraint('name')")
        items.extend(constraints)
        up = ["op.create_table(%r," % name] + [item + "," for item in items[:-1]] + [items[-1], ")"]
        down = []
        for column in indexes:
            index = "ix_%s_%s" % (name, column)
            up.append("op.create_index(op.f(%r), %r, [%r], unique=False)" % (index, name, column))
            down.append("op.drop_index(op.f(%r), table_name=%r)" % (index, name))
            table.indexes[index] = column
            table.columns[column].indexed = True
        down.append("op.drop_table(%r)" % name)
        self.tables.append(table)
        return "create %s" % name, up, down

    def alteration(self, lane=None):
        table = self.pick_table(lane)
        roll = self.rng.random()
        if roll < 0.30:
            return self.add_columns(table)
        if roll < 0.45:
            return self.create_index(table)
        if roll < 0.62:
            return self.alter_column(table)
        if roll < 0.74:
            return self.batch(table)
        if roll < 0.80:
            return self.drop_column(table)
        if roll < 0.85:
            return self.drop_index(table)
        if roll < 0.88:
            return self.data_migration(table)
        if roll < 0.94:
            return self.foreign_key(table, lane)
        return self.unique(table)

    def add_columns(self, table):
        up, down, names = [], [], []
        for _ in range(self.rng.randint(1, 3)):
            sa_type = self.rng.choice(TYPES)[0]
            column = Column(self.column_name(table, self.rng.choice(ATTRIBUTES)), sa_type, nullable=True, added=True)
            if sa_type == "sa.Boolean()" and self.rng.random() < 0.5:
                column.nullable = False
                column.server_default = "sa.text('false')"
            table.columns[column.name] = column
            up.append("op.add_column(%r, %s)" % (table.name, column.render()))
            down.insert(0, "op.drop_column(%r, %r)" % (table.name, column.name))
            names.append(column.name)
        return "add %s to %s" % (", ".join(names), table.name), up, down

    def create_index(self, table):
        candidates = [c for c in table.columns.values() if not c.indexed and c.name != "id"]
        if not candidates:
            return self.add_columns(table)
        column = self.rng.choice(candidates)
        index = "ix_%s_%s" % (table.name, column.name)
        unique = column.name in ("reference", "external_id") and self.rng.random() < 0.5
        column.indexed = True
        table.indexes[index] = column.name
        return ("index %s.%s" % (table.name, column.name),
                ["op.create_index(op.f(%r), %r, [%r], unique=%s)" % (index, table.name, column.name, unique)],
                ["op.drop_index(op.f(%r), table_name=%r)" % (index, table.name)])

    def alter_column(self, table):
        added = table.added_columns()
        if not added:
            return self.add_columns(table)
        column = self.rng.choice(added)
        kind = self.rng.choice(["nullable", "type", "rename"])
        if kind == "type" and column.sa_type in WIDER:
            old, new = column.sa_type, WIDER[column.sa_type]
            column.sa_type = new
            up = ["op.alter_column(%r, %r,\n               existing_type=%s,\n               type_=%s,\n"
                  "               existing_nullable=%s)" % (table.name, column.name, old, new, column.nullable)]
            down = ["op.alter_column(%r, %r,\n               existing_type=%s,\n               type_=%s,\n"
                    "               existing_nullable=%s)" % (table.name, column.name, new, old, column.nullable)]
            return "widen %s.%s" % (table.name, column.name), up, down
        if kind == "rename":
            new_name = self.column_name(table, "renamed")
            del table.columns[column.name]
            old_name, column.name = column.name, new_name
            table.columns[new_name] = column
            up = ["op.alter_column(%r, %r, new_column_name=%r, existing_type=%s)" % (table.name, old_name, new_name, column.sa_type)]
            down = ["op.alter_column(%r, %r, new_column_name=%r, existing_type=%s)" % (table.name, new_name, old_name, column.sa_type)]
            return "rename %s.%s to %s" % (table.name, old_name, new_name), up, down
        column.nullable = not column.nullable
        up = ["op.alter_column(%r, %r,\n               existing_type=%s,\n               nullable=%s)"
              % (table.name, column.name, column.sa_type, column.nullable)]
        down = ["op.alter_column(%r, %r,\n               existing_type=%s,\n               nullable=%s)"
                % (table.name, column.name, column.sa_type, not column.nullable)]
        return "%s.%s %s" % (table.name, column.name, "optional" if column.nullable else "required"), up, down

    def batch(self, table):
        column = Column(self.column_name(table, self.rng.choice(ATTRIBUTES)), STRING_64, nullable=True, added=True)
        table.columns[column.name] = column
        up = ["with op.batch_alter_table(%r, schema=None) as batch_op:" % table.name,
              "    batch_op.add_column(%s)" % column.render()]
        down = ["with op.batch_alter_table(%r, schema=None) as batch_op:" % table.name]
        others = [c for c in table.added_columns() if c is not column and c.sa_type in WIDER]
        if others:
            other = self.rng.choice(others)
            old, new = other.sa_type, WIDER[other.sa_type]
            other.sa_type = new
            up.append("    batch_op.alter_column(%r,\n           existing_type=%s,\n           type_=%s,\n"
                      "           existing_nullable=%s)" % (other.name, old, new, other.nullable))
            down.append("    batch_op.alter_column(%r,\n           existing_type=%s,\n           type_=%s,\n"
                        "           existing_nullable=%s)" % (other.name, new, old, other.nullable))
        down.append("    batch_op.drop_column(%r)" % column.name)
        up.append("")
        down.append("")
        return "batch changes to %s" % table.name, up, down

    def drop_column(self, table):
        added = table.added_columns()
        if not added:
            return self.add_columns(table)
        column = self.rng.choice(added)
        del table.columns[column.name]
        return ("drop %s.%s" % (table.name, column.name),
                ["op.drop_column(%r, %r)" % (table.name, column.name)],
                ["op.add_column(%r, %s)" % (table.name, column.render())])

    def drop_index(self, table):
        if not table.indexes:
            return self.create_index(table)
        index = self.rng.choice(sorted(table.indexes))
        column = table.indexes.pop(index)
        table.columns[column].indexed = False
        return ("drop index %s" % index,
                ["op.drop_index(op.f(%r), table_name=%r)" % (index, table.name)],
                ["op.create_index(op.f(%r), %r, [%r], unique=False)" % (index, table.name, column)])

    def data_migration(self, table):
        text_columns = [c for c in table.columns.values() if c.sa_type in ("sa.Text()", "sa.String(length=255)")]
        if not text_columns:
            return self.add_columns(table)
        column = self.rng.choice(text_columns)
        up = ["# Data only: normalise blanks so the app can rely on NULL meaning 'unknown'.",
              "op.execute(\"\"\"\n        UPDATE %s\n           SET %s = NULL\n         WHERE btrim(%s) = ''\n    \"\"\")"
              % (table.name, column.name, column.name)]
        return "normalise blank %s.%s" % (table.name, column.name), up, ["pass  # data migration: nothing to undo"]

    def foreign_key(self, table, lane):
        parent = self.pick_table(lane)
        column = Column(self.column_name(table, "%s_id" % parent.name.split("_")[0]), "sa.Integer()", nullable=True, added=True)
        table.columns[column.name] = column
        name = "fk_%s_%s" % (table.name, column.name)
        if len(name) > 60:
            name = "fk_%s_%d" % (table.name, len(self.revisions))
        up = ["op.add_column(%r, %s)" % (table.name, column.render()),
              "op.create_foreign_key(%r, %r, %r, [%r], ['id'])" % (name, table.name, parent.name, column.name)]
        down = ["op.drop_constraint(%r, %r, type_='foreignkey')" % (name, table.name),
                "op.drop_column(%r, %r)" % (table.name, column.name)]
        return "link %s to %s" % (table.name, parent.name), up, down

    def unique(self, table):
        column = Column(self.column_name(table, "slug"), STRING_64, nullable=True, added=True)
        table.columns[column.name] = column
        name = "uq_%s_%s" % (table.name, column.name)
        up = ["op.add_column(%r, %s)" % (table.name, column.render()),
              "op.create_unique_constraint(%r, %r, [%r])" % (name, table.name, column.name)]
        down = ["op.drop_constraint(%r, %r, type_='unique')" % (name, table.name),
                "op.drop_column(%r, %r)" % (table.name, column.name)]
        return "unique %s.%s" % (table.name, column.name), up, down

    def branch_and_merge(self):
        """Two lanes grow from the tip on disjoint tables (even / odd numbers), then a merge joins them."""
        self.branch_points += 1
        lanes = {0: self.tip, 1: self.tip}
        lengths = {0: self.rng.randint(3, 8), 1: self.rng.randint(2, 6)}
        while lengths[0] or lengths[1]:
            lane = self.rng.choice([l for l in (0, 1) if lengths[l]])
            revision = self.add([lanes[lane]], *self.alteration(lane))
            lanes[lane] = revision.rid
            lengths[lane] -= 1
        merge = self.add([lanes[0], lanes[1]], "merge heads", [], [])
        self.merges += 1
        self.tip = merge.rid


# --- writing files ------------------------------------------------------------------------------

def slug(message):
    text = "".join(ch if ch.isalnum() else "_" for ch in message.lower())
    while "__" in text:
        text = text.replace("__", "_")
    return text.strip("_")[:40]


def body(lines):
    if not lines:
        return "    pass"
    out = []
    for line in lines:
        for sub in line.split("\n"):
            out.append(("    " + sub) if sub else "")
    return "\n".join(out)


def render(revision, typed):
    created = START + datetime.timedelta(hours=7 * revision.number, minutes=revision.number % 60)
    parents = revision.parents
    if not parents:
        down = "None"
    elif len(parents) == 1:
        down = repr(parents[0])
    else:
        down = repr(tuple(parents))
    autogen = bool(revision.upgrade) and not revision.message.startswith(("normalise", "merge"))
    up = ["# ### commands auto generated by Alembic - please adjust! ###"] + revision.upgrade + ["# ### end Alembic commands ###"] \
        if autogen else revision.upgrade
    down_lines = ["# ### commands auto generated by Alembic - please adjust! ###"] + revision.downgrade + ["# ### end Alembic commands ###"] \
        if autogen else revision.downgrade
    header = '"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: %s\n\n"""\n' % (
        revision.message, revision.rid, ", ".join(parents), created.strftime("%Y-%m-%d %H:%M:%S.%f"))
    if typed:
        return header + (
            "from typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n"
            "# revision identifiers, used by Alembic.\n"
            "revision: str = %r\ndown_revision: Union[str, Sequence[str], None] = %s\n"
            "branch_labels: Union[str, Sequence[str], None] = None\n"
            "depends_on: Union[str, Sequence[str], None] = None\n\n\n"
            "def upgrade() -> None:\n%s\n\n\ndef downgrade() -> None:\n%s\n") % (revision.rid, down, body(up), body(down_lines))
    return header + (
        "from alembic import op\nimport sqlalchemy as sa\n\n\n"
        "# revision identifiers, used by Alembic.\n"
        "revision = %r\ndown_revision = %s\nbranch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n%s\n\n\ndef downgrade():\n%s\n") % (revision.rid, down, body(up), body(down_lines))


ALEMBIC_INI = """[alembic]
script_location = %(here)s
file_template = %%(rev)s_%%(slug)s

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = WARN
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

ENV_PY = '''"""Benchmark project environment: the URL comes from -x url=... or DATABASE_URL, never printed."""
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def database_url():
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("env.py: no database URL; pass -x url=postgresql://... or set DATABASE_URL")
    return url


def run_migrations_online():
    engine = create_engine(database_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None, transaction_per_migration=True,
                          version_table="alembic_version", version_table_schema="public")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
'''

SCRIPT_MAKO = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--revisions", type=int, default=2000)
    parser.add_argument("--tables", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.revisions < args.tables + 400:
        parser.error("--revisions must be at least --tables + 400")

    chain = Chain(args.revisions, args.tables, args.seed).build()
    versions = os.path.join(args.out, "versions")
    os.makedirs(versions, exist_ok=False)
    total_bytes = 0
    for revision in chain.revisions:
        text = render(revision, typed=(revision.number % 3 == 1))
        path = os.path.join(versions, "%s_%s.py" % (revision.rid, slug(revision.message)))
        with open(path, "w") as f:
            f.write(text)
        total_bytes += len(text)
    for name, text in (("alembic.ini", ALEMBIC_INI), ("env.py", ENV_PY), ("script.py.mako", SCRIPT_MAKO)):
        with open(os.path.join(args.out, name), "w") as f:
            f.write(text)
    manifest = {
        "revisions": len(chain.revisions),
        "tables": len(chain.tables),
        "branch_points": chain.branch_points,
        "merges": chain.merges,
        "head": chain.tip,
        "upgrade_target": chain.target,
        "revisions_after_target": len(chain.revisions) - 1 - next(r.number for r in chain.revisions if r.rid == chain.target),
        "drift_revision": chain.drift["revision"],
        "drift_sql": chain.drift["sql"],
        "bytes": total_bytes,
    }
    with open(os.path.join(args.out, "bench.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps(manifest))


if __name__ == "__main__":
    main(sys.argv[1:])
