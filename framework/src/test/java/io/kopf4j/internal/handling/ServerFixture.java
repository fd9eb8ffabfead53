package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.OperatorSettings;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.internal.cluster.ApiError;
import io.kopf4j.internal.cluster.ClusterApi;
import io.kopf4j.internal.cluster.EventPoster;
import io.kopf4j.internal.registry.HandlerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
import java.util.Random;

import static io.kopf4j.internal.handling.Fixtures.json;

/** An embedded API server with the KopfExample CRD (with the status subresource) and a namespace. */
abstract class ServerFixture {
    static final String NS = "team-a";
    static final String PATH = "/apis/kopf.dev/v1/namespaces/" + NS + "/kopfexamples";
    static final String FINALIZER = "kopf.zalando.org/KopfFinalizerMarker";

    EmbeddedApiServer server;
    ClusterApi api;
    EventPoster poster;
    final Fixtures.ManualClock clock = new Fixtures.ManualClock();
    final OperatorSettings settings = new OperatorSettings();

    @BeforeEach
    void startServer() throws Exception {
        server = EmbeddedApiServer.builder().build().start();
        api = new ClusterApi(server.client(), ClusterApi.Config.defaults().withErrorBackoffs(List.of()));
        api.create("/api/v1/namespaces", json("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'" + NS
                + "'}}"));
        api.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", json(
                "{'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition',"
                        + "'metadata':{'name':'kopfexamples.kopf.dev'},"
                        + "'spec':{'group':'kopf.dev','scope':'Namespaced',"
                        + "'names':{'plural':'kopfexamples','singular':'kopfexample','kind':'KopfExample',"
                        + "'shortNames':['kex'],'categories':['all']},"
                        + "'versions':[{'name':'v1','served':true,'storage':true,'subresources':{'status':{}},"
                        + "'schema':{'openAPIV3Schema':{'type':'object',"
                        + "'x-kubernetes-preserve-unknown-fields':true}}}]}}"));
        for (int i = 0; i < 200; i++) {
            try {
                api.list(PATH);
                break;
            } catch (ApiError e) {
                Thread.sleep(10);
            }
        }
        poster = new EventPoster(api, EventPoster.Config.defaults());
    }

    @AfterEach
    void stopServer() {
        poster.close();
        server.close();
    }

    Processor processor(HandlerSpec... specs) {
        return new Processor(Fixtures.KEX, List.of(specs), settings,
                new Processor.Collaborators(api, poster, clock, new Random(1)));
    }

    JsonNode create(String name, String extra) {
        ObjectNode body = (ObjectNode) json("{'apiVersion':'kopf.dev/v1','kind':'KopfExample','metadata':{'name':'"
                + name + "'},'spec':{'field':'value'}}");
        if (extra != null) {
            json(extra).fields().forEachRemaining(e -> {
                if (body.has(e.getKey()) && body.get(e.getKey()).isObject() && e.getValue().isObject()) {
                    ((ObjectNode) body.get(e.getKey())).setAll((ObjectNode) e.getValue());
                } else {
                    body.set(e.getKey(), e.getValue());
                }
            });
        }
        return api.create(PATH, body);
    }

    JsonNode get(String name) {
        return api.get(PATH + "/" + name);
    }

    /** Processes the object as the watch would deliver it now (the freshest body from the server). */
    ProcessingResult process(Processor processor, ObjectMemory memory, String name) {
        return processor.process(memory, "MODIFIED", get(name));
    }
}
