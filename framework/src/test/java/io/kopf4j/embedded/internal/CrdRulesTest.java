package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrdRulesTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static ObjectNode json(String s) {
        try {
            return (ObjectNode) M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> messages(List<FieldError> errs) {
        return errs.stream().map(FieldError::message).toList();
    }

    private static final String SCHEMA = "{'type':'object','properties':{"
            + "'spec':{'type':'object','required':['x'],'properties':{"
            + "'x':{'type':'string'},"
            + "'replicas':{'type':'integer','minimum':1,'maximum':10},"
            + "'ratio':{'type':'number'},"
            + "'enabled':{'type':'boolean'},"
            + "'mode':{'type':'string','enum':['a','b']},"
            + "'name':{'type':'string','minLength':2,'maxLength':5,'pattern':'^[a-z]+$'},"
            + "'tags':{'type':'array','minItems':1,'maxItems':2,'items':{'type':'string'}},"
            + "'labels':{'type':'object','additionalProperties':{'type':'string'}},"
            + "'port':{'x-kubernetes-int-or-string':true},"
            + "'size':{'type':'integer','format':'int32'},"
            + "'opt':{'type':'string','nullable':true},"
            + "'free':{'type':'object','x-kubernetes-preserve-unknown-fields':true,'properties':{'known':{'type':'object'}}}"
            + "}},"
            + "'status':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}";

    private static ObjectNode crd() {
        ObjectNode crd = json("{'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition',"
                + "'metadata':{'name':'kopfexamples.kopf.dev'},"
                + "'spec':{'group':'kopf.dev','scope':'Namespaced',"
                + "'names':{'plural':'kopfexamples','kind':'KopfExample','shortNames':['kopfexes']},"
                + "'versions':[{'name':'v1','served':true,'storage':true,'schema':{'openAPIV3Schema':"
                + "{'type':'object','properties':{'spec':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}}}]}}");
        CrdRules.applyDefaults(crd);
        return crd;
    }

    // ------------------------------------------------------------------------------------------ CRD defaults

    @Test
    void defaultsFillSingularListKindConversionAndStoredVersions() {
        ObjectNode c = crd();
        assertEquals("kopfexample", c.at("/spec/names/singular").asText());
        assertEquals("KopfExampleList", c.at("/spec/names/listKind").asText());
        assertEquals(json("{'strategy':'None'}"), c.at("/spec/conversion"));
        assertEquals("[\"v1\"]", c.at("/status/storedVersions").toString());
    }

    @Test
    void defaultsKeepExplicitNames() {
        ObjectNode c = json("{'spec':{'names':{'kind':'Foo','singular':'thefoo','listKind':'FooItems'},'conversion':{'strategy':'Webhook','webhook':{'clientConfig':{'service':{'name':'s','namespace':'n'}}}}}}");
        CrdRules.applyDefaults(c);
        assertEquals("thefoo", c.at("/spec/names/singular").asText());
        assertEquals("FooItems", c.at("/spec/names/listKind").asText());
        assertEquals(443, c.at("/spec/conversion/webhook/clientConfig/service/port").asInt());
    }

    // ------------------------------------------------------------------------------------------ CRD validation

    @Test
    void validCrdHasNoErrors() {
        assertEquals(List.of(), messages(CrdRules.validate(crd())));
    }

    @Test
    void typicalGeneratedCrdWithStatusSubresourceIsValid() {
        ObjectNode c = crd();
        ObjectNode v = (ObjectNode) c.at("/spec/versions/0");
        v.set("subresources", json("{'status':{}}"));
        v.putArray("additionalPrinterColumns").add(json("{'name':'Age','type':'date','jsonPath':'.metadata.creationTimestamp'}"));
        v.set("schema", json("{'openAPIV3Schema':{'description':'d','type':'object','properties':{"
                + "'apiVersion':{'type':'string'},'kind':{'type':'string'},'metadata':{'type':'object'},"
                + "'spec':{'type':'object','properties':{'port':{'anyOf':[{'type':'integer'},{'type':'string'}],'x-kubernetes-int-or-string':true},"
                + "'list':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],"
                + "'items':{'type':'object','required':['name'],'properties':{'name':{'type':'string'}}}}}},"
                + "'status':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}}"));
        assertEquals(List.of(), messages(CrdRules.validate(c)));
    }

    @Test
    void crdNameMustBePluralDotGroup() {
        ObjectNode c = crd();
        c.with("metadata").put("name", "other.kopf.dev");
        assertEquals(List.of("metadata.name: Invalid value: \"other.kopf.dev\": must be spec.names.plural+\".\"+spec.group"),
                messages(CrdRules.validate(c)));
    }

    @Test
    void groupWithoutDotIsInvalid() {
        ObjectNode c = crd();
        c.with("spec").put("group", "kopf");
        c.with("metadata").put("name", "kopfexamples.kopf");
        assertEquals(List.of("spec.group: Invalid value: \"kopf\": should be a domain with at least one dot"),
                messages(CrdRules.validate(c)));
    }

    @Test
    void unknownScopeIsUnsupported() {
        ObjectNode c = crd();
        c.with("spec").put("scope", "Global");
        assertEquals(List.of("spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\""),
                messages(CrdRules.validate(c)));
    }

    @Test
    void upperCasePluralIsNotADnsLabel() {
        ObjectNode c = crd();
        c.with("spec").with("names").put("plural", "KopfExamples");
        c.with("metadata").put("name", "KopfExamples.kopf.dev");
        List<String> m = messages(CrdRules.validate(c));
        assertTrue(m.stream().anyMatch(s -> s.startsWith("spec.names.plural: Invalid value: \"KopfExamples\": a DNS-1035 label must consist")), m.toString());
    }

    @Test
    void twoStorageVersionsAreRejected() {
        ObjectNode c = crd();
        ObjectNode v2 = c.at("/spec/versions/0").deepCopy();
        v2.put("name", "v2");
        c.withArray("/spec/versions").add(v2);
        List<FieldError> errs = CrdRules.validate(c);
        assertEquals(2, errs.size(), messages(errs).toString());
        assertEquals("spec.versions", errs.get(0).field());
        assertTrue(errs.get(0).message().endsWith(": must have exactly one version marked as storage version"));
        // the defaulted storedVersions hold only the first storage version, as on the real server
        assertEquals("status.storedVersions: Invalid value: [\"v1\"]: must have the storage version v2", errs.get(1).message());
    }

    @Test
    void duplicateVersionNamesAreRejected() {
        ObjectNode c = crd();
        ObjectNode v2 = c.at("/spec/versions/0").deepCopy();
        v2.put("storage", false);
        c.withArray("/spec/versions").add(v2);
        assertTrue(messages(CrdRules.validate(c)).stream().anyMatch(s -> s.endsWith("must contain unique version names")));
    }

    @Test
    void missingSchemaIsRequired() {
        ObjectNode c = crd();
        ((ObjectNode) c.at("/spec/versions/0")).remove("schema");
        assertEquals(List.of("spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"),
                messages(CrdRules.validate(c)));
    }

    @Test
    void untypedFieldIsReportedUnderSpecValidationWhenSchemasAreIdentical() {
        ObjectNode c = crd();
        ((ObjectNode) c.at("/spec/versions/0/schema/openAPIV3Schema/properties")).set("foo", json("{'description':'x'}"));
        assertEquals(List.of("spec.validation.openAPIV3Schema.properties[foo].type: Required value: must not be empty for specified object fields"),
                messages(CrdRules.validate(c)));
    }

    @Test
    void rootTypeMustBeObjectAndSchemaErrorsUsePerVersionPathWhenSchemasDiffer() {
        ObjectNode c = crd();
        ObjectNode v2 = c.at("/spec/versions/0").deepCopy();
        v2.put("name", "v2").put("storage", false);
        ((ObjectNode) v2.at("/schema/openAPIV3Schema")).put("type", "array").set("items", json("{'type':'string'}"));
        c.withArray("/spec/versions").add(v2);
        List<String> m = messages(CrdRules.validate(c));
        assertTrue(m.contains("spec.versions[1].schema.openAPIV3Schema.type: Invalid value: \"array\": must be object at the root"), m.toString());
    }

    @Test
    void missingNamesAreRequired() {
        ObjectNode c = json("{'metadata':{'name':'.kopf.dev'},'spec':{'group':'kopf.dev','scope':'Cluster','names':{},"
                + "'versions':[{'name':'v1','served':true,'storage':true,'schema':{'openAPIV3Schema':{'type':'object'}}}]}}");
        CrdRules.applyDefaults(c);
        List<String> m = messages(CrdRules.validate(c));
        assertTrue(m.contains("spec.names.plural: Required value"), m.toString());
        assertTrue(m.contains("spec.names.kind: Required value"), m.toString());
        assertTrue(m.contains("spec.names.listKind: Required value"), m.toString());
    }

    @Test
    void groupIsImmutableOnUpdate() {
        ObjectNode old = crd();
        ObjectNode neu = old.deepCopy();
        neu.with("spec").put("group", "other.dev");
        assertEquals(List.of("spec.group: Invalid value: \"other.dev\": field is immutable"),
                messages(CrdRules.validateUpdate(old, neu)));
    }

    @Test
    void scopeIsImmutableOnceEstablishedButShortNamesMayChange() {
        ObjectNode old = crd();
        old.with("status").putArray("conditions").add(json("{'type':'Established','status':'True'}"));
        ObjectNode neu = old.deepCopy();
        neu.with("spec").put("scope", "Cluster");
        neu.with("spec").with("names").putArray("shortNames").add("kx");
        assertEquals(List.of("spec.scope: Invalid value: \"Cluster\": field is immutable"),
                messages(CrdRules.validateUpdate(old, neu)));
    }

    // ------------------------------------------------------------------------------------------ pruning

    @Test
    void pruningDropsUndeclaredFieldsAndKeepsRootMeta() {
        ObjectNode o = json("{'apiVersion':'kopf.dev/v1','kind':'KopfExample','metadata':{'name':'a','whatever':1},"
                + "'spec':{'x':'y','foo':1,'tags':[],'bar':{'z':1}},'junk':true}");
        List<String> pruned = CrdRules.prune(o, json(SCHEMA));
        assertEquals(List.of("junk", "spec.bar", "spec.foo"), pruned);
        assertEquals(json("{'apiVersion':'kopf.dev/v1','kind':'KopfExample','metadata':{'name':'a','whatever':1},"
                + "'spec':{'x':'y','tags':[]}}"), o);
    }

    @Test
    void preserveUnknownFieldsAtRootKeepsEverythingButStillPrunesDeclaredChildren() {
        ObjectNode schema = json("{'type':'object','x-kubernetes-preserve-unknown-fields':true,"
                + "'properties':{'spec':{'type':'object','properties':{'a':{'type':'string'}}}}}");
        ObjectNode o = json("{'kind':'K','anything':{'deep':1},'spec':{'a':'x','b':2}}");
        assertEquals(List.of("spec.b"), CrdRules.prune(o, schema));
        assertEquals(json("{'kind':'K','anything':{'deep':1},'spec':{'a':'x'}}"), o);
    }

    @Test
    void nestedPreserveUnknownFieldsKeepsUnknownKeys() {
        ObjectNode o = json("{'spec':{'x':'y','free':{'any':{'thing':[1,2]},'known':{'gone':1}},'status':1},'status':{'phase':'ok'}}");
        List<String> pruned = CrdRules.prune(o, json(SCHEMA));
        assertEquals(List.of("spec.free.known.gone", "spec.status"), pruned);
        assertEquals(json("{'spec':{'x':'y','free':{'any':{'thing':[1,2]},'known':{}}},'status':{'phase':'ok'}}"), o);
    }

    @Test
    void pruningFollowsArrayItemsAndAdditionalProperties() {
        ObjectNode schema = json("{'type':'object','properties':{'spec':{'type':'object','properties':{"
                + "'items':{'type':'array','items':{'type':'object','properties':{'n':{'type':'string'}}}},"
                + "'map':{'type':'object','additionalProperties':{'type':'object','properties':{'v':{'type':'integer'}}}},"
                + "'any':{'type':'object','additionalProperties':true}}}}}");
        ObjectNode o = json("{'spec':{'items':[{'n':'a','x':1},{'n':'b'}],'map':{'k1':{'v':1,'w':2}},'any':{'s':'t'}}}");
        assertEquals(List.of("spec.items[0].x", "spec.map.k1.w"), CrdRules.prune(o, schema));
        assertEquals(json("{'spec':{'items':[{'n':'a'},{'n':'b'}],'map':{'k1':{'v':1}},'any':{'s':'t'}}}"), o);
    }

    @Test
    void embeddedResourceKeepsItsTypeMetaAndMetadata() {
        ObjectNode schema = json("{'type':'object','properties':{'spec':{'type':'object','properties':{"
                + "'template':{'type':'object','x-kubernetes-embedded-resource':true,'properties':{'spec':{'type':'object'}}}}}}}");
        ObjectNode o = json("{'spec':{'template':{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{},'extra':1}}}");
        assertEquals(List.of("spec.template.extra"), CrdRules.prune(o, schema));
        assertEquals(json("{'spec':{'template':{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{}}}}"), o);
    }

    @Test
    void pruningDropsNonNullableNullsWithoutDefaults() {
        ObjectNode o = json("{'spec':{'x':null,'opt':null}}");
        CrdRules.prune(o, json(SCHEMA));
        assertEquals(json("{'spec':{'opt':null}}"), o);
    }

    // ------------------------------------------------------------------------------------------ defaulting

    @Test
    void defaultsFillMissingAndNullFieldsRecursively() {
        ObjectNode schema = json("{'type':'object','properties':{'spec':{'type':'object','default':{},'properties':{"
                + "'replicas':{'type':'integer','default':1},"
                + "'mode':{'type':'string','default':'a'},"
                + "'opt':{'type':'string','nullable':true,'default':'d'},"
                + "'items':{'type':'array','items':{'type':'object','properties':{'p':{'type':'integer','default':80}}}}}}}}");
        ObjectNode o = json("{'spec':{'mode':null,'opt':null,'items':[{},{'p':1}]}}");
        CrdRules.applySchemaDefaults(o, schema);
        assertEquals(json("{'spec':{'replicas':1,'mode':'a','opt':null,'items':[{'p':80},{'p':1}]}}"), o);
        ObjectNode empty = json("{}");
        CrdRules.applySchemaDefaults(empty, schema);
        assertEquals(json("{'spec':{'replicas':1,'mode':'a','opt':'d'}}"), empty);
    }

    // ------------------------------------------------------------------------------------------ validation

    private static List<String> check(String spec) {
        return messages(CrdRules.validate(json("{'spec':" + spec + "}"), json(SCHEMA)));
    }

    @Test
    void validObjectHasNoErrors() {
        assertEquals(List.of(), check("{'x':'y','replicas':3,'ratio':1,'enabled':true,'mode':'b','name':'abc',"
                + "'tags':['t'],'labels':{'a':'b'},'port':'http','size':5,'opt':null,'free':{'q':[1]}}"));
        assertEquals(List.of(), check("{'x':'y','replicas':3.0,'port':8080}"));
    }

    @Test
    void stringForIntegerIsATypeError() {
        List<FieldError> errs = CrdRules.validate(json("{'spec':{'x':'y','replicas':'3'}}"), json(SCHEMA));
        assertEquals(List.of("spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\""),
                messages(errs));
        assertEquals("FieldValueTypeInvalid", errs.get(0).type());
    }

    @Test
    void eachTypeMismatchIsReported() {
        assertEquals(List.of("spec.x: Invalid value: \"integer\": spec.x in body must be of type string: \"integer\""), check("{'x':1}"));
        assertEquals(List.of("spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type integer: \"number\"",
                        "spec.x: Required value"),
                check("{'replicas':1.5}"));
        assertEquals(List.of("spec.ratio: Invalid value: \"string\": spec.ratio in body must be of type number: \"string\""), check("{'x':'y','ratio':'1'}"));
        assertEquals(List.of("spec.enabled: Invalid value: \"string\": spec.enabled in body must be of type boolean: \"string\""), check("{'x':'y','enabled':'true'}"));
        assertEquals(List.of("spec.tags: Invalid value: \"object\": spec.tags in body must be of type array: \"object\""), check("{'x':'y','tags':{}}"));
        assertEquals(List.of("spec.labels: Invalid value: \"array\": spec.labels in body must be of type object: \"array\""), check("{'x':'y','labels':[]}"));
        assertEquals(List.of("spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\""), check("{'x':'y','port':true}"));
        assertEquals(List.of("spec.x: Invalid value: \"null\": spec.x in body must be of type string: \"null\""), check("{'x':null}"));
    }

    @Test
    void missingRequiredFieldIsReported() {
        assertEquals(List.of("spec.x: Required value"), check("{}"));
        List<String> root = messages(CrdRules.validate(json("{}"), json("{'type':'object','required':['spec'],'properties':{'spec':{'type':'object'}}}")));
        assertEquals(List.of("spec: Required value"), root);
    }

    @Test
    void valueOutsideEnumIsUnsupported() {
        assertEquals(List.of("spec.mode: Unsupported value: \"z\": supported values: \"a\", \"b\""), check("{'x':'y','mode':'z'}"));
    }

    @Test
    void numericBoundsAreChecked() {
        assertEquals(List.of("spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1"), check("{'x':'y','replicas':0}"));
        assertEquals(List.of("spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10"), check("{'x':'y','replicas':11}"));
        assertEquals(List.of("<nil>: Invalid value: \"\": Checked value must be of type integer with format int32 in spec.size"), check("{'x':'y','size':3000000000}"));
    }

    @Test
    void stringConstraintsAreChecked() {
        assertEquals(List.of("spec.name: Invalid value: \"a\": spec.name in body should be at least 2 chars long"), check("{'x':'y','name':'a'}"));
        assertEquals(List.of("spec.name: Too long: may not be more than 5 bytes"), check("{'x':'y','name':'abcdef'}"));
        assertEquals(List.of("spec.name: Invalid value: \"AB\": spec.name in body should match '^[a-z]+$'"), check("{'x':'y','name':'AB'}"));
    }

    @Test
    void arrayConstraintsAndItemsAreChecked() {
        assertEquals(List.of("spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items"), check("{'x':'y','tags':[]}"));
        List<FieldError> tooMany = CrdRules.validate(json("{'spec':{'x':'y','tags':['a','b','c']}}"), json(SCHEMA));
        assertEquals("FieldValueTooMany", tooMany.get(0).type());
        assertEquals("spec.tags", tooMany.get(0).field());
        assertEquals(List.of("spec.tags[1]: Invalid value: \"integer\": spec.tags[1] in body must be of type string: \"integer\""), check("{'x':'y','tags':['a',2]}"));
    }

    @Test
    void additionalPropertiesValuesAreValidated() {
        assertEquals(List.of("spec.labels.b: Invalid value: \"integer\": spec.labels.b in body must be of type string: \"integer\""),
                check("{'x':'y','labels':{'a':'ok','b':1}}"));
    }

    @Test
    void fieldErrorsCarryPathsForTheServerMessage() {
        List<FieldError> errs = CrdRules.validate(json("{'spec':{'x':'y','mode':'q'}}"), json(SCHEMA));
        assertEquals("spec.mode", errs.get(0).field());
        assertEquals("FieldValueNotSupported", errs.get(0).type());
        assertFalse(errs.get(0).body().isEmpty());
    }
}
