package io.kopf4j.internal.admission;

import javax.net.ssl.SSLContext;
import java.util.Objects;

/**
 * How the webhook server speaks TLS: the server's {@link SSLContext} (its certificate and key), whether it asks the
 * API server for a client certificate, and the CA bundle (PEM) that the API server must trust, which goes into the
 * managed configurations' {@code clientConfig.caBundle}. {@link #plain()} is plain HTTP (Kopf's {@code insecure}),
 * for tests and tunnels. Not API.
 *
 * @param context    the server's TLS context, or null for plain HTTP
 * @param clientAuth whether a client certificate is asked for (ignored for plain HTTP)
 * @param caBundle   the CA bundle in PEM for the webhook configurations, or null for none (the API server's
 *                   default trust)
 * @param source     where the context and the bundle come from when they can be renewed (certificate files), or null
 */
public record TlsSetup(SSLContext context, ClientAuth clientAuth, byte[] caBundle, WebhookTls source) {

    /** Whether, and how strictly, the server asks for client certificates (Kopf's {@code verify_mode}). */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** A client certificate is asked for and checked when given, but not required. */
        OPTIONAL,
        /** A valid client certificate is required. */
        REQUIRED
    }

    public TlsSetup {
        Objects.requireNonNull(clientAuth, "clientAuth");
        caBundle = caBundle == null ? null : caBundle.clone();
    }

    /** A setup that is never renewed. */
    public TlsSetup(SSLContext context, ClientAuth clientAuth, byte[] caBundle) {
        this(context, clientAuth, caBundle, null);
    }

    /** The TLS of a webhook server described by the user: its generated or given certificates. */
    public static TlsSetup of(WebhookTls tls) {
        return new TlsSetup(tls.sslContext(), ClientAuth.valueOf(tls.verifyMode().name()), tls.caBundlePem(), tls);
    }

    /** The same setup with a renewed CA bundle. */
    public TlsSetup withCaBundle(byte[] renewed) {
        return new TlsSetup(context, clientAuth, renewed, source);
    }

    /** Plain HTTP, no CA bundle. */
    public static TlsSetup plain() {
        return new TlsSetup(null, ClientAuth.NONE, null);
    }

    /** Whether the server speaks HTTPS. */
    public boolean secure() {
        return context != null;
    }

    @Override
    public byte[] caBundle() {
        return caBundle == null ? null : caBundle.clone();
    }
}
