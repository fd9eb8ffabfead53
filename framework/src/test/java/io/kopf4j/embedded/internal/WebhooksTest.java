package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule matching, defaults and selectors of admission webhooks, case by case as the real server decides them. */
class WebhooksTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Webhooks.Rule rule(List<String> operations, List<String> groups, List<String> versions,
                                      List<String> resources, String scope) {
        return new Webhooks.Rule(operations, groups, versions, resources, scope);
    }

    private static Webhooks.Rule things(String... resources) {
        return rule(List.of("*"), List.of("kopf.dev"), List.of("v1"), List.of(resources), "*");
    }

    @Test
    void operationsMatchByNameOrWildcard() {
        Webhooks.Rule create = rule(List.of("CREATE"), List.of("*"), List.of("*"), List.of("*"), "*");
        assertTrue(create.matches("CREATE", "kopf.dev", "v1", "things", "", "ns"));
        assertFalse(create.matches("UPDATE", "kopf.dev", "v1", "things", "", "ns"));
        Webhooks.Rule any = rule(List.of("*"), List.of("*"), List.of("*"), List.of("*"), "*");
        assertTrue(any.matches("DELETE", "", "v1", "configmaps", "", "ns"));
    }

    @Test
    void groupsAndVersionsMatchExactlyOrByWildcard() {
        assertTrue(things("things").matches("CREATE", "kopf.dev", "v1", "things", "", "ns"));
        assertFalse(things("things").matches("CREATE", "kopf.dev", "v2", "things", "", "ns"));
        assertFalse(things("things").matches("CREATE", "other.dev", "v1", "things", "", "ns"));
        Webhooks.Rule core = rule(List.of("*"), List.of(""), List.of("*"), List.of("configmaps"), "*");
        assertTrue(core.matches("CREATE", "", "v1", "configmaps", "", "ns"));
        assertFalse(core.matches("CREATE", "apps", "v1", "configmaps", "", "ns"));
    }

    @Test
    void aPlainResourceSelectsOnlyTheMainResourceAndSlashFormsSelectSubresources() {
        assertTrue(things("things").matches("UPDATE", "kopf.dev", "v1", "things", "", "ns"));
        assertFalse(things("things").matches("UPDATE", "kopf.dev", "v1", "things", "status", "ns"));
        assertFalse(things("*").matches("UPDATE", "kopf.dev", "v1", "things", "status", "ns"));
        assertTrue(things("*").matches("UPDATE", "kopf.dev", "v1", "others", "", "ns"));
        assertTrue(things("things/status").matches("UPDATE", "kopf.dev", "v1", "things", "status", "ns"));
        assertFalse(things("things/status").matches("UPDATE", "kopf.dev", "v1", "things", "", "ns"));
        assertTrue(things("*/status").matches("UPDATE", "kopf.dev", "v1", "others", "status", "ns"));
        assertFalse(things("*/status").matches("UPDATE", "kopf.dev", "v1", "others", "scale", "ns"));
        assertTrue(things("things/*").matches("UPDATE", "kopf.dev", "v1", "things", "scale", "ns"));
        assertTrue(things("things/*").matches("UPDATE", "kopf.dev", "v1", "things", "", "ns"),
                "'things/*' selects the main resource too: '*' matches the empty subresource");
        assertTrue(things("*/*").matches("UPDATE", "kopf.dev", "v1", "things", "status", "ns"));
    }

    @Test
    void scopeSeparatesNamespacedFromClusterRequestsAndCountsNamespacesAsClusterScoped() {
        Webhooks.Rule namespaced = rule(List.of("*"), List.of("*"), List.of("*"), List.of("*"), "Namespaced");
        Webhooks.Rule cluster = rule(List.of("*"), List.of("*"), List.of("*"), List.of("*"), "Cluster");
        assertTrue(namespaced.matches("CREATE", "", "v1", "configmaps", "", "ns"));
        assertFalse(cluster.matches("CREATE", "", "v1", "configmaps", "", "ns"));
        assertFalse(namespaced.matches("CREATE", "rbac.authorization.k8s.io", "v1", "clusterroles", "", ""));
        assertTrue(cluster.matches("CREATE", "rbac.authorization.k8s.io", "v1", "clusterroles", "", ""));
        // A request on a namespace carries the namespace's own name, yet a namespace is cluster-scoped.
        assertFalse(namespaced.matches("UPDATE", "", "v1", "namespaces", "", "team-a"));
        assertTrue(cluster.matches("UPDATE", "", "v1", "namespaces", "", "team-a"));
        assertFalse(rule(List.of("*"), List.of("*"), List.of("*"), List.of("*"), "Elsewhere")
                .matches("CREATE", "", "v1", "configmaps", "", "ns"));
    }

    @Test
    void parsingFillsInTheV1DefaultsAndCapsTheTimeout() {
        Webhooks.Hook h = Webhooks.parse("cfg", (ObjectNode) json("{'name':'a.b.c','clientConfig':"
                + "{'service':{'namespace':'ns','name':'svc'}},'rules':[{'operations':['CREATE'],'apiGroups':[''],"
                + "'apiVersions':['v1'],'resources':['pods']}],'sideEffects':'None','timeoutSeconds':99,"
                + "'admissionReviewVersions':['v1']}"), true, 0);
        assertEquals("Fail", h.failurePolicy());
        assertEquals("Equivalent", h.matchPolicy());
        assertEquals("Never", h.reinvocationPolicy());
        assertEquals(30, h.timeoutSeconds());
        assertEquals(443, h.client().servicePort());
        assertEquals("", h.client().servicePath());
        assertNull(h.client().url());
        assertEquals("*", h.rules().get(0).scope());
        assertTrue(h.dryRunSafe());
        assertFalse(h.failOpen());

        Webhooks.Hook defaults = Webhooks.parse("cfg", (ObjectNode) json("{'name':'x','clientConfig':"
                + "{'url':'https://h/p'},'sideEffects':'Some','failurePolicy':'Ignore'}"), false, 1);
        assertEquals(10, defaults.timeoutSeconds());
        assertTrue(defaults.failOpen());
        assertFalse(defaults.dryRunSafe());
        assertEquals("https://h/p", defaults.client().url());
    }

    @Test
    void storingAConfigurationWritesTheDefaultsTheRealServerWrites() {
        ObjectNode config = (ObjectNode) json("{'webhooks':[{'name':'a.b.c','clientConfig':{'service':"
                + "{'namespace':'ns','name':'svc'}},'rules':[{'operations':['*'],'apiGroups':['*'],"
                + "'apiVersions':['*'],'resources':['*']}]}]}");
        Webhooks.applyDefaults(config, true);
        assertEquals(json("{'webhooks':[{'name':'a.b.c','clientConfig':{'service':{'namespace':'ns','name':'svc',"
                + "'port':443}},'rules':[{'operations':['*'],'apiGroups':['*'],'apiVersions':['*'],"
                + "'resources':['*'],'scope':'*'}],'failurePolicy':'Fail','matchPolicy':'Equivalent',"
                + "'namespaceSelector':{},'objectSelector':{},'timeoutSeconds':10,'reinvocationPolicy':'Never'}]}"),
                config);
        ObjectNode validating = (ObjectNode) json("{'webhooks':[{'name':'v','timeoutSeconds':3,"
                + "'failurePolicy':'Ignore'}]}");
        Webhooks.applyDefaults(validating, false);
        assertFalse(validating.path("webhooks").path(0).has("reinvocationPolicy"));
        assertEquals(3, validating.path("webhooks").path(0).path("timeoutSeconds").asInt());
        assertEquals("Ignore", validating.path("webhooks").path(0).path("failurePolicy").asText());
    }

    @Test
    void structuredSelectorsMatchAsLabelSelectorAsSelectorDoes() throws Exception {
        JsonNode prod = json("{'env':'prod','tier':'web'}");
        JsonNode none = json("{}");
        assertTrue(Selectors.structured(null).isEmpty());
        assertTrue(Selectors.structured(json("{}")).matches(none));
        assertTrue(Selectors.structured(json("{'matchLabels':{'env':'prod'}}")).matches(prod));
        assertFalse(Selectors.structured(json("{'matchLabels':{'env':'prod'}}")).matches(none));
        String expr = "{'matchExpressions':[{'key':'env','operator':'%s'%s}]}";
        assertTrue(Selectors.structured(json(String.format(expr, "In", ",'values':['prod','qa']"))).matches(prod));
        assertTrue(Selectors.structured(json(String.format(expr, "NotIn", ",'values':['prod']"))).matches(none));
        assertFalse(Selectors.structured(json(String.format(expr, "NotIn", ",'values':['prod']"))).matches(prod));
        assertTrue(Selectors.structured(json(String.format(expr, "Exists", ""))).matches(prod));
        assertTrue(Selectors.structured(json(String.format(expr, "DoesNotExist", ""))).matches(none));
        assertFalse(Selectors.structured(json("{'matchLabels':{'env':'prod'},'matchExpressions':"
                + "[{'key':'tier','operator':'In','values':['db']}]}")).matches(prod), "all requirements must hold");
    }

    @Test
    void badStructuredSelectorsAreRefusedWithApimachinerysWording() {
        assertEquals("\"Near\" is not a valid label selector operator",
                assertThrows(Selectors.SelectorException.class, () -> Selectors.structured(
                        json("{'matchExpressions':[{'key':'a','operator':'Near'}]}"))).getMessage());
        assertEquals("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
                assertThrows(Selectors.SelectorException.class, () -> Selectors.structured(
                        json("{'matchExpressions':[{'key':'a','operator':'In','values':[]}]}"))).getMessage());
        assertEquals("values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not "
                + "exist", assertThrows(Selectors.SelectorException.class, () -> Selectors.structured(
                        json("{'matchExpressions':[{'key':'a','operator':'Exists','values':['x']}]}"))).getMessage());
    }
}
