package io.medic.planner.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationSourceRefTests {

    @Test
    void readsEachFormOfTheAnnotation() {
        assertThat(MigrationSourceRef.parse("dir:/app/alembic/versions"))
                .isEqualTo(new MigrationSourceRef.Dir("/app/alembic/versions"));
        assertThat(MigrationSourceRef.parse("/app/alembic/versions"))
                .isEqualTo(new MigrationSourceRef.Dir("/app/alembic/versions"));
        assertThat(MigrationSourceRef.parse("git:https://forge.example/team/api.git#db/versions/"))
                .isEqualTo(new MigrationSourceRef.Git("https://forge.example/team/api.git", "db/versions"));
        assertThat(MigrationSourceRef.parse("git:file:///srv/api.git"))
                .isEqualTo(new MigrationSourceRef.Git("file:///srv/api.git", "alembic/versions"));
        assertThat(MigrationSourceRef.parse("forge:forgejo_admin/basketball-api#alembic/versions"))
                .isEqualTo(new MigrationSourceRef.Forge("forgejo_admin", "basketball-api", "alembic/versions"));
    }

    @Test
    void neverShowsTheCredentialsOfACloneUrl() {
        MigrationSourceRef ref = MigrationSourceRef.parse("git:https://bot:ghp_s3cret@forge.example/api.git#v");
        assertThat(ref.display()).isEqualTo("git:https://***@forge.example/api.git#v").doesNotContain("s3cret");
        assertThatThrownBy(() -> MigrationSourceRef.parse("https://bot:ghp_s3cret@forge.example/api.git"))
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void refusesWhatIsNotASource() {
        assertThatThrownBy(() -> MigrationSourceRef.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> MigrationSourceRef.parse("svn:x")).hasMessageContaining("dir:<path>");
        assertThatThrownBy(() -> MigrationSourceRef.parse("forge:justarepo")).hasMessageContaining("<owner>/<repo>");
        assertThatThrownBy(() -> MigrationSourceRef.parse("git:x.git#../../etc")).hasMessageContaining("inside");
    }
}
