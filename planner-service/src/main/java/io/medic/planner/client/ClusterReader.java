package io.medic.planner.client;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.medic.events.SecretKeyRef;
import io.medic.events.WorkloadRef;
import io.medic.planner.domain.WorkloadFacts;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the planner reads from the API server (Fabric8): a workload's annotations, labels and app containers,
 * its namespace's annotations, whether an Argo CD Application owns it, and the Secrets it is told to read —
 * only those named by a workload's {@code medic.io/database-secret} or by the planner's own configuration.
 * A Secret's value is returned to the caller and never logged.
 */
@ApplicationScoped
public class ClusterReader {

    private static final Logger LOG = Logger.getLogger(ClusterReader.class);
    static final ResourceDefinitionContext ARGO_APPLICATION = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io").withVersion("v1alpha1").withKind("Application").withPlural("applications")
            .withNamespaced(true).build();

    private final KubernetesClient client;

    public ClusterReader(KubernetesClient client) {
        this.client = client;
    }

    /** Never throws: a workload that cannot be read gives {@link WorkloadFacts#unknown}, and a log line why. */
    public WorkloadFacts workload(WorkloadRef ref) {
        try {
            HasMetadata object = fetch(ref);
            if (object == null) {
                return WorkloadFacts.unknown(ref);
            }
            PodTemplateSpec template = templateOf(object);
            Map<String, String> annotations = new HashMap<>();
            if (template != null && template.getMetadata() != null && template.getMetadata().getAnnotations() != null) {
                annotations.putAll(template.getMetadata().getAnnotations());
            }
            if (object.getMetadata().getAnnotations() != null) {
                annotations.putAll(object.getMetadata().getAnnotations());
            }
            Map<String, String> labels = object.getMetadata().getLabels() == null ? Map.of()
                    : object.getMetadata().getLabels();
            List<WorkloadFacts.Container> containers = new ArrayList<>();
            if (template != null && template.getSpec() != null && template.getSpec().getContainers() != null) {
                for (Container c : template.getSpec().getContainers()) {
                    List<Integer> ports = c.getPorts() == null ? List.of() : c.getPorts().stream()
                            .map(ContainerPort::getContainerPort).filter(p -> p != null).toList();
                    containers.add(new WorkloadFacts.Container(c.getName(), c.getImage(), ports));
                }
            }
            return new WorkloadFacts(ref, true, annotations, labels, namespaceAnnotations(ref.namespace()), containers);
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot read %s %s (HTTP %d): only the signal's links count", ref.kind(), ref.key(), e.getCode());
            return WorkloadFacts.unknown(ref);
        }
    }

    /** The namespace's annotations; empty when it cannot be read. */
    Map<String, String> namespaceAnnotations(String namespace) {
        try {
            Namespace ns = client.namespaces().withName(namespace).get();
            return ns == null || ns.getMetadata().getAnnotations() == null ? Map.of() : ns.getMetadata().getAnnotations();
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot read namespace %s (HTTP %d)", namespace, e.getCode());
            return Map.of();
        }
    }

