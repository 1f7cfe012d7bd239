package io.medic.doctor.testing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaDumpTests {

    @Test
    void normalising_keeps_only_the_schema_statements() {
        String dump = String.join("\n",
                "--",
                "-- PostgreSQL database dump",
                "--",
                "\\restrict 42kBx4os3WSW4fgSVjznu7Cea",
                "SET statement_timeout = 0;",
                "SELECT pg_catalog.set_config('search_path', '', false);",
                "",
                "CREATE TABLE public.players (",
                "    id integer NOT NULL,   ",
                "    custom_notes text",
                ");",
                "\\unrestrict 42kBx4os3WSW4fgSVjznu7Cea",
                "");

        assertThat(SchemaDump.normalise(dump)).containsExactly(
                "CREATE TABLE public.players (", "    id integer NOT NULL,", "    custom_notes text", ");");
    }

    @Test
    void the_diff_names_missing_and_extra_lines_in_order() {
        SchemaDump expected = new SchemaDump("head", List.of("CREATE TABLE a (", "x int,", "y int", ");", "CREATE INDEX i ON a;"));
        SchemaDump actual = new SchemaDump("planned", List.of("CREATE TABLE a (", "x int,", "z int", ");"));

        assertThat(actual.diff(expected)).containsExactly("- y int", "+ z int", "- CREATE INDEX i ON a;");
        assertThat(expected.diff(expected)).isEmpty();
    }
}
