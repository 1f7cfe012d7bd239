package io.medic.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/** The kubelet's HTTP GET and TCP socket probes (a fresh connection each time, 2xx and 3xx succeed). */
final class Probes {

    /** A probe's outcome and, when it failed, why (the message of the kubelet's "Unhealthy" event). */
    record Result(boolean success, String failure) {
        static final Result OK = new Result(true, null);
    }

    private Probes() {
    }

    static boolean supported(Probe probe) {
        return probe != null && (probe.getHttpGet() != null || probe.getTcpSocket() != null);
    }

    static Duration initialDelay(Probe probe) {
        return Duration.ofSeconds(probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds());
    }

    static Duration period(Probe probe) {
        return Duration.ofSeconds(probe.getPeriodSeconds() == null || probe.getPeriodSeconds() < 1 ? 10 : probe.getPeriodSeconds());
    }

    static int successThreshold(Probe probe) {
        return probe.getSuccessThreshold() == null || probe.getSuccessThreshold() < 1 ? 1 : probe.getSuccessThreshold();
    }

    static int failureThreshold(Probe probe) {
        return probe.getFailureThreshold() == null || probe.getFailureThreshold() < 1 ? 3 : probe.getFailureThreshold();
    }

    static Result run(Probe probe, Container container, String podIp) {
        int timeoutMs = (probe.getTimeoutSeconds() == null || probe.getTimeoutSeconds() < 1 ? 1 : probe.getTimeoutSeconds()) * 1000;
        try {
            if (probe.getHttpGet() != null) {
                return httpGet(probe.getHttpGet(), container, podIp, timeoutMs);
            }
            String host = probe.getTcpSocket().getHost() == null ? podIp : probe.getTcpSocket().getHost();
            int port = port(probe.getTcpSocket().getPort(), container);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), timeoutMs);
            }
            return Result.OK;
        } catch (IOException | IllegalArgumentException e) {
            return new Result(false, e.getMessage());
        }
    }

    private static Result httpGet(HTTPGetAction get, Container container, String podIp, int timeoutMs) throws IOException {
        String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase();
        String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
        String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
        URI uri = URI.create(scheme + "://" + host + ":" + port(get.getPort(), container) + (path.startsWith("/") ? path : "/" + path));
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            connection.setConnectTimeout(timeoutMs);
            connection.setReadTimeout(timeoutMs);
            connection.setRequestProperty("User-Agent", "kube-probe/1.33");
            connection.setRequestProperty("Connection", "close");
            if (get.getHttpHeaders() != null) {
                get.getHttpHeaders().forEach(h -> connection.setRequestProperty(h.getName(), h.getValue()));
            }
            int code = connection.getResponseCode();
            if (code >= 200 && code < 400) {
                return Result.OK;
            }
            return new Result(false, "HTTP probe failed with statuscode: " + code);
        } finally {
            connection.disconnect();
        }
    }

    /** A port number, or the name of one of the container's ports. */
    static int port(IntOrString port, Container container) {
        if (port == null) {
            throw new IllegalArgumentException("probe without a port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (container.getPorts() != null) {
            for (ContainerPort p : container.getPorts()) {
                if (name.equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port \"" + name + "\" is not a port of container " + container.getName());
        }
    }
}