    /**
     * The value of one key of a Secret, decoded.
     *
     * @throws SecretUnavailable with a reason that names the Secret and key, never a value
     */
    public String secretValue(String namespace, SecretKeyRef ref) throws SecretUnavailable {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(ref.name()).get();
        } catch (KubernetesClientException e) {
            throw new SecretUnavailable("Secret " + namespace + "/" + ref.name() + " cannot be read (HTTP " + e.getCode()
                    + ")");
        }
        if (secret == null) {
            throw new SecretUnavailable("Secret " + namespace + "/" + ref.name() + " does not exist");
        }
        String value = decoded(secret).get(ref.key());
        if (value == null || value.isBlank()) {
            throw new SecretUnavailable("Secret " + namespace + "/" + ref.name() + " has no key '" + ref.key() + "'");
        }
        return value.strip();
    }

    /** Every key of a Secret, decoded; empty when it does not exist. Only for Secrets the configuration names. */
    public Map<String, String> secretData(String namespace, String name) throws SecretUnavailable {
        try {
            Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
            return secret == null ? Map.of() : decoded(secret);
        } catch (KubernetesClientException e) {
            throw new SecretUnavailable("Secret " + namespace + "/" + name + " cannot be read (HTTP " + e.getCode() + ")");
        }
    }

    /** The Argo CD Application named {@code name} ({@code namespace/name}), when one exists. */
    public Optional<String> argoApplication(String name) {
        try {
            List<GenericKubernetesResource> apps = client.genericKubernetesResources(ARGO_APPLICATION).inAnyNamespace()
                    .list().getItems();
            return apps.stream().filter(a -> name.equals(a.getMetadata().getName())).findFirst()
                    .map(a -> a.getMetadata().getNamespace() + "/" + a.getMetadata().getName());
        } catch (KubernetesClientException e) {
            // no Argo CD in this cluster (the CRD is not installed), or no right to read it
            LOG.debugf("cannot list Argo CD Applications (HTTP %d)", e.getCode());
            return Optional.empty();
        }
    }

    /** Whether the API server says every replica of the workload is ready (false when it cannot tell). */
    public boolean recovered(WorkloadRef ref) {
        try {
            return switch (fetch(ref)) {
                case Deployment d -> d.getStatus() != null && ready(d.getStatus().getReadyReplicas(),
                        d.getSpec().getReplicas()) && d.getStatus().getUnavailableReplicas() == null;
                case StatefulSet s -> s.getStatus() != null && ready(s.getStatus().getReadyReplicas(),
                        s.getSpec().getReplicas());
                case ReplicaSet r -> r.getStatus() != null && ready(r.getStatus().getReadyReplicas(),
                        r.getSpec().getReplicas());
                case DaemonSet d -> d.getStatus() != null && d.getStatus().getDesiredNumberScheduled() != null
                        && ready(d.getStatus().getNumberReady(), d.getStatus().getDesiredNumberScheduled());
                case null, default -> false;
            };
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    private static boolean ready(Integer ready, Integer wanted) {
        int want = wanted == null ? 1 : wanted;
        return want > 0 && ready != null && ready >= want;
    }

    private HasMetadata fetch(WorkloadRef ref) {
        String ns = ref.namespace();
        String name = ref.name();
        return switch (ref.kind()) {
            case "Deployment" -> client.apps().deployments().inNamespace(ns).withName(name).get();
            case "StatefulSet" -> client.apps().statefulSets().inNamespace(ns).withName(name).get();
            case "DaemonSet" -> client.apps().daemonSets().inNamespace(ns).withName(name).get();
            case "ReplicaSet" -> client.apps().replicaSets().inNamespace(ns).withName(name).get();
            case "Job" -> client.batch().v1().jobs().inNamespace(ns).withName(name).get();
            case "CronJob" -> client.batch().v1().cronjobs().inNamespace(ns).withName(name).get();
            case "Pod" -> client.pods().inNamespace(ns).withName(name).get();
            default -> null;
        };
    }

    private static PodTemplateSpec templateOf(HasMetadata object) {
        return switch (object) {
            case Deployment d -> d.getSpec() == null ? null : d.getSpec().getTemplate();
            case StatefulSet s -> s.getSpec() == null ? null : s.getSpec().getTemplate();
            case DaemonSet d -> d.getSpec() == null ? null : d.getSpec().getTemplate();
            case ReplicaSet r -> r.getSpec() == null ? null : r.getSpec().getTemplate();
            case Job j -> j.getSpec() == null ? null : j.getSpec().getTemplate();
            case CronJob c -> c.getSpec() == null || c.getSpec().getJobTemplate() == null
                    || c.getSpec().getJobTemplate().getSpec() == null ? null
                    : c.getSpec().getJobTemplate().getSpec().getTemplate();
            case io.fabric8.kubernetes.api.model.Pod p -> new PodTemplateSpec(p.getMetadata(), p.getSpec());
            default -> null;
        };
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new HashMap<>();
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> {
                if (v != null) {
                    values.put(k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8));
                }
            });
        }
        return values;
    }

    /** A Secret the planner was told to read is absent or unreadable; the message names it, never its value. */
    public static final class SecretUnavailable extends Exception {
        public SecretUnavailable(String message) {
            super(message);
        }
    }
}
