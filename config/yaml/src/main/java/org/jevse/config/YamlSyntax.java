package org.jevse.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Turns the YAML parser's errors, which are several lines long and written for programmers, into one line with the
 * line and column of the problem and what is allowed there.
 */
final class YamlSyntax {

    /** YAML 1.1's escapes in a double-quoted scalar, those SnakeYAML takes. */
    private static final String ESCAPES = "\\0 \\a \\b \\t \\n \\v \\f \\r \\e \\\" \\/ \\\\ \\N \\_ \\L \\P \\xXX \\uXXXX"
            + " \\UXXXXXXXX, or a single-quoted value (no escapes)";
    private static final String UNKNOWN_ESCAPE = "found unknown escape character ";

    private YamlSyntax() {
    }

    static ConfigException malformed(JsonProcessingException e, String yaml, String source) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                return marked(marked, source);
            }
            if (cause instanceof ReaderException unreadable) {
                return new ConfigException(source + ": " + ConfigText.position(yaml, charIndex(yaml,
                        unreadable.getPosition())) + ": character " + String.format("U+%04X", unreadable.getCodePoint())
                        + " is not allowed; allowed: printable characters, TAB and line breaks");
            }
        }
        // Jackson's own checks, which know no line: none is expected inside the bounds YamlTree keeps.
        String message = e.getOriginalMessage();
        String firstLine = message == null ? e.getClass().getSimpleName() : eventNames(message.lines().findFirst().orElse(""));
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String where = line > 0 ? "line " + line + ": " : "";
        return new ConfigException(source + ": " + where + "malformed YAML: " + firstLine);
    }

    private static ConfigException marked(MarkedYAMLException marked, String source) {
        // SnakeYAML counts lines and columns from 0.
        String at = source + ": line " + (marked.getProblemMark().getLine() + 1) + ", column "
                + (marked.getProblemMark().getColumn() + 1) + ": ";
        String problem = marked.getProblem();
        if (problem.contains("(TAB)")) {
            return new ConfigException(at + "a TAB character; allowed: spaces for indentation");
        }
        if (problem.startsWith(UNKNOWN_ESCAPE)) {
            // "found unknown escape character q(113)"
            String escape = problem.substring(UNKNOWN_ESCAPE.length(), problem.lastIndexOf('('));
            return new ConfigException(at + "unknown escape \\" + escape + " in a double-quoted value; allowed: "
                    + ESCAPES);
        }
        if (marked.getContext() != null && marked.getContextMark() != null) {
            problem += " (" + marked.getContext() + " from line " + (marked.getContextMark().getLine() + 1) + ")";
        }
        return new ConfigException(at + "malformed YAML: " + eventNames(problem)
                + "; allowed: YAML mappings and lists as in docs/configuration.md");
    }

    /** "got this instead: &lt;org.yaml.snakeyaml.events.SequenceStartEvent(anchor=null, ...)&gt;" -> "SequenceStart". */
    private static String eventNames(String message) {
        return message.replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.(\\w+?)Event\\(.*?\\)>", "$1");
    }

    /** SnakeYAML counts code points; the text is indexed in UTF-16 characters. */
    private static int charIndex(String text, int codePoints) {
        try {
            return text.offsetByCodePoints(0, codePoints);
        } catch (IndexOutOfBoundsException e) {
            return text.length();
        }
    }
}
