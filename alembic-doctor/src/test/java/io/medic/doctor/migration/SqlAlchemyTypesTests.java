package io.medic.doctor.migration;

import io.medic.doctor.migration.Operation.AddColumn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.medic.doctor.migration.Revisions.read;
import static io.medic.doctor.migration.Revisions.withUpgrade;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Type spellings the installed SQLAlchemy 1.4 cannot create for {@link AgreesWithRealAlembicTests}
 * (SQLAlchemy 2.0 and SQLModel names, keyword forms, unknowns), mapped as format_type() prints them.
 */
class SqlAlchemyTypesTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "sa.Uuid()                                         | uuid",
            "sa.UUID()                                         | uuid",
            "sa.Double()                                       | double precision",
            "sa.DOUBLE_PRECISION                               | double precision",
            "sqlmodel.sql.sqltypes.AutoString()                | character varying",
            "sqlmodel.sql.sqltypes.AutoString(length=40)       | character varying(40)",
            "sqlmodel.sql.sqltypes.GUID()                      | uuid",
            "sa.String(length=LENGTH)                          | character varying(64)",
            "sa.Numeric(precision=12, scale=4, asdecimal=True) | numeric(12,4)",
            "sa.Float(precision=24)                            | real",
            "sa.Float(precision=25)                            | double precision",
            "sa.CHAR()                                         | character(1)",
            "sa.TIME(timezone=True)                            | time with time zone",
            "postgresql.TIME(precision=2)                      | time(2) without time zone",
            "postgresql.TIMESTAMP(timezone=True, precision=6)  | timestamp(6) with time zone",
            "postgresql.BIT(varying=True)                      | bit varying",
            "postgresql.INTERVAL(precision=3)                  | interval(3)",
            "sa.ARRAY(sa.ARRAY(sa.Integer))                    | integer[]",
            "sa.ARRAY(item_type=sa.Text)                       | text[]",
            "sa.Enum(Status, name='status')                    | status",
            "postgresql.ENUM(name='status', create_type=False) | status",
            "sa.Enum('a', 'b')                                 | NULL",
            "sa.Enum('a', 'b', name='s', native_enum=False)    | NULL",
            "sa.ARRAY(Custom())                                | NULL",
            "sa.JSON().with_variant(postgresql.JSONB(), 'postgresql') | jsonb",
            "sa.Text().with_variant(sa.String(10), 'mysql')    | text",
            "sa.JSON().with_variant(JSONB, ['mysql', 'postgresql']) | jsonb",
            "sa.JSON().evaluates_none()                        | json",
            "sa.PickleType()                                   | bytea",
            "sa.DATETIME()                                     | NULL",
            "sa.types.NullType()                               | NULL",
            "Custom()                                          | NULL",
            "sa.String(50).some_method()                       | NULL",
    })
    void mapsToWhatFormatTypePrints(String type, String expected) throws Exception {
        String source = withUpgrade("op.add_column('t', sa.Column('c', " + type + "))")
                .replace("import sqlalchemy as sa", "import sqlalchemy as sa\nimport sqlmodel\n"
                        + "from sqlalchemy.dialects.postgresql import JSONB\nfrom app import Custom, Status\n"
                        + "LENGTH = 64");
        AddColumn add = (AddColumn) read(source).operations().get(0);
        assertThat(add.column().type()).isEqualTo(expected);
    }
}
