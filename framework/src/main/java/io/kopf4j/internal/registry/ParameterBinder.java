package io.kopf4j.internal.registry;

import io.kopf4j.Annotations;
import io.kopf4j.Body;
import io.kopf4j.Diff;
import io.kopf4j.DryRun;
import io.kopf4j.Events;
import io.kopf4j.HandlerContext;
import io.kopf4j.Headers;
import io.kopf4j.Labels;
import io.kopf4j.Memo;
import io.kopf4j.Meta;
import io.kopf4j.Name;
import io.kopf4j.Namespace;
import io.kopf4j.New;
import io.kopf4j.Old;
import io.kopf4j.Operation;
import io.kopf4j.Param;
import io.kopf4j.Patch;
import io.kopf4j.RawEvent;
import io.kopf4j.Reason;
import io.kopf4j.Resource;
import io.kopf4j.Retry;
import io.kopf4j.Runtime;
import io.kopf4j.SslPeer;
import io.kopf4j.Spec;
import io.kopf4j.Started;
import io.kopf4j.Stopper;
import io.kopf4j.Status;
import io.kopf4j.Subhandlers;
import io.kopf4j.Uid;
import io.kopf4j.UserInfo;
import io.kopf4j.Warnings;
import com.google.gson.Gson;
import io.kubernetes.client.openapi.JSON;
import org.slf4j.Logger;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.lang.reflect.ParameterizedType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Takes one handler parameter's value from the invocation context, chosen by the parameter's declared type (Kopf's
 * kwargs, matched by type, never by name). Built once per method at registration ({@link #of}) and cached in the
 * method's {@link Invoker}; an unknown type fails start-up. One nested final class per kind of parameter, as
 * Retrofit's {@code ParameterHandler}. Not API.
 *
 * <p>Injectable in resource handlers: {@link Body}, {@link Spec}, {@link Meta}, {@link Status}, {@link Labels},
 * {@link Annotations}, {@link Patch}, {@link Diff}, {@link Old}, {@link New}, {@link Reason}, {@link Retry},
 * {@link Started}, {@link Runtime}, slf4j {@link Logger}, {@link Memo}, {@link Param}, {@link Resource},
 * {@link RawEvent} (null outside event handlers), {@link Stopper} (null outside timers and daemons), {@link Uid},
 * {@link Name}, {@link Namespace}, {@link Events},
 * {@link Subhandlers}, {@link HandlerContext} (all at once), {@link io.kopf4j.Index} with
 * {@link io.kopf4j.Indexed} (from contexts that are {@link IndexSource}s), and any client-java model from
 * {@code io.kubernetes.client.openapi.models} (the body converted with client-java's own JSON). Not
 * {@code OperatorSettings}: that is for activities. Admission handlers also get {@link DryRun}, {@link UserInfo},
 * {@link Headers}, {@link SslPeer}, {@link Operation} and {@link Warnings}, which others do not (checked at start-up
 * by {@link #rejectAdmissionOnly} and {@link #rejectNonAdmission}).
 */
public abstract class ParameterBinder {

    /** The model package of client-java, whose classes are bound by converting the body. */
    static final String MODELS_PACKAGE = "io.kubernetes.client.openapi.models";

    private static final Map<Class<?>, ParameterBinder> BY_TYPE = new LinkedHashMap<>();

    static {
        BY_TYPE.put(Body.class, new BodyBinder());
        BY_TYPE.put(Spec.class, new SpecBinder());
        BY_TYPE.put(Meta.class, new MetaBinder());
        BY_TYPE.put(Status.class, new StatusBinder());
        BY_TYPE.put(Labels.class, new LabelsBinder());
        BY_TYPE.put(Annotations.class, new AnnotationsBinder());
        BY_TYPE.put(Patch.class, new PatchBinder());
        BY_TYPE.put(Diff.class, new DiffBinder());
        BY_TYPE.put(Old.class, new OldBinder());
        BY_TYPE.put(New.class, new NewBinder());
        BY_TYPE.put(Reason.class, new ReasonBinder());
        BY_TYPE.put(Retry.class, new RetryBinder());
        BY_TYPE.put(Started.class, new StartedBinder());
        BY_TYPE.put(Runtime.class, new RuntimeBinder());
        BY_TYPE.put(Logger.class, new LoggerBinder());
        BY_TYPE.put(Memo.class, new MemoBinder());
        BY_TYPE.put(Param.class, new ParamBinder());
        BY_TYPE.put(Resource.class, new ResourceBinder());
        BY_TYPE.put(RawEvent.class, new RawEventBinder());
        BY_TYPE.put(Uid.class, new UidBinder());
        BY_TYPE.put(Name.class, new NameBinder());
        BY_TYPE.put(Namespace.class, new NamespaceBinder());
        BY_TYPE.put(Events.class, new EventsBinder());
        BY_TYPE.put(Subhandlers.class, new SubhandlersBinder());
        BY_TYPE.put(HandlerContext.class, new ContextBinder());
        BY_TYPE.put(Stopper.class, new StopperBinder());
        BY_TYPE.put(DryRun.class, new DryRunBinder());
        BY_TYPE.put(UserInfo.class, new UserInfoBinder());
        BY_TYPE.put(Headers.class, new HeadersBinder());
        BY_TYPE.put(SslPeer.class, new SslPeerBinder());
        BY_TYPE.put(Operation.class, new OperationBinder());
        BY_TYPE.put(Warnings.class, new WarningsBinder());
    }

    /** Injectables that only admission handlers get. */
    private static final Set<Class<?>> ADMISSION_ONLY = Set.of(DryRun.class, UserInfo.class, Headers.class,
            SslPeer.class, Operation.class, Warnings.class);

    /** Injectables that admission handlers never get: no watch event, no cause reason, no sub-handlers, no stopper. */
    private static final Set<Class<?>> NOT_FOR_ADMISSION = Set.of(RawEvent.class, Reason.class, Subhandlers.class,
            Stopper.class);

    ParameterBinder() {
    }

    /** The value for this parameter in this invocation. */
    public abstract Object bind(InvocationContext context);

    /** The binder for parameter {@code index} (0-based) of the method, or a {@link RegistrationError}. */
    public static ParameterBinder of(Method method, int index) {
        Parameter parameter = method.getParameters()[index];
        Class<?> type = parameter.getType();
        io.kopf4j.Indexed indexed = parameter.getAnnotation(io.kopf4j.Indexed.class);
        if (indexed != null || type == io.kopf4j.Index.class) {
            if (indexed == null || type != io.kopf4j.Index.class) {
                throw RegistrationError.forParameter(method, index,
                        "@Indexed(\"name\") goes with parameters of type Index<K, V>, and only with them");
            }
            return new IndexedBinder(indexed.value());
        }
        ParameterBinder binder = BY_TYPE.get(type);
        if (binder != null) {
            return binder;
        }
        if (type.getPackage() != null && MODELS_PACKAGE.equals(type.getPackageName()) && !type.isEnum()) {
            return new ModelBinder(type);
        }
        throw RegistrationError.forParameter(method, index,
                "Unsupported parameter type " + typeName(parameter.getParameterizedType()));
    }

    /** Binders for all parameters of the method, from {@code from} (0-based) on. */
    static ParameterBinder[] forParameters(Method method, int from) {
        ParameterBinder[] binders = new ParameterBinder[method.getParameterCount() - from];
        for (int i = from; i < method.getParameterCount(); i++) {
            binders[i - from] = of(method, i);
        }
        return binders;
    }

    /**
     * Fails for a parameter (from {@code from}, 0-based) of an admission-only type ({@link DryRun}, {@link UserInfo},
     * {@link Headers}, {@link SslPeer}, {@link Operation}, {@link Warnings}) in a method that is not an admission
     * handler.
     */
    static void rejectAdmissionOnly(Method method, int from, String where) {
        for (int i = from; i < method.getParameterCount(); i++) {
            Class<?> type = method.getParameterTypes()[i];
            if (ADMISSION_ONLY.contains(type)) {
                throw RegistrationError.forParameter(method, i, RegistrationError.className(type)
                        + " is injected only into admission handlers (@On.Validate, @On.Mutate), not " + where);
            }
        }
    }

    /**
     * Fails for a parameter (from {@code from}, 0-based) that an admission handler cannot get: {@link RawEvent},
     * {@link Reason} (use {@link Operation}), {@link Subhandlers}, {@link Stopper}; and {@link Patch} unless the
     * handler mutates.
     */
    static void rejectNonAdmission(Method method, int from, boolean mutating) {
        for (int i = from; i < method.getParameterCount(); i++) {
            Class<?> type = method.getParameterTypes()[i];
            if (NOT_FOR_ADMISSION.contains(type)) {
                throw RegistrationError.forParameter(method, i, RegistrationError.className(type)
                        + " is not injected into admission handlers" + (type == Reason.class
                        ? " (the request's Operation is)" : ""));
            }
            if (type == Patch.class && !mutating) {
                throw RegistrationError.forParameter(method, i, "Patch is not injected into validating handlers: "
                        + "they cannot change the object (use @On.Mutate for that)");
            }
        }
    }

    /** Whether parameters of the type are injected (so a predicate's value parameter cannot be of it). */
    static boolean isInjectable(Class<?> type) {
        return BY_TYPE.containsKey(type) || MODELS_PACKAGE.equals(type.getPackageName());
    }

    private static String typeName(Type type) {
        if (type instanceof Class<?>) {
            return RegistrationError.className((Class<?>) type);
        }
        if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            return typeName(p.getRawType()) + Arrays.stream(p.getActualTypeArguments())
                    .map(ParameterBinder::typeName).collect(Collectors.joining(", ", "<", ">"));
        }
        return type.getTypeName();
    }

    static final class BodyBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.body();
        }
    }

    static final class SpecBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.spec();
        }
    }

    static final class MetaBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.meta();
        }
    }

    static final class StatusBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.status();
        }
    }

    static final class LabelsBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.meta().labels();
        }
    }

    static final class AnnotationsBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.meta().annotations();
        }
    }

    static final class PatchBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.patch();
        }
    }

    static final class DiffBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.diff();
        }
    }

    static final class OldBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.old();
        }
    }

    static final class NewBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.newValue();
        }
    }

    static final class ReasonBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.reason();
        }
    }

    static final class RetryBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.retry();
        }
    }

    static final class StartedBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.started();
        }
    }

    static final class RuntimeBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.runtime();
        }
    }

    static final class LoggerBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.logger();
        }
    }

    static final class MemoBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.memo();
        }
    }

    static final class ParamBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.param();
        }
    }

    static final class ResourceBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.resource();
        }
    }

    static final class RawEventBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.rawEvent();
        }
    }

    static final class UidBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return new Strings.RealUid(context.meta().uid());
        }
    }

    static final class NameBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return new Strings.RealName(context.meta().name());
        }
    }

    static final class NamespaceBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return new Strings.RealNamespace(context.meta().namespace());
        }
    }

    static final class EventsBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.events();
        }
    }

    static final class SubhandlersBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.subhandlers();
        }
    }

    static final class ContextBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context;
        }
    }

    /** An index by its id ({@link io.kopf4j.Indexed}), from contexts that have indices. */
    static final class IndexedBinder extends ParameterBinder {
        private final String id;

        IndexedBinder(String id) {
            this.id = id;
        }

        @Override
        public Object bind(InvocationContext context) {
            if (context instanceof IndexSource source) {
                return source.index(id);
            }
            throw new IllegalStateException("No indices here to inject '" + id + "' from");
        }
    }

    /**
     * A client-java model ({@code V1Pod}, ...): the body converted with client-java's own Gson setup and type adapters
     * (timestamps, {@code IntOrString}, {@code Quantity}), but without the generated models' strict validation, which
     * rejects any field the model does not know (a newer server's, or a CRD's extra fields): those are ignored.
     */
    static final class ModelBinder extends ParameterBinder {

        private final Class<?> type;

        ModelBinder(Class<?> type) {
            this.type = type;
        }

        @Override
        public Object bind(InvocationContext context) {
            Body body = context.body();
            return body == null || body.isEmpty() ? null : ClientModels.fromTree(Views.node(body), type);
        }
    }

    /** The plain-string injectables ({@link Uid}, {@link Name}, {@link Namespace}) as small records. */
    static final class Strings {
        private Strings() {
        }

        record RealUid(String value) implements Uid {
        }

        record RealName(String value) implements Name {
        }

        record RealNamespace(String value) implements Namespace {
        }
    }

    static final class DryRunBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.dryRun();
        }
    }

    static final class UserInfoBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.userInfo();
        }
    }

    static final class HeadersBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.headers();
        }
    }

    static final class SslPeerBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.sslPeer();
        }
    }

    static final class OperationBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.operation();
        }
    }

    static final class WarningsBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.warnings();
        }
    }

    /** The daemon's or timer's stopper; null for other handlers. */
    static final class StopperBinder extends ParameterBinder {
        @Override
        public Object bind(InvocationContext context) {
            return context.stopper();
        }
    }
}
