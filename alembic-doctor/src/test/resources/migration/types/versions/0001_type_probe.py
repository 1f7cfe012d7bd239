"""type probe: one column per SQLAlchemy type Medic maps

Revision ID: 0001
Revises:
Create Date: 2024-06-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "type_probe",
        sa.Column("c_integer", sa.Integer(), primary_key=True),
        sa.Column("c_integer_class", sa.Integer),
        sa.Column("c_bigint", sa.BigInteger()),
        sa.Column("c_smallint", sa.SmallInteger()),
        sa.Column("c_string", sa.String()),
        sa.Column("c_string_50", sa.String(50)),
        sa.Column("c_string_kw", sa.String(length=120)),
        sa.Column("c_varchar", sa.VARCHAR(20)),
        sa.Column("c_unicode", sa.Unicode(30)),
        sa.Column("c_text", sa.Text()),
        sa.Column("c_unicode_text", sa.UnicodeText()),
        sa.Column("c_boolean", sa.Boolean()),
        sa.Column("c_float", sa.Float()),
        sa.Column("c_float_10", sa.Float(precision=10)),
        sa.Column("c_float_53", sa.Float(53)),
        sa.Column("c_real", sa.REAL()),
        sa.Column("c_double", postgresql.DOUBLE_PRECISION()),
        sa.Column("c_numeric", sa.Numeric()),
        sa.Column("c_numeric_10_2", sa.Numeric(10, 2)),
        sa.Column("c_numeric_10", sa.Numeric(precision=10)),
        sa.Column("c_decimal", sa.DECIMAL(8, 3)),
        sa.Column("c_date", sa.Date()),
        sa.Column("c_datetime", sa.DateTime()),
        sa.Column("c_datetime_tz", sa.DateTime(timezone=True)),
        sa.Column("c_timestamp", sa.TIMESTAMP()),
        sa.Column("c_timestamp_tz", sa.TIMESTAMP(timezone=True)),
        sa.Column("c_timestamp_3", postgresql.TIMESTAMP(precision=3)),
        sa.Column("c_time", sa.Time()),
        sa.Column("c_time_tz", sa.Time(timezone=True)),
        sa.Column("c_interval", sa.Interval()),
        sa.Column("c_interval_day", postgresql.INTERVAL(fields="day")),
        sa.Column("c_large_binary", sa.LargeBinary()),
        sa.Column("c_bytea", postgresql.BYTEA()),
        sa.Column("c_json", sa.JSON()),
        sa.Column("c_jsonb", JSONB(astext_type=sa.Text())),
        sa.Column("c_json_variant", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
        sa.Column("c_uuid", UUID(as_uuid=True)),
        sa.Column("c_char", sa.CHAR(1)),
        sa.Column("c_char_5", sa.CHAR(5)),
        sa.Column("c_array_string", sa.ARRAY(sa.String())),
        sa.Column("c_array_int", postgresql.ARRAY(sa.Integer)),
        sa.Column("c_array_varchar_20", postgresql.ARRAY(sa.String(20), dimensions=2)),
        sa.Column("c_inet", postgresql.INET()),
        sa.Column("c_cidr", postgresql.CIDR()),
        sa.Column("c_macaddr", postgresql.MACADDR()),
        sa.Column("c_money", postgresql.MONEY()),
        sa.Column("c_tsvector", postgresql.TSVECTOR()),
        sa.Column("c_int4range", postgresql.INT4RANGE()),
        sa.Column("c_tstzrange", postgresql.TSTZRANGE()),
        sa.Column("c_bit_3", postgresql.BIT(3)),
        sa.Column("c_enum", sa.Enum("happy", "sad", name="mood")),
        sa.Column("c_pg_enum", postgresql.ENUM("red", "green", name="colour")),
    )


def downgrade():
    op.drop_table("type_probe")
    sa.Enum(name="mood").drop(op.get_bind())
    sa.Enum(name="colour").drop(op.get_bind())
