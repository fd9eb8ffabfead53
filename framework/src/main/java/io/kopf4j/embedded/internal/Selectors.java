package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Label and field selectors as a kube-apiserver parses them from the {@code labelSelector} and
 * {@code fieldSelector} query parameters. The grammar, the matching rules and the error wording follow
 * apimachinery's {@code labels.Parse} and {@code fields.ParseSelector}, so that a client sees the same
 * 400 message it would get from a real server.
 * Not API.
 */
final class Selectors {

    private Selectors() {
    }

    /** A parse failure; the message is what the real server puts into its BadRequest Status. */
    static final class SelectorException extends Exception {
        private static final long serialVersionUID = 1L;

        SelectorException(String message) {
            super(message);
        }
    }

    interface LabelSelector {
        /** @param labels the {@code metadata.labels} object; null, missing or non-object means "no labels". */
        boolean matches(JsonNode labels);

        boolean isEmpty();
    }

    interface FieldSelector {
        /**
         * @param values looks up a field value by its selector key (e.g. {@code metadata.name}); returns null if the
         *               field is unknown to the resource, which compares like an empty string (as Go's fields.Set does).
         */
        boolean matches(Function<String, String> values);

        /** The field keys used, in the order of the (sorted) terms, so the caller can reject unsupported ones. */
        List<String> keys();

        boolean isEmpty();
    }

    // ------------------------------------------------------------------------------------------------
    // Label selectors
    // ------------------------------------------------------------------------------------------------

    /** Parses a label selector string ({@code ""} or null matches everything). */
    static LabelSelector labels(String selector) throws SelectorException {
        if (selector == null) {
            selector = "";
        }
        List<Requirement> reqs = new LabelParser(selector).parse();
        reqs.sort(Comparator.comparing((Requirement r) -> r.key, Selectors::compareGo));
        return new Labels(Collections.unmodifiableList(reqs));
    }

    /**
     * A structured {@code metav1.LabelSelector} ({@code matchLabels}, {@code matchExpressions}), as
     * {@code metav1.LabelSelectorAsSelector} turns it into a selector. A null, missing or empty one matches everything
     * (webhook selectors are defaulted to {@code {}}).
     */
    static LabelSelector structured(JsonNode selector) throws SelectorException {
        List<Requirement> reqs = new ArrayList<>();
        if (selector != null && selector.isObject()) {
            JsonNode matchLabels = selector.path("matchLabels");
            if (matchLabels.isObject()) {
                for (var e : matchLabels.properties()) {
                    reqs.add(newRequirement(e.getKey(), Op.EQUALS, List.of(e.getValue().asText())));
                }
            }
            for (JsonNode expr : selector.path("matchExpressions")) {
                String operator = expr.path("operator").asText("");
                Op op;
                switch (operator) {
                    case "In": op = Op.IN; break;
                    case "NotIn": op = Op.NOT_IN; break;
                    case "Exists": op = Op.EXISTS; break;
                    case "DoesNotExist": op = Op.DOES_NOT_EXIST; break;
                    default: throw new SelectorException(goQuote(operator)
                            + " is not a valid label selector operator");
                }
                List<String> values = new ArrayList<>();
                expr.path("values").forEach(v -> values.add(v.asText()));
                boolean set = op == Op.IN || op == Op.NOT_IN;
                if (set && values.isEmpty()) {
                    throw new SelectorException("values: Invalid value: []string{}: for 'in', 'notin' operators, "
                            + "values set can't be empty");
                }
                if (!set && !values.isEmpty()) {
                    List<String> quoted = new ArrayList<>();
                    values.forEach(v -> quoted.add(goQuote(v)));
                    throw new SelectorException("values: Invalid value: []string{" + String.join(", ", quoted)
                            + "}: values set must be empty for exists and does not exist");
                }
                reqs.add(newRequirement(expr.path("key").asText(""), op, values));
            }
        }
        reqs.sort(Comparator.comparing((Requirement r) -> r.key, Selectors::compareGo));
        return new Labels(Collections.unmodifiableList(reqs));
    }

