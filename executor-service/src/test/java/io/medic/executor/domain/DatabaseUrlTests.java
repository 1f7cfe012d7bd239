package io.medic.executor.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTests {

    @Test
    void theScratchCopyIsTheSameUrlNamingAnotherDatabase() {
        DatabaseUrl live = DatabaseUrl.parse("postgresql+psycopg2://app:p%40ss%2Fw@db.internal:6432/basketball?sslmode=require");
        DatabaseUrl scratch = live.withDatabase("medic_rehearsal_0123456789abcdef");

        assertThat(scratch.reveal()).isEqualTo(
                "postgresql+psycopg2://app:p%40ss%2Fw@db.internal:6432/medic_rehearsal_0123456789abcdef?sslmode=require");
        assertThat(scratch.target().database()).isEqualTo("medic_rehearsal_0123456789abcdef");
        assertThat(scratch.target().password()).isEqualTo(live.target().password());
    }

    @Test
    void itIsShownWithoutItsPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:hunter2@db:5432/app");
        assertThat(url.toString()).isEqualTo("postgresql://app:***@db:5432/app").doesNotContain("hunter2");
        assertThat(url.secrets()).contains("hunter2", "postgresql://app:hunter2@db:5432/app");
    }

    @Test
    void onlyTheExecutorsOwnNamesCanBeSwappedIn() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app@db/app");
        assertThatThrownBy(() -> url.withDatabase("x; DROP")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ScratchDatabase.isScratchName(ScratchDatabase.nameFor("plan-1"))).isTrue();
        assertThat(ScratchDatabase.isScratchName("app")).isFalse();
        assertThat(LockKey.of("app", "public")).isEqualTo(LockKey.of("app", "public")).isNotEqualTo(LockKey.of("app", "tenant"));
    }
}
