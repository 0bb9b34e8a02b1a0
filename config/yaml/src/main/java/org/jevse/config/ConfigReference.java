package org.jevse.config;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jevse.config.Schema.Kind;
import org.jevse.config.Schema.Section;
import org.jevse.config.Schema.Setting;

/**
 * Generates docs/configuration.md from the {@link Key} annotations, so the reference cannot drift from the code.
 * {@code ConfigReferenceTest} fails when the committed file differs from {@link #markdown()}.
 */
public final class ConfigReference {

    /**
     * How to regenerate the file, from the repository root; the test's failure message repeats it. The test that
     * writes it lives in energy-node, the lowest module that sees the energy manager's file as well.
     */
    public static final String REGENERATE = "mvn -o -q -pl energy-node -am test -Dtest=ConfigurationReferenceTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Djevse.writeReference=true";

    private ConfigReference() {
    }

    /** The full text of docs/configuration.md: the charger's file, then {@code others} (the energy manager's). */
    public static String markdown(List<OtherFile> others) {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration\n\n");
        md.append("<!-- Generated from the @Key annotations of the configuration records by ConfigReference.\n");
        md.append("     Do not edit by hand; regenerate from the repository root with:\n");
        md.append("     ").append(REGENERATE).append(" -->\n\n");
        md.append(introduction());
        appendSubsections(md, Schema.ROOT, "");
        md.append("\n## All defaults\n\n");
        md.append("The effective configuration of an empty charger file, as `./jevse config check` prints it.\n\n");
        md.append("```yaml\n").append(ConfigPrinter.toYaml(ConfigLoader.defaults())).append("```\n");
        others.forEach(file -> appendOtherFile(md, file));
        return md.toString();
    }

    /** What the charger's file is, how values are written and how strictly they are read. */
    private static String introduction() {
        return """
                A charger reads its whole configuration from one YAML file with the sections %s.
                The site energy manager (`./jevse energy-manager`) reads a file of its own, described in
                [energy-manager](#energy-manager) below; both are read the same way. In the charger's file every
                key has a default: a key that is not in the file takes it, a missing section takes all of its
                defaults, and an empty file (or one with only comments) is the default configuration.

                Reading is strict. An unknown key, a value of the wrong type or a value out of range stops start-up
                with one line that names the file, the key path and what is allowed:

                    jevse.yaml: evse.max_current_import_A: 95 is out of range; allowed: a number from 0 to 80
                    jevse.yaml: evse.max_curent_import_A: unknown key; allowed keys in evse: connector_id, evse_id, ...

                `./jevse config check FILE` validates FILE the same way and prints the effective configuration: every
                key, with the defaults filled in (as in [All defaults](#all-defaults)). Commented examples are in
                `config/examples/`.

                ## Values

                - **integer**: a whole number such as `32`; `16.5` is not an integer.
                - **number**: `32` or `0.5`, without exponent.
                - **boolean**: `true` or `false`; not `yes`, `no`, `on`, `off` or `True`.
                - **string**: any single value, taken as written. A quoted value is always a string, so `"32"` is
                  not a number and `"true"` is not a boolean.
                - **enum**: one of the listed names, spelled exactly.
                - **list of strings**: `[A, B]`, or one `- A` per line; the strings must not be empty.
                - **list of numbers**: `[63, 63, 32.5]`, or one `- 63` per line; where the allowed values say how
                  many, exactly that many, each within the range.
                - **list of mappings**: one mapping per element, `- {id: site, limits_A: [63, 63, 63]}` or with
                  one key per line. Messages name an element by its index from 0: `nodes[1].limits_A`.

                A key whose default is *required* has none: the file must give it. One whose default is *not set*
                may be left out, and the description says what that means.

                A key may appear only once per section. YAML aliases (`*name`), tags (`!!binary`, `!!str`,
                `!custom`) and a second document (`---`) are not accepted. A file is UTF-8, at most 1 MiB
                (%d bytes), nested at most %d levels deep (the top-level mapping is the first), with at most %d
                characters in a key or value and at most %d values, lists and mappings in all. A file beyond these
                bounds, or one the YAML parser cannot read, stops start-up with one line giving the line and column
                and what is allowed:

                    jevse.yaml: line 2, column 1: a TAB character; allowed: spaces for indentation
                    jevse.yaml: evse.evse_id: tag !!binary (line 2, column 12) is not supported; allowed: a plain or quoted value without a tag

                Keys marked *(jevse)* are jevse's own. The others are options of EVerest's EvseManager with the
                same name and meaning, or, where the description says so, of another EVerest module.
                """.formatted(Schema.ROOT.settings().stream()
                        .map(s -> "`" + s.name() + "`")
                        .collect(Collectors.joining(", ")), ConfigText.MAX_BYTES, YamlTree.MAX_DEPTH,
                        YamlTree.MAX_SCALAR_CHARS, YamlTree.MAX_NODES);
    }

    /**
     * Another file read the same way, documented after the charger's under {@code ## heading}: its introduction
     * (Markdown, with an example), then the keys of its root record, each section's heading prefixed with
     * {@code heading: } so that its sections cannot be taken for the charger's.
     */
    public record OtherFile(String heading, String introduction, Class<? extends Record> root) {
    }

    private static void appendOtherFile(StringBuilder md, OtherFile file) {
        Section root = Schema.root(file.root());
        md.append("\n## ").append(file.heading()).append("\n\n").append(file.introduction());
        appendTable(md, root, file.heading() + ": ");
        appendSubsections(md, root, file.heading() + ": ");
    }

    /** Each subsection of {@code parent} with its table, each followed by its own subsections. */
    private static void appendSubsections(StringBuilder md, Section parent, String headingPrefix) {
        for (Setting declaration : parent.subsections()) {
            md.append("\n## ").append(headingPrefix).append(declaration.section().path()).append("\n\n");
            md.append(declaration.key().doc()).append("\n\n");
            appendTable(md, declaration.section(), headingPrefix);
            appendSubsections(md, declaration.section(), headingPrefix);
        }
    }

    private static void appendTable(StringBuilder md, Section section, String headingPrefix) {
        md.append("| key | type | default | allowed | description |\n");
        md.append("|---|---|---|---|---|\n");
        for (Setting s : section.keys()) {
            String key = "`" + s.name() + "`" + (s.key().jevse() ? " (jevse)" : "");
            String def;
            if (s.kind() == Kind.SECTION) {
                def = "";
            } else if (s.key().required()) {
                def = "*required*";
            } else if (s.optional() && s.key().def().isEmpty()) {
                def = "*not set*";
            } else {
                def = "`" + s.key().def() + "`";
            }
            String allowed = switch (s.kind()) {
                case SECTION -> "the keys in " + link(s.path(), headingPrefix);
                case SECTION_LIST -> "a list of mappings of the keys in " + link(s.section().path(), headingPrefix);
                default -> s.allowed();
            };
            md.append("| ").append(cell(key))
                    .append(" | ").append(s.kind().typeName)
                    .append(" | ").append(cell(def))
                    .append(" | ").append(cell(allowed))
                    .append(" | ").append(cell(s.key().doc()))
                    .append(" |\n");
        }
    }

    /** A link to a section's heading; brackets in the text (nodes[]) are escaped so the link stays one. */
    private static String link(String path, String headingPrefix) {
        return "[" + path.replace("[", "\\[").replace("]", "\\]") + "](#" + anchor(headingPrefix + path) + ")";
    }

    /** GitHub's heading anchor: lower case, dots and other punctuation dropped. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_ -]", "").replace(' ', '-');
    }

    /** A table cell: a '|' would end the cell early. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
