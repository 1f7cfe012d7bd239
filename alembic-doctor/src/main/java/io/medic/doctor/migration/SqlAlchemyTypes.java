package io.medic.doctor.migration;

import io.medic.doctor.migration.python.Ast.Arg;
import io.medic.doctor.migration.python.Ast.Attribute;
import io.medic.doctor.migration.python.Ast.Call;
import io.medic.doctor.migration.python.Ast.Expr;

import java.util.List;

/**
 * Maps a SQLAlchemy column type, as written in a migration ({@code sa.String(50)}, {@code postgresql.JSONB},
 * {@code sa.DateTime(timezone=True)}), to the name PostgreSQL's {@code format_type()} prints for the
 * column it creates ({@code character varying(50)}, {@code jsonb}, {@code timestamp with time zone}).
 * Null means "cannot tell": such a column matches any type.
 */
final class SqlAlchemyTypes {

    private static final int MAX_NESTING = 8;

    private SqlAlchemyTypes() {
    }

    static String postgresType(Expr type, Scope scope) {
        return map(type, scope, 0);
    }

    /**
     * The type {@code op.create_table} creates for a column of this type: a native {@code sa.Enum} or
     * {@code postgresql.ENUM} with a name, unless {@code create_type=False}; null for any other type. (Alembic
     * fires the table's before-create event without checking first, so an existing type fails the upgrade.)
     */
    static String createdType(Expr type, Scope scope) {
        if (!(type instanceof Call call) || call.func() instanceof Attribute method && !Scope.isDottedName(method)) {
            return null;
        }
        String name = scope.sqlAlchemyName(call.func());
        if (!"Enum".equals(name) && !"ENUM".equals(name)) {
            return null;
        }
        Args args = new Args(call, scope);
        if (Boolean.FALSE.equals(args.bool(-1, "native_enum")) || Boolean.FALSE.equals(args.bool(-1, "create_type"))) {
            return null;
        }
        return args.string(-1, "name");
    }

    private static String map(Expr type, Scope scope, int depth) {
        if (type == null || depth > MAX_NESTING) {
            return null;
        }
        Call call = type instanceof Call c ? c : null;
        Expr callee = call != null ? call.func() : type;
        if (call != null && callee instanceof Attribute method && !Scope.isDottedName(callee)) {
            return method(method, call, scope, depth);
        }
        String name = scope.sqlAlchemyName(callee);
        if (name == null) {
            return null;
        }
        Args args = new Args(call, scope);
        switch (name) {
            case "Integer", "INTEGER", "INT":
                return "integer";
            case "BigInteger", "BIGINT":
                return "bigint";
            case "SmallInteger", "SMALLINT":
                return "smallint";
            case "String", "VARCHAR", "Unicode", "AutoString": {
                Integer length = args.integer(0, "length");
                return length == null ? "character varying" : Concat.of("character varying(", length, ")");
            }
            case "CHAR": {
                Integer length = args.integer(0, "length");
                return Concat.of("character(", length == null ? 1 : length, ")");
            }
            case "Text", "TEXT", "UnicodeText":
                return "text";
            case "Boolean", "BOOLEAN":
                return "boolean";
            case "Float", "FLOAT": {
                Integer precision = args.integer(0, "precision");
                return precision != null && precision <= 24 ? "real" : "double precision";
            }
            case "Double", "DOUBLE", "DOUBLE_PRECISION":
                return "double precision";
            case "REAL":
                return "real";
            case "Numeric", "NUMERIC", "DECIMAL": {
                Integer precision = args.integer(0, "precision");
                if (precision == null) {
                    return "numeric";
                }
                Integer scale = args.integer(1, "scale");
                return Concat.of("numeric(", precision, ",", scale == null ? 0 : scale, ")");
            }
            case "Date", "DATE":
                return "date";
            case "DateTime":
                return timestamp("timestamp", null, args.bool(0, "timezone"));
            case "TIMESTAMP":
                return timestamp("timestamp", args.integer(1, "precision"), args.bool(0, "timezone"));
            case "Time", "TIME":
                return timestamp("time", args.integer(1, "precision"), args.bool(0, "timezone"));
            case "Interval", "INTERVAL": {
                if (name.equals("Interval")) {
                    return "interval";
                }
                Integer precision = args.integer(0, "precision");
                String fields = args.string(1, "fields");
                return Concat.of("interval", fields == null ? "" : " ", fields == null ? "" : fields.toLowerCase(),
                        precision == null ? "" : Concat.of("(", precision, ")"));
            }
            case "LargeBinary", "BYTEA", "PickleType":
                return "bytea";
            case "JSON":
                return "json";
            case "JSONB":
                return "jsonb";
            case "UUID", "Uuid":
                return "uuid";
            case "GUID":
                String q = scope.qualify(callee);
                return q != null && q.startsWith("sqlmodel.") ? "uuid" : null;
            case "INET", "CIDR", "MACADDR", "MONEY", "TSVECTOR", "OID", "HSTORE", "INT4RANGE", "INT8RANGE",
                    "NUMRANGE", "DATERANGE", "TSRANGE", "TSTZRANGE":
                return name.toLowerCase();
            case "BIT": {
                Integer length = args.integer(0, "length");
                Boolean varying = args.bool(-1, "varying");
                if (Boolean.TRUE.equals(varying)) {
                    return length == null ? "bit varying" : Concat.of("bit varying(", length, ")");
                }
                return Concat.of("bit(", length == null ? 1 : length, ")");
            }
            case "ARRAY": {
                String item = map(args.expr(0, "item_type"), scope, depth + 1);
                if (item == null) {
                    return null;
                }
                return item.endsWith("[]") ? item : item.concat("[]");
            }
            case "Enum", "ENUM": {
                if (Boolean.FALSE.equals(args.bool(-1, "native_enum"))) {
                    return null;
                }
                return args.string(-1, "name");
            }
            default:
                return null;
        }
    }

