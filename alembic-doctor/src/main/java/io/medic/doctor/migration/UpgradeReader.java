package io.medic.doctor.migration;

import io.medic.doctor.migration.python.Ast.Arg;
import io.medic.doctor.migration.python.Ast.Assign;
import io.medic.doctor.migration.python.Ast.Attribute;
import io.medic.doctor.migration.python.Ast.Block;
import io.medic.doctor.migration.python.Ast.Call;
import io.medic.doctor.migration.python.Ast.ClassDef;
import io.medic.doctor.migration.python.Ast.Const;
import io.medic.doctor.migration.python.Ast.Dict;
import io.medic.doctor.migration.python.Ast.Expr;
import io.medic.doctor.migration.python.Ast.ExprStmt;
import io.medic.doctor.migration.python.Ast.FunctionDef;
import io.medic.doctor.migration.python.Ast.Import;
import io.medic.doctor.migration.python.Ast.ImportFrom;
import io.medic.doctor.migration.python.Ast.Items;
import io.medic.doctor.migration.python.Ast.Name;
import io.medic.doctor.migration.python.Ast.Num;
import io.medic.doctor.migration.python.Ast.Other;
import io.medic.doctor.migration.python.Ast.Simple;
import io.medic.doctor.migration.python.Ast.Starred;
import io.medic.doctor.migration.python.Ast.Stmt;
import io.medic.doctor.migration.python.Ast.Str;
import io.medic.doctor.migration.python.Ast.Subscript;
import io.medic.doctor.migration.python.Ast.With;
import io.medic.doctor.migration.python.Ast.WithItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the body of {@code upgrade()} into {@link Operation}s, in source order. Calls on {@code op} (and on
 * the variable of {@code with op.batch_alter_table(t) as v:}) become operations; data work on the bind or a
 * session becomes {@link Operation.Execute}; everything the reader cannot vouch for (an unknown call, an
 * operation under {@code if}/{@code for}/{@code while}/{@code try}/{@code with}, an argument that is not a
 * literal) becomes {@link Operation.Unknown} and is never applied silently.
 */
final class UpgradeReader {

    private static final int SUMMARY_LENGTH = 100;
    /** Bound for walking receiver chains (the parser already bounds them; this keeps the loops obviously finite). */
    private static final int MAX_WALK = 10_000;

    /** Methods of Operations/BatchOperations that change the schema and are modelled. */
    private static final Set<String> SCHEMA_METHODS = Set.of("create_table", "drop_table", "rename_table",
            "add_column", "drop_column", "alter_column", "create_index", "drop_index", "create_unique_constraint",
            "create_foreign_key", "create_primary_key", "drop_constraint");
    /** Data work: opaque to the schema. */
    private static final Set<String> DATA_METHODS = Set.of("execute", "bulk_insert", "run_async");
    /** Methods with no effect on the schema shape Medic compares (check constraints and comments are not compared). */
    private static final Set<String> INERT_METHODS = Set.of("f", "get_bind", "get_context", "inline_literal",
            "create_check_constraint", "create_table_comment", "drop_table_comment", "implementation_for",
            "register_operation", "invoke_for_op");
    /** Calls on a bind, connection or session that write data. */
    private static final Set<String> DATA_WRITE_METHODS = Set.of("execute", "exec_driver_sql", "executemany", "add",
            "add_all", "merge", "delete", "update", "insert", "bulk_save_objects", "bulk_insert_mappings",
            "bulk_update_mappings", "commit", "flush", "run_callable");

    private final Scope scope;
    private final String source;
    private final List<Operation> operations = new ArrayList<>();
    /** batch variable -> its table (null when the table name could not be read) */
    private final Map<String, String> batchTables = new HashMap<>();
    /** names bound to the connection, a session, the migration context, or a result */
    private final Set<String> dataHandles = new HashSet<>();
    private boolean returned;
    /** names holding the dialect's name or the database URL ({@code url = str(op.get_bind().engine.url)}) */
    private final Map<String, DialectCondition.Kind> dialectLocals = new HashMap<>();
    /** names holding a decided dialect test ({@code is_pg = bind.dialect.name == "postgresql"}) */
    private final Map<String, Boolean> decidedLocals = new HashMap<>();
    private final DialectCondition dialect;
    /** Loop iterations unrolled so far in this upgrade(): bounded, so nested literal loops cannot blow up. */
    private int unrolledIterations;
    private static final int MAX_UNROLLED = 1_000;

    UpgradeReader(Scope scope, String source) {
        this.scope = scope;
        this.source = source;
        this.dialect = new DialectCondition(scope, this::isConnectionOrContext, dialectLocals, decidedLocals);
    }

    /** {@code op.get_bind()}, {@code op.get_context()}, {@code context.get_context()}, or a name bound to one. */
    private boolean isConnectionOrContext(Expr e) {
        if (e instanceof Name n) {
            return dataHandles.contains(n.id());
        }
        if (e instanceof Call c && c.func() instanceof Attribute a
                && (a.attr().equals("get_bind") || a.attr().equals("get_context"))) {
            return scope.isAlembicOp(a.value()) || "alembic.context".equals(scope.qualify(a.value()));
        }
        return false;
    }

