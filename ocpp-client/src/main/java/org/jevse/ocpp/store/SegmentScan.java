package org.jevse.ocpp.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Reading a {@link Journal}'s segments at open: every valid record in order; a torn last record is cut off, a bad
 * record with more after it is logged with its file and offset, and that segment and every later one are kept
 * aside with a {@code .bad} suffix before the journal is cut there.
 */
final class SegmentScan {
    private static final Logger LOG = Logger.getLogger(Journal.class.getName());

    private SegmentScan() {
    }

    /** Reads one segment into {@code out}; false if reading must stop here (a bad record was found). */
    static boolean scan(Journal j, long no, boolean readOnly, List<Journal.Record> out) throws IOException {
        Path p = j.segment(no);
        byte[] all = Files.readAllBytes(p);
        if (all.length < Journal.HEADER
                || !java.util.Arrays.equals(java.util.Arrays.copyOf(all, Journal.HEADER), Journal.MAGIC)) {
            if (all.length < Journal.HEADER && no == j.segments.last()) {
                // A segment whose header a crash cut: it held nothing yet.
                if (!readOnly) {
                    Files.delete(p);
                    j.segments.remove(no);
                }
                return false;
            }
            return stopAt(j, no, 0, "not a journal segment (bad header)", readOnly);
        }
        if (all.length == Journal.HEADER && no == j.segments.last() && !readOnly) {
            // A segment the crash cut before its first record (the state every segment starts with): never used.
            Files.delete(p);
            j.segments.remove(no);
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        long off = Journal.HEADER;
        while (off < all.length) {
            String bad = null;
            int len = 0;
            if (all.length - off < Journal.RECORD_HEADER) {
                bad = "incomplete record header";
            } else {
                len = b.getInt((int) off);
                int crc = b.getInt((int) off + 4);
                if (len <= 0 || len > Journal.MAX_BODY) {
                    bad = "record length " + len + " out of range";
                } else if (off + Journal.RECORD_HEADER + len > all.length) {
                    bad = "incomplete record";
                } else if (Journal.crc(all, (int) off + Journal.RECORD_HEADER, len) != crc) {
                    bad = "checksum mismatch";
                }
            }
            if (bad != null) {
                boolean torn = no == j.segments.last() && (bad.startsWith("incomplete")
                        || off + Journal.RECORD_HEADER + Math.max(len, 0) >= all.length || zeros(all, (int) off));
                if (torn) {
                    // A write cut by a crash: its step never finished, so nothing was promised for it.
                    LOG.info("journal " + p + " offset " + off + ": " + bad + " at the end (cut by a crash), dropped");
                    if (!readOnly) {
                        truncate(p, off);
                    }
                    return false;
                }
                return stopAt(j, no, off, bad, readOnly);
            }
            int from = (int) off + Journal.RECORD_HEADER;
            byte[] body = java.util.Arrays.copyOfRange(all, from, from + len);
            out.add(new Journal.Record(new Journal.Position(no, off), body));
            off += Journal.RECORD_HEADER + len;
        }
        return true;
    }

    /** A power loss can leave the end of a file extended with zeros that were never written. */
    private static boolean zeros(byte[] a, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean stopAt(Journal j, long no, long off, String why, boolean readOnly) throws IOException {
        Path p = j.segment(no);
        List<Long> later = new ArrayList<>(j.segments.tailSet(no, false));
        LOG.severe("journal " + p + " offset " + off + ": " + why + "; reading stops here (the segment"
                + (later.isEmpty() ? "" : " and " + later.size() + " later one(s)") + " kept aside as .bad)");
        if (readOnly) {
            return false;
        }
        Files.copy(p, p.resolveSibling(p.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
        for (long l : later) {
            Path q = j.segment(l);
            Files.move(q, q.resolveSibling(q.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
            j.segments.remove(l);
        }
        if (off < Journal.HEADER) {
            Files.delete(p);
            j.segments.remove(no);
        } else {
            truncate(p, off);
        }
        AtomicFiles.syncDirectory(j.dir());
        return false;
    }

    private static void truncate(Path p, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        }
    }
}