    /** {@code sa.JSON().with_variant(postgresql.JSONB(), "postgresql")} and friends. */
    private static String method(Attribute method, Call call, Scope scope, int depth) {
        switch (method.attr()) {
            case "with_variant": {
                Args args = new Args(call, scope);
                Expr dialect = args.expr(1, "dialect_name");
                boolean postgres = "postgresql".equals(scope.string(dialect));
                List<Expr> several = dialect == null ? null : scope.items(dialect);
                if (several != null) {
                    for (Expr d : several) {
                        postgres |= "postgresql".equals(scope.string(d));
                    }
                }
                return postgres ? map(args.expr(0, "type_"), scope, depth + 1) : map(method.value(), scope, depth + 1);
            }
            case "evaluates_none":
                return map(method.value(), scope, depth + 1);
            default:
                return null;
        }
    }

    private static String timestamp(String base, Integer precision, Boolean timezone) {
        return Concat.of(base, precision == null ? "" : Concat.of("(", precision, ")"),
                Boolean.TRUE.equals(timezone) ? " with time zone" : " without time zone");
    }

    /** The arguments of a type's constructor call (none when the type is written as a bare class). */
    private static final class Args {
        private final Call call;
        private final Scope scope;

        Args(Call call, Scope scope) {
            this.call = call;
            this.scope = scope;
        }

        /** Positional argument {@code index} (-1: keyword only) or keyword {@code keyword}. */
        Expr expr(int index, String keyword) {
            if (call == null) {
                return null;
            }
            int positional = 0;
            for (Arg a : call.args()) {
                if (a.star() != 0) {
                    continue;
                }
                if (a.keyword() == null) {
                    if (positional++ == index) {
                        return a.value();
                    }
                } else if (a.keyword().equals(keyword)) {
                    return a.value();
                }
            }
            return null;
        }

        Integer integer(int index, String keyword) {
            Expr e = expr(index, keyword);
            return e == null ? null : scope.integer(e);
        }

        Boolean bool(int index, String keyword) {
            Expr e = expr(index, keyword);
            return e == null ? null : scope.bool(e);
        }

        String string(int index, String keyword) {
            Expr e = expr(index, keyword);
            return e == null ? null : scope.string(e);
        }
    }
}
