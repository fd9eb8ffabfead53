package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TablesTest {

    private static final ObjectMapper M = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2024-06-01T10:05:12Z");

    private static JsonNode json(String s) {
        try {
            return M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResourceType crType(JsonNode printerColumns) {
        return new ResourceType("kopf.dev", "v1", "kopfexamples", "kopfexample", "KopfExample", "KopfExampleList",
                true, List.of("kex"), List.of(), List.of("get", "list"), true, null, printerColumns, false,
                "kopf.dev/kopfexamples", true);
    }

    private static ResourceType builtIn(String group, String version, String plural, String kind, boolean namespaced) {
        return new ResourceType(group, version, plural, plural.substring(0, plural.length() - 1), kind, kind + "List",
                namespaced, List.of(), List.of(), List.of("get", "list"), false, null, null, true,
                (group.isEmpty() ? "" : group + "/") + plural, false);
    }

    private static final JsonNode CR = json("""
            {'apiVersion':'kopf.dev/v1','kind':'KopfExample',
             'metadata':{'name':'kopf-example-1','namespace':'default','resourceVersion':'42',
                         'creationTimestamp':'2024-06-01T10:00:00Z'},
             'spec':{'duration':'1m','replicas':3,'ratio':1.5,'paused':true,'items':['a','b'],
                     'nested':{'z':1,'a':'<x>'}},
             'status':{'conditions':[{'type':'Progressing','status':'False'},
                                     {'type':'Ready','status':'True','lastTransitionTime':'2024-06-01T09:00:00Z'}]}}
            """);

    private static void assertJson(JsonNode expected, JsonNode actual) {
        assertEquals(expected.toString(), actual.toString());
    }

    private static List<String> columnNames(JsonNode table) {
        return table.get("columnDefinitions").findValuesAsText("name");
    }

    @Test
    void printerColumnsUseFiltersIndicesAndColumnTypes() {
        JsonNode cols = json("""
                [{'name':'Duration','type':'string','jsonPath':'.spec.duration','priority':0},
                 {'name':'Replicas','type':'integer','jsonPath':'.spec.replicas'},
                 {'name':'Ratio','type':'number','jsonPath':'.spec.ratio','description':'The ratio','priority':1},
                 {'name':'Paused','type':'boolean','jsonPath':'.spec.paused'},
                 {'name':'First','type':'string','jsonPath':'.spec.items[0]'},
                 {'name':'Ready','type':'string','jsonPath':'.status.conditions[?(@.type==\\"Ready\\")].status'},
                 {'name':'Since','type':'date','format':'date-time',
                  'jsonPath':'.status.conditions[?(@.type==\\"Ready\\")].lastTransitionTime'}]""");
        ObjectNode table = Tables.table(crType(cols), List.of(CR), null, null, NOW);
        assertEquals(List.of("Name", "Duration", "Replicas", "Ratio", "Paused", "First", "Ready", "Since"),
                columnNames(table));
        assertJson(json("['kopf-example-1','1m',3,1.5,true,'a','True','65m']"),
                table.get("rows").get(0).get("cells"));
    }

    @Test
    void columnDefinitionsEmitEveryFieldWithDefaults() {
        JsonNode cols = json("[{'name':'Duration','type':'string','jsonPath':'.spec.duration'},"
                + "{'name':'Ratio','type':'number','jsonPath':'.spec.ratio','description':'The ratio','priority':1}]");
        JsonNode defs = Tables.table(crType(cols), List.of(CR), null, null, NOW).get("columnDefinitions");
        assertJson(json("{'name':'Name','type':'string','format':'name','description':'"
                + Tables.NAME_DESCRIPTION + "','priority':0}"), defs.get(0));
        assertJson(json("{'name':'Duration','type':'string','format':'','description':"
                + "'Custom resource definition column (in JSONPath format): .spec.duration','priority':0}"), defs.get(1));
        assertJson(json("{'name':'Ratio','type':'number','format':'','description':'The ratio','priority':1}"),
                defs.get(2));
    }

    @Test
    void missingValuesGiveNullCells() {
        JsonNode cols = json("""
                [{'name':'Missing','type':'string','jsonPath':'.spec.nothing.here'},
                 {'name':'OutOfRange','type':'string','jsonPath':'.spec.items[5]'},
                 {'name':'NoMatch','type':'string','jsonPath':'.status.conditions[?(@.type==\\"Gone\\")].status'},
                 {'name':'WrongType','type':'integer','jsonPath':'.spec.duration'},
                 {'name':'MissingDate','type':'date','jsonPath':'.status.nope'}]""");
        ObjectNode table = Tables.table(crType(cols), List.of(CR), null, null, NOW);
        assertJson(json("['kopf-example-1',null,null,null,null,null]"), table.get("rows").get(0).get("cells"));
    }

    @Test
    void stringColumnsPrintNonStringValuesAsText() {
        JsonNode cols = json("""
                [{'name':'Replicas','type':'string','jsonPath':'.spec.replicas'},
                 {'name':'Ratio','type':'string','jsonPath':'.spec.ratio'},
                 {'name':'Items','type':'string','jsonPath':'.spec.items'},
                 {'name':'Nested','type':'string','jsonPath':'.spec.nested'},
                 {'name':'AllTypes','type':'string','jsonPath':'.status.conditions[*].type'}]""");
        ObjectNode table = Tables.table(crType(cols), List.of(CR), null, null, NOW);
        assertJson(json("['kopf-example-1','3','1.5','[\\'a\\',\\'b\\']',"
                        + "'{\\'a\\':\\'\\\\u003cx\\\\u003e\\',\\'z\\':1}','Progressing']"),
                table.get("rows").get(0).get("cells"));
    }

    @Test
    void dateColumnsRenderInvalidAndEmptyTimestampsLikeTheServer() {
        JsonNode cols = json("[{'name':'D','type':'date','jsonPath':'.spec.when'}]");
        JsonNode bad = json("{'metadata':{'name':'x'},'spec':{'when':'yesterday'}}");
        JsonNode empty = json("{'metadata':{'name':'y'},'spec':{'when':''}}");
        ObjectNode table = Tables.table(crType(cols), List.of(bad, empty), "None", null, NOW);
        assertEquals("<invalid>", table.get("rows").get(0).get("cells").get(1).asText());
        assertEquals("<unknown>", table.get("rows").get(1).get("cells").get(1).asText());
    }

    @Test
    void customResourcesWithoutPrinterColumnsGetAgeAsDate() {
        ObjectNode table = Tables.table(crType(null), List.of(CR), null, null, NOW);
        assertEquals(List.of("Name", "Age"), columnNames(table));
        JsonNode age = table.get("columnDefinitions").get(1);
        assertEquals("date", age.get("type").asText());
        assertEquals(Tables.CREATION_TIMESTAMP_DESCRIPTION, age.get("description").asText());
        assertJson(json("['kopf-example-1','5m12s']"), table.get("rows").get(0).get("cells"));
        assertEquals(List.of("Name", "Age"), columnNames(Tables.table(crType(json("[]")), List.of(), null, null, NOW)));
    }

    @Test
    void defaultObjectIsPartialObjectMetadata() {
        ObjectNode table = Tables.table(crType(null), List.of(CR), "Metadata", null, NOW);
        JsonNode object = table.get("rows").get(0).get("object");
        assertEquals("PartialObjectMetadata", object.get("kind").asText());
        assertEquals("meta.k8s.io/v1", object.get("apiVersion").asText());
        assertEquals(CR.get("metadata"), object.get("metadata"));
        assertFalse(object.has("spec"));
    }

    @Test
    void includeObjectNoneOmitsObject() {
        ObjectNode table = Tables.table(crType(null), List.of(CR), "None", null, NOW);
        assertFalse(table.get("rows").get(0).has("object"));
        assertTrue(table.get("rows").get(0).has("cells"));
    }

    @Test
    void includeObjectObjectCarriesTheFullObjectWithTypeMeta() {
        ResourceType cms = builtIn("", "v1", "configmaps", "ConfigMap", true);
        JsonNode cm = json("{'metadata':{'name':'c','creationTimestamp':'2024-06-01T10:00:00Z'},'data':{'a':'1'}}");
        JsonNode object = Tables.table(cms, List.of(cm), "Object", null, NOW).get("rows").get(0).get("object");
        assertEquals("v1", object.get("apiVersion").asText());
        assertEquals("ConfigMap", object.get("kind").asText());
        assertEquals("1", object.get("data").get("a").asText());
    }

    @Test
    void tableShapeCopiesListMetadataAndAlwaysHasRows() {
        ObjectNode table = Tables.table(crType(null), List.of(), null,
                json("{'resourceVersion':'4242','continue':'abc','remainingItemCount':3}"), NOW);
        assertEquals("Table", table.get("kind").asText());
        assertEquals("meta.k8s.io/v1", table.get("apiVersion").asText());
        assertJson(json("{'resourceVersion':'4242','continue':'abc','remainingItemCount':3}"), table.get("metadata"));
        assertTrue(table.get("rows").isArray());
        assertEquals(0, table.get("rows").size());
        assertJson(json("{}"), Tables.table(crType(null), List.of(), null, null, NOW).get("metadata"));
    }

    @Test
    void watchRowWithoutHeadersHasEmptyColumnDefinitions() {
        ObjectNode first = Tables.tableRow(crType(null), CR, null, true, NOW);
        ObjectNode next = Tables.tableRow(crType(null), CR, null, false, NOW);
        assertEquals(2, first.get("columnDefinitions").size());
        assertTrue(next.get("columnDefinitions").isArray());
        assertEquals(0, next.get("columnDefinitions").size());
        assertEquals(1, next.get("rows").size());
        assertEquals("42", next.get("metadata").get("resourceVersion").asText());
        assertJson(json("['kopf-example-1','5m12s']"), next.get("rows").get(0).get("cells"));
    }

    @Test
    void apiServiceAvailabilityColumnFollowsTheAggregator() {
        ResourceType type = builtIn("apiregistration.k8s.io", "v1", "apiservices", "APIService", false);
        JsonNode remote = json("""
                {'metadata':{'name':'v1beta1.metrics.k8s.io','creationTimestamp':'2024-05-29T10:05:12Z'},
                 'spec':{'service':{'namespace':'kube-system','name':'metrics-server'}},
                 'status':{'conditions':[{'type':'Available','status':'False','reason':'ServiceNotFound'}]}}""");
        JsonNode local = json("""
                {'metadata':{'name':'v1.','creationTimestamp':'2024-06-01T10:00:00Z'},'spec':{'service':null},
                 'status':{'conditions':[{'type':'Available','status':'True','reason':'Local'}]}}""");
        JsonNode unknown = json("{'metadata':{'name':'v1.x','creationTimestamp':'2024-06-01T10:00:00Z'},'spec':{}}");
        ObjectNode table = Tables.table(type, List.of(remote, local, unknown), null, null, NOW);
        assertEquals(List.of("Name", "Service", "Available", "Age"), columnNames(table));
        assertJson(json("['v1beta1.metrics.k8s.io','kube-system/metrics-server','False (ServiceNotFound)','3d']"),
                table.get("rows").get(0).get("cells"));
        assertJson(json("['v1.','Local','True','5m12s']"), table.get("rows").get(1).get("cells"));
        assertEquals("Unknown", table.get("rows").get(2).get("cells").get(2).asText());
    }

    @Test
    void otherBuiltInsUseTheGenericNameAndCreatedAtColumns() {
        ResourceType crds = builtIn("apiextensions.k8s.io", "v1", "customresourcedefinitions",
                "CustomResourceDefinition", false);
        JsonNode crd = json("{'metadata':{'name':'kopfexamples.kopf.dev','creationTimestamp':'2024-06-01T10:00:00Z'}}");
        ObjectNode table = Tables.table(crds, List.of(crd), null, null, NOW);
        assertEquals(List.of("Name", "Created At"), columnNames(table));
        assertEquals("date", table.get("columnDefinitions").get(1).get("type").asText());
        assertJson(json("['kopfexamples.kopf.dev','2024-06-01T10:00:00Z']"), table.get("rows").get(0).get("cells"));
    }

    @Test
    void namespaceConfigMapSecretAndLeaseColumns() {
        JsonNode ns = json("{'metadata':{'name':'default','creationTimestamp':'2024-06-01T10:00:00Z'},"
                + "'status':{'phase':'Terminating'}}");
        assertJson(json("['default','Terminating','5m12s']"), Tables.table(builtIn("", "v1", "namespaces",
                "Namespace", false), List.of(ns), null, null, NOW).get("rows").get(0).get("cells"));
        JsonNode cm = json("{'metadata':{'name':'c','creationTimestamp':'2024-06-01T10:00:00Z'},"
                + "'data':{'a':'1','b':'2'},'binaryData':{'c':'AA=='}}");
        ObjectNode cmTable = Tables.table(builtIn("", "v1", "configmaps", "ConfigMap", true), List.of(cm), null, null,
                NOW);
        assertEquals(List.of("Name", "Data", "Age"), columnNames(cmTable));
        assertJson(json("['c',3,'5m12s']"), cmTable.get("rows").get(0).get("cells"));
        JsonNode secret = json("{'metadata':{'name':'s','creationTimestamp':'2024-06-01T10:00:00Z'},"
                + "'type':'kubernetes.io/tls','data':{'tls.crt':'','tls.key':''}}");
        assertJson(json("['s','kubernetes.io/tls',2,'5m12s']"), Tables.table(builtIn("", "v1", "secrets", "Secret",
                true), List.of(secret), null, null, NOW).get("rows").get(0).get("cells"));
        JsonNode lease = json("{'metadata':{'name':'l','creationTimestamp':'2024-06-01T10:00:00Z'},"
                + "'spec':{'holderIdentity':'me'}}");
        ObjectNode leaseTable = Tables.table(builtIn("coordination.k8s.io", "v1", "leases", "Lease", true),
                List.of(lease), null, null, NOW);
        assertEquals(List.of("Name", "Holder", "Age"), columnNames(leaseTable));
        assertJson(json("['l','me','5m12s']"), leaseTable.get("rows").get(0).get("cells"));
    }

    @Test
    void podColumnsSummariseContainerStatuses() {
        ResourceType pods = builtIn("", "v1", "pods", "Pod", true);
        JsonNode fresh = json("{'metadata':{'name':'p0','creationTimestamp':'2024-06-01T10:00:00Z'},"
                + "'spec':{'containers':[{'name':'a'},{'name':'b'}]}}");
        JsonNode running = json("""
                {'metadata':{'name':'p1','creationTimestamp':'2024-06-01T10:00:00Z'},
                 'spec':{'containers':[{'name':'a'},{'name':'b'}],'nodeName':'n1'},
                 'status':{'phase':'Running','podIP':'10.0.0.1',
                   'containerStatuses':[
                     {'name':'a','ready':true,'restartCount':2,'state':{'running':{}},
                      'lastState':{'terminated':{'finishedAt':'2024-06-01T10:04:00Z'}}},
                     {'name':'b','ready':false,'restartCount':0,'state':{'waiting':{'reason':'CrashLoopBackOff'}}}]}}""");
        ObjectNode table = Tables.table(pods, List.of(fresh, running), null, null, NOW);
        assertEquals(List.of("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node",
                "Readiness Gates"), columnNames(table));
        assertJson(json("['p0','0/2','Pending','0','5m12s','<none>','<none>','<none>','<none>']"),
                table.get("rows").get(0).get("cells"));
        assertJson(json("['p1','1/2','CrashLoopBackOff','2 (72s ago)','5m12s','10.0.0.1','n1','<none>','<none>']"),
                table.get("rows").get(1).get("cells"));
    }

    @Test
    void serviceAndDeploymentColumns() {
        JsonNode svc = json("""
                {'metadata':{'name':'web','creationTimestamp':'2024-06-01T10:00:00Z'},
                 'spec':{'type':'NodePort','clusterIP':'10.96.0.10','selector':{'app':'web'},
                         'ports':[{'port':80,'protocol':'TCP','nodePort':30080},{'port':53,'protocol':'UDP'}]}}""");
        ObjectNode svcTable = Tables.table(builtIn("", "v1", "services", "Service", true), List.of(svc), null, null,
                NOW);
        assertEquals(List.of("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"),
                columnNames(svcTable));
        assertJson(json("['web','NodePort','10.96.0.10','<none>','80:30080/TCP,53/UDP','5m12s','app=web']"),
                svcTable.get("rows").get(0).get("cells"));
        JsonNode deploy = json("""
                {'metadata':{'name':'d','creationTimestamp':'2024-06-01T10:00:00Z'},
                 'spec':{'replicas':3,'selector':{'matchLabels':{'app':'d'}},
                         'template':{'spec':{'containers':[{'name':'c','image':'nginx'}]}}},
                 'status':{'readyReplicas':2,'updatedReplicas':3,'availableReplicas':2}}""");
        assertJson(json("['d','2/3',3,2,'5m12s','c','nginx','app=d']"), Tables.table(builtIn("apps", "v1",
                "deployments", "Deployment", true), List.of(deploy), null, null, NOW).get("rows").get(0).get("cells"));
    }

    @Test
    void eventColumnsDescribeTheInvolvedObject() {
        JsonNode event = json("""
                {'metadata':{'name':'e1','creationTimestamp':'2024-06-01T10:00:00Z'},
                 'involvedObject':{'kind':'KopfExample','name':'kopf-example-1'},
                 'reason':'Logging','message':' Handler succeeded. ','type':'Normal',
                 'firstTimestamp':'2024-06-01T10:00:00Z','lastTimestamp':'2024-06-01T10:05:00Z','count':2,
                 'source':{'component':'kopf'}}""");
        ObjectNode table = Tables.table(builtIn("", "v1", "events", "Event", true), List.of(event), null, null, NOW);
        assertEquals(List.of("Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen",
                "Count", "Name"), columnNames(table));
        assertJson(json("['12s','Normal','Logging','kopfexample/kopf-example-1','','kopf','Handler succeeded.',"
                + "'5m12s',2,'e1']"), table.get("rows").get(0).get("cells"));
    }

    @Test
    void humanDurationBoundaries() {
        assertEquals("<invalid>", Tables.humanDuration(Duration.ofSeconds(-2)));
        assertEquals("0s", Tables.humanDuration(Duration.ofMillis(-1500)));
        assertEquals("0s", Tables.humanDuration(Duration.ofMillis(-500)));
        assertEquals("0s", Tables.humanDuration(Duration.ZERO));
        assertEquals("119s", Tables.humanDuration(Duration.ofSeconds(119)));
        assertEquals("2m", Tables.humanDuration(Duration.ofSeconds(120)));
        assertEquals("5m12s", Tables.humanDuration(Duration.ofSeconds(312)));
        assertEquals("9m59s", Tables.humanDuration(Duration.ofSeconds(599)));
        assertEquals("10m", Tables.humanDuration(Duration.ofSeconds(659)));
        assertEquals("179m", Tables.humanDuration(Duration.ofMinutes(179)));
        assertEquals("3h", Tables.humanDuration(Duration.ofMinutes(180)));
        assertEquals("7h59m", Tables.humanDuration(Duration.ofMinutes(479)));
        assertEquals("8h", Tables.humanDuration(Duration.ofMinutes(480 + 59)));
        assertEquals("47h", Tables.humanDuration(Duration.ofHours(47)));
        assertEquals("2d", Tables.humanDuration(Duration.ofHours(48)));
        assertEquals("7d23h", Tables.humanDuration(Duration.ofHours(24 * 8 - 1)));
        assertEquals("8d", Tables.humanDuration(Duration.ofHours(24 * 8 + 5)));
        assertEquals("729d", Tables.humanDuration(Duration.ofDays(729)));
        assertEquals("2y", Tables.humanDuration(Duration.ofDays(730)));
        assertEquals("2y30d", Tables.humanDuration(Duration.ofDays(760)));
        assertEquals("8y", Tables.humanDuration(Duration.ofDays(365 * 8 + 100)));
    }

    @Test
    void jsonPathSupportsWildcardsSlicesUnionsAndRecursion() {
        JsonNode root = json("{'a':{'list':[{'n':1,'k':'x'},{'n':2,'k':'y'},{'n':3}],'m':{'p.q':'dotted'}}}");
        assertEquals(List.of(json("'x'"), json("'y'")), Tables.jsonPath(root, "{.a.list[*].k}"));
        assertEquals(List.of(json("3")), Tables.jsonPath(root, ".a.list[-1].n"));
        assertEquals(List.of(json("1"), json("2")), Tables.jsonPath(root, ".a.list[0:2].n"));
        assertEquals(List.of(json("1"), json("3")), Tables.jsonPath(root, ".a.list[0,2].n"));
        assertEquals(List.of(json("1"), json("3")), Tables.jsonPath(root, ".a.list[::2].n"));
        assertEquals(List.of(json("'dotted'")), Tables.jsonPath(root, ".a.m.p\\.q"));
        assertEquals(List.of(json("1"), json("2"), json("3")), Tables.jsonPath(root, "{..n}"));
        assertEquals(List.of(json("'y'")), Tables.jsonPath(root, ".a.list[?(@.n > 1)].k"));
        assertEquals(2, Tables.jsonPath(root, ".a.list[?(@.k)]").size());
        assertEquals(List.of(), Tables.jsonPath(root, ".a.list[?(@.n > 1)][?(@.k)]"));
        assertEquals(List.of(json("2")), Tables.jsonPath(root, "$.a.list[?(@.k == 'y')].n"));
    }

    @Test
    void jsonPathErrorsAndMissingKeysGiveNoMatch() {
        JsonNode root = json("{'a':{'list':[],'s':'text','nil':null}}");
        assertEquals(List.of(), Tables.jsonPath(root, ".a.list[0]"));
        assertEquals(List.of(), Tables.jsonPath(root, ".a.missing.deeper"));
        assertEquals(List.of(), Tables.jsonPath(root, ".a.s[0]"));
        assertEquals(List.of(), Tables.jsonPath(root, ".a.nil[?(@.x=='y')]"));
        assertEquals(List.of(), Tables.jsonPath(root, ".a[?(@.x"));
        assertEquals(List.of(json("null")), Tables.jsonPath(root, ".a.nil"));
        assertEquals(List.of(), Tables.jsonPath(json("{'l':[{'n':'1'},{'n':2}]}"), ".l[?(@.n==2)]"));
    }
}
