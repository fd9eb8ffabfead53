package io.kopf4j.internal.registry;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * Calls an annotated method of an operator object: its {@link ParameterBinder}s are built once here, the method is
 * made accessible once (private and package-private methods are fine; static methods are called without the object).
 * The handler's own exception propagates unwrapped; a {@code void} method returns null. Not API.
 */
final class MethodInvoker implements Invoker {
    private final Method method;
    private final ParameterBinder[] binders;
    private final MethodHandle handle;

    /** Binds every parameter by type; a {@link RegistrationError} for an unknown type or an inaccessible method. */
    MethodInvoker(Object target, Method method) {
        this(target, method, ParameterBinder.forParameters(method, 0));
    }

    /** With binders for all parameters but the leading ones, which {@link #invokeWith} gets explicitly. */
    MethodInvoker(Object target, Method method, ParameterBinder[] binders) {
        this.method = method;
        this.binders = binders;
        this.handle = handle(target, method);
    }

    private static MethodHandle handle(Object target, Method method) {
        if (Modifier.isAbstract(method.getModifiers())) {
            throw RegistrationError.forMethod(method, "Handler methods must not be abstract (annotate the implementation)");
        }
        MethodHandle h;
        try {
            method.setAccessible(true);
            h = MethodHandles.lookup().unreflect(method);
        } catch (RuntimeException | IllegalAccessException e) {
            throw RegistrationError.forMethod(method, "Cannot access the method (" + e.getMessage() + ")");
        }
        if (!Modifier.isStatic(method.getModifiers())) {
            h = h.bindTo(target);
        }
        int n = method.getParameterCount();
        return h.asType(MethodType.genericMethodType(n)).asSpreader(Object[].class, n);
    }

    @Override
    public Object invoke(InvocationContext context) throws Exception {
        return invokeWith(context);
    }

    /** Calls the method with {@code leading} as its first arguments and the rest bound from the context. */
    Object invokeWith(InvocationContext context, Object... leading) throws Exception {
        Object[] args = new Object[leading.length + binders.length];
        System.arraycopy(leading, 0, args, 0, leading.length);
        for (int i = 0; i < binders.length; i++) {
            args[leading.length + i] = binders[i].bind(context);
        }
        try {
            return (Object) handle.invokeExact(args);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    Method method() {
        return method;
    }

    @Override
    public Object source() {
        return method;
    }

    @Override
    public String toString() {
        return RegistrationError.describe(method);
    }
}
