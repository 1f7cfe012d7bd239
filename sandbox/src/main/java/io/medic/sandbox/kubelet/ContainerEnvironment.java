package io.medic.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: the image's ENV, {@code HOSTNAME}, then {@code envFrom}
 * (ConfigMaps and Secrets, in order, with their prefix), then {@code env} (literal values with {@code $(VAR)}
 * expansion, {@code secretKeyRef}, {@code configMapKeyRef}, {@code fieldRef}, {@code resourceFieldRef}); a
 * later source overrides an earlier one. Secrets and ConfigMaps are read from the API server.
 */
final class ContainerEnvironment {

    /** A reference that cannot be resolved: the container waits in {@code CreateContainerConfigError}. */
    static final class ConfigError extends Exception {
        ConfigError(String message) {
            super(message);
        }
    }

    private static final Pattern LABEL_OR_ANNOTATION = Pattern.compile("metadata\\.(labels|annotations)\\['([^']+)'\\]");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private ContainerEnvironment() {
    }

    static Map<String, String> build(KubernetesClient client, Pod pod, Container container, Image image, String podIp, String hostIp)
            throws ConfigError {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>(image.env());
        env.put("HOSTNAME", pod.getMetadata().getName());
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                Map<String, String> values;
                if (from.getConfigMapRef() != null) {
                    values = configMap(client, namespace, from.getConfigMapRef().getName(), Boolean.TRUE.equals(from.getConfigMapRef().getOptional()));
                } else if (from.getSecretRef() != null) {
                    values = secret(client, namespace, from.getSecretRef().getName(), Boolean.TRUE.equals(from.getSecretRef().getOptional()));
                } else {
                    continue;
                }
                values.forEach((k, v) -> {
                    if (ENV_NAME.matcher(prefix + k).matches()) {
                        env.put(prefix + k, v);
                    }
                });
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar var : container.getEnv()) {
                String value = value(client, pod, container, var, env, podIp, hostIp);
                if (value != null) {
                    env.put(var.getName(), value);
                }
            }
        }
        return env;
    }

    private static String value(KubernetesClient client, Pod pod, Container container, EnvVar var, Map<String, String> env,
                                String podIp, String hostIp) throws ConfigError {
        EnvVarSource from = var.getValueFrom();
        if (from == null) {
            return CommandLine.expand(var.getValue() == null ? "" : var.getValue(), env);
        }
        String namespace = pod.getMetadata().getNamespace();
        if (from.getSecretKeyRef() != null) {
            SecretKeySelector ref = from.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Map<String, String> data = secret(client, namespace, ref.getName(), optional);
            String value = data.get(ref.getKey());
            if (value == null && !optional) {
                throw new ConfigError("couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
            }
            return value;
        }
        if (from.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = from.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            String value = configMap(client, namespace, ref.getName(), optional).get(ref.getKey());
            if (value == null && !optional) {
                throw new ConfigError("couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
            }
            return value;
        }
        if (from.getFieldRef() != null) {
            return field(pod, from.getFieldRef(), podIp, hostIp);
        }
        if (from.getResourceFieldRef() != null) {
            return resource(container, from.getResourceFieldRef());
        }
        return null;
    }

    private static String field(Pod pod, ObjectFieldSelector ref, String podIp, String hostIp) throws ConfigError {
        String path = ref.getFieldPath();
        switch (path) {
            case "metadata.name":
                return pod.getMetadata().getName();
            case "metadata.namespace":
                return pod.getMetadata().getNamespace();
            case "metadata.uid":
                return pod.getMetadata().getUid();
            case "spec.nodeName":
                return pod.getSpec().getNodeName();
            case "spec.serviceAccountName":
                return pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
            case "status.podIP":
            case "status.podIPs":
                return podIp;
            case "status.hostIP":
            case "status.hostIPs":
                return hostIp;
            default:
                Matcher m = LABEL_OR_ANNOTATION.matcher(path);
                if (m.matches()) {
                    Map<String, String> map = m.group(1).equals("labels") ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
                    return map == null ? "" : map.getOrDefault(m.group(2), "");
                }
                throw new ConfigError("unsupported fieldPath: " + path);
        }
    }

    /** limits.cpu / requests.memory ...: the container's own value, else the node's (this machine's) capacity. */
    private static String resource(Container container, ResourceFieldSelector ref) {
        String[] parts = ref.getResource().split("\\.", 2);
        Map<String, Quantity> values = container.getResources() == null ? null
                : parts[0].equals("limits") ? container.getResources().getLimits() : container.getResources().getRequests();
        Quantity q = values == null ? null : values.get(parts.length > 1 ? parts[1] : "");
        if (q != null) {
            java.math.BigDecimal amount = q.getNumericalAmount();
            if (ref.getDivisor() != null) {
                amount = amount.divide(ref.getDivisor().getNumericalAmount(), 0, java.math.RoundingMode.CEILING);
            } else if (parts.length > 1 && parts[1].equals("cpu")) {
                amount = amount.setScale(0, java.math.RoundingMode.CEILING);
            }
            return amount.toPlainString();
        }
        return parts.length > 1 && parts[1].contains("cpu") ? Integer.toString(Runtime.getRuntime().availableProcessors())
                : Long.toString(memoryBytes());
    }

    private static long memoryBytes() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
            return bean.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static Map<String, String> secret(KubernetesClient client, String namespace, String name, boolean optional) throws ConfigError {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            if (optional) {
                return Map.of();
            }
            throw new ConfigError("secret \"" + name + "\" not found");
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }

    private static Map<String, String> configMap(KubernetesClient client, String namespace, String name, boolean optional) throws ConfigError {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        if (map == null) {
            if (optional) {
                return Map.of();
            }
            throw new ConfigError("configmap \"" + name + "\" not found");
        }
        return map.getData() == null ? Map.of() : new LinkedHashMap<>(map.getData());
    }
}
