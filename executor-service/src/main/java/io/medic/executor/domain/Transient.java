package io.medic.executor.domain;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.http.HttpConnectTimeoutException;

/**
 * Errors worth another try because nothing reached the other side: a refused connection, no route, a connect
 * timeout (Netty's ConnectTimeoutException is a ConnectException). A failed query, a migration error or an
 * HTTP answer is never transient here: it was sent, and a retry could apply it twice.
 */
public final class Transient {

    private Transient() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof HttpConnectTimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
