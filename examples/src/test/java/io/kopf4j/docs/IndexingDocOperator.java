package io.kopf4j.docs;

import io.kopf4j.Index;
import io.kopf4j.Indexed;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.Spec;

import java.util.List;
import java.util.Map;

/** The index of src/docs/indexing.md. */
public class IndexingDocOperator {

    // snippet:index
    /** Each ConfigMap's name under its namespace. */
    @On.Index("configmaps")
    Map<String, String> configsByNamespace(Meta meta) {
        return Map.of(meta.namespace(), meta.name());
    }

    @On.Create("kopfexamples")
    void created(Meta meta, Spec spec, Patch patch,
                 @Indexed("configsByNamespace") Index<String, String> configs) {
        List<String> here = configs.get(meta.namespace()).values().stream().sorted().toList();
        patch.status().put("configMapsHere", here);
    }
    // end:index
}
