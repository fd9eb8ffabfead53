package io.kopf4j.docs;

import io.kopf4j.Kopf;
import io.kopf4j.Name;
import io.kopf4j.On;
import io.kopf4j.Resource;
import io.kopf4j.Spec;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The filters of src/docs/filters.md. */
public class FiltersDocOperator {
    final List<String> calls = new CopyOnWriteArrayList<>();

    // snippet:labels
    @On.Create(value = "kopfexamples", labels = {"app=web", "tier", "!legacy", "owner=@isOurs"})
    void webObjects(Name name) {
        calls.add("web " + name.value());                                           // hidden in docs
    }

    boolean isOurs(String owner) {                           // the label's value
        return owner.startsWith("team-");
    }
    // end:labels

    // snippet:fields
    @On.Field(value = "kopfexamples", field = "spec.replicas", newValue = "0")
    void scaledToZero(Name name) {
        calls.add("zero " + name.value());                                          // hidden in docs
    }

    @On.Update(value = "kopfexamples", field = "spec.mode", oldValue = Kopf.ABSENT, newValue = "@isKnownMode")
    void modeSet(Name name) {
        calls.add("mode " + name.value());                                          // hidden in docs
    }

    boolean isKnownMode(Object mode) {
        return List.of("fast", "safe").contains(mode);
    }
    // end:fields

    // snippet:when
    @On.Create(value = "kopfexamples", when = "isManaged")
    void managed(Name name) {
        calls.add("managed " + name.value());                                       // hidden in docs
    }

    boolean isManaged(Spec spec, Name name) {                // parameters injected like a handler's
        return Boolean.TRUE.equals(spec.get("managed")) && !name.value().startsWith("tmp-");
    }
    // end:when

    // snippet:matching
    @On.Event(matching = "isOurGroup")
    void anythingOfOurs(Name name, Resource resource) {
        calls.add("event " + resource.plural() + " " + name.value());              // hidden in docs
    }

    boolean isOurGroup(Resource resource) {
        return resource.group().equals("kopf.dev");
    }
    // end:matching
}
