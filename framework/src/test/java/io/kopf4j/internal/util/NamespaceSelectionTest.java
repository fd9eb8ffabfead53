package io.kopf4j.internal.util;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which patterns name one namespace exactly, to be watched directly. Kopf: test_namespace_selection.py. */
class NamespaceSelectionTest {

    @Test
    void noPatternsSelectNoNamespaces() {
        assertEquals(Set.of(), NamespacePatterns.of(List.of()).specificNamespaces());
    }

    @Test
    void anEmptyStringIsKeptAsKopfKeepsIt() {
        assertEquals(Set.of(""), NamespacePatterns.of("").specificNamespaces());
    }

    @Test
    void exactNamesAreSelectedInTheirOrder() {
        assertEquals(List.of("ns2", "ns1"), List.copyOf(NamespacePatterns.of("ns2", "ns1", "ns2").specificNamespaces()));
    }

    @Test
    void commaListsAreNotSpecific() {
        assertEquals(Set.of(), NamespacePatterns.of("ns1,ns2").specificNamespaces());
    }

    @Test
    void globsAndExclusionsAreNotSpecific() {
        assertEquals(Set.of(), NamespacePatterns.of("n*s", "n?s", "!ns").specificNamespaces());
    }

    @Test
    void regularExpressionsAreNotSpecific() {
        assertEquals(Set.of(), NamespacePatterns.of(List.of()).plus(Pattern.compile("ns1")).specificNamespaces());
    }

    @Test
    void onlyTheSpecificOnesOfAMixAreSelected() {
        assertEquals(Set.of("default"), NamespacePatterns.of("dev-*", "default", "!kube-*").specificNamespaces());
    }

    @Test
    void onlyExactNamesAreAllSpecificAndCanBeWatchedWithoutObservingNamespaces() {
        assertTrue(NamespacePatterns.of("ns1", "ns2").allSpecific());
        assertFalse(NamespacePatterns.of("ns1", "dev-*").allSpecific());
        assertFalse(NamespacePatterns.of("ns1,ns2").allSpecific());
        assertFalse(NamespacePatterns.of("!kube-*").allSpecific());
        assertFalse(NamespacePatterns.of("ns1").plus(Pattern.compile("ns2")).allSpecific());
    }

    @Test
    void noPatternsAreNotAllSpecificSinceThatMeansClusterWide() {
        assertFalse(NamespacePatterns.of(List.of()).allSpecific());
    }

    @Test
    void theNonSpecificPatternsAreTheOnesOnlyObservationCanServe() {
        assertEquals(List.of("dev-*,!dev-skip", "!kube-*", "n.+"),
                NamespacePatterns.of("dev-*,!dev-skip", "default", "!kube-*").plus(Pattern.compile("n.+"))
                        .nonSpecificPatterns());
        assertEquals(List.of(), NamespacePatterns.of("a", "b").nonSpecificPatterns());
    }
}
