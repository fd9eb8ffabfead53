package io.kopf4j.internal.model;

import org.junit.jupiter.api.Test;

import static io.kopf4j.internal.model.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected texts are what Python's json.dumps(value, separators=(',', ':')) prints for the same values. */
class CompactJsonFormatTest {

    @Test
    void noSpacesAndKeysInTreeOrder() {
        assertEquals("{\"z\":1,\"a\":[true,false,null],\"m\":{}}",
                CompactJson.write(json("{'z': 1, 'a': [true, false, null], 'm': {}}")));
    }

    @Test
    void nonAsciiAndControlCharactersAreEscapedInLowercaseHexAsPythonDoes() {
        String text = "\u00e9\u2603\uD83D\uDE00\u007f\u0001\"\\/\n\t";
        assertEquals("\"\\u00e9\\u2603\\ud83d\\ude00\\u007f\\u0001\\\"\\\\/\\n\\t\"",
                CompactJson.write(Json.MAPPER.getNodeFactory().textNode(text)));
    }

    @Test
    void floatsAreWrittenAsPythonsRepr() {
        assertEquals("[1.0,1e+16,1e-05,0.0001,123.456,-0.0,1000000000000000.0,1.5e-07,1180591620717411303424]",
                CompactJson.write(json("[1.0, 1e16, 1e-05, 0.0001, 123.456, -0.0, 1e15, 1.5e-07,"
                        + " 1180591620717411303424]")));
    }
}
