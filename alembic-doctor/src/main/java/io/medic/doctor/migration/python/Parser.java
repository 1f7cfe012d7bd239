package io.medic.doctor.migration.python;

import io.medic.doctor.migration.python.Ast.Alias;
import io.medic.doctor.migration.python.Ast.Arg;
import io.medic.doctor.migration.python.Ast.Assign;
import io.medic.doctor.migration.python.Ast.Attribute;
import io.medic.doctor.migration.python.Ast.Block;
import io.medic.doctor.migration.python.Ast.Call;
import io.medic.doctor.migration.python.Ast.ClassDef;
import io.medic.doctor.migration.python.Ast.Const;
import io.medic.doctor.migration.python.Ast.Constant;
import io.medic.doctor.migration.python.Ast.Dict;
import io.medic.doctor.migration.python.Ast.Expr;
import io.medic.doctor.migration.python.Ast.ExprStmt;
import io.medic.doctor.migration.python.Ast.FunctionDef;
import io.medic.doctor.migration.python.Ast.Import;
import io.medic.doctor.migration.python.Ast.ImportFrom;
import io.medic.doctor.migration.python.Ast.Items;
import io.medic.doctor.migration.python.Ast.ItemsKind;
import io.medic.doctor.migration.python.Ast.Module;
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

