package io.kopf4j.testing;

import io.kopf4j.embedded.EmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives a test class one {@link EmbeddedApiServer}, started before the first test that asks
 * for it and closed after the class. Test methods, constructors and lifecycle methods may declare parameters of type
 * {@link EmbeddedApiServer} or {@link ApiClient} (a client for that server); for kubectl, use
 * {@code server.kubeconfig()}.
 *
 * <pre>{@code
 * @WithEmbeddedApiServer
 * class MyOperatorTest {
 *     @Test
 *     void createsChildren(EmbeddedApiServer server, ApiClient client) { ... }
 * }
 * }</pre>
 */
public final class EmbeddedApiServerExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedApiServerExtension.class);

    /**
     * Closes the server when the class's extension store is closed. Both interfaces: JUnit 5.13 closes stored
     * {@code AutoCloseable}s and warns about values that are only {@code CloseableResource}s; older versions close only
     * {@code CloseableResource}s.
     */
    private static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final EmbeddedApiServer server = EmbeddedApiServer.builder().build().start();

        @Override
        public void close() {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedApiServer.class || type == ApiClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        EmbeddedApiServer server = server(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == EmbeddedApiServer.class) {
            return server;
        }
        if (type == ApiClient.class) {
            return server.client();
        }
        throw new ParameterResolutionException("cannot resolve parameter of type " + type.getName());
    }

    /** The class-wide server (one per top-level test class), started on first use. */
    public static EmbeddedApiServer server(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent() && classContext.getParent().get().getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class).server;
    }
}
