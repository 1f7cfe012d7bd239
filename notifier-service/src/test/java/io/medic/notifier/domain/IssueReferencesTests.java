package io.medic.notifier.domain;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IssueReferencesTests {

    private final IssueReferences references = new IssueReferences(List.of(
            new ForgeSite("forgejo", ForgeKind.FORGEJO, URI.create("https://git.example.org")),
            new ForgeSite("gitea-sub", ForgeKind.GITEA, URI.create("https://tools.example.org/gitea")),
            new ForgeSite("github", ForgeKind.GITHUB, URI.create("https://github.com"))), "forgejo");

    @Test
    void readsShortNamedAndUrlReferences() {
        assertThat(references.parse("forgejo_admin/basketball-api#183").issue())
                .isEqualTo(new IssueRef("forgejo", "forgejo_admin", "basketball-api", 183));
        assertThat(references.parse("github:medic-io/medic#7").issue())
                .isEqualTo(new IssueRef("github", "medic-io", "medic", 7));
        assertThat(references.parse("https://github.com/medic-io/medic/issues/7").issue())
                .isEqualTo(new IssueRef("github", "medic-io", "medic", 7));
        assertThat(references.parse("https://tools.example.org/gitea/team/app/issues/12/").issue())
                .isEqualTo(new IssueRef("gitea-sub", "team", "app", 12));
        assertThat(references.parse(" https://git.example.org/forgejo_admin/basketball-api/issues/183 ").issue())
                .isEqualTo(new IssueRef("forgejo", "forgejo_admin", "basketball-api", 183));
    }

    @Test
    void explainsWhatItCannotRead() {
        assertThat(references.parse("basketball-api").problem()).contains("not an issue reference");
        assertThat(references.parse("gitlab:a/b#1").problem()).contains("no forge named 'gitlab'");
        assertThat(references.parse("https://elsewhere.example/a/b/issues/1").problem()).contains("not a configured forge");
        assertThat(references.parse("https://github.com/a/b/pull/1").problem()).contains("not an issue's page");
        assertThat(references.parse("a/b#0").valid()).isFalse();
        assertThat(new IssueReferences(List.of(), null).parse("a/b#1").problem()).contains("no default forge");
    }
}
