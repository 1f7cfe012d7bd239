package io.medic.doctor.migration;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.medic.doctor.migration.Revisions.FILE;
import static io.medic.doctor.migration.Revisions.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The revision identifiers and message a revision file declares, in every style Alembic and people write. */
class MigrationHeaderTests {

    @Test
    void readsTheClassicAutogenerateHeader() throws Exception {
        MigrationFile f = read(Revisions.withUpgrade("    pass"));
        assertThat(f.file()).isEqualTo(FILE);
        assertThat(f.revision()).isEqualTo("abc123");
        assertThat(f.downRevisions()).containsExactly("000000");
        assertThat(f.branchLabels()).isEmpty();
        assertThat(f.dependsOn()).isEmpty();
        assertThat(f.message()).isEqualTo("test revision");
        assertThat(f.operations()).isEmpty();
    }

    @Test
    void readsTheTypedAnnotationTemplateOfAlembic113() throws Exception {
        MigrationFile f = read("""
                \"""add players

                Revision ID: 9f1e2d3c4b5a
                Revises: 8e7d6c5b4a39
                Create Date: 2025-01-02 03:04:05.060708

                \"""
                from typing import Sequence, Union

                from alembic import op
                import sqlalchemy as sa


                # revision identifiers, used by Alembic.
                revision: str = "9f1e2d3c4b5a"
                down_revision: Union[str, Sequence[str], None] = "8e7d6c5b4a39"
                branch_labels: Union[str, Sequence[str], None] = None
                depends_on: Union[str, Sequence[str], None] = None


                def upgrade() -> None:
                    \"""Upgrade schema.\"""
                    pass


                def downgrade() -> None:
                    \"""Downgrade schema.\"""
                    pass
                """);
        assertThat(f.revision()).isEqualTo("9f1e2d3c4b5a");
        assertThat(f.downRevisions()).containsExactly("8e7d6c5b4a39");
        assertThat(f.message()).isEqualTo("add players");
        assertThat(f.operations()).isEmpty();
    }

    @Test
    void readsMergesWithTupleOrListDownRevisionsAndLabelsAndDependencies() throws Exception {
        MigrationFile tuple = read(header("down_revision = ('020', '021')"));
        assertThat(tuple.downRevisions()).containsExactly("020", "021");
        MigrationFile list = read(header("down_revision = [\"020\", \"021\",]"));
        assertThat(list.downRevisions()).containsExactly("020", "021");
        MigrationFile root = read(header("down_revision = None"));
        assertThat(root.downRevisions()).isEmpty();

        MigrationFile labelled = read(header("down_revision = None\nbranch_labels = ('billing',)\n"
                + "depends_on = 'a1b2'"));
        assertThat(labelled.branchLabels()).containsExactly("billing");
        assertThat(labelled.dependsOn()).containsExactly("a1b2");
        MigrationFile single = read(header("down_revision = None\nbranch_labels = 'billing'\n"
                + "depends_on = ['a1b2', 'billing@head']"));
        assertThat(single.branchLabels()).containsExactly("billing");
        assertThat(single.dependsOn()).containsExactly("a1b2", "billing@head");
    }

    @Test
    void implicitConcatenationEscapesAndPrefixesGiveTheValuePythonWould() throws Exception {
        MigrationFile f = read("""
                revision = (
                    "ab"  # a comment between the parts
                    'cd' r'ef' u"\\x67h"
                )
                down_revision = \\
                    None
                def upgrade(): pass
                """);
        assertThat(f.revision()).isEqualTo("abcdefgh");
        assertThat(f.downRevisions()).isEmpty();
        assertThat(f.message()).isEmpty();
    }

    @Test
    void theMessageIsTheFirstLineOfTheModuleDocstringOnly() throws Exception {
        assertThat(read("'''  \n  first line  \nsecond'''\nrevision='1'\ndown_revision=None\ndef upgrade(): pass")
                .message()).isEqualTo("first line");
        assertThat(read("r\"single \\\\ line\"\nrevision='1'\ndown_revision=None\ndef upgrade(): pass")
                .message()).isEqualTo("single \\\\ line");
        // a string that is not the first statement is not a docstring
        assertThat(read("import os\n\"\"\"late\"\"\"\nrevision='1'\ndown_revision=None\ndef upgrade(): pass")
                .message()).isEmpty();
    }

    @Test
    void theLastAssignmentWinsAsWhenPythonRunsTheModule() throws Exception {
        MigrationFile f = read("revision = 'old'\nrevision = 'new'\ndown_revision = None\ndef upgrade(): pass\n");
        assertThat(f.revision()).isEqualTo("new");
    }

