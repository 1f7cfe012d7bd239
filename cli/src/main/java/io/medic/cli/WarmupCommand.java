package io.medic.cli;

import io.medic.doctor.Diagnostician;
import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.migration.MigrationFile;
import io.medic.doctor.migration.MigrationReader;
import io.medic.doctor.schema.DatabaseTarget;
import io.medic.doctor.schema.SchemaModel;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.doctor.schema.SnapshotException;
import io.medic.doctor.schema.SnapshotReader;
import io.medic.events.Diagnosis;
import io.medic.events.EventCodec;

import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/**
 * Not for people: bin/medic runs it once after each build, under -XX:ArchiveClassesAtExit, so that the
 * class-data archive holds the classes a real diagnosis loads (parser, engine, Vert.x, JSON). It touches
 * no database: the connection attempt goes to a port nothing listens on.
 */
final class WarmupCommand implements Command {

    private static final String REVISION = """
            \"\"\"create players

            Revision ID: %s
            \"\"\"
            from typing import Sequence, Union
            from alembic import op
            import sqlalchemy as sa

            revision: str = "%s"
            down_revision: Union[str, None] = %s

            def upgrade() -> None:
                op.create_table("t%s", sa.Column("id", sa.Integer(), primary_key=True),
                                sa.Column("name", sa.String(length=50), nullable=False, index=True),
                                sa.Column("team_id", sa.Integer(), sa.ForeignKey("t%s.id")))
                op.add_column("t%s", sa.Column("notes", sa.Text(), nullable=True))
                with op.batch_alter_table("t%s") as batch_op:
                    batch_op.alter_column("notes", new_column_name="note", type_=sa.String(20))
                    batch_op.create_unique_constraint("uq_t%s_name", ["name"])
                op.create_index(op.f("ix_t%s_note"), "t%s", ["note"], unique=False)
                op.execute("UPDATE t%s SET note = 'x'")

            def downgrade() -> None:
                op.drop_table("t%s")
            """;

    @Override
    public String name() {
        return "warmup";
    }

    @Override
    public String usage() {
        return "warmup   (internal: prepares the class-data archive)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            MigrationFile first = MigrationReader.read(Path.of("a.py"), revision("a", null, "a"));
            MigrationFile second = MigrationReader.read(Path.of("b.py"), revision("b", "a", "a"));
            RevisionGraph graph = RevisionGraph.of(List.of(first, second));
            SchemaModel empty = new SchemaModel();
            Diagnosis d = Diagnostician.diagnose(graph, new SchemaSnapshot("public", empty, true, List.of(),
                    empty.toShape().fingerprint()));
            EventCodec.encodeToString(d);
            DiagnosisText.render(d, "warmup", "warmup", "public");
        } catch (Exception e) {
            err.println("medic warmup: " + e.getMessage());
            return BAD_INPUT;
        }
        try (ServerSocket closed = new ServerSocket(0)) {
            int port = closed.getLocalPort();
            closed.close();
            SnapshotReader.read(DatabaseTarget.parse("postgresql://warmup@127.0.0.1:" + port + "/warmup"), "public");
        } catch (SnapshotException | java.io.IOException expected) {
            // nothing listens there: the point was to load the connection classes
        }
        return 0;
    }

    private static String revision(String id, String down, String parent) {
        String downLiteral = down == null ? "None" : "\"" + down + "\"";
        return REVISION.formatted(id, id, downLiteral, id, parent, id, id, id, id, id, id, id);
    }
}
