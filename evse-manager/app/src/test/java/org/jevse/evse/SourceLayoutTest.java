package org.jevse.evse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every source file belongs to a module Maven builds: an aggregator pom ({@code <packaging>pom</packaging>})
 * compiles nothing, so a file left in its {@code src/} would silently never be compiled or tested.
 */
class SourceLayoutTest {

    @Test
    void noAggregatorHoldsSources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent().getParent(); // evse-manager/app -> repository root
        assertTrue(Files.isRegularFile(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("evse-manager")),
                "the repository root, two levels up from " + Path.of("").toAbsolutePath());
        List<String> stray = new ArrayList<>();
        try (Stream<Path> poms = Files.walk(root, 3)) {
            for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml")).toList()) {
                Path src = pom.resolveSibling("src");
                if (Files.readString(pom).contains("<packaging>pom</packaging>") && Files.isDirectory(src)) {
                    try (Stream<Path> files = Files.walk(src)) {
                        files.filter(Files::isRegularFile).forEach(f -> stray.add(root.relativize(f).toString()));
                    }
                }
            }
        }
        assertEquals(List.of(), stray, "files under an aggregator's src/ are never compiled; move them into a module");
    }
}
