package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kopf4j.embedded.internal.Selectors.FieldSelector;
import io.kopf4j.embedded.internal.Selectors.LabelSelector;
import io.kopf4j.embedded.internal.Selectors.SelectorException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectorsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    // apimachinery's RegexError really writes "'MyName',  or 'my.name'" (comma and two spaces)
    private static final String NAME_RULE = "must consist of alphanumeric characters, '-', '_' or '.', and must start"
            + " and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
            + " validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private static JsonNode labels(String... kv) {
        var node = MAPPER.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            node.put(kv[i], kv[i + 1]);
        }
        return node;
    }

    private static boolean matches(String selector, String... kv) throws SelectorException {
        return Selectors.labels(selector).matches(labels(kv));
    }

    private static String labelError(String selector) {
        return assertThrows(SelectorException.class, () -> Selectors.labels(selector)).getMessage();
    }

    private static String fieldError(String selector) {
        return assertThrows(SelectorException.class, () -> Selectors.fields(selector)).getMessage();
    }

    private static boolean fieldMatches(String selector, Map<String, String> fields) throws SelectorException {
        return Selectors.fields(selector).matches(fields::get);
    }

    // --- label selectors: matching ---

    @Test
    void emptyOrNullLabelSelectorMatchesEverything() throws Exception {
        for (String s : new String[] {null, "", "  \t "}) {
            LabelSelector sel = Selectors.labels(s);
            assertTrue(sel.isEmpty());
            assertTrue(sel.matches(null));
            assertTrue(sel.matches(MissingNode.getInstance()));
            assertTrue(sel.matches(labels("a", "b")));
        }
    }

    @Test
    void equalsAndDoubleEqualsRequireTheExactValue() throws Exception {
        assertTrue(matches("app=web", "app", "web"));
        assertTrue(matches("app==web", "app", "web"));
        assertFalse(matches("app=web", "app", "db"));
        assertFalse(matches("app==web"));
        assertFalse(Selectors.labels("app=web").isEmpty());
    }

    @Test
    void notEqualsMatchesObjectsWithoutTheKey() throws Exception {
        assertTrue(matches("app!=web"));
        assertTrue(matches("app!=web", "app", "db"));
        assertFalse(matches("app!=web", "app", "web"));
        assertTrue(Selectors.labels("app!=web").matches(null));
    }

    @Test
    void inMatchesAnyListedValue() throws Exception {
        assertTrue(matches("env in (prod, staging)", "env", "staging"));
        assertTrue(matches("env in (prod,staging)", "env", "prod"));
        assertFalse(matches("env in (prod,staging)", "env", "dev"));
        assertFalse(matches("env in (prod,staging)"));
    }

    @Test
    void notInMatchesObjectsWithoutTheKey() throws Exception {
        assertTrue(matches("env notin (prod)"));
        assertTrue(matches("env notin (prod)", "env", "dev"));
        assertFalse(matches("env notin (prod,dev)", "env", "dev"));
    }

    @Test
    void existenceAndNonExistenceCheckOnlyTheKey() throws Exception {
        assertTrue(matches("app", "app", ""));
        assertFalse(matches("app", "other", "x"));
        assertTrue(matches("!app", "other", "x"));
        assertFalse(matches("!app", "app", "x"));
        assertTrue(matches(" ! app ", "other", "x"));
    }

    @Test
    void greaterAndLessThanCompareIntegers() throws Exception {
        assertTrue(matches("replicas>3", "replicas", "10"));
        assertFalse(matches("replicas>3", "replicas", "3"));
        assertTrue(matches("replicas < 3", "replicas", "-2"));
        assertFalse(matches("replicas<3", "replicas", "abc"));
        assertFalse(matches("replicas<3"));
    }

    @Test
    void commaJoinsRequirementsWithAnd() throws Exception {
        String sel = "app=web, tier in (front,back), !legacy, example.com/team!=ops";
        assertTrue(matches(sel, "app", "web", "tier", "front"));
        assertTrue(matches(sel, "app", "web", "tier", "back", "example.com/team", "dev"));
        assertFalse(matches(sel, "app", "web", "tier", "front", "legacy", "yes"));
        assertFalse(matches(sel, "app", "web", "tier", "front", "example.com/team", "ops"));
    }

    @Test
    void emptyValuesAreAllowedForEqualityAndSets() throws Exception {
        assertTrue(matches("app=", "app", ""));
        assertFalse(matches("app=", "app", "x"));
        assertTrue(matches("app in ()", "app", ""));
        assertTrue(matches("app in (,x)", "app", ""));
        assertTrue(matches("app in (x,)", "app", "x"));
    }

    @Test
    void keywordsAreOrdinaryIdentifiersAsKeysAndValues() throws Exception {
        assertTrue(matches("in=notin", "in", "notin"));
        assertTrue(matches("notin in (in)", "notin", "in"));
    }

    // --- label selectors: errors ---

    @Test
    void missingOperatorIsReportedWithTheAllowedOperators() {
        assertEquals("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
                labelError("a b"));
    }

    @Test
    void trailingGarbageAfterARequirementIsRejected() {
        assertEquals("found 'c', expected: ',' or 'end of string'", labelError("a=b c"));
        assertEquals("found '=', expected: ',' or 'end of string'", labelError("!a=b"));
    }

    @Test
    void danglingOrLeadingCommaIsRejected() {
        assertEquals("found '', expected: identifier after ','", labelError("a=b,"));
        assertEquals("found ',', expected: !, identifier, or 'end of string'", labelError(",a"));
        assertEquals("found '=', expected: !, identifier, or 'end of string'", labelError("=a"));
    }

    @Test
    void malformedSetSyntaxNamesTheBadPart() {
        assertEquals("unable to parse requirement: found 'b' expected: '('", labelError("a in b"));
        assertEquals("unable to parse requirement: found 'c', expected: ',' or ')'", labelError("a in (b c)"));
        assertEquals("unable to parse requirement: found '', expected: ',', or identifier", labelError("a in (b,"));
        assertEquals("unable to parse requirement: found '=', expected: ',', ')' or identifier",
                labelError("a in (=)"));
        assertEquals("unable to parse requirement: found '(', expected: identifier", labelError("a=(b)"));
        assertEquals("unable to parse requirement: found '', expected: identifier", labelError("!"));
    }

    @Test
    void invalidLabelKeyIsReportedWithTheQualifiedNameRule() {
        assertEquals("unable to parse requirement: <nil>: Invalid value: \"-a\": name part " + NAME_RULE,
                labelError("-a=b"));
        assertEquals("unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name " + NAME_RULE
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')", labelError("a/b/c"));
    }

    @Test
    void invalidKeyPrefixAndOverlongNameAreBothExplained() {
        assertEquals("unable to parse requirement: <nil>: Invalid value: \"Example.com/a\": prefix part a lowercase"
                + " RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start"
                + " and end with an alphanumeric character (e.g. 'example.com', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", labelError("Example.com/a"));
        String longName = "a".repeat(64);
        assertEquals("unable to parse requirement: <nil>: Invalid value: \"" + longName
                + "\": name part must be no more than 63 characters", labelError(longName));
        assertEquals("unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must be non-empty",
                labelError("/x"));
    }

    @Test
    void invalidLabelValueNamesTheValuePathAndKey() {
        assertEquals("unable to parse requirement: values[0][app]: Invalid value: \"-web\": a valid label must be an"
                + " empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with"
                + " an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is"
                + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')", labelError("app=-web"));
        assertTrue(labelError("app in (ok,x" + "y".repeat(63) + ")")
                .startsWith("unable to parse requirement: values[1][app]: Invalid value: \"xyyy"));
    }

    @Test
    void nonIntegerComparisonValueIsRejected() {
        assertEquals("unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators,"
                + " the value must be an integer", labelError("a>b"));
    }

    @Test
    void severalProblemsInOneRequirementAreListedInBrackets() {
        String msg = labelError("a<1.5.");
        assertTrue(msg.startsWith("unable to parse requirement: [values[0]: Invalid value: \"1.5.\": for 'Gt',"
                + " 'Lt' operators, the value must be an integer, values[0][a]: Invalid value: \"1.5.\": a valid"
                + " label must be"), msg);
        assertTrue(msg.endsWith("')]"), msg);
    }

    @Test
    void errorValuesAreQuotedLikeGo() {
        assertEquals("unable to parse requirement: <nil>: Invalid value: \"a\\\"b\": name part " + NAME_RULE,
                labelError("a\"b"));
        assertTrue(labelError("a\u0001b=c").contains("Invalid value: \"a\\x01b\""));
    }

    // --- field selectors ---

    @Test
    void emptyOrNullFieldSelectorSelectsEverything() throws Exception {
        for (String s : new String[] {null, "", ",,"}) {
            FieldSelector sel = Selectors.fields(s);
            assertTrue(sel.isEmpty());
            assertEquals(List.of(), sel.keys());
            assertTrue(sel.matches(k -> null));
        }
    }

    @Test
    void fieldEqualityOperatorsAndCommaAnd() throws Exception {
        Map<String, String> pod = Map.of("metadata.name", "web-1", "metadata.namespace", "prod", "status.phase",
                "Running");
        assertTrue(fieldMatches("metadata.name=web-1", pod));
        assertTrue(fieldMatches("metadata.name==web-1", pod));
        assertFalse(fieldMatches("metadata.name!=web-1", pod));
        assertTrue(fieldMatches("metadata.namespace=prod,status.phase!=Failed", pod));
        assertFalse(fieldMatches("metadata.namespace=prod,status.phase!=Running", pod));
    }

    @Test
    void emptyFieldValueIsAllowedAndUnknownFieldsCompareAsEmpty() throws Exception {
        FieldSelector sel = Selectors.fields("metadata.namespace=");
        assertFalse(sel.isEmpty());
        assertTrue(sel.matches(Map.of("metadata.namespace", "")::get));
        assertFalse(sel.matches(Map.of("metadata.namespace", "x")::get));
        assertTrue(sel.matches(k -> null));
        assertTrue(Selectors.fields("spec.nodeName!=n1").matches(k -> null));
    }

    @Test
    void keysAreReportedInSortedTermOrder() throws Exception {
        assertEquals(List.of("metadata.name", "spec.x"), Selectors.fields("spec.x=1,metadata.name!=a").keys());
        assertEquals(List.of("a "), Selectors.fields("a =b").keys());
        assertTrue(Selectors.fields("=").isEmpty());
    }

    @Test
    void escapedCommaEqualsAndBackslashAreUnescapedInValues() throws Exception {
        FieldSelector sel = Selectors.fields("metadata.name=a\\,b\\=c\\\\d,status.phase=x");
        assertEquals(List.of("metadata.name", "status.phase"), sel.keys());
        assertTrue(sel.matches(Map.of("metadata.name", "a,b=c\\d", "status.phase", "x")::get));
        assertFalse(sel.matches(Map.of("metadata.name", "a", "status.phase", "x")::get));
    }

    @Test
    void malformedFieldSelectorNamesTheBadPart() {
        assertEquals("invalid selector: 'metadata.name=a,foo'; can't understand 'foo'",
                fieldError("metadata.name=a,foo"));
    }

    @Test
    void badEscapesInFieldValuesAreRejected() {
        assertEquals("invalid field selector: invalid escape sequence: \\x", fieldError("a=b\\x"));
        assertEquals("invalid field selector: invalid escape sequence: \\", fieldError("a=b\\"));
        assertEquals("invalid field selector: unescaped character in value: 61", fieldError("a=b=c"));
    }
}
