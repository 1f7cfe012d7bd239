package io.medic.doctor.migration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 17, item 2: Alembic imports the whole revision file, so a syntax error anywhere in it (downgrade(),
 * a helper, a class, module level) or an input CPython's compiler refuses (nesting too deep, an expression
 * too long) fails the whole directory. Real CPython is the judge: whatever it refuses, the reader refuses
 * with the file and a line.
 */
class WholeModuleTests {

    private static final String HEADER = "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '025'\n"
            + "down_revision = '024'\n\ndef upgrade():\n    op.add_column('t', sa.Column('c', sa.Text()))\n\n";

    @TempDir
    Path temp;

    @Test
    void everythingCPythonRefusesIsRefusedWithFileAndLine() throws IOException {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("downgrade", "def downgrade():\n    x = = 1\n");
        refused.put("helper", "def _helper(rows):\n    return [r for r in rows if]\n\ndef downgrade():\n    pass\n");
        refused.put("module", "def downgrade():\n    pass\n\nVERSION = 1 2\n");
        refused.put("class", "class Helper:\n    def f(self) return 1\n\ndef downgrade():\n    pass\n");
        refused.put("nested-def", "def downgrade():\n    def inner():\n        return )\n    inner()\n");
        refused.put("parentheses", "def downgrade():\n    x = " + "(".repeat(201) + "1" + ")".repeat(201) + "\n");
        refused.put("long-sum", "def downgrade():\n    x = " + "1 + ".repeat(3000) + "1\n");
        refused.put("long-product", "LIMIT = " + "2 * ".repeat(5000) + "1\n\ndef downgrade():\n    pass\n");
        refused.put("attributes", "def downgrade():\n    x = a" + ".b".repeat(3000) + "\n");
        refused.put("calls", "def downgrade():\n    x = a" + "()".repeat(3000) + "\n");
        refused.put("assign-to-call", "def downgrade():\n    op.f('x') = 1\n");
        refused.put("assign-to-literal", "def downgrade():\n    x, 'y' = 1, 2\n");
        refused.put("augmented-tuple", "def downgrade():\n    a, b += 1\n");
        refused.put("keyword-order", "def downgrade():\n    op.drop_column(table_name='t', 'c')\n");
        refused.put("unpacking-order", "def downgrade():\n    f(**kw, *args)\n");
        Map<String, String> accepted = new LinkedHashMap<>();
        accepted.put("ok-downgrade", "def downgrade():\n    op.drop_column('t', 'c')\n");
        accepted.put("ok-sum", "def downgrade():\n    x = " + "1 + ".repeat(1000) + "1\n");
        accepted.put("ok-targets", "def downgrade():\n    a, *b = [1, 2]\n    (c) = d.e[0] = 3\n    [f, (g, h)] = 1, (2, 3)\n");
        accepted.put("ok-arguments", "def downgrade():\n    f(1, *a, k=2, *b, **c, m=3)\n");
        accepted.put("ok-parentheses", "def downgrade():\n    x = " + "(".repeat(60) + "1" + ")".repeat(60) + "\n");

        Map<String, Path> files = new LinkedHashMap<>();
        for (var e : concat(refused, accepted).entrySet()) {
            files.put(e.getKey(), Files.writeString(temp.resolve(e.getKey().replace('-', '_') + ".py"), HEADER + e.getValue()));
        }
        Map<String, String> cpython = RealAlembic.compileWithCPython(temp, files);
        for (String name : refused.keySet()) {
            assertThat(cpython.get(name)).as("CPython on " + name).isNotEqualTo("ok");
            try {
                MigrationReader.read(files.get(name));
                fail(name + ": CPython refuses it (" + cpython.get(name) + ") but the reader read it");
            } catch (MigrationParseException e) {
                assertThat(e.getMessage()).as(name).startsWith(files.get(name) + ":").doesNotContain("Exception");
                assertThat(e.line()).as(name + ": " + e.getMessage()).isGreaterThan(9);
            }
        }
        for (String name : accepted.keySet()) {
            assertThat(cpython.get(name)).as("CPython on " + name).isEqualTo("ok");
            try {
                assertThat(MigrationReader.read(files.get(name)).revision()).isEqualTo("025");
            } catch (MigrationParseException e) {
                fail(name + ": CPython compiles it but the reader refuses it: " + e.getMessage());
            }
        }
    }

    @Test
    void aRelativeImportIsRefusedBecauseAlembicLoadsRevisionsOutsideAnyPackage() throws IOException {
        // CPython compiles it; importing it as Alembic does fails: "attempted relative import with no known parent package"
        Path file = Files.writeString(temp.resolve("relative.py"), "from .models import Player\n" + HEADER);
        try {
            MigrationReader.read(file);
            fail("read a revision file with a relative import");
        } catch (MigrationParseException e) {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.reason()).startsWith("a relative import: Alembic loads revision files outside any package");
        }
    }

    private static Map<String, String> concat(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new LinkedHashMap<>(a);
        out.putAll(b);
        return out;
    }
}
