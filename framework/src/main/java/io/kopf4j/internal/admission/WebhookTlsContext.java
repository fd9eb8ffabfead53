package io.kopf4j.internal.admission;

import io.kopf4j.WebhookServer.VerifyMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An initialised server {@link SSLContext} whose engines, server sockets and default parameters ask clients for
 * certificates (wanted or needed), so that a server built on the context alone (such as the JDK's
 * {@code HttpsServer} with a plain {@code HttpsConfigurator}) checks client certificates without being told.
 * Everything else is the wrapped context's.
 */
final class WebhookTlsContext extends SSLContext {

    WebhookTlsContext(SSLContext delegate, VerifyMode mode) {
        super(new Spi(delegate, mode), delegate.getProvider(), delegate.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final VerifyMode mode;

        Spi(SSLContext delegate, VerifyMode mode) {
            this.delegate = delegate;
            this.mode = mode;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("The webhook server's SSL context is initialised already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new ServerSockets(delegate.getServerSocketFactory(), mode);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return apply(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return apply(delegate.createSSLEngine(host, port));
        }

        private SSLEngine apply(SSLEngine engine) {
            if (mode == VerifyMode.REQUIRED) {
                engine.setNeedClientAuth(true);
            } else if (mode == VerifyMode.OPTIONAL) {
                engine.setWantClientAuth(true);
            }
            return engine;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return WebhookTlsContext.apply(delegate.getDefaultSSLParameters(), mode);
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return WebhookTlsContext.apply(delegate.getSupportedSSLParameters(), mode);
        }
    }

    private static SSLParameters apply(SSLParameters parameters, VerifyMode mode) {
        if (mode == VerifyMode.REQUIRED) {
            parameters.setNeedClientAuth(true);
        } else if (mode == VerifyMode.OPTIONAL) {
            parameters.setWantClientAuth(true);
        }
        return parameters;
    }

    /** Server sockets that ask for client certificates. */
    private static final class ServerSockets extends SSLServerSocketFactory {
        private final SSLServerSocketFactory delegate;
        private final VerifyMode mode;

        ServerSockets(SSLServerSocketFactory delegate, VerifyMode mode) {
            this.delegate = delegate;
            this.mode = mode;
        }

        private ServerSocket apply(ServerSocket socket) {
            SSLServerSocket ssl = (SSLServerSocket) socket;
            if (mode == VerifyMode.REQUIRED) {
                ssl.setNeedClientAuth(true);
            } else if (mode == VerifyMode.OPTIONAL) {
                ssl.setWantClientAuth(true);
            }
            return ssl;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return apply(delegate.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return apply(delegate.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return apply(delegate.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            return apply(delegate.createServerSocket(port, backlog, address));
        }
    }
}
