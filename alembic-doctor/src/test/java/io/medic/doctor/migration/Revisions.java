package io.medic.doctor.migration;

import java.nio.file.Path;

/** Builds revision-file sources for tests, in the shape Alembic's own templates give them. */
final class Revisions {

    static final Path FILE = Path.of("versions", "abc123_test.py");

    private Revisions() {
    }

    /** An autogenerate-style revision whose upgrade() body is {@code body} (indented here by 4). */
    static String withUpgrade(String body) {
        return """
                \"\"\"test revision

                Revision ID: abc123
                Revises: 000000
                Create Date: 2024-01-01 00:00:00.000000

                \"\"\"
                from alembic import op
                import sqlalchemy as sa
                from sqlalchemy.dialects import postgresql

                # revision identifiers, used by Alembic.
                revision = 'abc123'
                down_revision = '000000'
                branch_labels = None
                depends_on = None


                def upgrade():
                """ + body.indent(4) + """


                def downgrade():
                    pass
                """;
    }

    /** The line of {@code needle}'s first occurrence in {@code source} (1-based). */
    static int lineOf(String source, String needle) {
        int at = source.indexOf(needle);
        if (at < 0) {
            throw new IllegalArgumentException("not in source: " + needle);
        }
        return (int) source.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    static MigrationFile read(String source) throws MigrationParseException {
        return MigrationReader.read(FILE, source);
    }
}
