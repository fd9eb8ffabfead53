package io.kopf4j.internal.registry;

import java.lang.reflect.Method;

/**
 * A handler declaration that cannot work, found at start-up (never at run time). The message says what is wrong,
 * then where, in one shape for every problem (Retrofit's {@code methodError}/{@code parameterError}):
 *
 * <pre>
 * Unsupported parameter type Foo
 *     for method ExampleOperator.created, parameter #2
 * </pre>
 *
 * It extends {@link IllegalArgumentException}, so code outside the framework can catch it without naming an internal
 * type. Not API.
 */
public final class RegistrationError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RegistrationError(String message) {
        super(message);
    }

    /** {@code problem\n    for method Class.method}. */
    static RegistrationError forMethod(Method method, String problem) {
        return new RegistrationError(problem + "\n    for method " + describe(method));
    }

    /** {@code problem\n    for method Class.method, parameter #N} (N counts from 1). */
    static RegistrationError forParameter(Method method, int index, String problem) {
        return new RegistrationError(problem + "\n    for method " + describe(method) + ", parameter #" + (index + 1));
    }

    /** How methods read in messages: {@code ExampleOperator.created}. */
    static String describe(Method method) {
        return className(method.getDeclaringClass()) + "." + method.getName();
    }

    static String className(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }
}
