package io.medic.signatures.testing;

import java.util.function.IntFunction;

/**
 * Logs (most of them one line) crafted to make a backtracking regex engine explore as many paths as it can,
 * or to give a linear one the most work, each built at the length wanted (64 KiB is the most of a log the
 * detector keeps). Shared by the linear-time tests and the benchmark (bench/signatures), so both measure the
 * same inputs.
 */
public enum AdversarialLog {
    /** Issue 17: a few thousand spaces after a connection-refused message (old libpq wording). */
    REFUSED_THEN_SPACES("refused-then-spaces", n -> fill("could not connect to server: Connection refused\n"
            + "\tIs the server running on host \"db\" (10.0.0.5) and accepting", " ", n)),
    /** Issue 17: {@code a.a.a.} — every letter could start a URL scheme, every dot a dotted exception name. */
    A_DOT_A("a.a.a.", n -> fill("", "a.", n)),
    /** {@code scheme://user:} over and over, never an '@'. */
    URL_WITHOUT_AT("url-no-at", n -> fill("", "x://u:", n)),
    /** A quoted name that never closes, many times: every {@code column "} scans to the end. */
    UNCLOSED_QUOTES("unclosed-quotes", n -> fill("", "column \"", n)),
    /** One word holding the keyword {@code password} many times and no '='. */
    PASSWORD_WORD("password-word", n -> fill("", "password", n)),
    /** The broken-revision-map message with arrows but no "is not present". */
    REVISION_ARROWS("revision-arrows", n -> fill("Revision abc referenced from ", "x -> ", n)),
    /** The same message followed by spaces only. */
    REVISION_SPACES("revision-spaces", n -> fill("Revision abc referenced from abc", " ", n)),
    /** Nothing but whitespace (every {@code \s+} of every pattern). */
    SPACES("spaces", n -> fill("", " \t", n)),
    /** PEM headers that never end. */
    PEM_WITHOUT_END("pem-no-end", n -> fill("", "-----BEGIN RSA PRIVATE KEY-----\n", n)),
    /** A long dotted name ending in Error (the generic signature's exception-type rule). */
    DOTTED_NAME("dotted-name", n -> fill("", "a.", n - 5) + "Error"),
    /** The prefixes of every token format, none of them a token. */
    TOKEN_PREFIXES("token-prefixes", n -> fill("", "ghp_x glpat-x xoxb-x AIzaSy eyJa.eyJb. token -----END KEY----- ", n)),
    /**
     * The literal every built-in signature and redaction rule starts with (or needs), over and over, each
     * followed by a little of what the rule expects and never all of it: every pattern has work everywhere.
     */
    EVERY_LITERAL("every-literal", n -> fill("", "column \"x\" of relation \"x relation \"x\" table \"x constraint \"x\" "
            + "type \"x index \"x DuplicateColumn DuplicateTableX UndefinedTable_ Can't locate revision identified by 'x "
            + "No such revision or branch 'x Multiple heads are present for given argument 'x'; Revision x referenced from x -> "
            + "Requested revision x overlaps with other requested revisions connection to server at \"x\", port could not "
            + "connect to server: Connection refused Is the server running on host \"x Connect call failed ('x "
            + "could not translate host name \"x password authentication failed for user \"x no pg_hba.conf entry for host "
            + "\"x FATAL: role \"x InvalidPasswordErrorX alembic/script/revision.py\", line 1, in x\nKeyError x "
            + "x://u:x x://aaaaaaaaaaaaaaaaaaaa Authorization: bearer Bearer eyJaaaaa.eyJaaaaa AKIA ASIA ghp_ github_pat_ "
            + "glpat- xoxb- AIza token password passwd pwd secret token api_key access-key private_key credentials "
            + "--password -x PASSWORD x -----END RSA PRIVATE KEY----- QUJDREVGR0hJSktMTU5PUFFS\n", n)),
    /** Base64 lines that never reach an END line. */
    BASE64_RUN("base64-run", n -> fill("", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n", n)),
    /** An ordinary crash log, for comparison: a migration traceback repeated to fill the length. */
    ORDINARY_LOG("ordinary-log", n -> fill("", """
            INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.
            INFO  [alembic.runtime.migration] Will assume transactional DDL.
            INFO  [alembic.runtime.migration] Running upgrade 018 -> 020, add custom notes
            Traceback (most recent call last):
              File "/usr/local/lib/python3.11/site-packages/sqlalchemy/engine/base.py", line 1910, in _execute_context
                self.dialect.do_execute(
            psycopg2.errors.DuplicateColumn: column "custom_notes" of relation "players" already exists
            [SQL: ALTER TABLE players ADD COLUMN custom_notes TEXT]
            connecting to postgresql://basketball:hunter2@db.basketball-api.svc:5432/basketball
            """, n));

    private final String shape;
    private final IntFunction<String> build;

    AdversarialLog(String shape, IntFunction<String> build) {
        this.shape = shape;
        this.build = build;
    }

    /** The name the benchmark prints. */
    public String shape() {
        return shape;
    }

    /** This log, {@code chars} characters long. */
    public String text(int chars) {
        return build.apply(chars);
    }

    public static AdversarialLog byShape(String shape) {
        for (AdversarialLog line : values()) {
            if (line.shape.equals(shape)) {
                return line;
            }
        }
        throw new IllegalArgumentException("no shape " + shape);
    }

    /** {@code head}, then {@code unit} repeated, cut to {@code n} characters. */
    static String fill(String head, String unit, int n) {
        StringBuilder b = new StringBuilder(n + unit.length());
        b.append(head);
        while (b.length() < n) {
            b.append(unit);
        }
        b.setLength(Math.max(0, n));
        return b.toString();
    }
}
