package io.kopf4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects an index into a handler parameter of type {@link Index}: {@code @Indexed("podsByNamespace")} names the
 * index by its handler's id (the {@link On.Index} method's name unless {@code id} is set). A name that no index
 * handler has is a start-up error. Kopf: indices as keyword arguments named by the indexing handler's id.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Indexed {
    /** The id of the index. */
    String value();
}
