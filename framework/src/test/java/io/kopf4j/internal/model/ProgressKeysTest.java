package io.kopf4j.internal.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static io.kopf4j.internal.model.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expected keys come from Kopf's own test table (tests/persistence/test_annotations_hashing.py) and from Kopf's
 * make_v1_key/make_v2_key/make_suffix worked by hand (Python's hashlib.blake2b for the digests).
 */
class ProgressKeysTest {

    private static final ProgressKeys KOPF = ProgressKeys.defaults();
    private static final ProgressKeys MINE = ProgressKeys.of("my-operator.example.com", true);

    @Test
    void blake2bMatchesPythonHashlibWithFourByteDigests() {
        assertEquals("1271cf25", hex(""));
        assertEquals("63906248", hex("abc"));
        assertEquals("43d13b0b", hex("b".repeat(128)), "exactly one full block");
        assertEquals("a5de59a0", hex("a".repeat(300)), "several blocks");
    }

    @Test
    void slashesInIdsBecomeDotsAndAngleBracketsUnderscores() {
        assertEquals("my-operator.example.com/a_b.c-d.e", MINE.v2Key("a_b.c-d/e"));
        assertEquals("my-operator.example.com/a_b.c-d.e", MINE.v1Key("a_b.c-d/e"));
        assertEquals("kopf.zalando.org/create_fn.field.spec",
                KOPF.keys(HandlerId.of("create_fn").child("field.spec"), null).get(0));
        assertEquals("kopf.zalando.org/_lambda_", KOPF.v2Key("<lambda>"));
    }

    @Test
    void v2KeysLimitOnlyTheNameTo63Characters() {
        assertEquals("my-operator.example.com/" + "x".repeat(63), MINE.v2Key("x".repeat(63)));
        assertEquals("my-operator.example.com/" + "x".repeat(56) + "-SItAqA", MINE.v2Key("x".repeat(64)));
        assertEquals("my-operator.example.com/" + "y".repeat(56) + "-0d251g", MINE.v2Key("y".repeat(64)));
        assertEquals("my-operator.example.com/" + "z".repeat(56) + "-E7wvIA", MINE.v2Key("z".repeat(64)));
    }

    @Test
    void v1KeysLimitTheWholeKeyTo63Characters() {
        assertEquals("my-operator.example.com/" + "x".repeat(39), MINE.v1Key("x".repeat(39)));
        assertEquals("my-operator.example.com/" + "x".repeat(32) + "-tEokcg", MINE.v1Key("x".repeat(40)));
        assertEquals("my-operator.example.com/" + "y".repeat(32) + "-VZlvhw", MINE.v1Key("y".repeat(40)));
        assertEquals("my-operator.example.com/" + "z".repeat(32) + "-LlPQyA", MINE.v1Key("z".repeat(40)));
    }

    @Test
    void base64PlusAndSlashBecomeDashAndDot() {
        assertEquals("my-operator.example.com/" + "fn".repeat(28) + "-Az-r.g", MINE.v2Key("fn".repeat(323)));
        assertEquals("my-operator.example.com/" + "fn".repeat(16) + "-Az-r.g", MINE.v1Key("fn".repeat(323)));
    }

    @Test
    void longSubhandlerIdIsCutWithTheHashOfTheOriginalIdInV2AndOfTheSafeIdInV1() {
        // 88 characters: over 63, so V2 keeps 63 - 7 = 56 safe characters and appends "-" + b64(blake2b(id)).
        HandlerId id = HandlerId.of("reconcile_the_database_cluster")
                .child("provision_primary_replica").child("create_persistent_volume_claims");
        assertEquals(88, id.value().length());
        assertEquals("-M-9mjg", ProgressKeys.suffix(id.value()));
        assertEquals("-roF7xw", ProgressKeys.suffix(ProgressKeys.safe(id.value())));
        assertEquals(List.of(
                "kopf.zalando.org/reconcile_the_database_cluster.provision_primary_replica-M-9mjg",
                "kopf.zalando.org/reconcile_the_database_cluster.provisio-roF7xw"), KOPF.keys(id, null));
    }

    @Test
    void v1KeyUnderAnOverlongPrefixKeepsOnlyTheHashAsPythonSlicingDoes() {
        ProgressKeys longPrefix = ProgressKeys.of("a".repeat(60) + ".com", true);
        assertEquals("a".repeat(60) + ".com/handler", longPrefix.v2Key("handler"));
        assertEquals("a".repeat(60) + ".com/-bwuOmw", longPrefix.v1Key("handler"));
    }

    @Test
    void keysAreReadV2FirstThenV1AndDeduplicated() {
        assertEquals(List.of("kopf.zalando.org/fn"), KOPF.keys("fn", null));
        String dots = ".".repeat(64);
        List<String> both = KOPF.keys(dots, null);
        assertEquals(List.of(KOPF.v2Key(dots), KOPF.v1Key(dots)), both);
        assertFalse(both.get(0).equals(both.get(1)));
        assertEquals(List.of(KOPF.v2Key(dots)), ProgressKeys.of("kopf.zalando.org", false).keys(dots, null));
    }

    @Test
    void replicaSetOwnedByADeploymentGetsTheOfDrsMark() {
        ProgressKeys keys = ProgressKeys.of("kopf.dev", true);
        assertEquals(List.of("kopf.dev/xyz-ofDRS"), keys.keys("xyz",
                json("{'kind': 'ReplicaSet', 'metadata': {'ownerReferences': [{'kind': 'Deployment'}]}}")));
        assertEquals(List.of("kopf.dev/xyz"), keys.keys("xyz",
                json("{'kind': 'ReplicaSet', 'metadata': {'ownerReferences': [{'kind': 'OtherOwner'}]}}")));
        assertEquals(List.of("kopf.dev/xyz"), keys.keys("xyz",
                json("{'kind': 'OtherKind', 'metadata': {'ownerReferences': [{'kind': 'Deployment'}]}}")));
    }

    @Test
    void markerIsWrittenOnlyForPrefixesNotStartingWithKopf() {
        assertEquals(Optional.empty(), KOPF.markerKey());
        assertEquals(Optional.of("my-operator.example.com/kopf-managed"), MINE.markerKey());
        assertEquals("yes", ProgressKeys.markerValue());
    }

    @Test
    void emptyPrefixIsRejectedAsKopfDoes() {
        assertThrows(IllegalArgumentException.class, () -> ProgressKeys.of("", true));
    }

    @Test
    void ownedKeysAreThoseUnderThePrefix() {
        assertTrue(KOPF.owns("kopf.zalando.org/anything"));
        assertFalse(KOPF.owns("sub.kopf.zalando.org/anything"));
        assertFalse(KOPF.owns("kopf.zalando.org.evil/anything"));
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(Blake2b.digest(text.getBytes(StandardCharsets.UTF_8), 4));
    }
}
