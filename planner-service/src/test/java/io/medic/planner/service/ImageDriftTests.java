package io.medic.planner.service;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.medic.doctor.testing.AlembicProject;
import io.medic.doctor.testing.FixtureForm;
import io.medic.events.Blocker;
import io.medic.events.Plan;
import io.medic.events.Risk;
import io.medic.events.Step;
import io.medic.events.Verdict;
import io.medic.planner.GitFixture;
import io.medic.planner.PlannerScenario;
import io.medic.testsupport.ThrowawayDatabase;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's old image (migrations up to 017) crashes with "Can't locate revision identified by '018'": the
 * database is ahead of it. The planner reads the version table, walks the git repository the test made (JGit,
 * a local bare cache, no work tree) newest first, and proposes rolling forward to the image of the commit that
 * has 018 — HIGH, never approved automatically. No commit knows the revision, or Argo CD owns the workload: a
 * plan that says so, without executable steps.
 */
@QuarkusTest
class ImageDriftTests extends PlannerScenario {

    @TempDir
    static Path temp;
    static GitFixture git;
    static ThrowawayDatabase at018;
    static ThrowawayDatabase unknownRow;

    @BeforeAll
    static void repositoryAndDatabases() {
        git = GitFixture.create(temp);
        at018 = new ThrowawayDatabase("planner-drift-018").open();
        AlembicProject.copyOf(FixtureForm.BRANCHED, temp, at018).upgrade("018");
        unknownRow = new ThrowawayDatabase("planner-drift-unknown").open();
        unknownRow.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
                "INSERT INTO alembic_version VALUES ('f00dcafe')");
    }

    @AfterAll
    static void drop() {
        at018.close();
        unknownRow.close();
    }

    private String oldImage() {
        return IMAGE_REPO + ":" + GitFixture.short7(git.old);
    }

    private Plan driftPlan(ThrowawayDatabase db) {
        databaseSecret(db.url());
        String incident = newIncident();
        publish(signal(incident, 1, "alembic.unknown-revision", oldImage(), "git:" + git.url() + "#alembic/versions"));
        return awaitPlan(incident);
    }

    @Test
    void theOldImagesSignalBecomesAHighRollForwardToTheCommitThatHas018() {
        deployment(Map.of());
        Plan plan = driftPlan(at018);

        assertThat(plan.diagnoser()).isEqualTo("image-drift");
        assertThat(plan.risk()).isEqualTo(Risk.HIGH);
        assertThat(plan.verdict()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(plan.steps()).containsExactly(new Step.RollForwardImage(workload(), "api", oldImage(),
                IMAGE_REPO + ":" + GitFixture.short7(git.current)));
        assertThat(plan.diagnosis().versionRows()).containsExactly("018");
        assertThat(plan.diagnosis().heads()).containsExactly("017");
        assertThat(plan.diagnosis().reasoning()).anySatisfy(r -> assertThat(r)
                .contains(GitFixture.short7(git.current), "newest commit", "018"));
        assertThat(plan.summary()).contains("never approved automatically");
        assertThat(decisionsOf(plan.id())).as("HIGH is never approved automatically").isEmpty();
    }

    @Test
    void anImageTemplateNamesTheImageOfTheCommit() {
        deployment(Map.of("medic.io/image-template", "registry.local/team/basketball-api:main-{commit7}"));
        databaseSecret(at018.url());
        String incident = newIncident();
        String old = "registry.local/team/basketball-api:main-" + GitFixture.short7(git.old);
        publish(signal(incident, 1, "alembic.unknown-revision", old, "git:" + git.url() + "#alembic/versions"));
        Plan plan = awaitPlan(incident);
        assertThat(plan.steps()).containsExactly(new Step.RollForwardImage(workload(), "api", old,
                "registry.local/team/basketball-api:main-" + GitFixture.short7(git.current)));
    }

    @Test
    void whenNoCommitKnowsTheRevisionThePlanSaysSoAndHasNoSteps() {
        deployment(Map.of());
        Plan plan = driftPlan(unknownRow);

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.risk()).isEqualTo(Risk.NONE);
        assertThat(plan.verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(plan.diagnosis().blockers()).singleElement().isInstanceOfSatisfying(
                Blocker.NoImageKnowsRevisions.class, b -> assertThat(b.revisions()).containsExactly("f00dcafe"));
    }

    @Test
    void aWorkloadWithAnArgoCdTrackingIdIsNotRolledForwardInTheCluster() {
        deployment(Map.of("argocd.argoproj.io/tracking-id", "basketball:apps/Deployment:" + namespace + "/basketball-api"));
        Plan plan = driftPlan(at018);

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.diagnosis().blockers()).singleElement().isInstanceOfSatisfying(Blocker.ManagedByGitOps.class,
                b -> assertThat(b.application()).isEqualTo("basketball"));
        assertThat(decisionsOf(plan.id())).isEmpty();
    }

    @Test
    void aWorkloadArgoCdManagesIsNotRolledForwardInTheCluster() {
        deployment(Map.of(), Map.of("app.kubernetes.io/instance", "basketball-" + namespace));
        if (cluster.namespaces().withName("argocd").get() == null) {
            cluster.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("argocd").endMetadata()
                    .build()).create();
        }
        cluster.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
                        .withVersion("v1alpha1").withKind("Application").withPlural("applications").withNamespaced(true)
                        .build())
                .inNamespace("argocd").resource(new GenericKubernetesResourceBuilder().withApiVersion("argoproj.io/v1alpha1")
                        .withKind("Application").withNewMetadata().withName("basketball-" + namespace)
                        .withNamespace("argocd").endMetadata().build()).create();
        Plan plan = driftPlan(at018);

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.diagnosis().blockers()).singleElement().isInstanceOfSatisfying(Blocker.ManagedByGitOps.class,
                b -> assertThat(b.application()).isEqualTo("argocd/basketball-" + namespace));
        assertThat(plan.summary()).contains(IMAGE_REPO + ":" + GitFixture.short7(git.current));
    }
}
