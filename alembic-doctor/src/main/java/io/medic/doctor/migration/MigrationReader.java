package io.medic.doctor.migration;

import io.medic.doctor.migration.python.Ast.Assign;
import io.medic.doctor.migration.python.Ast.Block;
import io.medic.doctor.migration.python.Ast.ClassDef;
import io.medic.doctor.migration.python.Ast.Expr;
import io.medic.doctor.migration.python.Ast.ExprStmt;
import io.medic.doctor.migration.python.Ast.FunctionDef;
import io.medic.doctor.migration.python.Ast.Import;
import io.medic.doctor.migration.python.Ast.ImportFrom;
import io.medic.doctor.migration.python.Ast.Items;
import io.medic.doctor.migration.python.Ast.Module;
import io.medic.doctor.migration.python.Ast.Name;
import io.medic.doctor.migration.python.Ast.Simple;
import io.medic.doctor.migration.python.Ast.Stmt;
import io.medic.doctor.migration.python.Ast.Str;
import io.medic.doctor.migration.python.Ast.With;
import io.medic.doctor.migration.python.Parser;
import io.medic.doctor.migration.python.PythonSyntaxError;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Alembic revision files as text and never executes them. Contract: for ANY input (valid or
 * random bytes) {@link #read} either returns a {@link MigrationFile} or throws
 * {@link MigrationParseException}; it never throws anything else, never loops forever, and its work
 * is bounded by the input's size.
 */
public final class MigrationReader {

    private static final String REVISION = "revision";
    private static final String DOWN_REVISION = "down_revision";
    private static final String BRANCH_LABELS = "branch_labels";
    private static final String DEPENDS_ON = "depends_on";

    private MigrationReader() {
    }

    /** Reads a revision file from disk, decoding it as Python would (UTF-8, BOM, or a coding comment). */
    public static MigrationFile read(Path file) throws MigrationParseException {
        String source = SourceText.read(file);
        if (source == null) {
            throw new MigrationParseException(file, 0, "a directory, not a revision file");
        }
        return read(file, source);
    }

    /**
     * @param file   where the source came from (for messages and {@link MigrationFile#file()}); may be null
     * @param source the file's text
     */
    public static MigrationFile read(Path file, String source) throws MigrationParseException {
        Module module;
        try {
            // the whole module, downgrade() and helpers included: a syntax error anywhere makes Alembic fail
            // to load the whole directory, so the file must be refused, never planned
            module = Parser.parse(source);
        } catch (PythonSyntaxError e) {
            throw new MigrationParseException(file, e.line(), "invalid Python: ".concat(e.getMessage()));
        }
        Scope scope = new Scope(source);
        Map<String, Expr> header = new HashMap<>();
        FunctionDef upgrade = null;
        for (Stmt s : module.body()) {
            switch (s) {
                case Assign a -> {
                    if (!a.augmented() && a.value() != null) {
                        for (Expr target : a.targets()) {
                            assign(target, a.value(), header, scope);
                        }
                    }
                }
                case FunctionDef f -> {
                    Expr returned = returnedExpression(f);
                    if (returned != null) {
                        scope.defineHelper(f.name(), returned);
                    } else {
                        scope.define(f.name());
                    }
                    if (f.name().equals("upgrade")) {
                        upgrade = f;
                    }
                }
                case ClassDef c -> scope.define(c.name());
                case Import i -> imports(i, scope, 0);
                case ImportFrom i -> {
                    if (i.level() > 0) {
                        // Alembic loads each revision file as a module of no package
                        throw new MigrationParseException(file, i.line(), "a relative import: Alembic loads revision"
                                + " files outside any package, so Python refuses it (no known parent package)");
                    }
                    imports(i, scope, 0);
                }
                case Block b -> imports(b, scope, 0);
                case With w -> imports(w, scope, 0);
                case ExprStmt e -> { }
                case Simple x -> { }
            }
        }
        String revision = revision(file, header.get(REVISION), scope);
        List<String> down = revisionList(file, DOWN_REVISION, header.get(DOWN_REVISION), scope, true);
        List<String> labels = revisionList(file, BRANCH_LABELS, header.get(BRANCH_LABELS), scope, false);
        List<String> depends = revisionList(file, DEPENDS_ON, header.get(DEPENDS_ON), scope, false);
        for (List<String> ids : List.of(List.of(revision), down, labels, depends)) {
            for (String id : ids) {
                printable(file, header, id);
            }
        }
        if (upgrade == null) {
            throw new MigrationParseException(file, 0, "no upgrade() function");
        }
        List<Operation> operations = new UpgradeReader(scope, source).read(upgrade.body());
        return new MigrationFile(file, revision, down, labels, depends, message(module), operations);
    }

    /** The expression a function returns when its body is only {@code return <expression>} (a docstring aside). */
    private static Expr returnedExpression(FunctionDef f) {
        List<Stmt> body = f.body();
        int first = !body.isEmpty() && body.get(0) instanceof ExprStmt e && e.value() instanceof Str ? 1 : 0;
        if (body.size() == first + 1 && body.get(first) instanceof Simple r && r.keyword().equals("return")
                && r.expressions().size() == 1) {
            return r.expressions().get(0);
        }
        return null;
    }

    private static void assign(Expr target, Expr value, Map<String, Expr> header, Scope scope) {
        if (target instanceof Name n) {
            switch (n.id()) {
                case REVISION, DOWN_REVISION, BRANCH_LABELS, DEPENDS_ON -> header.put(n.id(), value);
                default -> {
                }
            }
            scope.assign(n.id(), value);
        } else if (target instanceof Items t && value instanceof Items v && t.elements().size() == v.elements().size()) {
            for (int i = 0; i < t.elements().size(); i++) {
                assign(t.elements().get(i), v.elements().get(i), header, scope);
            }
        }
    }

    /** Imports anywhere at module level (also under if/try/with, e.g. a guarded dialect import). */
    private static void imports(Stmt s, Scope scope, int depth) {
        switch (s) {
            case Import i -> scope.addImport(i);
            case ImportFrom f -> scope.addImport(f);
            case Block b when depth < 4 -> {
                for (List<Stmt> body : b.bodies()) {
                    for (Stmt inner : body) {
                        imports(inner, scope, depth + 1);
                    }
                }
            }
            case With w when depth < 4 -> {
                for (Stmt inner : w.body()) {
                    imports(inner, scope, depth + 1);
                }
            }
            // deeper blocks, and statements that import nothing
            case Block b -> { }
            case With w -> { }
            case Assign a -> { }
            case FunctionDef f -> { }
            case ClassDef c -> { }
            case ExprStmt e -> { }
            case Simple x -> { }
        }
    }

    private static String revision(Path file, Expr value, Scope scope) throws MigrationParseException {
        if (value == null) {
            throw new MigrationParseException(file, 0, "no 'revision = \"...\"' assignment: not an Alembic revision file");
        }
        String id = scope.string(value);
        if (id == null) {
            throw new MigrationParseException(file, value.line(), "revision is not a string literal");
        }
        return id;
    }

    /** down_revision, branch_labels, depends_on: a string, None, or a tuple/list of strings. */
    private static List<String> revisionList(Path file, String what, Expr value, Scope scope, boolean required)
            throws MigrationParseException {
        if (value == null) {
            if (required) {
                throw new MigrationParseException(file, 0,
                        Concat.of("no '", what, " = ...' assignment (Alembic requires one)"));
            }
            return List.of();
        }
        if (scope.isNone(value)) {
            return List.of();
        }
        String single = scope.string(value);
        if (single != null) {
            return List.of(single);
        }
        List<Expr> items = scope.items(value);
        if (items != null) {
            List<String> out = new ArrayList<>(items.size());
            for (Expr item : items) {
                String s = scope.string(item);
                if (s == null) {
                    throw notLiteral(file, what, item);
                }
                out.add(s);
            }
            return out;
        }
        throw notLiteral(file, what, value);
    }

    /**
     * Ids and labels end up in the commands people paste into a shell: one holding a newline or another
     * control character could not be shown as one line of one command, so the file is refused.
     */
    private static void printable(Path file, Map<String, Expr> header, String id) throws MigrationParseException {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c) || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069) {
                int line = header.values().stream().mapToInt(Expr::line).min().orElse(0);
                throw new MigrationParseException(file, line, String.format(
                        "the revision id or label '%s' holds the control character U+%04X: it cannot be passed to"
                                + " alembic on one command line", id.replaceAll("[\\p{Cntrl}\u202A-\u202E\u2066-\u2069]", "?"), (int) c));
            }
        }
    }

    private static MigrationParseException notLiteral(Path file, String what, Expr value) {
        return new MigrationParseException(file, value.line(),
                what.concat(" is not a literal (a string, None, or a tuple or list of strings)"));
    }

    /** The first line of the module docstring (Alembic's message), or "". */
    private static String message(Module module) {
        if (module.body().isEmpty() || !(module.body().get(0) instanceof ExprStmt e) || !(e.value() instanceof Str s)
                || s.bytes() || s.formatted()) {
            return "";
        }
        return s.firstLine();
    }
}