    List<Operation> read(List<Stmt> body) {
        statements(body, null);
        return operations;
    }

    /** @param enclosing null when the statements run unconditionally, else e.g. "an if statement" */
    private void statements(List<Stmt> body, String enclosing) {
        for (Stmt s : body) {
            if (returned) {
                return;
            }
            statement(s, enclosing);
        }
    }

    private void statement(Stmt s, String enclosing) {
        switch (s) {
            case ExprStmt e -> expressionStatement(e.value(), enclosing);
            case Assign a -> assignment(a, enclosing);
            case With w -> with(w, enclosing);
            case Block b -> {
                if (enclosing == null && b.keyword().equals("for") && unrolled(b)) {
                    return;
                }
                if (enclosing == null && b.keyword().equals("if") && decided(b)) {
                    return;
                }
                String here = enclosing != null ? enclosing : phrase(b.keyword());
                for (Expr header : b.expressions()) {
                    nestedCalls(header, here, false);
                }
                for (List<Stmt> body : b.bodies()) {
                    statements(body, here);
                }
            }
            case Simple x -> simple(x, enclosing);
            case Import i -> scope.addImport(i);
            case ImportFrom f -> scope.addImport(f);
            case FunctionDef f -> scope.define(f.name());
            case ClassDef c -> scope.define(c.name());
        }
    }

    /**
     * A {@code for} loop over a literal sequence or dict, with a body that always runs to its end (no
     * {@code break}, {@code continue}, {@code return}, {@code raise}), is read as its iterations one after the
     * other, the loop's names standing for each element in turn; false (nothing read) when it cannot be.
     */
    private boolean unrolled(Block loop) {
        if (loop.expressions().size() != 2 || jumps(loop.bodies(), 0)) {
            return false;
        }
        List<Map<String, Expr>> iterations = LoopIterations.of(loop.expressions().get(0), loop.expressions().get(1), scope);
        if (iterations == null || unrolledIterations + iterations.size() > MAX_UNROLLED) {
            return false;
        }
        unrolledIterations += iterations.size();
        for (Map<String, Expr> names : iterations) {
            names.forEach(scope::assign);
            statements(loop.bodies().get(0), null);
        }
        // for ... else: the else clause runs once the loop ends without break
        for (int i = 1; i < loop.bodies().size(); i++) {
            statements(loop.bodies().get(i), null);
        }
        return true;
    }

    /**
     * An {@code if}/{@code elif}/{@code else} chain whose conditions test the database dialect is read as the
     * branch PostgreSQL takes; false (nothing read) when a condition on the way cannot be decided.
     */
    private boolean decided(Block chain) {
        List<Expr> tests = chain.expressions();
        for (int i = 0; i < tests.size(); i++) {
            Boolean taken = dialect.decide(tests.get(i));
            if (taken == null) {
                return false;
            }
            if (taken) {
                statements(chain.bodies().get(i), null);
                return true;
            }
        }
        if (chain.bodies().size() > tests.size()) {
            statements(chain.bodies().get(tests.size()), null);
        }
        return true;
    }

