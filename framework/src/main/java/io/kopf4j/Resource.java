package io.kopf4j;

import java.util.List;

/** The resource kind being handled, as discovery describes it. Kopf: {@code resource}. */
public interface Resource {
    String group();

    String version();

    String plural();

    String singular();

    String kind();

    boolean namespaced();

    List<String> shortNames();

    List<String> categories();

    /** {@code v1} or {@code group/version}. */
    String apiVersion();
}