    private enum Op {
        EXISTS("exists"), DOES_NOT_EXIST("!"), EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="),
        IN("in"), NOT_IN("notin"), GT("gt"), LT("lt");

        final String text;

        Op(String text) {
            this.text = text;
        }
    }

    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    private static final class Requirement {
        final String key;
        final Op op;
        final List<String> values;

        Requirement(String key, Op op, List<String> values) {
            this.key = key;
            this.op = op;
            this.values = values;
        }

        boolean matches(JsonNode labels) {
            JsonNode v = labels == null || !labels.isObject() ? null : labels.get(key);
            boolean exists = v != null && !v.isMissingNode();
            String val = exists ? (v.isNull() ? "" : v.asText()) : null;
            switch (op) {
                case IN: case EQUALS: case DOUBLE_EQUALS:
                    return exists && values.contains(val);
                case NOT_IN: case NOT_EQUALS:
                    return !exists || !values.contains(val);
                case EXISTS:
                    return exists;
                case DOES_NOT_EXIST:
                    return !exists;
                case GT: case LT: {
                    if (!exists || values.size() != 1) {
                        return false;
                    }
                    Long have = parseInt64(val);
                    Long want = parseInt64(values.get(0));
                    if (have == null || want == null) {
                        return false;
                    }
                    return op == Op.GT ? have > want : have < want;
                }
                default:
                    return false;
            }
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (op == Op.DOES_NOT_EXIST) {
                sb.append('!');
            }
            sb.append(key);
            switch (op) {
                case EXISTS: case DOES_NOT_EXIST: return sb.toString();
                case EQUALS: sb.append('='); break;
                case DOUBLE_EQUALS: sb.append("=="); break;
                case NOT_EQUALS: sb.append("!="); break;
                case IN: sb.append(" in ("); break;
                case NOT_IN: sb.append(" notin ("); break;
                case GT: sb.append('>'); break;
                case LT: sb.append('<'); break;
                default: break;
            }
            sb.append(String.join(",", values));
            if (op == Op.IN || op == Op.NOT_IN) {
                sb.append(')');
            }
            return sb.toString();
        }
    }

    private static final class Labels implements LabelSelector {
        private final List<Requirement> requirements;

        Labels(List<Requirement> requirements) {
            this.requirements = requirements;
        }

