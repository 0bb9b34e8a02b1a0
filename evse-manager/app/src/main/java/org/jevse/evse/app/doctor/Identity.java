package org.jevse.evse.app.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whom the device checks are for: a user id and its groups. By default the process's own (from
 * /proc/self/status); {@code --user NAME} takes a user from the root's /etc/passwd and /etc/group, so that
 * {@code sudo jevse doctor --user jevse} checks what the service will get.
 */
record Identity(String name, int uid, Set<Integer> gids) {

    static Identity self() throws IOException {
        int uid = -1;
        Set<Integer> gids = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            String[] f = line.split("\\s+");
            if (line.startsWith("Uid:")) {
                uid = Integer.parseInt(f[1]);
            } else if (line.startsWith("Gid:")) {
                gids.add(Integer.parseInt(f[1]));
            } else if (line.startsWith("Groups:")) {
                for (int i = 1; i < f.length; i++) {
                    gids.add(Integer.parseInt(f[i]));
                }
            }
        }
        return new Identity(System.getProperty("user.name"), uid, Set.copyOf(gids));
    }

    static Identity user(Path root, String name) throws IOException {
        Integer uid = null;
        Set<Integer> gids = new HashSet<>();
        for (String line : Files.readAllLines(root.resolve("etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length > 3 && f[0].equals(name)) {
                uid = Integer.parseInt(f[2]);
                gids.add(Integer.parseInt(f[3]));
            }
        }
        if (uid == null) {
            return null;
        }
        for (String line : Files.readAllLines(root.resolve("etc/group"))) {
            String[] f = line.split(":", -1);
            if (f.length > 3 && List.of(f[3].split(",")).contains(name)) {
                gids.add(Integer.parseInt(f[2]));
            }
        }
        return new Identity(name, uid, Set.copyOf(gids));
    }

    boolean root() {
        return uid == 0;
    }
}
