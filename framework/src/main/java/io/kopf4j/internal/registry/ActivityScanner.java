package io.kopf4j.internal.registry;

import io.kopf4j.ConnectionInfo;
import io.kopf4j.ErrorMode;
import io.kopf4j.Index;
import io.kopf4j.Indexed;
import io.kopf4j.Memo;
import io.kopf4j.On;
import io.kopf4j.OperatorSettings;
import io.kopf4j.Retry;
import io.kubernetes.client.openapi.ApiClient;
import org.slf4j.Logger;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses the activity handlers ({@link On.Startup}, {@link On.Cleanup}, {@link On.Probe}, {@link On.Login}) of an
 * operator object, and finds the index names its handlers ask for ({@link Indexed}). Parameters of activities are bound by type:
 * {@link OperatorSettings}, slf4j {@link Logger}, {@link Memo}, {@link Retry}, and {@code @Indexed} {@link Index}.
 * Login handlers must return {@link ConnectionInfo} or {@link ApiClient}. Kopf: {@code kopf/on.py} (startup, cleanup,
 * probe, login). Not API.
 */
public final class ActivityScanner {
    private ActivityScanner() {
    }

    /** The activity handlers of the operator object, in method-name order (a {@link RealRegistry}'s: in code). */
    public static List<ActivitySpec> scan(Object operator) {
        if (operator instanceof RealRegistry registry) {
            return registry.activityHandlers();
        }
        List<ActivitySpec> specs = new ArrayList<>();
        for (Method method : AnnotationScanner.allMethods(operator.getClass())) {
            On.Startup startup = method.getAnnotation(On.Startup.class);
            if (startup != null) {
                specs.add(spec(operator, method, startup, ActivitySpec.Activity.STARTUP, startup.id(),
                        startup.errors(), startup.timeout(), startup.retries(), startup.backoff()));
            }
            On.Cleanup cleanup = method.getAnnotation(On.Cleanup.class);
            if (cleanup != null) {
                specs.add(spec(operator, method, cleanup, ActivitySpec.Activity.CLEANUP, cleanup.id(),
                        cleanup.errors(), cleanup.timeout(), cleanup.retries(), cleanup.backoff()));
            }
            On.Login login = method.getAnnotation(On.Login.class);
            if (login != null) {
                requireLoginResult(method);
                specs.add(spec(operator, method, login, ActivitySpec.Activity.LOGIN, login.id(),
                        login.errors(), login.timeout(), login.retries(), login.backoff()));
            }
            On.Probe probe = method.getAnnotation(On.Probe.class);
            if (probe != null) {
                specs.add(spec(operator, method, probe, ActivitySpec.Activity.PROBE, probe.id(),
                        ErrorMode.PERMANENT, On.UNSET, 0, On.UNSET));
            }
        }
        return specs;
    }

    /** A login handler gives credentials: a {@link ConnectionInfo} or a client-java {@link ApiClient}. */
    private static void requireLoginResult(Method method) {
        Class<?> type = method.getReturnType();
        if (type != ConnectionInfo.class && !ApiClient.class.isAssignableFrom(type)) {
            throw RegistrationError.forMethod(method, "A login handler must return ConnectionInfo or ApiClient, not "
                    + RegistrationError.className(type) + " (in @On.Login)");
        }
    }

    /** The index names that any method of the operator object asks for with {@link Indexed}. */
    public static Set<String> indexReferences(Object operator) {
        Set<String> names = new LinkedHashSet<>();
        for (Method method : AnnotationScanner.allMethods(operator.getClass())) {
            for (Parameter p : method.getParameters()) {
                Indexed indexed = p.getAnnotation(Indexed.class);
                if (indexed != null) {
                    names.add(indexed.value());
                }
            }
        }
        return names;
    }

    private static ActivitySpec spec(Object operator, Method method, Annotation annotation,
                                     ActivitySpec.Activity activity, String id, ErrorMode errors, long timeout,
                                     long retries, long backoff) {
        String where = " in @On." + annotation.annotationType().getSimpleName();
        for (String attribute : List.of("timeout", "retries", "backoff")) {
            long v = attribute.equals("timeout") ? timeout : attribute.equals("retries") ? retries : backoff;
            if (v < 0 && v != On.UNSET) {
                throw RegistrationError.forMethod(method, attribute + " = " + v + " is negative" + where);
            }
        }
        if (Modifier.isAbstract(method.getModifiers())) {
            throw RegistrationError.forMethod(method, "Handler methods must not be abstract" + where);
        }
        List<Function<ActivitySpec.Context, Object>> binders = new ArrayList<>();
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            binders.add(binder(method, i, parameters[i]));
        }
        try {
            method.setAccessible(true);
        } catch (RuntimeException e) {
            throw RegistrationError.forMethod(method, "Cannot access the method (" + e.getMessage() + ")");
        }
        Object target = Modifier.isStatic(method.getModifiers()) ? null : operator;
        ActivitySpec.ActivityInvoker invoker = context -> {
            Object[] args = new Object[binders.size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = binders.get(i).apply(context);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        };
        return new ActivitySpec(id.isEmpty() ? method.getName() : id, activity, errors,
                timeout == On.UNSET ? Optional.empty() : Optional.of(Duration.ofSeconds(timeout)),
                retries == On.UNSET ? OptionalInt.empty() : OptionalInt.of((int) Math.min(retries, Integer.MAX_VALUE)),
                backoff == On.UNSET ? Optional.empty() : Optional.of(Duration.ofSeconds(backoff)),
                invoker, RegistrationError.describe(method));
    }

    private static Function<ActivitySpec.Context, Object> binder(Method method, int index, Parameter parameter) {
        Class<?> type = parameter.getType();
        Indexed indexed = parameter.getAnnotation(Indexed.class);
        if (indexed != null || type == Index.class) {
            if (indexed == null || type != Index.class) {
                throw RegistrationError.forParameter(method, index,
                        "@Indexed(\"name\") goes with parameters of type Index<K, V>, and only with them");
            }
            String name = indexed.value();
            return c -> c.indices().apply(name);
        }
        if (type == OperatorSettings.class) {
            return ActivitySpec.Context::settings;
        }
        if (type == Logger.class) {
            return ActivitySpec.Context::logger;
        }
        if (type == Memo.class) {
            return ActivitySpec.Context::memo;
        }
        if (type == Retry.class) {
            return c -> {
                int attempt = c.retry();
                return (Retry) () -> attempt;
            };
        }
        throw RegistrationError.forParameter(method, index, "Unsupported parameter type "
                + RegistrationError.className(type) + " for an activity (startup, cleanup, probe, login): use "
                + "OperatorSettings, Logger, Memo, Retry or @Indexed Index");
    }
}
