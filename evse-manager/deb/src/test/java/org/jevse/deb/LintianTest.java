package org.jevse.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The package passes Debian's checker, lintian, with no error. */
class LintianTest {

    @Test
    void lintianFindsNoError() throws Exception {
        Sh.require("lintian", "lintian");
        Path deb = Sh.deb();
        Sh.Result r = Sh.run("lintian", "--allow-root", "--fail-on", "error", "--tag-display-limit", "0", deb.toString());
        System.out.println("lintian " + deb.getFileName() + ":\n" + r.out());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("E: ")), r.out());
    }

    @Test
    void thePackageIsForEveryArchitectureAndNeedsAJava17Runtime() throws Exception {
        Sh.require("dpkg-deb", "dpkg");
        String control = Sh.ok("dpkg-deb", "--field", Sh.deb().toString(), "Architecture", "Depends");
        assertTrue(control.contains("Architecture: all"), control);
        assertTrue(control.contains("Depends: openjdk-17-jre-headless | java17-runtime-headless"), control);
        String conffiles = Sh.ok("sh", "-c", "dpkg-deb --ctrl-tarfile '" + Sh.deb() + "' | tar -xO ./conffiles");
        assertEquals("/etc/default/jevse\n/etc/jevse/jevse.yaml\n", conffiles.lines().sorted()
                .reduce("", (a, b) -> a + b + "\n"));
    }
}
