package io.medic.executor.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CapturedOutputTests {

    @Test
    void theKnownSecretsAndAnythingThatLooksLikeOneAreMasked() {
        String raw = "connecting to postgresql+psycopg2://app:hunter2-x@db:5432/app\n"
                + "sqlalchemy.exc.OperationalError: password authentication failed; password=hunter2-x\n"
                + "also a token=abc123 and the bare hunter2-x";
        String out = CapturedOutput.of(raw, 10_000, List.of("postgresql+psycopg2://app:hunter2-x@db:5432/app", "hunter2-x"));
        assertThat(out).doesNotContain("hunter2-x").doesNotContain("abc123").contains("OperationalError", "***");
    }

    @Test
    void longOutputKeepsItsEndWhereTheErrorIs() {
        String raw = "x".repeat(100_000) + "\nDuplicateColumn: column \"custom_notes\" already exists";
        String out = CapturedOutput.of(raw, 1000, List.of());
        assertThat(out).startsWith("[... ").contains("bytes cut").endsWith("already exists");
        assertThat(out.length()).isLessThan(1100);
    }

    @Test
    void cuttingNeverSplitsACharacter() {
        String out = CapturedOutput.tail("é".repeat(10), 5);
        assertThat(out).endsWith("éé");
    }
}
