package io.kopf4j.internal.admission;

import io.kopf4j.SslPeer;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The {@link SslPeer} injectable: the client certificate chain the API server presented, empty over plain HTTP or
 * without a client certificate. Not API.
 *
 * @param certificates the chain, the client's own certificate first
 */
record RealSslPeer(List<X509Certificate> certificates) implements SslPeer {
    private static final RealSslPeer NONE = new RealSslPeer(List.of());

    RealSslPeer {
        certificates = List.copyOf(certificates);
    }

    static RealSslPeer none() {
        return NONE;
    }
}
