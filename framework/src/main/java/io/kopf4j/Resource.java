package io.kopf4j;

import java.util.List;

/** The resource kind being handled, as discovery describes it. Kopf: {@code resource}. */
public interface Resource {
    /** The API group; {@code ""} for the core group. */
    String group();

    /** The API version, e.g. {@code v1}. */
    String version();

    /** The plural name, as in the URLs, e.g. {@code kopfexamples}. */
    String plural();

    /** The singular name, e.g. {@code kopfexample}. */
    String singular();

    /** The kind of the objects, e.g. {@code KopfExample}. */
    String kind();

    /** Whether the objects live in namespaces. */
    boolean namespaced();

    /** The short names, e.g. {@code kex}; empty when there are none. */
    List<String> shortNames();

    /** The categories, e.g. {@code all}; empty when there are none. */
    List<String> categories();

    /** {@code v1} or {@code group/version}. */
    String apiVersion();
}
