package io.kopf4j.internal.admission;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A TLS context that delegates to a replaceable one: the JDK's HTTPS server takes its context once, before it
 * starts, so renewed certificates are swapped in here, and every new connection uses the newest context. Not API.
 */
final class ReloadableSslContext extends SSLContext {
    private final Delegating spi;

    private ReloadableSslContext(Delegating spi, SSLContext initial) {
        super(spi, initial.getProvider(), initial.getProtocol());
        this.spi = spi;
    }

    static ReloadableSslContext of(SSLContext initial) {
        Objects.requireNonNull(initial, "initial");
        return new ReloadableSslContext(new Delegating(initial), initial);
    }

    /** New connections use this context from now on. */
    void replace(SSLContext context) {
        spi.current = Objects.requireNonNull(context, "context");
    }

    /** The context in use now. */
    SSLContext current() {
        return spi.current;
    }

    private static final class Delegating extends SSLContextSpi {
        private volatile SSLContext current;

        Delegating(SSLContext current) {
            this.current = current;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
            throw new UnsupportedOperationException("A reloadable context is initialised by its delegates");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return current.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return current.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return current.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return current.createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return current.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return current.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return current.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return current.getSupportedSSLParameters();
        }
    }
}
