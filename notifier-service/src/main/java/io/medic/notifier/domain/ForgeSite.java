package io.medic.notifier.domain;

import java.net.URI;

/** A configured forge as issue references see it: its name, its kind and the web address of its pages. */
public record ForgeSite(String name, ForgeKind kind, URI webUrl) {

    /** True when {@code url} is a page of this forge (same scheme, host, port and path prefix). */
    boolean serves(URI url) {
        if (webUrl == null || url.getHost() == null) {
            return false;
        }
        String prefix = webUrl.getPath() == null ? "" : webUrl.getPath().replaceAll("/+$", "");
        return url.getScheme().equalsIgnoreCase(webUrl.getScheme()) && url.getHost().equalsIgnoreCase(webUrl.getHost())
                && port(url) == port(webUrl) && url.getPath().startsWith(prefix + "/");
    }

    int prefixLength() {
        return webUrl == null || webUrl.getPath() == null ? 0 : webUrl.getPath().length();
    }

    String pathAfterPrefix(URI url) {
        String prefix = webUrl.getPath() == null ? "" : webUrl.getPath().replaceAll("/+$", "");
        return url.getPath().substring(prefix.length());
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