import static io.medic.doctor.migration.python.TokenBuffer.END;
import static io.medic.doctor.migration.python.TokenBuffer.NAME;
import static io.medic.doctor.migration.python.TokenBuffer.NUMBER;
import static io.medic.doctor.migration.python.TokenBuffer.OP;
import static io.medic.doctor.migration.python.TokenBuffer.STRING;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A lenient recursive-descent parser for Python 3 (through 3.12: decorators, async, lambda,
 * comprehensions, walrus, annotations, {@code match}, {@code type} aliases, PEP 701 f-strings). Lenient:
 * it accepts every valid program but does not check every rule CPython checks after parsing (assignment
 * targets, parameter lists and {@code case} patterns are skimmed, not validated). Recursion is bounded by
 * {@link #MAX_DEPTH}, chains of trailers by {@link #MAX_CHAIN}, blocks by the tokenizer's indentation
 * limit, so no input can exhaust the Java stack.
 */
public final class Parser {

    /**
     * Nested expressions (unary operators, not, await, power, lambda, conditional expressions, and the expression
     * inside each bracket), the bound on the parser's recursion. CPython 3.11 compiles up to about 2,980 of them but
     * only 200 nested brackets (the tokenizer enforces that, as CPython's does), so the reader accepts every bracket
     * nesting CPython does and refuses the rest a good deal earlier than CPython, never later: a bounded stack
     * (under 1 MiB), and no real migration nests that deep (CPythonLimitsDifferentialTests measures both).
     */
    public static final int MAX_DEPTH = 250;
    /**
     * Blocks one function (or the module) may nest statically: loops, with, try, except and finally bodies, as
     * CPython's compiler counts them (CO_MAXBLOCKS, "too many statically nested blocks").
     */
    public static final int MAX_STATIC_BLOCKS = 20;
    /**
     * {@code for} clauses of one comprehension. CPython 3.11's compiler recurses in C once per clause without a
     * limit and crashes (SIGSEGV) at about 65,000 on an 8 MiB stack, sooner on a smaller one: Medic's bound is
     * far below that, far above any real code.
     */
    public static final int MAX_COMPREHENSION_CLAUSES = 200;
    /** Attribute/call/subscript links in one expression path ({@code a.b(c).d[e]...}). */
    public static final int MAX_CHAIN = 500;
    /**
     * Operands of one run of binary operators ({@code 1+1+...}), plus the nesting around it. CPython 3.11's
     * compiler recurses once per operator of such a run and fails beyond about 2,990 ("maximum recursion
     * depth exceeded during compilation"), so Alembic could not import the file: it is refused a little
     * earlier, never later.
     */
    public static final int MAX_BINARY_RUN = 2900;

    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
            "while", "with", "yield");

    private final String src;
    private final TokenBuffer toks;
    private final int last;
    private int p;
    private int depth;
    private int chain;
    /** Blocks open around the statement being parsed, in the current function or class body. */
    private int blocks;
    /** The most blocks open at once since the enclosing try's body began (see {@link #tryStatement}). */
    private int deepest;
    /** An operand {@link #expression()} parsed ahead, for {@link #factor()} to hand to the precedence climb. */
    private Expr pending;
    private int pendingToken;

    private Parser(String source, TokenBuffer tokens) {
        this.src = source;
        this.toks = tokens;
        this.last = tokens.count - 1;
    }

    /** @throws PythonSyntaxError for a source CPython would not compile (as far as a lenient parser can tell) */
    public static Module parse(String source) {
        TokenBuffer tokens = Tokenizer.scan(source);
        try {
            return new Parser(source, tokens).module();
        } finally {
            tokens.release();
        }
    }

    private Module module() {
        List<Stmt> body = new ArrayList<>();
        while (kind(p) != TokenBuffer.END) {
            statement(body);
        }
        return new Module(body);
    }

    // ---------------------------------------------------------------- statements

    private void statement(List<Stmt> into) {
        int t = p;
        if (kind(t) == TokenBuffer.INDENT) {
            throw error(t, "unexpected indent");
        }
        if (kind(t) == TokenBuffer.NEWLINE || kind(t) == TokenBuffer.DEDENT) {
            throw error(t, "invalid syntax");
        }
        if (kind(t) == TokenBuffer.NAME) {
            switch (text(t)) {
                case "if" -> {
                    into.add(ifStatement());
                    return;
                }
                case "while" -> {
                    into.add(whileStatement());
                    return;
                }
                case "for" -> {
                    into.add(forStatement(t));
                    return;
                }
                case "try" -> {
                    into.add(tryStatement());
                    return;
                }
                case "with" -> {
                    into.add(withStatement(t));
                    return;
                }
                case "def" -> {
                    into.add(functionDef(t, false));
                    return;
                }
                case "class" -> {
                    into.add(classDef(t));
                    return;
                }
                case "async" -> {
                    int next = p + 1;
                    p++;
                    if (isName(next, "def")) {
                        into.add(functionDef(t, true));
                    } else if (isName(next, "for")) {
                        into.add(forStatement(t));
                    } else if (isName(next, "with")) {
                        into.add(withStatement(t));
                    } else {
                        throw error(next, "invalid syntax");
                    }
                    return;
                }
                case "match" -> {
                    Stmt match = matchStatement();
                    if (match != null) {
                        into.add(match);
                        return;
                    }
                }
                default -> {
                }
            }
        } else if (isOp(t, "@")) {
            into.add(decorated());
            return;
        }
        simpleStatements(into);
    }

    /** A body that opens {@code cost} of CPython's static blocks (a loop's, with's, try's or a handler's). */
    private List<Stmt> nestedBlock(int header, int cost) {
        if (blocks + cost > MAX_STATIC_BLOCKS) {
            throw error(header, "too many statically nested blocks");
        }
        blocks += cost;
        deepest = Math.max(deepest, blocks);
        try {
            return block(header);
        } finally {
            blocks -= cost;
        }
    }

    /** A function's or class's body: a new code unit, whose static blocks start from none. */
    private List<Stmt> unitBlock(int header) {
        int outer = blocks;
        int outerDeepest = deepest;
        blocks = 0;
        try {
            return block(header);
        } finally {
            blocks = outer;
            deepest = outerDeepest;
        }
    }

    /** The body after a compound statement's header: an indented block or simple statements on the line. */
    private List<Stmt> block(int header) {
        expectOp(":", "expected ':'");
        List<Stmt> body = new ArrayList<>();
        if (kind(p) != TokenBuffer.NEWLINE) {
            simpleStatements(body);
            return body;
        }
        p++;
        if (kind(p) != TokenBuffer.INDENT) {
            throw error(p, "expected an indented block after '" + text(header) + "' statement on line "
                    + line(header));
        }
        p++;
        while (kind(p) != TokenBuffer.DEDENT && kind(p) != TokenBuffer.END) {
            statement(body);
        }
        if (kind(p) == TokenBuffer.DEDENT) {
            p++;
        }
        return body;
    }

    private Stmt ifStatement() {
        int start = next();
        List<Expr> tests = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        tests.add(namedExpression());
        bodies.add(block(start));
        while (isName(p, "elif")) {
            int elif = next();
            tests.add(namedExpression());
            bodies.add(block(elif));
        }
        if (isName(p, "else")) {
            bodies.add(block(next()));
        }
        return new Block("if", tests, bodies, line(start), start(start), prevEnd());
    }

    private Stmt whileStatement() {
        int start = next();
        List<Expr> tests = List.of(namedExpression());
        List<List<Stmt>> bodies = new ArrayList<>();
        bodies.add(nestedBlock(start, 1));
        if (isName(p, "else")) {
            bodies.add(block(next()));
        }
        return new Block("while", tests, bodies, line(start), start(start), prevEnd());
    }

    private Stmt forStatement(int start) {
        int keyword = next();
        List<Expr> header = new ArrayList<>();
        header.add(targets());
        expectName("in");
        header.add(starExpressions());
        List<List<Stmt>> bodies = new ArrayList<>();
        bodies.add(nestedBlock(keyword, 1));
        if (isName(p, "else")) {
            bodies.add(block(next()));
        }
        return new Block("for", header, bodies, line(start), start(start), prevEnd());
    }

    /**
     * CPython's blocks: the body of try/except/finally sits in two (FINALLY_TRY, TRY_EXCEPT), of try/except or
     * try/finally in one; a handler's body in two more than the statement (EXCEPTION_HANDLER, HANDLER_CLEANUP),
     * plus FINALLY_TRY when there is a finally, and so does a finally's else; the finally body in one
     * (FINALLY_END). Whether there is a finally is known only after the body, so the body's deepest block
     * is checked again then.
     */
    private Stmt tryStatement() {
        int start = next();
        List<Expr> header = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        int outerDeepest = deepest;
        deepest = blocks + 1;
        bodies.add(nestedBlock(start, 1));
        int bodyDeepest = deepest;
        deepest = Math.max(outerDeepest, bodyDeepest);
        boolean handlers = isName(p, "except");
        boolean hasFinally = false;
        int afterHandlers = p;
        if (handlers) {
            hasFinally = finallyAfterHandlers();
            p = afterHandlers;
        }
        int around = handlers && hasFinally ? 1 : 0;
        if (bodyDeepest + around > MAX_STATIC_BLOCKS) {
            throw error(start, "too many statically nested blocks");
        }
        while (isName(p, "except")) {
            int except = next();
            if (isOp(p, "*")) {
                p++;
            }
            if (!isOp(p, ":")) {
                header.add(expression());
                if (isName(p, "as") || isOp(p, ",")) {
                    p++;
                    header.add(expression());
                }
            }
            bodies.add(nestedBlock(except, 2 + around));
        }
        if (isName(p, "else")) {
            bodies.add(nestedBlock(next(), around));
        }
        if (isName(p, "finally")) {
            bodies.add(nestedBlock(next(), 1));
        }
        if (bodies.size() == 1) {
            throw error(p, "expected 'except' or 'finally' block");
        }
        return new Block("try", header, bodies, line(start), start(start), prevEnd());
    }

    /** From the first {@code except}: whether a {@code finally} clause ends this try (skims the handlers' tokens). */
    private boolean finallyAfterHandlers() {
        int level = 0;
        for (int t = p; kind(t) != TokenBuffer.END; t++) {
            int k = kind(t);
            if (k == TokenBuffer.INDENT) {
                level++;
            } else if (k == TokenBuffer.DEDENT) {
                if (--level < 0) {
                    return false;
                }
            } else if (level == 0 && k == NAME && isStatementStart(t)) {
                String word = text(t);
                if (word.equals("finally")) {
                    return true;
                }
                if (!word.equals("except") && !word.equals("else")) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Whether token {@code t} begins a logical line. */
    private boolean isStatementStart(int t) {
        int k = t == 0 ? TokenBuffer.NEWLINE : kind(t - 1);
        return k == TokenBuffer.NEWLINE || k == TokenBuffer.INDENT || k == TokenBuffer.DEDENT;
    }

    private Stmt withStatement(int start) {
        int keyword = next();
        List<WithItem> items = null;
        if (isOp(p, "(")) {
            int saved = p;
            try {
                items = parenthesizedWithItems();
            } catch (PythonSyntaxError notParenthesizedItems) {
                p = saved;
                depth = 0;
                chain = 0;
                pending = null;
                items = null;
            }
        }
        if (items == null) {
            items = new ArrayList<>();
            do {
                items.add(withItem());
            } while (acceptOp(","));
        }
        List<Stmt> body = nestedBlock(keyword, items.size()); // CPython opens one block per item
        return new With(items, body, line(start), start(start), prevEnd());
    }

    /** {@code with (a as b, c as d):} (Python 3.9+); fails if the header is a parenthesized expression instead. */
    private List<WithItem> parenthesizedWithItems() {
        p++;
        List<WithItem> items = new ArrayList<>();
        while (!isOp(p, ")")) {
            items.add(withItem());
            if (!acceptOp(",")) {
                break;
            }
        }
        expectOp(")", "invalid syntax");
        if (!isOp(p, ":")) {
            throw error(p, "invalid syntax");
        }
        return items;
    }

    private WithItem withItem() {
        Expr context = expression();
        Expr target = null;
        if (isName(p, "as")) {
            p++;
            target = target();
        }
        return new WithItem(context, target);
    }

    private Stmt functionDef(int start, boolean async) {
        int keyword = next();
        String name = expectIdentifier();
        if (isOp(p, "[")) {
            skipBalanced();
        }
        if (!isOp(p, "(")) {
            throw error(p, "expected '('");
        }
        skipBalanced();
        if (acceptOp("->")) {
            expression();
        }
        List<Stmt> body = unitBlock(keyword);
        return new FunctionDef(name, async, body, line(start), start(start), prevEnd());
    }

    private Stmt classDef(int start) {
        int keyword = next();
        String name = expectIdentifier();
        if (isOp(p, "[")) {
            skipBalanced();
        }
        if (isOp(p, "(")) {
            skipBalanced();
        }
        List<Stmt> body = unitBlock(keyword);
        return new ClassDef(name, body, line(start), start(start), prevEnd());
    }

    private Stmt decorated() {
        int start = p;
        while (acceptOp("@")) {
            namedExpression();
            expect(TokenBuffer.NEWLINE);
        }
        int t = p;
        if (isName(t, "def")) {
            return functionDef(start, false);
        }
        if (isName(t, "class")) {
            return classDef(start);
        }
        if (isName(t, "async") && isName(p + 1, "def")) {
            p++;
            return functionDef(start, true);
        }
        throw error(t, "invalid syntax");
    }

    /** {@code match subject:} with case blocks, or null (nothing consumed) when "match" is just a name. */
    private Stmt matchStatement() {
        int start = p;
        int after = p + 1;
        if (kind(after) == TokenBuffer.NEWLINE || kind(after) == TokenBuffer.OP && !isOp(after, "(") && !isOp(after, "[")
                && !isOp(after, "{") && !isOp(after, "-") && !isOp(after, "*") && !isOp(after, "~")) {
            return null;
        }
        int saved = p;
        List<Expr> header = new ArrayList<>();
        try {
            p++;
            header.add(starExpressions());
            if (!isOp(p, ":") || kind(p + 1) != TokenBuffer.NEWLINE || kind(p + 2) != TokenBuffer.INDENT
                    || !isName(p + 3, "case")) {
                throw error(p, "not a match statement");
            }
        } catch (PythonSyntaxError notMatch) {
            p = saved;
            depth = 0;
            chain = 0;
            pending = null;
            return null;
        }
        p += 3;
        List<List<Stmt>> bodies = new ArrayList<>();
        while (isName(p, "case")) {
            int caseToken = next();
            int nesting = 0;
            while (true) {
                int t = p;
                if (kind(t) == TokenBuffer.NEWLINE || kind(t) == TokenBuffer.END) {
                    throw error(t, "expected ':'");
                }
                if (nesting == 0 && (isOp(t, ":") || isName(t, "if"))) {
                    break;
                }
                if (isOp(t, "(") || isOp(t, "[") || isOp(t, "{")) {
                    nesting++;
                } else if (isOp(t, ")") || isOp(t, "]") || isOp(t, "}")) {
                    nesting--;
                }
                p++;
            }
            if (acceptName("if")) {
                header.add(namedExpression());
            }
            bodies.add(block(caseToken));
        }
        if (kind(p) != TokenBuffer.DEDENT) {
            throw error(p, "expected 'case' block");
        }
        p++;
        return new Block("match", header, bodies, line(start), start(start), prevEnd());
    }

    private void simpleStatements(List<Stmt> into) {
        while (true) {
            into.add(smallStatement());
            if (!acceptOp(";")) {
                break;
            }
            if (kind(p) == TokenBuffer.NEWLINE) {
                break;
            }
        }
        int t = p;
        if (kind(t) != TokenBuffer.NEWLINE && kind(t) != TokenBuffer.END) {
            throw error(t, "invalid syntax");
        }
        if (kind(t) == TokenBuffer.NEWLINE) {
            p++;
        }
    }

    private Stmt smallStatement() {
        int t = p;
        if (kind(t) == TokenBuffer.NAME) {
            switch (text(t)) {
                case "pass", "break", "continue" -> {
                    p++;
                    return simple(t, List.of());
                }
                case "return" -> {
                    p++;
                    return simple(t, startsExpression(p) ? List.of(starExpressions()) : List.of());
                }
                case "raise" -> {
                    p++;
                    List<Expr> exprs = new ArrayList<>();
                    if (startsExpression(p)) {
                        exprs.add(expression());
                        if (acceptName("from")) {
                            exprs.add(expression());
                        }
                    }
                    return simple(t, exprs);
                }
                case "global", "nonlocal" -> {
                    p++;
                    do {
                        expectIdentifier();
                    } while (acceptOp(","));
                    return simple(t, List.of());
                }
                case "del" -> {
                    p++;
                    return simple(t, List.of(starExpressions()));
                }
                case "assert" -> {
                    p++;
                    List<Expr> exprs = new ArrayList<>();
                    exprs.add(expression());
                    if (acceptOp(",")) {
                        exprs.add(expression());
                    }
                    return simple(t, exprs);
                }
                case "import" -> {
                    return importStatement();
                }
                case "from" -> {
                    return fromImport();
                }
                case "type" -> {
                    int name = p + 1;
                    if (kind(name) == TokenBuffer.NAME && !KEYWORDS.contains(text(name))
                            && (isOp(p + 2, "=") || isOp(p + 2, "["))) {
                        p += 2;
                        if (isOp(p, "[")) {
                            skipBalanced();
                        }
                        expectOp("=", "invalid syntax");
                        return simple(t, List.of(expression()));
                    }
                }
                default -> {
                }
            }
        }
        Expr first = isName(p, "yield") ? yieldExpression() : starExpressions();
        int op = p;
        if (isOp(op, ":")) {
            p++;
            requireTarget(first, true);
            Expr annotation = expression();
            Expr value = null;
            if (acceptOp("=")) {
                value = assignedValue();
            }
            return new Assign(List.of(first), annotation, value, false, line(t), start(t), prevEnd());
        }
        if (isOp(op, "=")) {
            List<Expr> targets = new ArrayList<>();
            targets.add(first);
            Expr value = null;
            while (acceptOp("=")) {
                if (value != null) {
                    targets.add(value);
                }
                value = assignedValue();
            }
            for (Expr target : targets) {
                requireTarget(target, false);
            }
            return new Assign(targets, null, value, false, line(t), start(t), prevEnd());
        }
        if (kind(op) == TokenBuffer.OP && isAugmentedAssign(text(op))) {
            requireTarget(first, true);
            p++;
            Expr value = assignedValue();
            return new Assign(List.of(first), null, value, true, line(t), start(t), prevEnd());
        }
        return new ExprStmt(first, line(t), start(t), prevEnd());
    }

    /**
     * CPython's check of what may stand left of {@code =} ("cannot assign to function call", "to literal",
     * ...): a name, attribute or subscript; for a plain assignment also a tuple or list of targets, starred
     * ones included. Anything else means Alembic cannot import the file.
     */
    private void requireTarget(Expr target, boolean single) {
        boolean ok = switch (target) {
            case Name n -> true;
            case Attribute a -> true;
            case Subscript s -> true;
            case Starred s -> !single && assignable(s.value());
            case Items i -> !single && i.kind() != ItemsKind.SET && i.elements().stream().allMatch(this::assignable);
            case Call c -> false;
            case Str x -> false;
            case Num x -> false;
            case Const x -> false;
            case Dict x -> false;
            case Other x -> false;
        };
        if (!ok) {
            throw new PythonSyntaxError(target.line(), "cannot assign to expression");
        }
    }

    private boolean assignable(Expr e) {
        try {
            requireTarget(e, false);
            return true;
        } catch (PythonSyntaxError x) {
            return false;
        }
    }

    private Expr assignedValue() {
        return isName(p, "yield") ? yieldExpression() : starExpressions();
    }

    private static boolean isAugmentedAssign(String op) {
        return switch (op) {
            case "+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", "<<=", ">>=", "**=" -> true;
            default -> false;
        };
    }

    private Simple simple(int t, List<Expr> exprs) {
        return new Simple(text(t), exprs, line(t), start(t), prevEnd());
    }

    private Stmt importStatement() {
        int t = next();
        List<Alias> names = new ArrayList<>();
        do {
            String module = dottedName();
            String as = acceptName("as") ? expectIdentifier() : null;
            names.add(new Alias(module, as));
        } while (acceptOp(","));
        return new Import(names, line(t), start(t), prevEnd());
    }

    private Stmt fromImport() {
        int t = next();
        int level = 0;
        while (isOp(p, ".") || isOp(p, "...")) {
            level += text(next()).length();
        }
        String module = level > 0 && isName(p, "import") ? "" : dottedName();
        expectName("import");
        List<Alias> names = new ArrayList<>();
        if (acceptOp("*")) {
            names.add(new Alias("*", null));
        } else {
            boolean parenthesized = acceptOp("(");
            do {
                if (parenthesized && isOp(p, ")")) {
                    break;
                }
                String name = expectIdentifier();
                String as = acceptName("as") ? expectIdentifier() : null;
                names.add(new Alias(name, as));
            } while (acceptOp(","));
            if (parenthesized) {
                expectOp(")", "invalid syntax");
            }
            if (names.isEmpty()) {
                throw error(p, "invalid syntax");
            }
        }
        return new ImportFrom(module, level, names, line(t), start(t), prevEnd());
    }

    private String dottedName() {
        StringBuilder name = new StringBuilder(expectIdentifier());
        while (acceptOp(".")) {
            name.append('.').append(expectIdentifier());
        }
        return name.toString();
    }

    // ---------------------------------------------------------------- expressions

    /** {@code a, *b, c} without brackets: a tuple when there is a comma. */
    private Expr starExpressions() {
        int t = p;
        Expr first = starExpression();
        if (!isOp(p, ",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (acceptOp(",")) {
            if (!startsExpression(p)) {
                break;
            }
            items.add(starExpression());
        }
        return new Items(ItemsKind.TUPLE, items, line(t), start(t), prevEnd());
    }

    private Expr starExpression() {
        int t = p;
        if (isOp(t, "*")) {
            p++;
            enter();
            Expr value = bitwiseOr();
            leave();
            return new Starred(value, line(t), start(t), prevEnd());
        }
        return namedExpression();
    }

    /** Assignment-like targets of for/with/comprehensions: stops before {@code in}. */
    private Expr targets() {
        int t = p;
        Expr first = target();
        if (!isOp(p, ",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (acceptOp(",")) {
            if (isName(p, "in") || !startsExpression(p)) {
                break;
            }
            items.add(target());
        }
        return new Items(ItemsKind.TUPLE, items, line(t), start(t), prevEnd());
    }

    private Expr target() {
        int t = p;
        if (acceptOp("*")) {
            enter();
            Expr value = bitwiseOr();
            leave();
            return new Starred(value, line(t), start(t), prevEnd());
        }
        return bitwiseOr();
    }

    private Expr namedExpression() {
        int t = p;
        if (kind(t) == TokenBuffer.NAME && isOp(p + 1, ":=")) {
            Expr target = atom();
            p++;
            Expr value = expression();
            return new Other("named expression", List.of(target, value), line(t), start(t), prevEnd());
        }
        return expression();
    }

    /** Python's {@code expression}: lambda, or a disjunction with an optional conditional. */
    private Expr expression() {
        enter();
        int t = p;
        Expr result;
        if (isName(t, "lambda")) {
            result = lambda();
        } else {
            if (!isOp(t, "-") && !isOp(t, "+") && !isOp(t, "~") && !isName(t, "not")) {
                // Fast path: most expressions are one operand (a name, a call, a literal). Parse it, and only
                // if an operator follows, climb the precedence levels with it as the first operand.
                Expr head = power();
                if (!startsInfix(p)) {
                    leave();
                    return head;
                }
                pending = head;
                pendingToken = t;
            }
            result = disjunction();
            if (isName(p, "if")) {
                p++;
                Expr condition = disjunction();
                expectName("else");
                Expr orElse = expression();
                result = new Other("conditional expression", List.of(result, condition, orElse), line(t), start(t),
                        prevEnd());
            }
        }
        leave();
        return result;
    }

    private Expr lambda() {
        int t = next();
        List<Expr> children = new ArrayList<>();
        while (!isOp(p, ":")) {
            if (isOp(p, "*") || isOp(p, "**") || isOp(p, "/")) {
                p++;
            }
            if (kind(p) == TokenBuffer.NAME && !KEYWORDS.contains(text(p))) {
                p++;
            }
            if (acceptOp("=")) {
                children.add(expression());
            }
            if (!acceptOp(",")) {
                break;
            }
        }
        expectOp(":", "expected ':'");
        children.add(expression());
        return new Other("lambda", children, line(t), start(t), prevEnd());
    }

    /** Whether the token at {@code i} continues an expression as an infix operator (or the conditional's if). */
    private boolean startsInfix(int i) {
        int k = kind(i);
        if (k == TokenBuffer.OP) {
            return precedence(i) >= 0 || isComparison(text(i));
        }
        if (k == TokenBuffer.NAME) {
            return switch (text(i)) {
                case "and", "or", "if", "in", "is", "not" -> true;
                default -> false;
            };
        }
        return false;
    }

    /** The token an operand starts at: that of the already parsed first operand, if there is one. */
    private int operandStart() {
        return pending != null ? pendingToken : p;
    }

    private Expr disjunction() {
        int t = operandStart();
        Expr first = conjunction();
        if (!isName(p, "or")) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (acceptName("or")) {
            operands.add(conjunction());
        }
        return new Other("boolean operation", operands, line(t), start(t), prevEnd());
    }

    private Expr conjunction() {
        int t = operandStart();
        Expr first = inversion();
        if (!isName(p, "and")) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (acceptName("and")) {
            operands.add(inversion());
        }
        return new Other("boolean operation", operands, line(t), start(t), prevEnd());
    }

    private Expr inversion() {
        int t = p;
        if (pending == null && isName(t, "not")) {
            p++;
            enter();
            Expr operand = inversion();
            leave();
            return new Other("not", List.of(operand), line(t), start(t), prevEnd());
        }
        return comparison();
    }

    private Expr comparison() {
        int t = operandStart();
        Expr first = bitwiseOr();
        List<Expr> operands = null;
        while (true) {
            int op = p;
            if (kind(op) == TokenBuffer.OP && isComparison(text(op)) || isName(op, "in")) {
                p++;
            } else if (isName(op, "not") && isName(p + 1, "in")) {
                p += 2;
            } else if (isName(op, "is")) {
                p++;
                acceptName("not");
            } else {
                break;
            }
            if (operands == null) {
                operands = new ArrayList<>();
                operands.add(first);
            }
            operands.add(bitwiseOr());
        }
        return operands == null ? first : new Other("comparison", operands, line(t), start(t), prevEnd());
    }

    private static boolean isComparison(String op) {
        return switch (op) {
            case "==", "!=", "<", ">", "<=", ">=" -> true;
            default -> false;
        };
    }

    private Expr bitwiseOr() {
        return binary(0);
    }

    /** Precedence of a binary operator token: | ^ & shifts +- */ 
    private int precedence(int t) {
        if (kind(t) != TokenBuffer.OP) {
            return -1;
        }
        return switch (text(t)) {
            case "|" -> 0;
            case "^" -> 1;
            case "&" -> 2;
            case "<<", ">>" -> 3;
            case "+", "-" -> 4;
            case "*", "/", "//", "%", "@" -> 5;
            default -> -1;
        };
    }

    /**
     * Precedence climbing over | ^ & shifts + - * / // % @; a run of operators of one precedence becomes
     * one flat node, so long chains do not deepen the tree.
     */
    private Expr binary(int minPrecedence) {
        int t = operandStart();
        Expr left = factor();
        while (true) {
            int prec = precedence(p);
            if (prec < minPrecedence) {
                return left;
            }
            List<Expr> operands = new ArrayList<>();
            operands.add(left);
            while (precedence(p) == prec) {
                p++;
                operands.add(binary(prec + 1));
                if (operands.size() + depth > MAX_BINARY_RUN) {
                    throw error(p, "expression too long for Python's compiler (more than " + MAX_BINARY_RUN
                            + " operators in a row)");
                }
            }
            left = new Other("binary operation", operands, line(t), start(t), prevEnd());
        }
    }

    private Expr factor() {
        if (pending != null) {
            Expr first = pending;
            pending = null;
            return first;
        }
        int t = p;
        if (isOp(t, "-") || isOp(t, "+") || isOp(t, "~")) {
            p++;
            enter();
            Expr operand = factor();
            leave();
            return new Other("unary operation", List.of(operand), line(t), start(t), prevEnd());
        }
        return power();
    }

    private Expr power() {
        int t = p;
        Expr base;
        if (isName(t, "await")) {
            p++;
            enter();
            Expr operand = primary();
            leave();
            base = new Other("await", List.of(operand), line(t), start(t), prevEnd());
        } else {
            base = primary();
        }
        if (acceptOp("**")) {
            enter();
            Expr exponent = factor();
            leave();
            return new Other("binary operation", List.of(base, exponent), line(t), start(t), prevEnd());
        }
        return base;
    }

    private Expr primary() {
        int t = p;
        Expr e = atom();
        int links = 0;
        try {
            while (true) {
                int next = p;
                if (kind(next) != TokenBuffer.OP) {
                    return e;
                }
                if (isOp(next, ".")) {
                    p++;
                    link(++links);
                    e = new Attribute(e, expectIdentifier(), line(t), start(t), prevEnd());
                } else if (isOp(next, "(")) {
                    link(++links);
                    List<Arg> args = arguments();
                    e = new Call(e, args, line(next), start(t), prevEnd());
                } else if (isOp(next, "[")) {
                    link(++links);
                    List<Expr> index = subscript();
                    e = new Subscript(e, index, line(t), start(t), prevEnd());
                } else {
                    return e;
                }
            }
        } finally {
            chain -= links;
        }
    }

    private void link(int links) {
        chain++;
        if (chain > MAX_CHAIN) {
            throw error(p, "expression too long (more than " + MAX_CHAIN + " chained attributes or calls)");
        }
    }

    private List<Arg> arguments() {
        p++;
        List<Arg> args = new ArrayList<>();
        // CPython's order rules: positional, then keywords; nothing positional after either kind of keyword
        boolean keyword = false;
        boolean keywordUnpacking = false;
        while (!isOp(p, ")")) {
            int t = p;
            if (acceptOp("*")) {
                if (keywordUnpacking) {
                    throw error(t, "iterable argument unpacking follows keyword argument unpacking");
                }
                args.add(new Arg(null, 1, expression()));
            } else if (acceptOp("**")) {
                keywordUnpacking = true;
                args.add(new Arg(null, 2, expression()));
            } else if (kind(t) == TokenBuffer.NAME && isOp(p + 1, "=") && !KEYWORDS.contains(text(t))) {
                keyword = true;
                p += 2;
                args.add(new Arg(text(t), 0, expression()));
            } else {
                if (keyword || keywordUnpacking) {
                    throw error(t, keywordUnpacking ? "positional argument follows keyword argument unpacking"
                            : "positional argument follows keyword argument");
                }
                Expr value = namedExpression();
                if (startsComprehension()) {
                    value = comprehension("generator expression", value, t);
                }
                args.add(new Arg(null, 0, value));
            }
            if (!acceptOp(",")) {
                break;
            }
        }
        expectOp(")", "invalid syntax");
        return args;
    }

    private List<Expr> subscript() {
        p++;
        List<Expr> items = new ArrayList<>();
        while (!isOp(p, "]")) {
            items.add(sliceItem());
            if (!acceptOp(",")) {
                break;
            }
        }
        expectOp("]", "invalid syntax");
        return items;
    }

    private Expr sliceItem() {
        int t = p;
        Expr lower = isOp(t, ":") ? null : starExpression();
        if (!isOp(p, ":")) {
            return lower;
        }
        List<Expr> parts = new ArrayList<>();
        if (lower != null) {
            parts.add(lower);
        }
        p++;
        if (startsSliceBound()) {
            parts.add(expression());
        }
        if (acceptOp(":") && startsSliceBound()) {
            parts.add(expression());
        }
        return new Other("slice", parts, line(t), start(t), prevEnd());
    }

    private boolean startsSliceBound() {
        int t = p;
        return !isOp(t, ":") && !isOp(t, ",") && !isOp(t, "]") && startsExpression(t);
    }

    private Expr atom() {
        int t = p;
        switch (kind(t)) {
            case NAME -> {
                p++;
                switch (text(t)) {
                    case "None" -> {
                        return new Const(Constant.NONE, line(t), start(t), end(t));
                    }
                    case "True" -> {
                        return new Const(Constant.TRUE, line(t), start(t), end(t));
                    }
                    case "False" -> {
                        return new Const(Constant.FALSE, line(t), start(t), end(t));
                    }
                    default -> {
                        if (KEYWORDS.contains(text(t))) {
                            p--;
                            throw error(t, "invalid syntax");
                        }
                        return new Name(text(t), line(t), start(t), end(t));
                    }
                }
            }
            case NUMBER -> {
                p++;
                return new Num(src.substring(start(t), end(t)), line(t), start(t), end(t));
            }
            case STRING -> {
                return strings();
            }
            case OP -> {
                switch (text(t)) {
                    case "(" -> {
                        return parenthesized();
                    }
                    case "[" -> {
                        return listDisplay();
                    }
                    case "{" -> {
                        return braceDisplay();
                    }
                    case "..." -> {
                        p++;
                        return new Const(Constant.ELLIPSIS, line(t), start(t), end(t));
                    }
                    default -> throw error(t, "invalid syntax");
                }
            }
            default -> throw error(t, "invalid syntax");
        }
    }

    private Expr strings() {
        int first = p;
        int count = 0;
        while (kind(p + count) == TokenBuffer.STRING) {
            count++;
        }
        int[] parts = new int[count * 2];
        boolean bytes = false;
        boolean text = false;
        boolean formatted = false;
        for (int i = 0; i < count; i++) {
            int s = next();
            parts[2 * i] = start(s);
            parts[2 * i + 1] = end(s);
            boolean isBytes = false;
            for (int c = start(s); c < end(s); c++) {
                char ch = Character.toLowerCase(src.charAt(c));
                if (ch == '\'' || ch == '"') {
                    break;
                }
                isBytes |= ch == 'b';
                formatted |= ch == 'f' || ch == 't';
            }
            bytes |= isBytes;
            text |= !isBytes;
        }
        if (bytes && text) {
            throw error(first, "cannot mix bytes and nonbytes literals");
        }
        return new Str(src, parts, bytes, formatted, line(first), start(first), prevEnd());
    }

    private Expr parenthesized() {
        int open = next();
        if (acceptOp(")")) {
            return new Items(ItemsKind.TUPLE, List.of(), line(open), start(open), prevEnd());
        }
        if (isName(p, "yield")) {
            Expr y = yieldExpression();
            expectOp(")", "invalid syntax");
            return y;
        }
        Expr first = starNamedExpression();
        if (startsComprehension()) {
            Expr gen = comprehension("generator expression", first, open);
            expectOp(")", "invalid syntax");
            return gen;
        }
        if (acceptOp(")")) {
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        expectOp(",", "invalid syntax");
        while (!isOp(p, ")")) {
            items.add(starNamedExpression());
            if (!acceptOp(",")) {
                break;
            }
        }
        expectOp(")", "invalid syntax");
        return new Items(ItemsKind.TUPLE, items, line(open), start(open), prevEnd());
    }

    private Expr listDisplay() {
        int open = next();
        List<Expr> items = new ArrayList<>();
        if (!isOp(p, "]")) {
            Expr first = starNamedExpression();
            if (startsComprehension()) {
                Expr comp = comprehension("list comprehension", first, open);
                expectOp("]", "invalid syntax");
                return comp;
            }
            items.add(first);
            while (acceptOp(",")) {
                if (isOp(p, "]")) {
                    break;
                }
                items.add(starNamedExpression());
            }
        }
        expectOp("]", "invalid syntax");
        return new Items(ItemsKind.LIST, items, line(open), start(open), prevEnd());
    }

    private Expr braceDisplay() {
        int open = next();
        if (acceptOp("}")) {
            return new Dict(List.of(), List.of(), line(open), start(open), prevEnd());
        }
        Expr firstKey;
        Expr firstValue;
        if (acceptOp("**")) {
            firstKey = null;
            firstValue = bitwiseOr();
        } else {
            Expr first = starNamedExpression();
            if (!acceptOp(":")) {
                return setDisplay(open, first);
            }
            firstKey = first;
            firstValue = expression();
            if (startsComprehension()) {
                Expr comp = comprehension("dict comprehension", firstValue, open);
                expectOp("}", "invalid syntax");
                return new Other("dict comprehension", List.of(first, comp), line(open), start(open),
                        prevEnd());
            }
        }
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        keys.add(firstKey);
        values.add(firstValue);
        while (acceptOp(",")) {
            if (isOp(p, "}")) {
                break;
            }
            if (acceptOp("**")) {
                keys.add(null);
                values.add(bitwiseOr());
            } else {
                keys.add(expression());
                expectOp(":", "':' expected after dictionary key");
                values.add(expression());
            }
        }
        expectOp("}", "invalid syntax");
        return new Dict(keys, values, line(open), start(open), prevEnd());
    }

    private Expr setDisplay(int open, Expr first) {
        if (startsComprehension()) {
            Expr comp = comprehension("set comprehension", first, open);
            expectOp("}", "invalid syntax");
            return comp;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (acceptOp(",")) {
            if (isOp(p, "}")) {
                break;
            }
            items.add(starNamedExpression());
        }
        expectOp("}", "invalid syntax");
        return new Items(ItemsKind.SET, items, line(open), start(open), prevEnd());
    }

    private Expr starNamedExpression() {
        return isOp(p, "*") ? starExpression() : namedExpression();
    }

    private boolean startsComprehension() {
        return isName(p, "for") || isName(p, "async") && isName(p + 1, "for");
    }

    private Expr comprehension(String kind, Expr element, int start) {
        List<Expr> children = new ArrayList<>();
        children.add(element);
        int clauses = 0;
        while (startsComprehension()) {
            if (++clauses > MAX_COMPREHENSION_CLAUSES) {
                throw error(p, "too many 'for' clauses in one comprehension (more than " + MAX_COMPREHENSION_CLAUSES
                        + "; CPython's compiler crashes on tens of thousands)");
            }
            acceptName("async");
            p++;
            children.add(targets());
            expectName("in");
            children.add(disjunction());
            while (acceptName("if")) {
                children.add(disjunction());
            }
        }
        return new Other(kind, children, line(start), start(start), prevEnd());
    }

    private Expr yieldExpression() {
        int t = next();
        List<Expr> children = new ArrayList<>();
        if (acceptName("from")) {
            children.add(expression());
        } else if (startsExpression(p)) {
            children.add(starExpressions());
        }
        return new Other("yield", children, line(t), start(t), prevEnd());
    }

    /** Whether {@code t} can begin an expression (used where an expression is optional). */
    private boolean startsExpression(int t) {
        switch (kind(t)) {
            case NAME:
                String s = text(t);
                return !KEYWORDS.contains(s) || s.equals("None") || s.equals("True") || s.equals("False")
                        || s.equals("lambda") || s.equals("not") || s.equals("await");
            case NUMBER:
            case STRING:
                return true;
            case OP:
                return switch (text(t)) {
                    case "(", "[", "{", "-", "+", "~", "*", "...", "**" -> true;
                    default -> false;
                };
            default:
                return false;
        }
    }

    // ---------------------------------------------------------------- token helpers

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error(p, "too many nested expressions (more than " + MAX_DEPTH + ")");
        }
    }

    private void leave() {
        depth--;
    }

    /** Skips a bracketed group (the tokenizer guarantees brackets balance). */
    private void skipBalanced() {
        int nesting = 0;
        do {
            int t = next();
            if (kind(t) == TokenBuffer.END) {
                throw error(t, "invalid syntax");
            }
            if (isOp(t, "(") || isOp(t, "[") || isOp(t, "{")) {
                nesting++;
            } else if (isOp(t, ")") || isOp(t, "]") || isOp(t, "}")) {
                nesting--;
            }
        } while (nesting > 0);
    }

    private int kind(int i) {
        return toks.kinds[Math.min(i, last)];
    }

    private String text(int i) {
        return toks.texts[Math.min(i, last)];
    }

    private int line(int i) {
        return toks.lines[Math.min(i, last)];
    }

    private int start(int i) {
        return toks.starts[Math.min(i, last)];
    }

    private int end(int i) {
        return toks.ends[Math.min(i, last)];
    }

    private boolean isOp(int i, String op) {
        int k = Math.min(i, last);
        return toks.kinds[k] == TokenBuffer.OP && toks.texts[k].equals(op);
    }

    private boolean isName(int i, String name) {
        int k = Math.min(i, last);
        return toks.kinds[k] == TokenBuffer.NAME && toks.texts[k].equals(name);
    }

    /** The current token's index, then moves past it (never past the end). */
    private int next() {
        int t = p;
        if (toks.kinds[t] != TokenBuffer.END) {
            p++;
        }
        return t;
    }

    private int prevEnd() {
        return p == 0 ? 0 : toks.ends[p - 1];
    }

    private boolean acceptOp(String op) {
        if (isOp(p, op)) {
            p++;
            return true;
        }
        return false;
    }

    private boolean acceptName(String name) {
        if (isName(p, name)) {
            p++;
            return true;
        }
        return false;
    }

    private void expectOp(String op, String message) {
        if (!acceptOp(op)) {
            throw error(p, message);
        }
    }

    private void expectName(String name) {
        if (!acceptName(name)) {
            throw error(p, "expected '" + name + "'");
        }
    }

    private void expect(int kind) {
        if (kind(p) != kind) {
            throw error(p, "invalid syntax");
        }
        p++;
    }

    private String expectIdentifier() {
        int t = p;
        if (kind(t) != TokenBuffer.NAME || KEYWORDS.contains(text(t))) {
            throw error(t, "invalid syntax");
        }
        p++;
        return text(t);
    }

    private PythonSyntaxError error(int t, String message) {
        return new PythonSyntaxError(line(t), message);
    }
}
