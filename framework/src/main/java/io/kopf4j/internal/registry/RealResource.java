package io.kopf4j.internal.registry;

import io.kopf4j.Resource;
import io.kopf4j.internal.model.ResourceKind;

import java.util.List;
import java.util.Objects;

/**
 * The injectable {@link Resource} over a discovered {@link ResourceKind}. Not API.
 *
 * @param resourceKind the resource kind as discovery describes it
 */
public record RealResource(ResourceKind resourceKind) implements Resource {

    public RealResource {
        Objects.requireNonNull(resourceKind, "resourceKind");
    }

    public static Resource of(ResourceKind kind) {
        return new RealResource(kind);
    }

    @Override
    public String group() {
        return resourceKind.group();
    }

    @Override
    public String version() {
        return resourceKind.version();
    }

    @Override
    public String plural() {
        return resourceKind.plural();
    }

    @Override
    public String singular() {
        return resourceKind.singular();
    }

    @Override
    public String kind() {
        return resourceKind.kind();
    }

    @Override
    public boolean namespaced() {
        return resourceKind.namespaced();
    }

    @Override
    public List<String> shortNames() {
        return resourceKind.shortNames().stream().sorted().toList();
    }

    @Override
    public List<String> categories() {
        return resourceKind.categories().stream().sorted().toList();
    }

    @Override
    public String apiVersion() {
        return resourceKind.apiVersion();
    }

    @Override
    public String toString() {
        return resourceKind.toString();
    }
}
