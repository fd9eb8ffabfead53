package io.kopf4j.internal.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.kopf4j.internal.model.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProgressRecordFormatTest {

    /** As Kopf 1.44 writes a finished handler's record into kopf.zalando.org/create_fn (by hand, from progress.py). */
    private static final String KOPF_FINISHED = "{\"started\":\"2020-12-31T23:59:59.123456+00:00\","
            + "\"stopped\":\"2021-01-01T00:00:00.000000+00:00\",\"purpose\":\"create\",\"retries\":1,"
            + "\"success\":true,\"failure\":false}";

    /** As Kopf 1.44 writes a retrying parent with sub-handlers. */
    private static final String KOPF_RETRYING = "{\"started\":\"2020-12-31T23:59:59.123456+00:00\","
            + "\"delayed\":\"2021-01-01T00:01:00.123456+00:00\",\"purpose\":\"update\",\"retries\":3,"
            + "\"success\":false,\"failure\":false,\"message\":\"Not ready: caf\\u00e9 \\\"quoted\\\"\","
            + "\"subrefs\":[\"fn/sub1\",\"fn/sub2\"]}";

    @Test
    void kopfsFinishedRecordRoundTripsByteForByte() {
        ProgressRecord record = ProgressRecord.fromJson(KOPF_FINISHED);
        assertEquals(new ProgressRecord(Instant.parse("2020-12-31T23:59:59.123456Z"),
                Instant.parse("2021-01-01T00:00:00Z"), null, "create", 1, true, false, null, null), record);
        assertEquals(KOPF_FINISHED, record.toJson());
    }

    @Test
    void kopfsRetryingRecordWithMessageAndSubrefsRoundTripsByteForByte() {
        ProgressRecord record = ProgressRecord.fromJson(KOPF_RETRYING);
        assertEquals("Not ready: café \"quoted\"", record.message());
        assertEquals(List.of("fn/sub1", "fn/sub2"), record.subrefs());
        assertEquals(Instant.parse("2021-01-01T00:01:00.123456Z"), record.delayed());
        assertEquals(KOPF_RETRYING, record.toJson());
    }

    @Test
    void nullKeysAreNotWritten() {
        assertEquals("{\"retries\":0}", new ProgressRecord(null, null, null, null, 0, null, null, null, null).toJson());
        assertEquals("{}", new ProgressRecord(null, null, null, null, null, null, null, null, null).toJson());
    }

    @Test
    void timestampsAreWrittenWithSixFractionDigitsAndAPlusZeroOffset() {
        assertEquals("2000-01-01T00:00:00.000000+00:00", Timestamps.format(Instant.parse("2000-01-01T00:00:00Z")));
        assertEquals("2000-01-01T09:08:07.654321+00:00",
                Timestamps.format(Instant.parse("2000-01-01T09:08:07.654321999Z")), "truncated, not rounded");
    }

    @Test
    void timestampsAreReadInEveryFormKopfReads() {
        Instant expected = Instant.parse("2000-01-01T09:08:07.654321Z");
        assertEquals(expected, Timestamps.parse("2000-01-01T09:08:07.654321"), "naive (Kopf < 1.40) is UTC");
        assertEquals(expected, Timestamps.parse("2000-01-01T09:08:07.654321Z"));
        assertEquals(expected, Timestamps.parse("2000-01-01T09:08:07.654321+00:00"));
        assertEquals(expected, Timestamps.parse("2000-01-01T20:08:07.654321+11:00"));
        assertEquals(expected, Timestamps.parse("1999-12-31T22:08:07.654321-11:00"));
        assertEquals(expected, Timestamps.parse("2000-01-01 09:08:07,654321"));
        assertEquals(Instant.parse("2020-02-14T16:58:25Z"), Timestamps.parse("2020-02-14T16:58:25"));
        assertEquals(Instant.parse("2020-02-14T16:58:25.400Z"), Timestamps.parse("2020-02-14T16:58:25.4+0000"));
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("yesterday"));
    }

    @Test
    void legacyRecordIsReadLenientlyAndRewrittenInTodaysFormat() {
        ProgressRecord record = ProgressRecord.fromJson(
                "{\"started\":\"2020-02-14T16:58:25.396364\",\"retries\":0,\"unknown\":\"ignored\"}");
        assertEquals(Instant.parse("2020-02-14T16:58:25.396364Z"), record.started());
        assertEquals("{\"started\":\"2020-02-14T16:58:25.396364+00:00\",\"retries\":0}", record.toJson());
    }

    @Test
    void nullAnnotationMeansNoRecord() {
        assertNull(ProgressRecord.fromJson(null));
        assertNull(ProgressRecord.fromJson("null"));
        assertThrows(IllegalArgumentException.class, () -> ProgressRecord.fromJson("{\"started\":\"soon\"}"));
    }

    @Test
    void statusStorageGetsTheSameKeysAsATree() {
        ProgressRecord record = ProgressRecord.fromJson(KOPF_FINISHED);
        assertEquals(json("{'started': '2020-12-31T23:59:59.123456+00:00', 'stopped': '2021-01-01T00:00:00.000000+00:00',"
                + " 'purpose': 'create', 'retries': 1, 'success': true, 'failure': false}"), record.toTree());
        assertEquals(record, ProgressRecord.fromTree(record.toTree()));
    }
}
