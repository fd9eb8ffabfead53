package io.kopf4j.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Kopf's annotation keys under a prefix (default {@code kopf.zalando.org}), for handlers' progress records and for
 * other Kopf-owned annotations (the diff base, the touch dummy).
 *
 * <p>Two generations of keys exist. <b>V2</b> (current): {@code prefix/name}, where the name has {@code /} replaced
 * by {@code .} and {@code <}, {@code >} by {@code _}, and a name over 63 characters is cut and ends with a hash
 * suffix. <b>V1</b> (legacy, still written by default): the same, but the 63-character limit applies to the whole key
 * including the prefix, and the hash is of the replaced name. The hash suffix is {@code "-"} and the base64 (with
 * {@code -} and {@code .} for {@code +} and {@code /}) of a 4-byte BLAKE2b digest of the UTF-8 name, with trailing
 * {@code =}, {@code -} and {@code .} stripped.
 *
 * <p>{@link #keys} gives the V2 key first, then the V1 key if it differs and V1 is on: read them in this order
 * (first hit wins); write and purge all of them. A ReplicaSet owned by a Deployment gets {@code -ofDRS} appended to
 * the name first, because Kubernetes copies a Deployment's annotations onto its ReplicaSets.
 *
 * <p>Kopf: {@code kopf/_cogs/configs/conventions.py} ({@code StorageKeyFormingConvention},
 * {@code CollisionEvadingConvention}, {@code StorageKeyMarkingConvention._store_marker}).
 */
public final class ProgressKeys {

    /** Kopf's default prefix of its annotations. */
    public static final String DEFAULT_PREFIX = "kopf.zalando.org";
    /** The longest name part of an annotation key that Kubernetes accepts. */
    public static final int MAX_NAME_LENGTH = 63;
    /** The annotation name Kopf touches to provoke a watch event (dashed, not dotted). */
    public static final String TOUCH_NAME = "touch-dummy";
    /** The name of the marker annotation that tells other Kopf operators this prefix belongs to a Kopf operator. */
    public static final String MARKER_NAME = "kopf-managed";

    private static final Logger LOG = LoggerFactory.getLogger(ProgressKeys.class);
    private static final ProgressKeys DEFAULTS = new ProgressKeys(DEFAULT_PREFIX, true);

    private final String prefix;
    private final boolean v1;

    private ProgressKeys(String prefix, boolean v1) {
        this.prefix = prefix;
        this.v1 = v1;
    }

    /** Kopf 1.44's defaults: prefix {@code kopf.zalando.org}, V1 keys still written. */
    public static ProgressKeys defaults() {
        return DEFAULTS;
    }

    /**
     * Keys under {@code prefix}; {@code v1} also writes and purges the legacy V1 keys (Kopf's default, for rollbacks).
     *
     * @throws IllegalArgumentException for an empty prefix (Kopf: "Annotations storages must be prefixed.")
     */
    public static ProgressKeys of(String prefix, boolean v1) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("Annotations storages must be prefixed.");
        }
        if (length(prefix) > 253 - MAX_NAME_LENGTH - 1) {
            LOG.warn("The annotations prefix is too long. It can cause errors when PATCHing: {}", prefix);
        }
        return new ProgressKeys(prefix, v1);
    }

    public String prefix() {
        return prefix;
    }

    public boolean v1() {
        return v1;
    }

    /** The keys of a handler's progress record on {@code body}: V2 first, then V1 when it differs and is on. */
    public List<String> keys(HandlerId id, JsonNode body) {
        return keys(id.value(), body);
    }

    /**
     * The keys of an annotation named {@code name} on {@code body} (which may be null: then no ReplicaSet marking):
     * V2 first, then V1 when it differs and is on.
     */
    public List<String> keys(String name, JsonNode body) {
        String marked = body == null ? name : markForCollisions(name, body);
        String v2Key = v2Key(marked);
        List<String> keys = new ArrayList<>(2);
        keys.add(v2Key);
        if (v1) {
            String v1Key = v1Key(marked);
            if (!v1Key.equals(v2Key)) {
                keys.add(v1Key);
            }
        }
        return List.copyOf(keys);
    }

    /** The V2 key: {@code prefix/} plus the safe name, cut to 63 characters with a hash suffix when longer. */
    public String v2Key(String name) {
        String suffix = length(name) > MAX_NAME_LENGTH ? suffix(name) : "";
        int limit = Math.max(0, MAX_NAME_LENGTH - length(suffix));
        return prefix + "/" + head(safe(name), limit) + suffix;
    }

    /** The V1 key: the whole key, prefix included, cut to 63 characters with a hash suffix when longer. */
    public String v1Key(String name) {
        String fullPrefix = prefix + "/";
        String safe = safe(name);
        String suffix = length(safe) <= MAX_NAME_LENGTH - length(fullPrefix) ? "" : suffix(safe);
        return fullPrefix + head(safe, MAX_NAME_LENGTH - length(fullPrefix) - length(suffix)) + suffix;
    }

    /**
     * The marker annotation ({@code prefix/kopf-managed: yes}) that Kopf writes beside its records so that other Kopf
     * operators ignore this prefix in their essence; none for prefixes starting with {@code kopf.}, which are known.
     */
    public Optional<String> markerKey() {
        return prefix.startsWith("kopf.") ? Optional.empty() : Optional.of(prefix + "/" + MARKER_NAME);
    }

    /** The value Kopf writes into the marker annotation. */
    public static String markerValue() {
        return "yes";
    }

    /** Whether an annotation key is under this prefix (every progress record is). */
    public boolean owns(String annotationKey) {
        return annotationKey.startsWith(prefix + "/");
    }

    /** Kopf's character replacements for names: {@code /} to {@code .}, {@code <} and {@code >} to {@code _}. */
    static String safe(String name) {
        return name.replace('/', '.').replace('<', '_').replace('>', '_');
    }

    /** The hash suffix of a name: {@code -} plus 4 bytes of BLAKE2b in base64 with {@code -.} alt-chars, trimmed. */
    static String suffix(String name) {
        byte[] digest = Blake2b.digest(name.getBytes(StandardCharsets.UTF_8), 4);
        String alnums = Base64.getEncoder().encodeToString(digest).replace('+', '-').replace('/', '.');
        String suffix = "-" + alnums;
        int end = suffix.length();
        while (end > 0 && "=-.".indexOf(suffix.charAt(end - 1)) >= 0) {
            end--;
        }
        return suffix.substring(0, end);
    }

    private static String markForCollisions(String name, JsonNode body) {
        if (!"ReplicaSet".equals(body.path("kind").asText(null))) {
            return name;
        }
        for (JsonNode owner : body.path("metadata").path("ownerReferences")) {
            if ("Deployment".equals(owner.path("kind").asText(null))) {
                return name + "-ofDRS";
            }
        }
        return name;
    }

    /** Python's {@code len(s)}: code points, not UTF-16 units. */
    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Python's {@code s[:n]} in code points, including a negative {@code n} counting from the end. */
    private static String head(String s, int n) {
        int total = length(s);
        int count = n >= 0 ? Math.min(n, total) : Math.max(0, total + n);
        return s.substring(0, s.offsetByCodePoints(0, count));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProgressKeys && prefix.equals(((ProgressKeys) other).prefix)
                && v1 == ((ProgressKeys) other).v1;
    }

    @Override
    public int hashCode() {
        return prefix.hashCode() * 31 + Boolean.hashCode(v1);
    }

    @Override
    public String toString() {
        return "ProgressKeys[" + prefix + (v1 ? ", v1+v2]" : ", v2]");
    }
}
