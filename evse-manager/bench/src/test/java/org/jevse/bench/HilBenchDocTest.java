package org.jevse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.config.Key;
import org.junit.jupiter.api.Test;

/** docs/hil-bench.md documents every key of a suite file and of a bench file, every check and every need. */
class HilBenchDocTest {

    /** Relative to the evse-manager/bench module, surefire's working directory. */
    static final Path DOC = Path.of("..", "..", "docs", "hil-bench.md");

    @Test
    void everyKeyCheckAndNeedIsDocumented() throws IOException {
        String doc = Files.readString(DOC);
        List<String> missing = new ArrayList<>();
        for (Class<?> type : List.of(SuiteFile.class, SuiteFile.CaseFile.class, SuiteFile.ExpectFile.class,
                BenchFile.class, BenchFile.PiEv.class)) {
            for (var c : type.getRecordComponents()) {
                String key = c.getAnnotation(Key.class).name();
                if (!doc.contains("`" + key + "`") && !doc.contains("`raspberrypi." + key + "`") && !doc.contains(key + ":")) {
                    missing.add(type.getSimpleName() + "." + key);
                }
            }
        }
        for (Check check : Check.values()) {
            if (!doc.contains("| `" + check + "` |")) {
                missing.add("check " + check);
            }
        }
        for (EvCapabilities.Need need : EvCapabilities.Need.values()) {
            if (!doc.contains(need.word())) {
                missing.add("need " + need.word());
            }
        }
        assertEquals(List.of(), missing);
    }
}
