package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Body;
import io.kopf4j.Diff;
import io.kopf4j.DryRun;
import io.kopf4j.Events;
import io.kopf4j.Headers;
import io.kopf4j.Memo;
import io.kopf4j.New;
import io.kopf4j.Old;
import io.kopf4j.On;
import io.kopf4j.Operation;
import io.kopf4j.Param;
import io.kopf4j.Resource;
import io.kopf4j.SslPeer;
import io.kopf4j.UserInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kopf4j.internal.admission.Reviews.create;
import static io.kopf4j.internal.admission.Reviews.kex;
import static io.kopf4j.internal.admission.Reviews.review;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What admission handlers are given: the request's objects, its diff, and the admission injectables. */
class AdmissionInjectionTest {

    static class Seeing {
        final List<Object> seen = new CopyOnWriteArrayList<>();

        @On.Validate(value = "kopfexamples", param = "p1")
        void sees(Body body, Old old, New now, Diff diff, Operation operation, DryRun dryRun, UserInfo user,
                  Headers headers, SslPeer peer, Resource resource, Param param, Memo memo, Events events) {
            seen.addAll(List.of(body.metadata().name(), old.json().toString(), now.json().toString(),
                    diff.toString(), operation, dryRun.value(), user.username(), user.uid(), user.groups(),
                    user.extra(), String.valueOf(headers.get("x-request-id")), peer.certificates(),
                    resource.plural(), param.value()));
            events.info(body, "Checked", "by the validator");
        }
    }

    private static JsonNode run(Seeing op, Reviews.Recorder recorder, JsonNode review,
                                ReviewProcessor.Transport transport) {
        return Reviews.processor(op, recorder).review(review, null, transport);
    }

    @Test
    void updateGivesTheOldAndNewObjectsTheirDiffAndTheRequestsContext() {
        Seeing op = new Seeing();
        Reviews.Recorder recorder = new Reviews.Recorder();
        ReviewProcessor.Transport transport = new ReviewProcessor.Transport(
                RealHeaders.of(Map.of("X-Request-Id", List.of("abc", "def"))), RealSslPeer.none());
        JsonNode out = run(op, recorder,
                review("v1", "UPDATE", kex("{}", "{\"size\":2}"), kex("{}", "{\"size\":1}")), transport);
        assertTrue(out.path("response").path("allowed").asBoolean());
        assertEquals(List.of("kex1", Reviews.json(kex("{}", "{\"size\":1}")).toString(),
                Reviews.json(kex("{}", "{\"size\":2}")).toString(),
                "Diff[DiffItem[op=CHANGE, path=[spec, size], oldValue=1, newValue=2]]", Operation.UPDATE, false,
                "admin", "014fbff9",
                List.of("system:authenticated"), Map.of("scopes", List.of("a", "b")), "abc, def", List.of(),
                "kopfexamples", "p1"), op.seen);
        assertEquals(List.of("Normal Checked: by the validator"), recorder.events);
        assertEquals(List.of(false), recorder.ephemeralMemos);
    }

    @Test
    void createHasNoOldObjectAndAThrowAwayMemo() {
        Seeing op = new Seeing();
        Reviews.Recorder recorder = new Reviews.Recorder();
        run(op, recorder, create(kex("{}", "{}")), ReviewProcessor.Transport.none());
        assertEquals("null", op.seen.get(1));
        assertEquals("Diff[DiffItem[op=ADD, path=[], oldValue=null, newValue={apiVersion=kopf.dev/v1, "
                + "kind=KopfExample, metadata={name=kex1, namespace=default, labels={}}, spec={}}]]", op.seen.get(3));
        assertEquals(Operation.CREATE, op.seen.get(4));
        assertEquals(List.of(true), recorder.ephemeralMemos);
    }

    @Test
    void deleteSeesTheOldObjectAsTheBody() {
        Seeing op = new Seeing();
        run(op, new Reviews.Recorder(), review("v1", "DELETE", null, kex("{}", "{}")),
                ReviewProcessor.Transport.none());
        assertEquals("kex1", op.seen.get(0));
        assertEquals(Operation.DELETE, op.seen.get(4));
    }

    @Test
    void dryRunsReachTheHandlerWhichSeesDryRunAndNoEventsArePosted() {
        Seeing op = new Seeing();
        Reviews.Recorder recorder = new Reviews.Recorder();
        JsonNode review = create(kex("{}", "{}"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) review.get("request")).put("dryRun", true);
        JsonNode out = run(op, recorder, review, ReviewProcessor.Transport.none());
        assertTrue(out.path("response").path("allowed").asBoolean());
        assertEquals(true, op.seen.get(5));
        assertEquals(List.of(true), recorder.dryRuns);
        assertEquals(List.of(), recorder.events);
    }

    @Test
    void headersAreLookedUpInAnyLetterCase() {
        RealHeaders headers = RealHeaders.of(Map.of("Content-type", List.of("application/json")));
        assertEquals("application/json", headers.get("content-type"));
        assertEquals("application/json", headers.get("CONTENT-TYPE"));
        assertFalse(headers.containsKey("accept"));
    }
}
