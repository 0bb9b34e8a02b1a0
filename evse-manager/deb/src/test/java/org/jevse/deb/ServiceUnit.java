package org.jevse.deb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file read as systemd.syntax(7) has it: sections of keys, a key may repeat. */
record ServiceUnit(Map<String, List<String>> service) {

    static ServiceUnit read(Path file) throws IOException {
        Map<String, List<String>> service = new LinkedHashMap<>();
        String section = "";
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line;
                continue;
            }
            int eq = line.indexOf('=');
            if ("[Service]".equals(section) && eq > 0) {
                service.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
            }
        }
        return new ServiceUnit(service);
    }

    /** The last value of a key (a later assignment overrides an earlier one), or null. */
    String get(String key) {
        List<String> v = service.get(key);
        return v == null ? null : v.get(v.size() - 1);
    }

    List<String> all(String key) {
        return service.getOrDefault(key, List.of());
    }
}
