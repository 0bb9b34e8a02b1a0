package org.jevse.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** How to regenerate the file, from the repository root; the test's failure message repeats it. */
    public static final String REGENERATE = "mvn -q -pl config compile exec:java"
            + " -Dexec.mainClass=org.jevse.config.ConfigReference -Dexec.args=docs/configuration.md";

    private ConfigReference() {
    }

    /** Writes {@link #markdown()} to the file given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ConfigReference OUTPUT.md");
            System.exit(2);
        }
        Files.writeString(Path.of(args[0]), markdown());
    }

    /** The full text of docs/configuration.md. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration\n\n");
        md.append("<!-- Generated from the @Key annotations in config/src/main/java/org/jevse/config by ConfigReference.\n");
        md.append("     Do not edit by hand; regenerate from the repository root with:\n");
        md.append("     ").append(REGENERATE).append(" -->\n\n");
        md.append("""
                jevse reads its whole configuration from one YAML file with the sections %s.
                Every key has a default: a key that is not in the file takes it, a missing section takes all of its
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

                A key may appear only once per section. YAML aliases (`*name`) and a second document (`---`) are
                not accepted.

                Keys marked *(jevse)* are jevse's own. The others are options of EVerest's EvseManager with the
                same name and meaning, or, where the description says so, of another EVerest module.
                """.formatted(Schema.ROOT.settings().stream()
                        .map(s -> "`" + s.name() + "`")
                        .collect(Collectors.joining(", "))));
        appendSubsections(md, Schema.ROOT);
        md.append("\n## All defaults\n\n");
        md.append("The effective configuration of an empty file, as `./jevse config check` prints it.\n\n");
        md.append("```yaml\n").append(ConfigPrinter.toYaml(ConfigLoader.defaults())).append("```\n");
        return md.toString();
    }

    /** Each subsection of {@code parent} with its table, each followed by its own subsections. */
    private static void appendSubsections(StringBuilder md, Section parent) {
        for (Setting declaration : parent.subsections()) {
            appendSection(md, declaration);
            appendSubsections(md, declaration.section());
        }
    }

    private static void appendSection(StringBuilder md, Setting declaration) {
        Section section = declaration.section();
        md.append("\n## ").append(section.path()).append("\n\n");
        md.append(declaration.key().doc()).append("\n\n");
        md.append("| key | type | default | allowed | description |\n");
        md.append("|---|---|---|---|---|\n");
        for (Setting s : section.settings()) {
            String key = "`" + s.name() + "`" + (s.key().jevse() ? " (jevse)" : "");
            boolean nested = s.kind() == Kind.SECTION;
            String def = nested ? "" : "`" + s.key().def() + "`";
            String allowed = nested ? "the keys in [" + s.path() + "](#" + anchor(s.path()) + ")" : s.allowed();
            md.append("| ").append(cell(key))
                    .append(" | ").append(s.kind().typeName)
                    .append(" | ").append(cell(def))
                    .append(" | ").append(cell(allowed))
                    .append(" | ").append(cell(s.key().doc()))
                    .append(" |\n");
        }
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