    @Test
    void aMissingOrNonLiteralRevisionIsRefusedWithItsLine() throws Exception {
        assertThatThrownBy(() -> read("down_revision = None\ndef upgrade(): pass\n"))
                .isInstanceOf(MigrationParseException.class)
                .hasMessageContaining("no 'revision = \"...\"' assignment")
                .satisfies(e -> assertThat(((MigrationParseException) e).line()).isZero());
        assertThatThrownBy(() -> read("import uuid\n\nrevision = uuid.uuid4().hex\ndown_revision = None\n"
                + "def upgrade(): pass\n"))
                .isInstanceOf(MigrationParseException.class)
                .satisfies(e -> {
                    MigrationParseException p = (MigrationParseException) e;
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.reason()).isEqualTo("revision is not a string literal");
                    assertThat(p.file()).isEqualTo(FILE);
                });
        // Alembic imports the file, so an f-string made of literals is its value (issue 22: strings built from literals)
        assertThat(read("revision = f'abc'\ndown_revision = None\ndef upgrade(): pass\n").revision()).isEqualTo("abc");
        assertThatThrownBy(() -> read("revision = f'{uuid}'\ndown_revision = None\ndef upgrade(): pass\n"))
                .isInstanceOf(MigrationParseException.class).hasMessageContaining(":1: revision is not");
        assertThatThrownBy(() -> read("revision = b'abc'\ndown_revision = None\ndef upgrade(): pass\n"))
                .isInstanceOf(MigrationParseException.class).hasMessageContaining(":1: revision is not");
    }

    @Test
    void nonLiteralDownRevisionsLabelsOrDependenciesAreRefusedWithTheirLine() {
        for (String bad : List.of("down_revision = get_parent()", "down_revision = ('a', PARENT)",
                "down_revision = None\nbranch_labels = labels()", "down_revision = None\ndepends_on = {'a': 1}")) {
            String source = "revision = 'x'\n\n" + bad + "\ndef upgrade(): pass\n";
            int line = bad.contains("\n") ? 4 : 3;
            assertThatThrownBy(() -> read(source))
                    .as(bad)
                    .isInstanceOf(MigrationParseException.class)
                    .satisfies(e -> assertThat(((MigrationParseException) e).line()).isEqualTo(line))
                    .hasMessageContaining("is not a literal");
        }
    }

    @Test
    void aFileWithoutDownRevisionOrUpgradeIsNotARevision() {
        assertThatThrownBy(() -> read("revision = 'x'\ndef upgrade(): pass\n"))
                .isInstanceOf(MigrationParseException.class).hasMessageContaining("down_revision");
        assertThatThrownBy(() -> read("revision = 'x'\ndown_revision = None\ndef downgrade(): pass\n"))
                .isInstanceOf(MigrationParseException.class).hasMessageContaining("no upgrade() function");
    }

    @Test
    void everythingElseAtModuleLevelIsSkipped() throws Exception {
        String source = """
                \"""kitchen sink\"""
                from __future__ import annotations
                import json, logging as log
                from typing import (
                    Sequence,
                    Union,
                )
                from alembic import op
                import sqlalchemy as sa

                revision = '77'
                down_revision = '76'

                logger = log.getLogger(__name__)
                SEED = [{"name": n, "weight": w ** 2} for n, w in zip("abc", range(3)) if w]


                @dataclass(frozen=True)
                class Row:
                    name: str
                    weight: int = 0

                    def as_dict(self) -> dict[str, int]:
                        return {self.name: self.weight}


                async def fetch(session, *, limit: int = 10, **kw) -> list[Row]:
                    async with session.begin():
                        return [r async for r in session.stream(limit)]


                def helper(x, /, y=lambda z: z + 1, *args, key=None):
                    match x:
                        case {"kind": "a", **rest} if rest:
                            return rest
                        case [first, *others] | (first, *others):
                            return first
                        case Row(name="n") as row:
                            return row
                        case _:
                            pass
                    if (n := len(args)) > 2:
                        return n
                    try:
                        pass
                    except* ValueError as e:
                        raise RuntimeError("x") from e
                    finally:
                        del x
                    global SEED
                    assert y(1) == 2, "lambda"
                    while False:
                        break
                    else:
                        pass


                def upgrade():
                    op.drop_table("legacy")


                def downgrade():
                    raise NotImplementedError("no way back")
                """;
        MigrationFile f = read(source);
        assertThat(f.revision()).isEqualTo("77");
        assertThat(f.message()).isEqualTo("kitchen sink");
        assertThat(f.operations()).containsExactly(new Operation.DropTable("legacy", Revisions.lineOf(source, "op.drop_table")));
    }

    private static String header(String rest) {
        return "revision = 'x'\n" + rest + "\n\ndef upgrade():\n    pass\n";
    }
}
