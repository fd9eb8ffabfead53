package io.kopf4j;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The changes a handler wants made to its object, collected over one processing cycle and applied once: a JSON
 * merge-patch (put a value to set it, put {@code null} to remove it), plus transformations of the freshest body sent
 * as a JSON-patch. Status goes through the {@code /status} subresource when the resource has one. Kopf:
 * {@code patch}.
 *
 * <pre>{@code
 * patch.status().put("phase", "Ready");
 * patch.metadata().labels().put("handled", "yes");
 * patch.fn(body -> body.withArray("/status/conditions").addObject().put("type", "Ready"));
 * }</pre>
 */
public interface Patch extends Map<String, Object> {

    /** A nested part of the patch: a mutable map whose nested maps are sections too. */
    interface Section extends Map<String, Object> {
        /** The nested section under {@code key}, created when absent. */
        Section section(String key);
    }

    /** The {@code metadata} section, with its labels and annotations. */
    interface MetadataSection extends Section {
        /** The labels to set (a value) or remove ({@code null}). */
        Section labels();

        /** The annotations to set (a value) or remove ({@code null}). */
        Section annotations();
    }

    /** The {@code spec} section. */
    Section spec();

    /** The {@code status} section (sent to the {@code /status} subresource when the resource has one). */
    Section status();

    /** The {@code metadata} section. */
    MetadataSection metadata();

    /** The section under a top-level key, created when absent. */
    Section section(String key);

    /**
     * Adds a transformation of the freshest body (a mutable copy), sent as a JSON-patch of the differences; used for
     * edits a merge-patch cannot express, such as one item of a list. On a conflict it is re-run next cycle.
     */
    Patch fn(Consumer<ObjectNode> transformation);
}
