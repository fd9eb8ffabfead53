package io.kopf4j;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The client certificate the API server presented to the webhook server over HTTPS, for authenticating it in a
 * handler; empty over plain HTTP or when the client sent no certificate. Injected into {@link On.Validate} and
 * {@link On.Mutate} handlers. Kopf: {@code sslpeer}.
 */
public interface SslPeer {
    /**
     * The client's certificate chain, its own certificate first.
     *
     * @return an immutable list, empty when there is no client certificate
     */
    List<X509Certificate> certificates();

    /**
     * The client's own certificate.
     *
     * @return the certificate, or empty when there is none
     */
    default Optional<X509Certificate> certificate() {
        return certificates().stream().findFirst();
    }

    /**
     * The subject of the client's certificate as an RFC 2253 name, e.g. {@code CN=kube-apiserver,O=system}.
     *
     * @return the subject, or empty when there is no client certificate
     */
    default Optional<String> subject() {
        return certificate().map(c -> c.getSubjectX500Principal().getName());
    }
}
