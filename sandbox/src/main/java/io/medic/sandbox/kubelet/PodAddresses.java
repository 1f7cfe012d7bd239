package io.medic.sandbox.kubelet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pod IPs: each pod gets a loopback address of its own (Linux routes all of 127.0.0.0/8 to {@code lo}),
 * so every pod can bind its podIP and containerPort without clashing with another pod, and a health check
 * reaches {@code http://podIP:port/path} as it would in a cluster. Addresses are {@code 127.S.x.y}, S
 * chosen from the process id (so that sandboxes of different JVMs rarely share a range), x.y counting
 * up and never reused within a JVM; an address whose ports are taken is skipped.
 */
final class PodAddresses {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final int SECOND_OCTET = 10 + (int) (ProcessHandle.current().pid() % 240);

    private PodAddresses() {
    }

    /** A fresh address whose {@code ports} are free. */
    static String allocate(Collection<Integer> ports) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int n = NEXT.getAndIncrement() % (254 * 256);
            String ip = "127." + SECOND_OCTET + "." + (n / 254) + "." + (n % 254 + 1);
            if (free(ip, ports)) {
                return ip;
            }
        }
        throw new IllegalStateException("no free loopback address for ports " + ports);
    }

    private static boolean free(String ip, Collection<Integer> ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(address(ip), port));
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress address(String ip) throws UnknownHostException {
        return InetAddress.getByName(ip);
    }
}
