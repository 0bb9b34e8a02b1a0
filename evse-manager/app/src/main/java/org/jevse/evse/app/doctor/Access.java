package org.jevse.evse.app.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Read and write access of an {@link Identity} to a file, from its owner, group and mode as the kernel decides
 * it (owner bits, else group bits, else other bits; root passes), and the group's name for the fix.
 */
final class Access {
    private Access() {
    }

    static boolean readWrite(Path file, Identity who) throws IOException {
        if (who.root()) {
            return true;
        }
        int mode = (Integer) Files.getAttribute(file, "unix:mode");
        int uid = (Integer) Files.getAttribute(file, "unix:uid");
        int gid = (Integer) Files.getAttribute(file, "unix:gid");
        int bits;
        if (uid == who.uid()) {
            bits = mode >> 6;
        } else if (who.gids().contains(gid)) {
            bits = mode >> 3;
        } else {
            bits = mode;
        }
        return (bits & 06) == 06;
    }

    /** What to do when {@code who} cannot read and write {@code file}. */
    static String fix(Path root, Path file, Identity who, String usualGroup) throws IOException {
        int mode = (Integer) Files.getAttribute(file, "unix:mode");
        int gid = (Integer) Files.getAttribute(file, "unix:gid");
        Optional<String> group = groupName(root, gid);
        if ((mode & 060) == 060 && group.isPresent() && !group.get().equals("root")) {
            return "add user " + who.name() + " to group " + group.get() + " (sudo adduser " + who.name() + " "
                    + group.get() + "), then restart jevse";
        }
        return "give group " + usualGroup + " read and write on it (Raspberry Pi OS does; on plain Debian the jevse "
                + "package's udev rule /lib/udev/rules.d/60-jevse.rules does: sudo udevadm trigger) and add user "
                + who.name() + " to that group";
    }

    static Optional<String> groupName(Path root, int gid) throws IOException {
        Path group = root.resolve("etc/group");
        if (!Files.isReadable(group)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(group)) {
            String[] f = line.split(":", -1);
            if (f.length > 2 && f[2].equals(Integer.toString(gid))) {
                return Optional.of(f[0]);
            }
        }
        return Optional.empty();
    }
}
