package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static void assertJson(String expected, JsonNode actual) {
        assertEquals(json(expected), actual);
    }

    private static JsonNode jp(String target, String ops) throws Patches.PatchException {
        return Patches.jsonPatch(json(target), json(ops));
    }

    private static Patches.PatchException jpFails(String target, String ops) {
        return assertThrows(Patches.PatchException.class, () -> jp(target, ops));
    }

    private static JsonNode smp(String target, String patch) throws Patches.PatchException {
        return Patches.strategicMergePatch(json(target), json(patch));
    }

    // ------------------------------------------------------------------ merge patch

    @Test
    void mergePatchFollowsTheRfc7386AppendixExamples() {
        String[][] cases = {
                {"{'a':'b'}", "{'a':'c'}", "{'a':'c'}"},
                {"{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"},
                {"{'a':'b'}", "{'a':null}", "{}"},
                {"{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"},
                {"{'a':['b']}", "{'a':'c'}", "{'a':'c'}"},
                {"{'a':'c'}", "{'a':['b']}", "{'a':['b']}"},
                {"{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}"},
                {"{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"},
                {"['a','b']", "['c','d']", "['c','d']"},
                {"{'a':'b'}", "['c']", "['c']"},
                {"{'a':'foo'}", "null", "null"},
                {"{'a':'foo'}", "'bar'", "'bar'"},
                {"{'e':null}", "{'a':1}", "{'e':null,'a':1}"},
                {"[1,2]", "{'a':'b','c':null}", "{'a':'b'}"},
                {"{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}"},
        };
        for (String[] c : cases) {
            assertEquals(json(c[2]), Patches.mergePatch(json(c[0]), json(c[1])), c[0] + " + " + c[1]);
        }
    }

    @Test
    void mergePatchNeverMutatesItsInputs() {
        JsonNode target = json("{'a':{'b':1,'c':2},'l':[1]}");
        JsonNode patch = json("{'a':{'b':null,'d':{'e':1}},'l':[2]}");
        JsonNode targetCopy = target.deepCopy();
        JsonNode patchCopy = patch.deepCopy();
        JsonNode result = Patches.mergePatch(target, patch);
        assertJson("{'a':{'c':2,'d':{'e':1}},'l':[2]}", result);
        assertEquals(targetCopy, target);
        assertEquals(patchCopy, patch);
        ((ArrayNode) result.get("l")).add(3);
        assertEquals(patchCopy, patch);
    }

    // ------------------------------------------------------------------ JSON patch

    @Test
    void addSetsNewKeysReplacesExistingOnesAndInsertsIntoArrays() throws Exception {
        assertJson("{'a':1,'b':2}", jp("{'a':1}", "[{'op':'add','path':'/b','value':2}]"));
        assertJson("{'a':9}", jp("{'a':1}", "[{'op':'add','path':'/a','value':9}]"));
        assertJson("{'l':[1,5,2]}", jp("{'l':[1,2]}", "[{'op':'add','path':'/l/1','value':5}]"));
        assertJson("{'l':[1,2,5]}", jp("{'l':[1,2]}", "[{'op':'add','path':'/l/2','value':5}]"));
        assertJson("{'l':[1,2,5]}", jp("{'l':[1,2]}", "[{'op':'add','path':'/l/-','value':5}]"));
        assertJson("{'whole':true}", jp("{'a':1}", "[{'op':'add','path':'','value':{'whole':true}}]"));
    }

    @Test
    void addWithExplicitNullValueStoresNull() throws Exception {
        assertJson("{'a':null}", jp("{}", "[{'op':'add','path':'/a','value':null}]"));
    }

    @Test
    void removeDeletesKeysAndArrayElements() throws Exception {
        assertJson("{'b':2}", jp("{'a':1,'b':2}", "[{'op':'remove','path':'/a'}]"));
        assertJson("{'l':[1,3]}", jp("{'l':[1,2,3]}", "[{'op':'remove','path':'/l/1'}]"));
    }

    @Test
    void removingAMissingKeyIsAnError() {
        Patches.PatchException e = jpFails("{'a':1}", "[{'op':'remove','path':'/b'}]");
        assertFalse(e.testFailed());
        assertTrue(e.getMessage().startsWith("operation 0:"), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void replaceRequiresAnExistingLocation() throws Exception {
        assertJson("{'a':{'x':1}}", jp("{'a':1}", "[{'op':'replace','path':'/a','value':{'x':1}}]"));
        assertJson("{'l':[1,7]}", jp("{'l':[1,2]}", "[{'op':'replace','path':'/l/1','value':7}]"));
        assertFalse(jpFails("{'a':1}", "[{'op':'replace','path':'/b','value':2}]").testFailed());
        assertFalse(jpFails("{'l':[1]}", "[{'op':'replace','path':'/l/1','value':2}]").testFailed());
    }

    @Test
    void moveAndCopyRelocateValues() throws Exception {
        assertJson("{'b':{'c':1}}", jp("{'a':{'c':1}}", "[{'op':'move','from':'/a','path':'/b'}]"));
        assertJson("{'l':[2,3,1]}", jp("{'l':[1,2,3]}", "[{'op':'move','from':'/l/0','path':'/l/-'}]"));
        assertJson("{'a':{'c':1},'b':{'c':1}}", jp("{'a':{'c':1}}", "[{'op':'copy','from':'/a','path':'/b'}]"));
        assertJson("{'a':1}", jp("{'a':1}", "[{'op':'move','from':'/a','path':'/a'}]"));
    }

    @Test
    void copiedValuesAreIndependentOfTheirSource() throws Exception {
        JsonNode result = jp("{'a':{'c':1}}",
                "[{'op':'copy','from':'/a','path':'/b'},{'op':'add','path':'/b/d','value':2}]");
        assertJson("{'a':{'c':1},'b':{'c':1,'d':2}}", result);
    }

    @Test
    void movingALocationIntoItsOwnChildIsAnError() {
        Patches.PatchException e = jpFails("{'a':{'b':{}}}", "[{'op':'move','from':'/a','path':'/a/b/c'}]");
        assertFalse(e.testFailed());
    }

    @Test
    void pointerEscapesAreDecoded() throws Exception {
        JsonNode result = jp("{'metadata':{'annotations':{'a/b':'1','m~n':'2'}}}",
                "[{'op':'replace','path':'/metadata/annotations/a~1b','value':'x'},"
                        + "{'op':'remove','path':'/metadata/annotations/m~0n'},"
                        + "{'op':'add','path':'/metadata/annotations/~01','value':'y'}]");
        assertJson("{'metadata':{'annotations':{'a/b':'x','~1':'y'}}}", result);
    }

    @Test
    void invalidPointerEscapeIsRejected() {
        assertTrue(jpFails("{}", "[{'op':'add','path':'/a~2','value':1}]").getMessage().contains("escape"));
        assertTrue(jpFails("{}", "[{'op':'add','path':'a','value':1}]").getMessage().contains("JSON pointer"));
    }

    @Test
    void arrayIndicesAreValidated() {
        jpFails("{'l':[1,2]}", "[{'op':'add','path':'/l/3','value':0}]");
        jpFails("{'l':[1,2]}", "[{'op':'add','path':'/l/01','value':0}]");
        jpFails("{'l':[1,2]}", "[{'op':'add','path':'/l/-1','value':0}]");
        jpFails("{'l':[1,2]}", "[{'op':'add','path':'/l/x','value':0}]");
        jpFails("{'l':[1,2]}", "[{'op':'remove','path':'/l/2'}]");
        jpFails("{'l':[1,2]}", "[{'op':'remove','path':'/l/-'}]");
    }

    @Test
    void addingUnderAMissingParentIsAnError() {
        Patches.PatchException e = jpFails("{}", "[{'op':'add','path':'/a/b','value':1}]");
        assertFalse(e.testFailed());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void testOpPassesOnEqualValuesComparingNumbersByValue() throws Exception {
        JsonNode target = json("{'metadata':{'resourceVersion':'42'},'n':1,'o':{'x':[1,{'y':2}]}}");
        JsonNode result = Patches.jsonPatch(target, json("[{'op':'test','path':'/metadata/resourceVersion','value':'42'},"
                + "{'op':'test','path':'/n','value':1.0},"
                + "{'op':'test','path':'/o','value':{'x':[1.00,{'y':2}]}},"
                + "{'op':'replace','path':'/n','value':2}]"));
        assertJson("{'metadata':{'resourceVersion':'42'},'n':2,'o':{'x':[1,{'y':2}]}}", result);
    }

    @Test
    void testOpMismatchIsReportedAsTestFailure() {
        Patches.PatchException e = jpFails("{'metadata':{'resourceVersion':'42'}}",
                "[{'op':'test','path':'/metadata/resourceVersion','value':'41'}]");
        assertTrue(e.testFailed());
        assertTrue(e.getMessage().startsWith("operation 0:"), e.getMessage());
        assertTrue(jpFails("{'n':1}", "[{'op':'test','path':'/n','value':'1'}]").testFailed());
    }

    @Test
    void failedPatchLeavesTheTargetUntouched() {
        JsonNode target = json("{'a':1}");
        assertThrows(Patches.PatchException.class, () -> Patches.jsonPatch(target,
                json("[{'op':'add','path':'/b','value':2},{'op':'test','path':'/a','value':2}]")));
        assertJson("{'a':1}", target);
    }

    @Test
    void malformedOperationsNameTheOperationIndexAndTheProblem() {
        assertEquals("operation 2: missing \"value\"", jpFails("{'a':1}",
                "[{'op':'test','path':'/a','value':1},{'op':'remove','path':'/a'},{'op':'add','path':'/b'}]").getMessage());
        assertEquals("operation 0: missing \"op\"", jpFails("{}", "[{'path':'/a'}]").getMessage());
        assertEquals("operation 0: missing \"path\"", jpFails("{}", "[{'op':'remove'}]").getMessage());
        assertEquals("operation 0: missing \"from\"", jpFails("{}", "[{'op':'move','path':'/a'}]").getMessage());
        assertEquals("operation 0: unknown op \"frob\"", jpFails("{}", "[{'op':'frob','path':'/a'}]").getMessage());
        assertEquals("operation 1: must be a JSON object", jpFails("{}", "[{'op':'remove','path':'/a'},3]").getMessage());
        assertFalse(jpFails("{}", "{'op':'add','path':'/a','value':1}").testFailed());
    }

    @Test
    void moreThanTenThousandOperationsAreRefused() throws Exception {
        ArrayNode ops = MAPPER.createArrayNode();
        for (int i = 0; i < 10000; i++) {
            ops.add(json("{'op':'test','path':'/a','value':1}"));
        }
        assertJson("{'a':1}", Patches.jsonPatch(json("{'a':1}"), ops));
        ops.add(json("{'op':'test','path':'/a','value':1}"));
        Patches.PatchException e = assertThrows(Patches.PatchException.class,
                () -> Patches.jsonPatch(json("{'a':1}"), ops));
        assertEquals("the allowed maximum operations in a JSON patch is 10000, got 10001", e.getMessage());
        assertFalse(e.testFailed());
    }

    // ------------------------------------------------------------------ strategic merge patch

    @Test
    void strategicPatchMergesMapsAndNullDeletes() throws Exception {
        assertJson("{'metadata':{'labels':{'b':'2','c':'3'}},'data':{'x':'1'}}",
                smp("{'metadata':{'labels':{'a':'1','b':'2'}},'data':{'x':'1'}}",
                        "{'metadata':{'labels':{'a':null,'c':'3'}}}"));
    }

    @Test
    void strategicPatchMustBeAnObject() {
        assertThrows(Patches.PatchException.class, () -> smp("{}", "[1]"));
        assertThrows(Patches.PatchException.class, () -> smp("{}", "'x'"));
    }

    @Test
    void containersMergeByNameAndNewOnesAreAppended() throws Exception {
        JsonNode result = smp(
                "{'spec':{'containers':[{'name':'a','image':'a:1','args':['x']},{'name':'b','image':'b:1'}]}}",
                "{'spec':{'containers':[{'name':'b','image':'b:2'},{'name':'c','image':'c:1'},{'name':'a','args':null}]}}");
        assertJson("{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:2'},{'name':'c','image':'c:1'}]}}",
                result);
    }

    @Test
    void nestedEnvAndVolumeMountsMergeByTheirKeys() throws Exception {
        JsonNode result = smp(
                "{'spec':{'template':{'spec':{'containers':[{'name':'a',"
                        + "'env':[{'name':'X','value':'1'},{'name':'Y','value':'2'}],"
                        + "'volumeMounts':[{'mountPath':'/data','name':'d'}]}]}}}}",
                "{'spec':{'template':{'spec':{'containers':[{'name':'a',"
                        + "'env':[{'name':'Y','value':'3'}],"
                        + "'volumeMounts':[{'mountPath':'/cache','name':'c'}]}]}}}}");
        assertJson("{'spec':{'template':{'spec':{'containers':[{'name':'a',"
                + "'env':[{'name':'X','value':'1'},{'name':'Y','value':'3'}],"
                + "'volumeMounts':[{'mountPath':'/data','name':'d'},{'mountPath':'/cache','name':'c'}]}]}}}}", result);
    }

    @Test
    void containerPortsMergeByContainerPortButServicePortsByPort() throws Exception {
        assertJson("{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'web'},{'containerPort':443}]}]}}",
                smp("{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80}]}]}}",
                        "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'web'},{'containerPort':443}]}]}}"));
        assertJson("{'spec':{'ports':[{'port':80,'targetPort':8081},{'port':443}]}}",
                smp("{'spec':{'ports':[{'port':80,'targetPort':8080}]}}",
                        "{'spec':{'ports':[{'port':80,'targetPort':8081},{'port':443}]}}"));
    }

    @Test
    void ownerReferencesMergeByUid() throws Exception {
        assertJson("{'metadata':{'ownerReferences':[{'uid':'1','name':'x','controller':true},{'uid':'2','name':'y'}]}}",
                smp("{'metadata':{'ownerReferences':[{'uid':'1','name':'x'}]}}",
                        "{'metadata':{'ownerReferences':[{'uid':'1','controller':true},{'uid':'2','name':'y'}]}}"));
    }

    @Test
    void conditionsMergeByType() throws Exception {
        assertJson("{'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'Synced','status':'False'}]}}",
                smp("{'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'Synced','status':'False'}]}}",
                        "{'status':{'conditions':[{'type':'Ready','status':'True'}]}}"));
    }

    @Test
    void finalizersAreUnionedNotReplaced() throws Exception {
        assertJson("{'metadata':{'finalizers':['a','b','c']}}",
                smp("{'metadata':{'finalizers':['a','b']}}", "{'metadata':{'finalizers':['c','a']}}"));
    }

    @Test
    void unknownListsAreReplacedWholesale() throws Exception {
        assertJson("{'spec':{'args':['z'],'items':[{'name':'n'}]},'metadata':{'tags':['q']}}",
                smp("{'spec':{'args':['x','y'],'items':[{'name':'m'}]},'metadata':{'tags':['p']}}",
                        "{'spec':{'args':['z'],'items':[{'name':'n'}]},'metadata':{'tags':['q']}}"));
    }

    @Test
    void deleteDirectiveInAMergeKeyedListRemovesThatElement() throws Exception {
        assertJson("{'spec':{'volumes':[{'name':'a'}]}}",
                smp("{'spec':{'volumes':[{'name':'a'},{'name':'b','emptyDir':{}}]}}",
                        "{'spec':{'volumes':[{'name':'b','$patch':'delete'}]}}"));
    }

    @Test
    void replaceDirectiveElementReplacesTheWholeList() throws Exception {
        assertJson("{'spec':{'containers':[{'name':'z','image':'z'}]}}",
                smp("{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
                        "{'spec':{'containers':[{'name':'z','image':'z'},{'$patch':'replace'}]}}"));
    }

    @Test
    void replaceDirectiveInAMapReplacesTheMap() throws Exception {
        assertJson("{'metadata':{'labels':{'only':'this'},'name':'n'}}",
                smp("{'metadata':{'labels':{'a':'1','b':'2'},'name':'n'}}",
                        "{'metadata':{'labels':{'only':'this','$patch':'replace'}}}"));
    }

    @Test
    void deleteDirectiveInAMapDeletesTheMap() throws Exception {
        assertJson("{'metadata':{'name':'n'}}",
                smp("{'metadata':{'labels':{'a':'1'},'name':'n'}}", "{'metadata':{'labels':{'$patch':'delete'}}}"));
        assertJson("{}", smp("{'a':1}", "{'$patch':'delete'}"));
    }

    @Test
    void unknownPatchDirectiveIsAnError() {
        assertThrows(Patches.PatchException.class, () -> smp("{'metadata':{}}", "{'metadata':{'$patch':'frob'}}"));
        assertThrows(Patches.PatchException.class,
                () -> smp("{'spec':{'containers':[]}}", "{'spec':{'containers':[{'name':'a','$patch':'frob'}]}}"));
    }

    @Test
    void mergeKeyedListElementWithoutItsKeyIsAnError() {
        Patches.PatchException e = assertThrows(Patches.PatchException.class,
                () -> smp("{'spec':{'containers':[{'name':'a'}]}}", "{'spec':{'containers':[{'image':'x'}]}}"));
        assertTrue(e.getMessage().contains("merge key: name"), e.getMessage());
    }

    @Test
    void deleteFromPrimitiveListRemovesThoseValues() throws Exception {
        assertJson("{'metadata':{'finalizers':['b','d']}}",
                smp("{'metadata':{'finalizers':['a','b','c']}}",
                        "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a','c'],'finalizers':['d']}}"));
    }

    @Test
    void setElementOrderOrdersTheResultingList() throws Exception {
        assertJson("{'spec':{'containers':[{'name':'c'},{'name':'a','image':'a2'},{'name':'b'}]}}",
                smp("{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
                        "{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'}],"
                                + "'containers':[{'name':'a','image':'a2'},{'name':'c'}]}}"));
        assertJson("{'metadata':{'finalizers':['z','x','y']}}",
                smp("{'metadata':{'finalizers':['x','y','z']}}",
                        "{'metadata':{'$setElementOrder/finalizers':['z']}}"));
    }

    @Test
    void retainKeysKeepsOnlyTheListedKeys() throws Exception {
        assertJson("{'spec':{'strategy':{'type':'Recreate'}}}",
                smp("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
                        "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}"));
        assertThrows(Patches.PatchException.class,
                () -> smp("{'spec':{}}", "{'spec':{'$retainKeys':['type'],'other':1}}"));
    }

    @Test
    void strategicPatchNeverMutatesItsInputs() throws Exception {
        JsonNode target = json("{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'1'}]}]}}");
        JsonNode patch = json("{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'2'}]},{'name':'b','$patch':'merge'}]}}");
        JsonNode targetCopy = target.deepCopy();
        JsonNode patchCopy = patch.deepCopy();
        JsonNode result = Patches.strategicMergePatch(target, patch);
        assertJson("{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'2'}]},{'name':'b'}]}}", result);
        assertEquals(targetCopy, target);
        assertEquals(patchCopy, patch);
    }
}
