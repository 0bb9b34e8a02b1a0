package org.jevse.deb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the package touches on a machine, as text, so that the state before an install and after a purge compare
 * equal: the package's status, the jevse user and group and the groups it joins, every path it installs or its
 * scripts create, and every systemd and deb-systemd-helper entry that names jevse.
 */
final class MachineState {
    private MachineState() {
    }

    private static final String[] PATHS = {"/etc/jevse", "/etc/default/jevse", "/var/lib/jevse", "/usr/share/jevse",
            "/usr/bin/jevse", "/usr/share/doc/jevse", "/lib/systemd/system/jevse.service",
            "/lib/systemd/system/jevse-energy-manager.service", "/lib/udev/rules.d/60-jevse.rules"};

    static Map<String, String> take() {
        Map<String, String> s = new TreeMap<>();
        Sh.Result status = Sh.run("dpkg-query", "-W", "-f=${db:Status-Abbrev}", "jevse");
        String st = status.code() == 0 ? status.out().strip() : "";
        // After a purge dpkg may keep the name as "not installed": the same as never having seen it.
        s.put("dpkg status", st.isEmpty() || st.startsWith("un") || st.startsWith("pn") ? "absent" : st);
        for (String db : new String[] {"passwd", "group", "shadow", "gshadow"}) {
            s.put("getent " + db + " jevse", Sh.run("getent", db, "jevse").out());
        }
        for (String g : new String[] {"gpio", "spi", "dialout"}) {
            s.put("getent group " + g, Sh.run("getent", "group", g).out());
        }
        for (String p : PATHS) {
            s.put(p, Files.exists(Path.of(p)) ? "present" : "absent");
        }
        for (String dir : new String[] {"/etc/systemd/system", "/var/lib/systemd"}) {
            s.put("entries naming jevse under " + dir, namingJevse(Path.of(dir)));
        }
        return s;
    }

    private static String namingJevse(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return String.join(" ", walk.map(Path::toString).filter(p -> p.contains("jevse")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