        @Override
        public boolean matches(JsonNode labels) {
            for (Requirement r : requirements) {
                if (!r.matches(labels)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean isEmpty() {
            return requirements.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (Requirement r : requirements) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(r);
            }
            return sb.toString();
        }
    }

    private enum Tok {
        ERROR, END, CLOSE_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GT, IDENTIFIER, IN, LT, NOT_EQUALS,
        NOT_IN, OPEN_PAR
    }

    private static Tok keyword(String s) {
        switch (s) {
            case ")": return Tok.CLOSE_PAR;
            case ",": return Tok.COMMA;
            case "!": return Tok.DOES_NOT_EXIST;
            case "==": return Tok.DOUBLE_EQUALS;
            case "=": return Tok.EQUALS;
            case ">": return Tok.GT;
            case "in": return Tok.IN;
            case "<": return Tok.LT;
            case "!=": return Tok.NOT_EQUALS;
            case "notin": return Tok.NOT_IN;
            case "(": return Tok.OPEN_PAR;
            default: return null;
        }
    }

    private static final class Item {
        final Tok tok;
        final String lit;

        Item(Tok tok, String lit) {
            this.tok = tok;
            this.lit = lit;
        }
    }

    /** The lexer of labels.Parse: a NUL character (as from {@code %00}) acts like the end of input for a token. */
    private static final class LabelLexer {
        private final String s;
        private int pos;

        LabelLexer(String s) {
            this.s = s;
        }

        private char read() {
            if (pos < s.length()) {
                return s.charAt(pos++);
            }
            return 0;
        }

        private static boolean isWhitespace(char c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private static boolean isSpecial(char c) {
            switch (c) {
                case '=': case '!': case '(': case ')': case ',': case '>': case '<':
                    return true;
                default:
                    return false;
            }
        }

        Item lex() {
            char ch = read();
            while (isWhitespace(ch)) {
                ch = read();
            }
            if (ch == 0) {
                return new Item(Tok.END, "");
            }
            pos--;
            return isSpecial(ch) ? special() : identifierOrKeyword();
        }

        private Item identifierOrKeyword() {
            StringBuilder sb = new StringBuilder();
            while (true) {
                char ch = read();
                if (ch == 0) {
                    break;
                }
                if (isSpecial(ch) || isWhitespace(ch)) {
                    pos--;
                    break;
                }
                sb.append(ch);
            }
            String lit = sb.toString();
            Tok t = keyword(lit);
            return new Item(t == null ? Tok.IDENTIFIER : t, lit);
        }

        private Item special() {
            StringBuilder sb = new StringBuilder();
            Item last = null;
            while (true) {
                char ch = read();
                if (ch == 0) {
                    break;
                }
                if (!isSpecial(ch)) {
                    pos--;
                    break;
                }
                sb.append(ch);
                Tok t = keyword(sb.toString());
                if (t != null) {
                    last = new Item(t, sb.toString());
                } else if (last != null) {
                    pos--;
                    break;
                }
            }
            if (last == null) {
                return new Item(Tok.ERROR, "error expected: keyword found '" + sb + "'");
            }
            return last;
        }
    }

    private static final class LabelParser {
        private final List<Item> items = new ArrayList<>();
        private int position;

        LabelParser(String selector) {
            LabelLexer lexer = new LabelLexer(selector);
            while (true) {
                Item it = lexer.lex();
                items.add(it);
                if (it.tok == Tok.END) {
                    break;
                }
            }
        }

        /** In a values context the keywords in/notin are plain identifiers. */
        private static Tok asValue(Tok t) {
            return t == Tok.IN || t == Tok.NOT_IN ? Tok.IDENTIFIER : t;
        }

        private Item peek() {
            return items.get(position);
        }

        private Item next() {
            return items.get(position++);
        }

        List<Requirement> parse() throws SelectorException {
            List<Requirement> reqs = new ArrayList<>();
            while (true) {
                Item it = peek();
                Tok t = asValue(it.tok);
                if (t == Tok.IDENTIFIER || t == Tok.DOES_NOT_EXIST) {
                    try {
                        reqs.add(requirement());
                    } catch (SelectorException e) {
                        throw new SelectorException("unable to parse requirement: " + e.getMessage());
                    }
                    Item after = next();
                    Tok ta = asValue(after.tok);
                    if (ta == Tok.END) {
                        return reqs;
                    } else if (ta == Tok.COMMA) {
                        Item n = peek();
                        Tok tn = asValue(n.tok);
                        if (tn != Tok.IDENTIFIER && tn != Tok.DOES_NOT_EXIST) {
                            throw new SelectorException("found '" + n.lit + "', expected: identifier after ','");
                        }
                    } else {
                        throw new SelectorException("found '" + after.lit + "', expected: ',' or 'end of string'");
                    }
                } else if (t == Tok.END) {
                    return reqs;
                } else {
                    throw new SelectorException("found '" + it.lit + "', expected: !, identifier, or 'end of string'");
                }
            }
        }

        private Requirement requirement() throws SelectorException {
            Op op = null;
            Item it = next();
            if (asValue(it.tok) == Tok.DOES_NOT_EXIST) {
                op = Op.DOES_NOT_EXIST;
                it = next();
            }
            if (asValue(it.tok) != Tok.IDENTIFIER) {
                throw new SelectorException("found '" + it.lit + "', expected: identifier");
            }
            String key = it.lit;
            List<String> keyErrors = labelKeyErrors(key);
            if (!keyErrors.isEmpty()) {
                // parsed with a nil field path, which Go prints as "<nil>"
                throw new SelectorException(invalid("<nil>", key, String.join("; ", keyErrors)));
            }
            Tok la = asValue(peek().tok);
            if (la == Tok.END || la == Tok.COMMA) {
                if (op != Op.DOES_NOT_EXIST) {
                    op = Op.EXISTS;
                }
            }
            if (op == Op.EXISTS || op == Op.DOES_NOT_EXIST) {
                return newRequirement(key, op, List.of());
            }
            op = operator();
            TreeSet<String> values;
            if (op == Op.IN || op == Op.NOT_IN) {
                values = valueSet();
            } else {
                values = exactValue();
            }
            return newRequirement(key, op, new ArrayList<>(values));
        }

        private Op operator() throws SelectorException {
            Item it = next();
            switch (it.tok) {
                case IN: return Op.IN;
                case EQUALS: return Op.EQUALS;
                case DOUBLE_EQUALS: return Op.DOUBLE_EQUALS;
                case GT: return Op.GT;
                case LT: return Op.LT;
                case NOT_IN: return Op.NOT_IN;
                case NOT_EQUALS: return Op.NOT_EQUALS;
                default:
                    throw new SelectorException("found '" + it.lit + "', expected: " + BINARY_OPERATORS);
            }
        }

        private TreeSet<String> valueSet() throws SelectorException {
            Item it = next();
            if (asValue(it.tok) != Tok.OPEN_PAR) {
                throw new SelectorException("found '" + it.lit + "' expected: '('");
            }
            Item first = peek();
            Tok t = asValue(first.tok);
            if (t == Tok.IDENTIFIER || t == Tok.COMMA) {
                TreeSet<String> s = identifiers();
                if (asValue(next().tok) != Tok.CLOSE_PAR) {
                    throw new SelectorException("found '" + first.lit + "', expected: ')'");
                }
                return s;
            } else if (t == Tok.CLOSE_PAR) {
                next();
                TreeSet<String> s = newSet();
                s.add("");
                return s;
            }
            throw new SelectorException("found '" + first.lit + "', expected: ',', ')' or identifier");
        }

        private TreeSet<String> identifiers() throws SelectorException {
            TreeSet<String> s = newSet();
            while (true) {
                Item it = next();
                Tok t = asValue(it.tok);
                if (t == Tok.IDENTIFIER) {
                    s.add(it.lit);
                    Item n = peek();
                    Tok tn = asValue(n.tok);
                    if (tn == Tok.COMMA) {
                        continue;
                    } else if (tn == Tok.CLOSE_PAR) {
                        return s;
                    }
                    throw new SelectorException("found '" + n.lit + "', expected: ',' or ')'");
                } else if (t == Tok.COMMA) {
                    if (s.isEmpty()) {
                        s.add(""); // "(,"
                    }
                    Tok tn = asValue(peek().tok);
                    if (tn == Tok.CLOSE_PAR) {
                        s.add(""); // ",)"
                        return s;
                    }
                    if (tn == Tok.COMMA) {
                        s.add(""); // ",,"
                    }
                } else {
                    throw new SelectorException("found '" + it.lit + "', expected: ',', or identifier");
                }
            }
        }

        private TreeSet<String> exactValue() throws SelectorException {
            TreeSet<String> s = newSet();
            Tok t = asValue(peek().tok);
            if (t == Tok.END || t == Tok.COMMA) {
                s.add("");
                return s;
            }
            Item it = next();
            if (asValue(it.tok) == Tok.IDENTIFIER) {
                s.add(it.lit);
                return s;
            }
            throw new SelectorException("found '" + it.lit + "', expected: identifier");
        }

        private static TreeSet<String> newSet() {
            return new TreeSet<>(Selectors::compareGo);
        }
    }

    /** labels.NewRequirement's validation of values (the key was already checked while parsing). */
    private static Requirement newRequirement(String key, Op op, List<String> values) throws SelectorException {
        List<String> errs = new ArrayList<>();
        List<String> keyErrors = labelKeyErrors(key);
        if (!keyErrors.isEmpty()) {
            errs.add(invalid("key", key, String.join("; ", keyErrors)));
        }
        if (op == Op.GT || op == Op.LT) {
            for (int i = 0; i < values.size(); i++) {
                if (parseInt64(values.get(i)) == null) {
                    errs.add(invalid("values[" + i + "]", values.get(i),
                            "for 'Gt', 'Lt' operators, the value must be an integer"));
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            List<String> valueErrors = labelValueErrors(values.get(i));
            if (!valueErrors.isEmpty()) {
                errs.add(invalid("values[" + i + "][" + key + "]", values.get(i), String.join("; ", valueErrors)));
            }
        }
        if (!errs.isEmpty()) {
            throw new SelectorException(aggregate(errs));
        }
        return new Requirement(key, op, List.copyOf(values));
    }

    /** utilerrors.Aggregate's message: a single error as is, several de-duplicated within brackets. */
    private static String aggregate(List<String> errs) {
        List<String> unique = new ArrayList<>();
        for (String e : errs) {
            if (!unique.contains(e)) {
                unique.add(e);
            }
        }
        return unique.size() == 1 ? unique.get(0) : "[" + String.join(", ", unique) + "]";
    }

    private static String invalid(String field, String value, String detail) {
        return field + ": Invalid value: " + goQuote(value) + (detail.isEmpty() ? "" : ": " + detail);
    }

    // --- content.IsLabelKey / IsLabelValue / IsDNS1123Subdomain, with their exact messages ---

    private static final String LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String LABEL_KEY_MSG = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";
    private static final String LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?";
    private static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final int NAME_MAX = 63;
    private static final int SUBDOMAIN_MAX = 253;

    private static String regexError(String msg, String re, String... examples) {
        StringBuilder sb = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                sb.append(" or ");
            }
            sb.append('\'').append(examples[i]).append("', ");
        }
        return sb.append("regex used for validation is '").append(re).append("')").toString();
    }

    private static String maxLenError(int n) {
        return "must be no more than " + n + " characters";
    }

    /** Label key errors, worded as the 1.33 server words them (a qualified name). */
    static List<String> labelKeyErrors(String value) {
        return EventRules.isQualifiedName(value);
    }

    static List<String> labelValueErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (utf8Length(value) > NAME_MAX) {
            errs.add(maxLenError(NAME_MAX));
        }
        if (!value.isEmpty() && !isLabelName(value)) {
            errs.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    private static List<String> dns1123SubdomainErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (utf8Length(value) > SUBDOMAIN_MAX) {
            errs.add(maxLenError(SUBDOMAIN_MAX));
        }
        boolean ok = true;
        for (String label : splitAll(value, '.')) {
            if (!isDns1123Label(label)) {
                ok = false;
                break;
            }
        }
        if (!ok) {
            errs.add(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
        return errs;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Matches {@code ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$}. */
    private static boolean isLabelName(String s) {
        if (s.isEmpty() || !isAlnum(s.charAt(0)) || !isAlnum(s.charAt(s.length() - 1))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlnum(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** Matches {@code ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$}. */
    private static boolean isDns1123Label(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lowerAlnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!lowerAlnum && (c != '-' || i == 0 || i == s.length() - 1)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------
    // Field selectors
    // ------------------------------------------------------------------------------------------------

    /** Parses a field selector ({@code ""} or null selects everything). */
    static FieldSelector fields(String selector) throws SelectorException {
        if (selector == null) {
            selector = "";
        }
        List<String> parts = splitTerms(selector);
        parts.sort(Selectors::compareGo);
        List<Term> terms = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            Term t = splitTerm(part);
            if (t == null) {
                throw new SelectorException("invalid selector: '" + selector + "'; can't understand '" + part + "'");
            }
            // a term with neither field nor value selects everything and is dropped (as Transform does)
            if (!t.field.isEmpty() || !t.value.isEmpty()) {
                terms.add(t);
            }
        }
        return new Fields(Collections.unmodifiableList(terms));
    }

    private static final class Term {
        final String field;
        final boolean negated;
        final String value;

        Term(String field, boolean negated, String value) {
            this.field = field;
            this.negated = negated;
            this.value = value;
        }

        @Override
        public String toString() {
            return field + (negated ? "!=" : "=") + escapeFieldValue(value);
        }
    }

    private static final class Fields implements FieldSelector {
        private final List<Term> terms;

        Fields(List<Term> terms) {
            this.terms = terms;
        }

        @Override
        public boolean matches(Function<String, String> values) {
            for (Term t : terms) {
                String v = values.apply(t.field);
                boolean equal = t.value.equals(v == null ? "" : v);
                if (equal == t.negated) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public List<String> keys() {
            List<String> keys = new ArrayList<>(terms.size());
            for (Term t : terms) {
                keys.add(t.field);
            }
            return keys;
        }

        @Override
        public boolean isEmpty() {
            return terms.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (Term t : terms) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(t);
            }
            return sb.toString();
        }
    }

    /** Splits on commas that are not escaped by a backslash; the escapes stay in the terms. */
    private static List<String> splitTerms(String s) {
        List<String> terms = new ArrayList<>();
        if (s.isEmpty()) {
            return terms;
        }
        int start = 0;
        boolean inSlash = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inSlash) {
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',') {
                terms.add(s.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(s.substring(start));
        return terms;
    }

    /** The first operator wins, trying "!=", "==" then "=" at each position. */
    private static Term splitTerm(String term) throws SelectorException {
        for (int i = 0; i < term.length(); i++) {
            if (term.startsWith("!=", i)) {
                return new Term(term.substring(0, i), true, unescapeFieldValue(term.substring(i + 2)));
            }
            if (term.startsWith("==", i)) {
                return new Term(term.substring(0, i), false, unescapeFieldValue(term.substring(i + 2)));
            }
            if (term.startsWith("=", i)) {
                return new Term(term.substring(0, i), false, unescapeFieldValue(term.substring(i + 1)));
            }
        }
        return null;
    }

    private static String unescapeFieldValue(String s) throws SelectorException {
        StringBuilder sb = new StringBuilder(s.length());
        boolean inSlash = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (inSlash) {
                if (c == '\\' || c == ',' || c == '=') {
                    sb.appendCodePoint(c);
                } else {
                    throw new SelectorException("invalid field selector: invalid escape sequence: \\"
                            + new String(Character.toChars(c)));
                }
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',' || c == '=') {
                // Go prints the rune with %v, i.e. as its number
                throw new SelectorException("invalid field selector: unescaped character in value: " + c);
            } else {
                sb.appendCodePoint(c);
            }
        }
        if (inSlash) {
            throw new SelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return sb.toString();
    }

    private static String escapeFieldValue(String s) {
        return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------------

    /** strconv.ParseInt(s, 10, 64): optional sign, decimal digits, 64-bit range; null if not. */
    private static Long parseInt64(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        int i = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        if (i == s.length()) {
            return null;
        }
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Go's string order (UTF-8 bytes), which is code point order. */
    private static int compareGo(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static List<String> splitAll(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == sep) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Go's %q for a string (strconv.Quote), close enough for valid UTF-16 input. */
    static String goQuote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"': sb.append("\\\""); continue;
                case '\\': sb.append("\\\\"); continue;
                case 0x07: sb.append("\\a"); continue;
                case '\b': sb.append("\\b"); continue;
                case '\f': sb.append("\\f"); continue;
                case '\n': sb.append("\\n"); continue;
                case '\r': sb.append("\\r"); continue;
                case '\t': sb.append("\\t"); continue;
                case 0x0b: sb.append("\\v"); continue;
                default: break;
            }
            if (c == ' ' || isGoPrint(c)) {
                sb.appendCodePoint(c);
            } else if (c < ' ' || c == 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else if (c < 0x10000) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.append(String.format("\\U%08x", c));
            }
        }
        return sb.append('"').toString();
    }

    private static boolean isGoPrint(int c) {
        switch (Character.getType(c)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.SPACE_SEPARATOR:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
