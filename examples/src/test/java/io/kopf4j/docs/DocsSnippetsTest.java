package io.kopf4j.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every Java code block of the README and of {@code src/docs/} is compiled: each one is preceded by a marker
 * {@code <!-- snippet: path/to/File.java#region -->} and must equal the lines between {@code // snippet:region} and
 * {@code // end:region} in that file (a tested source file), indentation aside. Source lines ending with
 * {@code // hidden in docs} (a test's assertions, say) are left out of the comparison.
 */
class DocsSnippetsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet:\\s*(\\S+)#(\\S+)\\s*-->");
    private static final String HIDDEN = "// hidden in docs";
    private static final Pattern REGION_LINE = Pattern.compile("\\s*//\\s*(snippet|end):\\S+\\s*");

    record Block(Path doc, int line, String marker, List<String> code) {
        String where() {
            return ROOT.relativize(doc) + ":" + line;
        }
    }

    @Test
    void everyJavaBlockInTheDocsIsTakenFromATestedSourceFile() {
        List<Block> blocks = javaBlocks();
        assertFalse(blocks.isEmpty(), "no Java blocks found under " + ROOT);
        List<String> problems = new ArrayList<>();
        for (Block block : blocks) {
            if (block.marker() == null) {
                problems.add(block.where() + ": a Java block without a <!-- snippet: File.java#region --> marker");
                continue;
            }
            Matcher m = MARKER.matcher(block.marker());
            if (!m.matches()) {
                problems.add(block.where() + ": a malformed marker " + block.marker());
                continue;
            }
            Path source = ROOT.resolve(m.group(1));
            if (!Files.isRegularFile(source)) {
                problems.add(block.where() + ": no such source file " + m.group(1));
                continue;
            }
            List<String> region = region(source, m.group(2));
            if (region == null) {
                problems.add(block.where() + ": no region '" + m.group(2) + "' in " + m.group(1));
            } else if (!dedent(region).equals(dedent(block.code()))) {
                problems.add(block.where() + ": differs from " + m.group(1) + "#" + m.group(2)
                        + "\n--- source:\n" + String.join("\n", dedent(region))
                        + "\n--- doc:\n" + String.join("\n", dedent(block.code())));
            }
        }
        assertEquals("", String.join("\n\n", problems));
    }

    @Test
    void theWalkthroughPomUsesThisVersionOfKopf4j() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>kopf4j-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertFalse(!version.find(), "the parent pom's version");
        String walkthrough = Files.readString(ROOT.resolve("src/docs/walkthrough.md"));
        Matcher used = Pattern.compile("<artifactId>kopf4j-framework</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(walkthrough);
        assertFalse(!used.find(), "the walkthrough's dependency on kopf4j-framework");
        assertEquals(version.group(1), used.group(1));
    }

    static List<Block> javaBlocks() {
        try (Stream<Path> docs = Files.walk(ROOT.resolve("src/docs"))) {
            List<Path> files = new ArrayList<>(docs.filter(p -> p.toString().endsWith(".md")).sorted()
                    .collect(Collectors.toList()));
            files.add(0, ROOT.resolve("README.md"));
            List<Block> blocks = new ArrayList<>();
            for (Path file : files) {
                blocks.addAll(javaBlocks(file));
            }
            return blocks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Block> javaBlocks(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        List<Block> blocks = new ArrayList<>();
        String lastNonBlank = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().equals("```java")) {
                List<String> code = new ArrayList<>();
                int start = i + 1;
                while (++i < lines.size() && !lines.get(i).strip().equals("```")) {
                    code.add(lines.get(i));
                }
                String marker = lastNonBlank != null && lastNonBlank.strip().startsWith("<!--") ? lastNonBlank.strip() : null;
                blocks.add(new Block(doc, start, marker, code));
                lastNonBlank = null;
            } else if (line.strip().startsWith("```")) {
                while (++i < lines.size() && !lines.get(i).strip().equals("```")) {
                    // another language's block: not compiled
                }
                lastNonBlank = null;
            } else if (!line.isBlank()) {
                lastNonBlank = line;
            }
        }
        return blocks;
    }

    /** The lines of a region, without nested region markers; null when the region is missing. */
    static List<String> region(Path source, String name) {
        try {
            List<String> lines = Files.readAllLines(source);
            int start = -1;
            for (int i = 0; i < lines.size(); i++) {
                String trimmed = lines.get(i).strip();
                if (trimmed.equals("// snippet:" + name)) {
                    start = i + 1;
                } else if (trimmed.equals("// end:" + name) && start >= 0) {
                    return lines.subList(start, i).stream().filter(l -> !REGION_LINE.matcher(l).matches() && !l.stripTrailing().endsWith(HIDDEN))
                            .collect(Collectors.toList());
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the indentation common to all non-blank lines, trailing spaces and leading/trailing blank lines. */
    static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing())
                .collect(Collectors.toCollection(ArrayList::new));
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
