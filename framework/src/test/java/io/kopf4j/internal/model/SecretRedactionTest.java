package io.kopf4j.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Diff;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.kopf4j.internal.model.Json.json;
import static io.kopf4j.internal.model.Json.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the framework's log lines show of a Secret: its data keys, never their values. */
class SecretRedactionTest {
    static final ResourceKind SECRETS = new ResourceKind("", "v1", "secrets", "secret", "Secret", Set.of(),
            Set.of(), true, Set.of("get", "list", "watch", "patch"), Set.of(), true);
    static final ResourceKind CONFIGMAPS = new ResourceKind("", "v1", "configmaps", "configmap", "ConfigMap",
            Set.of("cm"), Set.of(), true, Set.of("get", "list", "watch", "patch"), Set.of(), true);
    static final ResourceKind LOOKALIKE = new ResourceKind("example.com", "v1", "secrets", "secret", "Secret",
            Set.of(), Set.of(), true, Set.of("get"), Set.of(), true);

    @Test
    void secretBodyKeepsKeysAndMasksDataAndStringDataValues() {
        JsonNode body = json("{'metadata':{'name':'s'},'type':'Opaque','data':{'password':'aHVudGVyMg=='},"
                + "'stringData':{'token':'hunter2'}}");

        JsonNode shown = SecretRedaction.body(SECRETS, body);

        assertEquals(json("{'metadata':{'name':'s'},'type':'Opaque','data':{'password':'***'},"
                + "'stringData':{'token':'***'}}"), shown);
        assertEquals("hunter2", body.path("stringData").path("token").asText(), "the original is untouched");
    }

    @Test
    void mergePatchRemovingASecretKeyStillShowsTheRemoval() {
        JsonNode shown = SecretRedaction.body(SECRETS, json("{'data':{'old':null,'new':'c2VjcmV0'}}"));

        assertEquals(json("{'data':{'old':null,'new':'***'}}"), shown);
    }

    @Test
    void otherKindsAreShownAsTheyAre() {
        JsonNode body = json("{'data':{'k':'v'}}");

        assertSame(body, SecretRedaction.body(CONFIGMAPS, body));
        assertSame(body, SecretRedaction.body(LOOKALIKE, body), "only the core group's Secrets are secret");
    }

    @Test
    void jsonPatchMasksValuesWrittenIntoTheData() {
        List<JsonNode> ops = List.of(
                json("{'op':'test','path':'/metadata/resourceVersion','value':'7'}"),
                json("{'op':'add','path':'/data/password','value':'aHVudGVyMg=='}"),
                json("{'op':'replace','path':'/stringData','value':{'token':'hunter2'}}"),
                json("{'op':'add','path':'','value':{'data':{'k':'c2VjcmV0'}}}"),
                json("{'op':'remove','path':'/data/gone'}"),
                json("{'op':'add','path':'/metadata/finalizers/-','value':'x/y'}"));

        List<? extends JsonNode> shown = SecretRedaction.jsonPatch(SECRETS, ops);

        assertEquals(List.of(
                json("{'op':'test','path':'/metadata/resourceVersion','value':'7'}"),
                json("{'op':'add','path':'/data/password','value':'***'}"),
                json("{'op':'replace','path':'/stringData','value':{'token':'***'}}"),
                json("{'op':'add','path':'','value':{'data':{'k':'***'}}}"),
                json("{'op':'remove','path':'/data/gone'}"),
                json("{'op':'add','path':'/metadata/finalizers/-','value':'x/y'}")), shown);
    }

    @Test
    void diffOfASecretNamesTheChangedKeysWithoutTheirValues() {
        Diff diff = Diffs.diff(json("{'data':{'a':'MQ==','b':'Mg=='},'type':'Opaque'}"),
                json("{'data':{'a':'MTE=','c':'Mw=='},'stringData':{'t':'hunter2'},'type':'Other'}"));

        String shown = SecretRedaction.diff(SECRETS, diff).toString();

        assertFalse(shown.contains("MTE=") || shown.contains("MQ==") || shown.contains("Mg==")
                || shown.contains("Mw==") || shown.contains("hunter2"), shown);
        assertTrue(shown.contains("[data, a]") && shown.contains("[data, c]") && shown.contains("[data, b]")
                && shown.contains("t=***"), shown);
        assertTrue(shown.contains("Opaque") && shown.contains("Other"), "other fields stay visible: " + shown);
    }

    @Test
    void diffOfAWholeSecretMasksItsDataOnly() {
        Diff diff = Diffs.diffPlain(null, plain("{'data':{'k':'c2VjcmV0'},'type':'Opaque'}"), Diffs.Scope.FULL);

        assertEquals("Diff[DiffItem[op=ADD, path=[], oldValue=null, newValue={data={k=***}, type=Opaque}]]",
                SecretRedaction.diff(SECRETS, diff).toString());
    }
}
