package io.kopf4j.internal.registry;

import io.kopf4j.On;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Java annotations cannot inherit, so the resource-handler annotations repeat their common attributes: they must
 * agree in name, type and default (style.md §2.4), the drift Kopf's {@code on.py} invites.
 */
class CommonAttributesTest {
    private static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(On.Create.class, On.Update.class,
            On.Delete.class, On.Resume.class, On.Field.class, On.Event.class, On.Timer.class, On.Daemon.class,
            On.Validate.class, On.Mutate.class);
    private static final Set<Class<? extends Annotation>> ADMISSION = Set.of(On.Validate.class, On.Mutate.class);

    /** Attributes every one of the six has. */
    private static final Set<String> COMMON = Set.of("value", "kind", "plural", "singular", "shortcut", "group",
            "version", "category", "matching", "labels", "annotations", "field", "fieldPath", "fieldValue", "when",
            "id", "param");

    /** Attributes only some have, and which. */
    private static final Set<Class<? extends Annotation>> RETRYING = Set.of(On.Create.class, On.Update.class,
            On.Delete.class, On.Resume.class, On.Field.class, On.Timer.class, On.Daemon.class);
    private static final Map<String, Set<Class<? extends Annotation>>> SPECIFIC = Map.ofEntries(
            Map.entry("errors", RETRYING),
            Map.entry("timeout", RETRYING),
            Map.entry("retries", RETRYING),
            Map.entry("backoff", RETRYING),
            Map.entry("oldValue", Set.of(On.Update.class, On.Field.class)),
            Map.entry("newValue", Set.of(On.Update.class, On.Field.class)),
            Map.entry("optional", Set.of(On.Delete.class)),
            Map.entry("deleted", Set.of(On.Resume.class)),
            Map.entry("interval", Set.of(On.Timer.class)),
            Map.entry("idle", Set.of(On.Timer.class)),
            Map.entry("sharp", Set.of(On.Timer.class)),
            Map.entry("initialDelay", Set.of(On.Timer.class, On.Daemon.class)),
            Map.entry("initialDelayMethod", Set.of(On.Timer.class, On.Daemon.class)),
            Map.entry("cancellationBackoff", Set.of(On.Daemon.class)),
            Map.entry("cancellationTimeout", Set.of(On.Daemon.class)),
            Map.entry("cancellationPolling", Set.of(On.Daemon.class)),
            Map.entry("operations", ADMISSION),
            Map.entry("subresource", ADMISSION),
            Map.entry("persistent", ADMISSION),
            Map.entry("sideEffects", ADMISSION),
            Map.entry("ignoreFailures", ADMISSION));

    private static Map<String, Method> attributes(Class<? extends Annotation> type) {
        Map<String, Method> out = new LinkedHashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            out.put(m.getName(), m);
        }
        return out;
    }

    @Test
    void everyAnnotationHasTheCommonAttributesAndOnlyTheExpectedOthers() {
        for (Class<? extends Annotation> type : ANNOTATIONS) {
            Set<String> expected = new TreeSet<>(COMMON);
            SPECIFIC.forEach((name, owners) -> {
                if (owners.contains(type)) {
                    expected.add(name);
                }
            });
            assertEquals(expected, new TreeSet<>(attributes(type).keySet()), type.getSimpleName());
        }
    }

    @Test
    void sharedAttributesAgreeInTypeAndDefault() {
        Map<String, Method> reference = new LinkedHashMap<>();
        for (Class<? extends Annotation> type : ANNOTATIONS) {
            for (Method m : attributes(type).values()) {
                Method first = reference.putIfAbsent(m.getName(), m);
                if (first != null) {
                    String where = type.getSimpleName() + "." + m.getName() + " vs "
                            + first.getDeclaringClass().getSimpleName();
                    assertEquals(first.getReturnType(), m.getReturnType(), where);
                    assertEquals(normalized(first.getDefaultValue()), normalized(m.getDefaultValue()), where);
                }
            }
        }
    }

    @Test
    void numericOptionsDefaultToUnsetSoSettingsApply() {
        for (Class<? extends Annotation> type : ANNOTATIONS) {
            for (String name : List.of("timeout", "retries", "backoff")) {
                Method m = attributes(type).get(name);
                if (m != null) {
                    assertEquals(On.UNSET, m.getDefaultValue(), type.getSimpleName() + "." + name);
                }
            }
        }
    }

    @Test
    void backgroundDurationsDefaultToUnset() {
        for (Class<? extends Annotation> type : List.of(On.Timer.class, On.Daemon.class)) {
            for (Method m : attributes(type).values()) {
                if (m.getReturnType() == double.class) {
                    assertEquals((double) On.UNSET, m.getDefaultValue(), type.getSimpleName() + "." + m.getName());
                }
            }
        }
    }

    @Test
    void theScannerReadsExactlyTheseAnnotations() {
        Set<Class<? extends Annotation>> read = new java.util.HashSet<>(AnnotationScanner.annotations());
        read.addAll(AnnotationScanner.admissionAnnotations());
        assertEquals(Set.copyOf(ANNOTATIONS), read);
    }

    private static Object normalized(Object value) {
        return value instanceof Object[] ? Arrays.asList((Object[]) value) : value;
    }
}
