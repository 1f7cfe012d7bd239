package io.medic.executor.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlembicLogTests {

    @Test
    void readsTheRevisionsAnUpgradeRanFromAlembicsOwnLog() {
        String log = """
                INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.
                INFO  [alembic.runtime.migration] Will assume transactional DDL.
                INFO  [alembic.runtime.migration] Running upgrade  -> 001, create teams
                INFO  [alembic.runtime.migration] Running upgrade 018 -> 019, player_teams junction table
                INFO  [alembic.runtime.migration] Running upgrade 020, 021 -> 022, merge heads
                """;
        assertThat(AlembicLog.upgradesRun(log)).containsExactly("001", "019", "022");
        assertThat(AlembicLog.upgradesRun("")).isEmpty();
    }
}
