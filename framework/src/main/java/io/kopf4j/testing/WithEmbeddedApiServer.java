package io.kopf4j.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the annotated test class an embedded Kubernetes API server, injectable as a parameter of type
 * {@code EmbeddedApiServer} or {@code ApiClient}. See {@link EmbeddedApiServerExtension}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(EmbeddedApiServerExtension.class)
public @interface WithEmbeddedApiServer {
}