    /** Whether control may leave a body early: break, continue, return or raise anywhere in it. */
    private static boolean jumps(List<List<Stmt>> bodies, int depth) {
        if (depth > 20) {
            return true;
        }
        for (List<Stmt> body : bodies) {
            for (Stmt s : body) {
                boolean jumps = switch (s) {
                    case Simple x -> switch (x.keyword()) {
                        case "break", "continue", "return", "raise" -> true;
                        default -> false;
                    };
                    case Block b -> jumps(b.bodies(), depth + 1);
                    case With w -> jumps(List.of(w.body()), depth + 1);
                    case ExprStmt e -> false;
                    case Assign a -> false;
                    case Import i -> false;
                    case ImportFrom f -> false;
                    case FunctionDef f -> false;
                    case ClassDef c -> false;
                };
                if (jumps) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String phrase(String keyword) {
        return switch (keyword) {
            case "if" -> "an if statement";
            case "for" -> "a for loop";
            case "while" -> "a while loop";
            case "try" -> "a try statement";
            case "match" -> "a match statement";
            default -> Concat.of("a ", keyword, " statement");
        };
    }

    private void expressionStatement(Expr value, String enclosing) {
        if (value instanceof Str || value instanceof Const || value instanceof Num || value instanceof Name) {
            return;
        }
        if (value instanceof Call c) {
            call(c, enclosing, true);
        } else if (value instanceof Other o && o.kind().equals("await") && o.children().get(0) instanceof Call c) {
            call(c, enclosing, true);
        } else {
            nestedCalls(value, enclosing != null ? enclosing : "an expression", true);
        }
    }

    private void simple(Simple s, String enclosing) {
        switch (s.keyword()) {
            case "return" -> {
                for (Expr e : s.expressions()) {
                    expressionStatement(e, enclosing);
                }
                if (enclosing == null) {
                    returned = true;
                } else {
                    unknown(Concat.of("return inside ", enclosing, ": the operations after it may not run"), s.line());
                }
            }
            case "raise" -> {
                if (enclosing == null) {
                    unknown("upgrade() raises an exception", s.line());
                    returned = true;
                }
            }
            default -> {
            }
        }
    }

    private void assignment(Assign a, String enclosing) {
        Expr value = a.value();
        if (value == null) {
            return;
        }
        if (rememberedDialect(a)) {
            return;
        }
        if (value instanceof Call c) {
            String method = opMethod(c);
            if (method != null && (method.equals("get_bind") || method.equals("get_context"))) {
                markDataHandles(a.targets());
            } else if (method != null || isDataCall(c)) {
                call(c, enclosing, false);
                markDataHandles(a.targets());
            } else if (isSessionFactory(c)) {
                markDataHandles(a.targets());
                nestedCalls(c, enclosing != null ? enclosing : "an expression", false);
            } else if (c.func() instanceof Name n && scope.isDefinedHere(n.id())) {
                call(c, enclosing, true);
            } else {
                nestedCalls(c, enclosing != null ? enclosing : "an expression", false);
            }
        } else {
            if (rootedAtDataHandle(value) || rootedAtOpContext(value)) {
                markDataHandles(a.targets());
            }
            nestedCalls(value, enclosing != null ? enclosing : "an expression", false);
        }
        if (!a.augmented() && a.targets().size() >= 1) {
            for (Expr target : a.targets()) {
                if (target instanceof Name n && !dataHandles.contains(n.id())) {
                    scope.assign(n.id(), value);
                }
            }
        }
    }

    /** {@code url = str(bind.engine.url)}, {@code name = bind.dialect.name}, {@code is_pg = <dialect test>}. */
    private boolean rememberedDialect(Assign a) {
        if (a.augmented() || a.targets().size() != 1 || !(a.targets().get(0) instanceof Name n)) {
            return false;
        }
        DialectCondition.Kind kind = dialect.kind(a.value());
        Boolean decided = kind == null ? dialect.decide(a.value()) : null;
        if (kind == null && decided == null) {
            dialectLocals.remove(n.id());
            decidedLocals.remove(n.id());
            return false;
        }
        if (kind != null) {
            dialectLocals.put(n.id(), kind);
        } else {
            decidedLocals.put(n.id(), decided);
        }
        scope.assign(n.id(), a.value());
        return true;
    }

    private void markDataHandles(List<Expr> targets) {
        for (Expr t : targets) {
            if (t instanceof Name n) {
                dataHandles.add(n.id());
            }
        }
    }

    private void with(With w, String enclosing) {
        boolean transparent = true;
        List<String> batchNames = new ArrayList<>();
        for (WithItem item : w.items()) {
            Expr context = item.context();
            if (context instanceof Call c && "batch_alter_table".equals(opMethod(c)) && batchTable(c) == null) {
                String table = batchAlterTable(c, enclosing);
                if (item.target() instanceof Name n) {
                    batchTables.put(n.id(), table);
                    batchNames.add(n.id());
                }
            } else if (context instanceof Call c && isTransparentContext(c)) {
                if (item.target() instanceof Name n) {
                    dataHandles.add(n.id());
                }
            } else {
                transparent = false;
                nestedCalls(context, enclosing != null ? enclosing : "a with statement", false);
            }
        }
        String inside = transparent ? enclosing : enclosing != null ? enclosing : "a with statement";
        statements(w.body(), inside);
        for (String name : batchNames) {
            batchTables.remove(name);
        }
    }

    private String batchAlterTable(Call c, String enclosing) {
        Bound b = Bound.of(c, "table_name");
        try {
            String schema = optionalString(b.get("schema"), "the schema");
            return qualified(required(b.get("table_name"), "the table name"), schema);
        } catch (Unreadable e) {
            unknown(Concat.of(text(c.func()), ": ", e.getMessage()), c.line());
            return null;
        }
    }

    /** {@code with op.get_context().autocommit_block():}, {@code with Session(bind=bind) as session:}, {@code with conn.begin():} */
    private boolean isTransparentContext(Call c) {
        if (c.func() instanceof Attribute a) {
            String m = a.attr();
            if (m.equals("autocommit_block") || m.equals("begin") || m.equals("begin_nested") || m.equals("connect")) {
                return rootedAtDataHandle(a.value()) || rootedAtOpContext(a.value());
            }
        }
        return isSessionFactory(c);
    }

    private boolean isSessionFactory(Call c) {
        Expr f = c.func();
        if (f instanceof Call inner) {
            f = inner.func();
        }
        String last = scope.lastName(f);
        return "Session".equals(last) || "sessionmaker".equals(last) || "scoped_session".equals(last);
    }

    // ---------------------------------------------------------------- calls

    /**
     * One call. {@code statement} is true when the call is the whole statement (its unknown callee is
     * then reported); nested calls of unknown functions are only looked into.
     */
    private void call(Call c, String enclosing, boolean statement) {
        String method = opMethod(c);
        if (method != null) {
            opCall(c, method, batchTable(c), enclosing);
            return;
        }
        if (isDataCall(c)) {
            if (writesData(c)) {
                execute(c);
            }
            return;
        }
        if (statement) {
            String where = enclosing == null ? "" : " inside ".concat(enclosing);
            unknown(Concat.of("call to ", text(c.func()), "()", where, ": the reader cannot see what it does"),
                    c.line());
            return;
        }
        nestedCalls(c, enclosing != null ? enclosing : "an expression", false);
    }

    private void opCall(Call c, String method, String batchVar, String enclosing) {
        String callee = text(c.func());
        if (SCHEMA_METHODS.contains(method)) {
            if (enclosing != null) {
                unknown(Concat.of(callee, " inside ", enclosing), c.line());
            } else {
                schemaOperation(c, method, batchVar, callee);
            }
        } else if (DATA_METHODS.contains(method)) {
            execute(c);
        } else if (INERT_METHODS.contains(method)) {
            return;
        } else if (method.equals("batch_alter_table")) {
            unknown(callee.concat(" outside a with statement"), c.line());
        } else {
            unknown(Concat.of(callee, " is not an operation the reader knows",
                    enclosing == null ? "" : Concat.of(" (inside ", enclosing, ")")), c.line());
        }
    }

    /**
     * Looks inside an expression for calls that matter: op calls (not applied: {@code where} says why),
     * data work on a bind or session; other calls are pure as far as the reader can tell.
     */
    private void nestedCalls(Expr e, String where, boolean skipSelf) {
        if (e == null) {
            return;
        }
        if (e instanceof Call c && !skipSelf) {
            String method = opMethod(c);
            if (method != null) {
                opCall(c, method, batchTable(c), where);
                return;
            }
            if (isDataCall(c)) {
                if (writesData(c)) {
                    execute(c);
                }
                return;
            }
            if (c.func() instanceof Name n && scope.isDefinedHere(n.id())) {
                unknown(Concat.of("call to ", n.id(), "() inside ", where, ": the reader cannot see what it does"),
                        c.line());
                return;
            }
        }
        for (Expr child : children(e)) {
            nestedCalls(child, where, false);
        }
    }

    private static List<Expr> children(Expr e) {
        return switch (e) {
            case Call c -> {
                List<Expr> out = new ArrayList<>(c.args().size() + 1);
                out.add(c.func());
                for (Arg a : c.args()) {
                    out.add(a.value());
                }
                yield out;
            }
            case Attribute a -> List.of(a.value());
            case Items i -> i.elements();
            case Dict d -> {
                List<Expr> out = new ArrayList<>();
                for (Expr k : d.keys()) {
                    if (k != null) {
                        out.add(k);
                    }
                }
                out.addAll(d.values());
                yield out;
            }
            case Starred s -> List.of(s.value());
            case Subscript s -> {
                List<Expr> out = new ArrayList<>(s.index());
                out.add(s.value());
                yield out;
            }
            case Other o -> o.children();
            case Name n -> List.of();
            case Str s -> List.of();
            case Num n -> List.of();
            case Const c -> List.of();
        };
    }

    /** The method name when {@code c} is {@code op.X(...)} or {@code <batch var>.X(...)}; else null. */
    private String opMethod(Call c) {
        if (c.func() instanceof Attribute a) {
            if (scope.isAlembicOp(a.value()) || a.value() instanceof Name n && batchTables.containsKey(n.id())) {
                return a.attr();
            }
        }
        return null;
    }

    /** The batch variable {@code c} is called on, or null for a call on op. */
    private String batchTable(Call c) {
        if (c.func() instanceof Attribute a && a.value() instanceof Name n && batchTables.containsKey(n.id())) {
            return n.id();
        }
        return null;
    }

    /** A call whose receiver chain starts at a bind/session/context: {@code conn.execute(...)}, {@code op.get_bind().execute(...)}. */
    private boolean isDataCall(Call c) {
        return c.func() instanceof Attribute a && (rootedAtDataHandle(a.value()) || rootedAtOpContext(a.value()));
    }

    private boolean rootedAtDataHandle(Expr e) {
        Expr cur = e;
        for (int i = 0; i < MAX_WALK; i++) {
            if (cur instanceof Name n) {
                return dataHandles.contains(n.id());
            } else if (cur instanceof Attribute a) {
                cur = a.value();
            } else if (cur instanceof Call c) {
                cur = c.func();
            } else if (cur instanceof Subscript s) {
                cur = s.value();
            } else {
                return false;
            }
        }
        return false;
    }

    /** {@code op.get_bind()...} or {@code op.get_context()...} */
    private boolean rootedAtOpContext(Expr e) {
        Expr cur = e;
        for (int i = 0; i < MAX_WALK; i++) {
            if (cur instanceof Call c) {
                String m = opMethod(c);
                if (m != null) {
                    return m.equals("get_bind") || m.equals("get_context");
                }
                cur = c.func();
            } else if (cur instanceof Attribute a) {
                cur = a.value();
            } else if (cur instanceof Subscript s) {
                cur = s.value();
            } else {
                return false;
            }
        }
        return false;
    }

    /** Whether a call on a bind/session chain writes (execute, add, commit...) rather than reads. */
    private static boolean writesData(Call c) {
        Expr cur = c;
        for (int i = 0; i < MAX_WALK; i++) {
            if (cur instanceof Call call) {
                if (call.func() instanceof Attribute a && DATA_WRITE_METHODS.contains(a.attr())) {
                    return true;
                }
                cur = call.func();
            } else if (cur instanceof Attribute a) {
                cur = a.value();
            } else {
                return false;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- operations

    private void schemaOperation(Call c, String method, String batchVar, String callee) {
        boolean batch = batchVar != null;
        String batchTableName = batch ? batchTables.get(batchVar) : null;
        if (batch && batchTableName == null) {
            unknown(callee.concat(" on a batch whose table name cannot be read"), c.line());
            return;
        }
        try {
            Bound starred = Bound.of(c);
            if (starred.starred && !method.equals("create_table")) {
                throw new Unreadable("its arguments are unpacked (*args/**kwargs)");
            }
            int line = c.line();
            switch (method) {
                case "create_table" -> {
                    if (batch) {
                        throw new Unreadable("batch operations cannot create tables");
                    }
                    createTable(c, callee);
                }
                case "drop_table" -> {
                    requireNotBatch(batch);
                    Bound b = Bound.of(c, "table_name");
                    operations.add(new Operation.DropTable(table(b, "table_name", "schema"), line));
                }
                case "rename_table" -> {
                    requireNotBatch(batch);
                    Bound b = Bound.of(c, "old_table_name", "new_table_name");
                    String schema = optionalString(b.get("schema"), "the schema");
                    operations.add(new Operation.RenameTable(
                            qualified(required(b.get("old_table_name"), "the table name"), schema),
                            qualified(required(b.get("new_table_name"), "the new table name"), schema), line));
                }
                case "add_column" -> {
                    Bound b = batch ? Bound.of(c, "column") : Bound.of(c, "table_name", "column");
                    String table = batch ? batchTableName : table(b, "table_name", "schema");
                    operations.add(new Operation.AddColumn(table, column(b.get("column")), line));
                }
                case "drop_column" -> {
                    Bound b = batch ? Bound.of(c, "column_name") : Bound.of(c, "table_name", "column_name");
                    String table = batch ? batchTableName : table(b, "table_name", "schema");
                    operations.add(new Operation.DropColumn(table, required(b.get("column_name"), "the column name"),
                            line));
                }
                case "alter_column" -> alterColumn(c, batch, batchTableName);
                case "create_index" -> {
                    Bound b = batch ? Bound.of(c, "index_name", "columns")
                            : Bound.of(c, "index_name", "table_name", "columns");
                    String table = batch ? batchTableName : table(b, "table_name|table", "schema");
                    Boolean unique = optionalBool(b.get("unique"), "unique");
                    operations.add(new Operation.CreateIndex(name(b.get("index_name|name")), table,
                            indexColumns(b.get("columns")), Boolean.TRUE.equals(unique), line));
                }
                case "drop_index" -> {
                    Bound b = batch ? Bound.of(c, "index_name") : Bound.of(c, "index_name", "table_name");
                    String table;
                    if (batch) {
                        table = batchTableName;
                    } else {
                        Expr t = b.get("table_name|table");
                        table = t == null || scope.isNone(t) ? null
                                : qualified(required(t, "the table name"), optionalString(b.get("schema"), "the schema"));
                    }
                    operations.add(new Operation.DropIndex(name(b.get("index_name|name")), table, line));
                }
                case "create_unique_constraint" -> {
                    Bound b = batch ? Bound.of(c, "constraint_name", "columns")
                            : Bound.of(c, "constraint_name", "table_name", "columns");
                    String table = batch ? batchTableName : table(b, "table_name|source|table", "schema");
                    operations.add(new Operation.CreateUniqueConstraint(name(b.get("constraint_name|name")), table,
                            columnNames(b.get("columns|local_cols")), line));
                }
                case "create_foreign_key" -> {
                    Bound b = batch ? Bound.of(c, "constraint_name", "referent_table", "local_cols", "remote_cols")
                            : Bound.of(c, "constraint_name", "source_table", "referent_table", "local_cols",
                            "remote_cols");
                    String table = batch ? batchTableName : table(b, "source_table|source", "source_schema");
                    String referred = table(b, "referent_table|referent", "referent_schema");
                    operations.add(new Operation.CreateForeignKey(name(b.get("constraint_name|name")), table, referred,
                            columnNames(b.get("local_cols")), columnNames(b.get("remote_cols")), onDelete(b.get("ondelete")),
                            line));
                }
                case "create_primary_key" -> {
                    Bound b = batch ? Bound.of(c, "constraint_name", "columns")
                            : Bound.of(c, "constraint_name", "table_name", "columns");
                    String table = batch ? batchTableName : table(b, "table_name|table", "schema");
                    operations.add(new Operation.CreatePrimaryKey(name(b.get("constraint_name|name")), table,
                            columnNames(b.get("columns|cols")), line));
                }
                case "drop_constraint" -> {
                    Bound b = batch ? Bound.of(c, "constraint_name", "type_")
                            : Bound.of(c, "constraint_name", "table_name", "type_");
                    String table = batch ? batchTableName : table(b, "table_name|table", "schema");
                    operations.add(new Operation.DropConstraint(name(b.get("constraint_name|name")), table,
                            optionalString(b.get("type_"), "type_"), line));
                }
                default -> throw new IllegalStateException(method);
            }
        } catch (Unreadable e) {
            unknown(Concat.of(callee, ": ", e.getMessage()), c.line());
        }
    }

    private static void requireNotBatch(boolean batch) {
        if (batch) {
            throw new Unreadable("not a batch operation");
        }
    }

    private void alterColumn(Call c, boolean batch, String batchTableName) {
        Bound b = batch ? Bound.of(c, "column_name") : Bound.of(c, "table_name", "column_name");
        String table = batch ? batchTableName : table(b, "table_name", "schema");
        String column = required(b.get("column_name"), "the column name");
        Expr nullableExpr = b.get("nullable");
        Boolean nullable = null;
        if (nullableExpr != null && !scope.isNone(nullableExpr)) {
            nullable = scope.bool(nullableExpr);
            if (nullable == null) {
                throw new Unreadable("nullable is not True, False or None");
            }
        }
        Expr typeExpr = b.get("type_");
        String type = null;
        boolean typeUnknown = false;
        if (typeExpr != null && !scope.isNone(typeExpr)) {
            type = SqlAlchemyTypes.postgresType(typeExpr, scope);
            typeUnknown = type == null;
        }
        Expr newName = b.get("new_column_name");
        String renamed = newName == null || scope.isNone(newName) ? null : required(newName, "new_column_name");
        operations.add(new Operation.AlterColumn(table, column, nullable, type, typeUnknown, renamed, c.line()));
    }

    private void createTable(Call c, String callee) {
        Bound b = Bound.of(c, "table_name");
        String table = table(b, "table_name|name", "schema");
        List<ColumnDef> columns = new ArrayList<>();
        List<String> primaryKey = new ArrayList<>();
        String primaryKeyName = null;
        List<Operation.UniqueDef> uniques = new ArrayList<>();
        List<Operation.ForeignKeyDef> foreignKeys = new ArrayList<>();
        List<Operation> indexes = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        if (b.starred) {
            unreadable.add("unpacked arguments (*args/**kwargs)");
        }
        for (Expr item : b.rest) {
            try {
                String kind = item instanceof Call call ? scope.sqlAlchemyName(call.func()) : null;
                if (kind == null) {
                    throw new Unreadable(Concat.of("'", text(item), "' is not a column or constraint the reader knows"));
                }
                Call call = (Call) item;
                switch (kind) {
                    case "Column" -> columns.add(column(call));
                    case "PrimaryKeyConstraint" -> {
                        Bound k = Bound.of(call);
                        primaryKey.addAll(stringList(k.rest, "primary key columns"));
                        primaryKeyName = name(k.get("name"));
                    }
                    case "UniqueConstraint" -> {
                        Bound k = Bound.of(call);
                        uniques.add(new Operation.UniqueDef(name(k.get("name")), stringList(k.rest, "unique columns")));
                    }
                    case "ForeignKeyConstraint" -> {
                        Bound k = Bound.of(call, "columns", "refcolumns");
                        if (Boolean.TRUE.equals(optionalBool(k.get("use_alter"), "use_alter"))) {
                            // CREATE TABLE leaves it out; only metadata.create_all adds it afterwards (issue 22)
                            continue;
                        }
                        List<String> refs = columnNames(k.get("refcolumns"));
                        if (refs.isEmpty() || refs.get(0).indexOf('.') < 0) {
                            throw new Unreadable("the referenced columns are not 'table.column' strings");
                        }
                        String first = refs.get(0);
                        String referredTable = first.substring(0, first.lastIndexOf('.'));
                        List<String> referredColumns = new ArrayList<>();
                        for (String r : refs) {
                            referredColumns.add(r.substring(r.lastIndexOf('.') + 1));
                        }
                        foreignKeys.add(new Operation.ForeignKeyDef(name(k.get("name")), columnNames(k.get("columns")),
                                referredTable, referredColumns, onDelete(k.get("ondelete"))));
                    }
                    case "Index" -> {
                        Bound k = Bound.of(call, "name");
                        List<String> indexColumns = new ArrayList<>();
                        for (Expr e : k.rest) {
                            indexColumns.add(scope.string(e));
                        }
                        Boolean unique = optionalBool(k.get("unique"), "unique");
                        indexes.add(new Operation.CreateIndex(name(k.get("name")), table, indexColumns,
                                Boolean.TRUE.equals(unique), call.line()));
                    }
                    case "CheckConstraint" -> {
                        // not part of the compared schema shape
                    }
                    default -> throw new Unreadable(Concat.of("'", text(call.func()),
                            "' is not a column or constraint the reader knows"));
                }
            } catch (Unreadable e) {
                unreadable.add(e.getMessage());
            }
        }
        operations.add(new Operation.CreateTable(table, columns, primaryKey, primaryKeyName, uniques, foreignKeys,
                c.line()));
        operations.addAll(indexes);
        for (String why : unreadable) {
            unknown(Concat.of(callee, "(\"", table, "\"): ", why), c.line());
        }
    }

    private ColumnDef column(Expr e) {
        if (e instanceof Call c && "Column".equals(scope.sqlAlchemyName(c.func()))) {
            return column(c);
        }
        throw new Unreadable("the column is not a sa.Column(...) the reader can read");
    }

    private ColumnDef column(Call c) {
        String name = null;
        Expr type = null;
        ColumnDef.ForeignKeyTarget foreignKey = null;
        Boolean nullable = null;
        boolean primaryKey = false;
        boolean unique = false;
        boolean index = false;
        int positional = 0;
        for (Arg a : c.args()) {
            Expr v = a.value();
            if (a.star() != 0) {
                throw new Unreadable("a column has unpacked arguments");
            }
            if (a.keyword() != null) {
                switch (a.keyword()) {
                    case "name" -> name = required(v, "the column name");
                    case "type_" -> type = v;
                    case "nullable" -> nullable = scope.bool(v);
                    case "primary_key" -> primaryKey = Boolean.TRUE.equals(scope.bool(v));
                    case "unique" -> unique = Boolean.TRUE.equals(scope.bool(v));
                    case "index" -> index = Boolean.TRUE.equals(scope.bool(v));
                    default -> {
                    }
                }
                continue;
            }
            String item = v instanceof Call call ? scope.sqlAlchemyName(call.func()) : null;
            if (positional == 0 && name == null && scope.string(v) != null) {
                name = scope.string(v);
            } else if ("ForeignKey".equals(item)) {
                // with use_alter=True, CREATE TABLE leaves the constraint out (only metadata.create_all adds it)
                Boolean useAlter = optionalBool(Bound.of((Call) v, "column").get("use_alter"), "use_alter");
                foreignKey = Boolean.TRUE.equals(useAlter) ? null : foreignKeyTarget((Call) v);
            } else if (item != null && isSchemaItem(item)) {
                // Sequence, Identity, Computed, server defaults: no effect on the compared shape
            } else if (type == null) {
                type = v;
            }
            positional++;
        }
        if (name == null) {
            throw new Unreadable("a column's name is not a string literal");
        }
        return new ColumnDef(name, SqlAlchemyTypes.postgresType(type, scope), nullable, primaryKey, unique, index,
                foreignKey, SqlAlchemyTypes.createdType(type, scope));
    }

    private static boolean isSchemaItem(String name) {
        return switch (name) {
            case "Sequence", "Identity", "Computed", "FetchedValue", "DefaultClause", "CheckConstraint",
                    "ForeignKey" -> true;
            default -> false;
        };
    }

    private ColumnDef.ForeignKeyTarget foreignKeyTarget(Call fk) {
        Bound b = Bound.of(fk, "column");
        String target = b.get("column") == null ? null : scope.string(b.get("column"));
        if (target == null || target.lastIndexOf('.') <= 0) {
            return null;
        }
        int dot = target.lastIndexOf('.');
        return new ColumnDef.ForeignKeyTarget(target.substring(0, dot), target.substring(dot + 1), onDelete(b.get("ondelete")));
    }

    /** {@code ondelete=}: its text, null when not given, {@link Operation#ON_DELETE_UNREADABLE} when not a literal. */
    private String onDelete(Expr e) {
        if (e == null || scope.isNone(e)) {
            return null;
        }
        String s = scope.string(e);
        return s != null ? s : Operation.ON_DELETE_UNREADABLE;
    }

    // ---------------------------------------------------------------- argument values

    private String table(Bound b, String keys, String schemaKey) {
        String schema = optionalString(b.get(schemaKey), "the schema");
        return qualified(required(b.get(keys), "the table name"), schema);
    }

    private static String qualified(String table, String schema) {
        return schema == null ? table : Concat.of(schema, ".", table);
    }

    /** A required string argument: a literal, op.f("...") or a name bound to a literal. */
    private String required(Expr e, String what) {
        String value = e == null ? null : nameValue(e);
        if (value == null) {
            throw new Unreadable(what.concat(e == null ? " is missing" : " is not a string literal"));
        }
        return value;
    }

    private String optionalString(Expr e, String what) {
        if (e == null || scope.isNone(e)) {
            return null;
        }
        return required(e, what);
    }

    /** A constraint or index name: a string, op.f("..."), or None (null). */
    private String name(Expr e) {
        if (e == null || scope.isNone(e)) {
            return null;
        }
        return required(e, "the name");
    }

    private String nameValue(Expr e) {
        String s = scope.string(e);
        if (s != null) {
            return s;
        }
        if (e instanceof Call c && c.args().size() == 1 && c.args().get(0).keyword() == null
                && c.args().get(0).star() == 0) {
            String method = opMethod(c);
            String sa = scope.sqlAlchemyName(c.func());
            if ("f".equals(method) || "conv".equals(sa) || "quoted_name".equals(sa)) {
                return scope.string(c.args().get(0).value());
            }
        }
        return null;
    }

    private Boolean optionalBool(Expr e, String what) {
        if (e == null || scope.isNone(e)) {
            return null;
        }
        Boolean b = scope.bool(e);
        if (b == null) {
            throw new Unreadable(what.concat(" is not True or False"));
        }
        return b;
    }

    /** A list/tuple of column-name strings (a single string counts as one). */
    private List<String> columnNames(Expr e) {
        if (e == null) {
            throw new Unreadable("the columns are missing");
        }
        String single = scope.string(e);
        if (single != null) {
            return List.of(single);
        }
        List<Expr> items = scope.items(e);
        if (items == null) {
            throw new Unreadable("the columns are not a list of strings");
        }
        return stringList(items, "columns");
    }

    private List<String> stringList(List<Expr> items, String what) {
        List<String> out = new ArrayList<>(items.size());
        for (Expr x : items) {
            String s = nameValue(x);
            if (s == null) {
                throw new Unreadable(Concat.of("the ", what, " are not all strings"));
            }
            out.add(s);
        }
        return out;
    }

    /** Index columns: names, or null for an expression ({@code sa.text("lower(email)")}). */
    private List<String> indexColumns(Expr e) {
        if (e == null) {
            throw new Unreadable("the columns are missing");
        }
        String single = scope.string(e);
        if (single != null) {
            List<String> one = new ArrayList<>(1);
            one.add(single);
            return one;
        }
        List<Expr> items = scope.items(e);
        List<String> out = new ArrayList<>();
        if (items == null) {
            out.add(null);
            return out;
        }
        for (Expr x : items) {
            out.add(scope.string(x));
        }
        return out;
    }

    // ---------------------------------------------------------------- output

    private void execute(Call c) {
        operations.add(new Operation.Execute(summary(c), c.line()));
    }

    private void unknown(String description, int line) {
        operations.add(new Operation.Unknown(description, line));
    }

    /** The source of {@code e} on one line, whitespace collapsed, cut to {@value #SUMMARY_LENGTH} characters. */
    private String summary(Expr e) {
        return oneLine(e, SUMMARY_LENGTH);
    }

    private String text(Expr e) {
        return oneLine(e, 60);
    }

    private String oneLine(Expr e, int max) {
        StringBuilder out = new StringBuilder(Math.min(max + 1, e.end() - e.start()));
        boolean space = false;
        for (int i = e.start(); i < e.end() && out.length() <= max; i++) {
            char ch = source.charAt(i);
            if (Character.isWhitespace(ch) || ch == '\\' && i + 1 < e.end() && (source.charAt(i + 1) == '\n'
                    || source.charAt(i + 1) == '\r')) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(ch);
        }
        if (out.length() > max) {
            out.setLength(max);
            out.append('…');
        }
        return out.toString();
    }

    /** An argument the reader cannot turn into a value: the operation becomes Unknown with this reason. */
    private static final class Unreadable extends RuntimeException {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A call's arguments bound to parameter names as Python would, plus the positional rest. */
    private static final class Bound {
        private String[] names = new String[8];
        private Expr[] values = new Expr[8];
        private int size;
        final List<Expr> rest = new ArrayList<>(4);
        boolean starred;

        static Bound of(Call c, String... params) {
            Bound b = new Bound();
            int i = 0;
            for (Arg a : c.args()) {
                if (a.star() != 0) {
                    b.starred = true;
                } else if (a.keyword() != null) {
                    b.put(a.keyword(), a.value());
                } else if (i < params.length) {
                    b.put(params[i++], a.value());
                } else {
                    b.rest.add(a.value());
                }
            }
            return b;
        }

        private void put(String name, Expr value) {
            if (size == names.length) {
                names = java.util.Arrays.copyOf(names, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size] = value;
            size++;
        }

        private Expr value(String name, int from, int to) {
            for (int i = size - 1; i >= 0; i--) {
                String n = names[i];
                if (n.length() == to - from && name.startsWith(n, from)) {
                    return values[i];
                }
            }
            return null;
        }

        /** The value of the first of {@code keys} ("a|b|c": a parameter and its older names) that is present. */
        Expr get(String keys) {
            int from = 0;
            while (true) {
                int bar = keys.indexOf('|', from);
                int to = bar < 0 ? keys.length() : bar;
                Expr v = value(keys, from, to);
                if (v != null || bar < 0) {
                    return v;
                }
                from = bar + 1;
            }
        }
    }
}
