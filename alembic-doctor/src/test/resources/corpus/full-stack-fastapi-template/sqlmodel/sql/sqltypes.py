"""Stand-in for sqlmodel.sql.sqltypes: AutoString is SQLModel's VARCHAR (a String whose length defaults to none)."""
import sqlalchemy as sa


class AutoString(sa.types.TypeDecorator):
    impl = sa.types.String
    cache_ok = True
