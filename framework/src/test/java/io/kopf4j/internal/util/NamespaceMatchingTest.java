package io.kopf4j.internal.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kopf: tests/references/test_namespace_matching.py. */
class NamespaceMatchingTest {

    @ParameterizedTest(name = "{0} ~ \"{1}\" = {2}")
    @CsvSource(delimiter = '|', value = {
            "team-a | team-a | true",
            "team-a | team   | false",
            "team-a | ''     | false",
    })
    void exactNamesMatchOnlyThemselves(String name, String pattern, boolean expected) {
        assertEquals(expected, NamespacePatterns.match(name, pattern));
    }

    @ParameterizedTest(name = "{0} ~ \"{1}\" = {2}")
    @CsvSource(delimiter = '|', value = {
            "dev1 | *      | true",
            "dev1 | dev*   | true",
            "dev1 | dev?   | true",
            "dev1 | dev??  | false",
            "dev1 | d*1    | true",
            "dev1 | d??1   | true",
            "dev1 | d???1  | false",
            "dev1 | *1     | true",
            "dev1 | ?1     | false",
            "dev1 | ???1   | true",
            "dev1 | dev*x  | false",
            "dev1 | dev[12] | true",
            "dev3 | dev[12] | false",
            "dev3 | dev[!12] | true",
            "dev1 | dev[0-9] | true",
            "dev. | dev.   | true",
            "devX | dev.   | false",
    })
    void globsUseStarQuestionMarkAndSets(String name, String pattern, boolean expected) {
        assertEquals(expected, NamespacePatterns.match(name, pattern));
    }

    @ParameterizedTest(name = "{0} ~ \"{1}\" = {2}")
    @CsvSource(delimiter = '|', value = {
            "ns1 | 'ns1,ns2' | true",
            "ns1 | 'ns2,ns1' | false",
    })
    void laterInclusionsOnlyReincludeWhatTheFirstGlobMatched(String name, String pattern, boolean expected) {
        assertEquals(expected, NamespacePatterns.match(name, pattern));
    }

    @ParameterizedTest(name = "{0} ~ \"{1}\" = {2}")
    @CsvSource(delimiter = '|', value = {
            "ns1 | ' ns1'          | true",
            "ns1 | 'ns1 '          | true",
            "ns1 | ' ns1 , ns2 '   | true",
            "ns1 | ' ns2 , ns1 '   | false",
            "ns1 | 'ns*, !ns1'     | false",
    })
    void spacesAroundPartsAreIgnored(String name, String pattern, boolean expected) {
        assertEquals(expected, NamespacePatterns.match(name, pattern));
    }

    @ParameterizedTest(name = "{0} ~ \"{1}\" = {2}")
    @CsvSource(delimiter = '|', value = {
            "ns1 | 'ns*,!ns1' | false",
            "ns1 | 'ns*,!ns2' | true",
            "ns1 | 'ns*,!!ns1' | false",
    })
    void exclusionsAfterAnInclusionUnmatch(String name, String pattern, boolean expected) {
        assertEquals(expected, NamespacePatterns.match(name, pattern));
    }

    @ParameterizedTest(name = "{0} ~ \"{1}\" = {2}")
    @CsvSource(delimiter = '|', value = {
            "ns1 | !ns1 | false",
            "ns1 | !ns2 | true",
            "ns1 | !ns* | false",
            "kube-system | !kube-* | false",
            "default | !kube-* | true",
    })
    void aLeadingExclusionImpliesACatchAllFirst(String name, String pattern, boolean expected) {
        assertEquals(expected, NamespacePatterns.match(name, pattern));
    }

    @ParameterizedTest(name = "{0} ~ \"{1}\" = {2}")
    @CsvSource(delimiter = '|', value = {
            "ns1 | 'ns*,!ns1,ns1' | true",
            "ns1 | 'ns*,!ns*,ns1' | true",
            "ns1 | '!ns*,ns1'     | true",
            "ns1 | '!ns*,ns?'     | true",
    })
    void reinclusionAfterAnExclusionMatchesAgain(String name, String pattern, boolean expected) {
        assertEquals(expected, NamespacePatterns.match(name, pattern));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"myapp-test, true", "myapp-pr-123, true", "myapp-pr-456, false", "otherapp-pr-123, false"})
    void kopfsDocumentedExampleWithAnInitialInclusion(String name, boolean expected) {
        assertEquals(expected, NamespacePatterns.match(name, "myapp-*, !*-pr-*, *pr-123"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"myapp-test, true", "myapp-pr-123, true", "myapp-pr-456, false", "otherapp-pr-123, true",
            "anyapp-anything, true"})
    void kopfsDocumentedExampleWithAnInitialExclusion(String name, boolean expected) {
        assertEquals(expected, NamespacePatterns.match(name, "!*-pr-*, *pr-123"));
    }

    @ParameterizedTest(name = "{0} ~ /{1}/ = {2}")
    @CsvSource({"ns1, ns1, true", "ns1, ns, false", "ns1, s1, false", "ns1, .+s1, true", "ns1, ns.+, true"})
    void regularExpressionsMustMatchTheWholeName(String name, String regex, boolean expected) {
        assertEquals(expected, NamespacePatterns.match(name, Pattern.compile(regex)));
    }

    @Test
    void aNamespaceIsServedWhenAnyPatternMatches() {
        NamespacePatterns patterns = NamespacePatterns.of("dev-*", "prod-main").plus(Pattern.compile("qa\\d+"));
        assertTrue(patterns.matches("dev-x"));
        assertTrue(patterns.matches("prod-main"));
        assertTrue(patterns.matches("qa7"));
        assertFalse(patterns.matches("prod-other"));
    }

    @Test
    void noPatternsMatchNoNamespace() {
        assertFalse(NamespacePatterns.of(List.of()).matches("default"));
        assertTrue(NamespacePatterns.of(List.of()).isEmpty());
    }

    @Test
    void matchingIsCaseSensitive() {
        assertFalse(NamespacePatterns.match("Dev1", "dev*"));
    }
}
