package io.medic.executor.client.migration;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeDevice;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.medic.events.SecretKeyRef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the Job that runs {@code alembic upgrade <target>} from the container the plan names, as the pod
 * would run it: the same image, env, envFrom, volume mounts (and the volumes they mount), working directory,
 * resources and security context; the pod's service account, security context, image pull secrets, node
 * selector and tolerations. Not copied: probes (a liveness probe would kill the migration), ports, lifecycle
 * hooks, the pod's labels (a Service selecting them would send traffic to it) and annotations. The command
 * is replaced by the upgrade; {@code backoffLimit: 0} (a failed migration is never re-run by Kubernetes) and
 * a deadline. Pure: the source is read by {@link JobMigrationRunner}.
 */
public final class MigrationJobs {

    public static final String CONTAINER = "migrate";
    public static final String LABEL_PLAN = "medic.io/plan";
    public static final String LABEL_STEP = "medic.io/step";
    public static final String LABEL_PHASE = "medic.io/phase";
    public static final String ANNOTATION_PLAN_ID = "medic.io/plan-id";

    private MigrationJobs() {
    }

    /** Where the migration runs from: the pod spec holding the container, and the container itself. */
    public record Source(PodSpec pod, Container container, String description) {
    }

    /** The env var that carries the database URL, and the Secret key it should read instead (the rehearsal's). */
    public record UrlOverride(String variable, SecretKeyRef replacement) {
    }

    public static Job build(Source source, String name, String namespace, Map<String, String> labels,
                            Map<String, String> annotations, List<String> command, long deadlineSeconds,
                            Optional<UrlOverride> override) {
        Container from = source.container();
        Container container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(from.getImage())
                .withImagePullPolicy(from.getImagePullPolicy())
                .withCommand(command)
                .withArgs(List.of())
                .withWorkingDir(from.getWorkingDir())
                .withEnv(env(from.getEnv(), override))
                .withEnvFrom(copy(from.getEnvFrom()))
                .withVolumeMounts(copy(from.getVolumeMounts()))
                .withVolumeDevices(copy(from.getVolumeDevices()))
                .withResources(from.getResources())
                .withSecurityContext(from.getSecurityContext())
                .build();
        PodSpec pod = source.pod();
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(deadlineSeconds)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withContainers(container)
                .withServiceAccountName(pod.getServiceAccountName())
                .withAutomountServiceAccountToken(pod.getAutomountServiceAccountToken())
                .withSecurityContext(pod.getSecurityContext())
                .withImagePullSecrets(copy(pod.getImagePullSecrets()))
                .withNodeSelector(pod.getNodeSelector())
                .withTolerations(copy(pod.getTolerations()))
                .withVolumes(volumesMountedBy(pod, from))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The env var of {@code container} that takes its value from the plan's Secret key: through
     * {@code valueFrom.secretKeyRef}, or through {@code envFrom} of that Secret (named prefix + key).
     */
    public static Optional<String> urlVariable(Container container, SecretKeyRef secret) {
        for (EnvVar env : nullSafe(container.getEnv())) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null
                    && secret.name().equals(env.getValueFrom().getSecretKeyRef().getName())
                    && secret.key().equals(env.getValueFrom().getSecretKeyRef().getKey())) {
                return Optional.of(env.getName());
            }
        }
        for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
            if (from.getSecretRef() != null && secret.name().equals(from.getSecretRef().getName())) {
                String variable = (from.getPrefix() == null ? "" : from.getPrefix()) + secret.key();
                boolean shadowed = nullSafe(container.getEnv()).stream().anyMatch(e -> e.getName().equals(variable));
                if (!shadowed && variable.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
                    return Optional.of(variable);
                }
            }
        }
        return Optional.empty();
    }

    private static List<EnvVar> env(List<EnvVar> env, Optional<UrlOverride> override) {
        List<EnvVar> result = new ArrayList<>();
        boolean replaced = false;
        for (EnvVar e : nullSafe(env)) {
            if (override.isPresent() && e.getName().equals(override.get().variable())) {
                result.add(secretVar(override.get()));
                replaced = true;
            } else {
                result.add(new EnvVarBuilder(e).build());
            }
        }
        // a variable that came through envFrom: an explicit env entry takes precedence over it
        if (override.isPresent() && !replaced) {
            result.add(secretVar(override.get()));
        }
        return result;
    }

    private static EnvVar secretVar(UrlOverride override) {
        return new EnvVarBuilder().withName(override.variable()).withNewValueFrom().withNewSecretKeyRef()
                .withName(override.replacement().name()).withKey(override.replacement().key()).endSecretKeyRef()
                .endValueFrom().build();
    }

    private static List<Volume> volumesMountedBy(PodSpec pod, Container container) {
        Set<String> used = new HashSet<>();
        nullSafe(container.getVolumeMounts()).stream().map(VolumeMount::getName).forEach(used::add);
        nullSafe(container.getVolumeDevices()).stream().map(VolumeDevice::getName).forEach(used::add);
        return nullSafe(pod.getVolumes()).stream().filter(v -> used.contains(v.getName())).toList();
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
