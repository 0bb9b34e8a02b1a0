package org.jevse.ocpp.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * An append-only journal of records in segment files {@code NNNNNNNNNNNNNNNN.seg} (numbered in write order).
 *
 * <p>A segment starts with the 8-byte header {@code JVSJ} + format version; then records, each
 * {@code [int length][int CRC32C of the body][body]} (big-endian). A record is written whole with one
 * {@code write} and made durable by {@link #sync()}; it is valid only if its length is in range and its checksum
 * matches, so a record cut by a crash or a power loss at any byte is recognised. Reading stops at the first record
 * that is not valid: a torn last record (nothing valid after it) is cut off; a bad record with more data after it
 * (corruption in the middle) is logged with its file and offset, and that segment and every later one are kept
 * aside with a {@code .bad} suffix before the journal is cut there, so nothing after a gap is ever replayed.
 *
 * <p>{@link #append} only writes (the record is then in the kernel: a kill -9 of the process keeps it);
 * {@link #awaitDurable} (outside {@link TransactionStore}'s lock, which every other call holds) returns once an
 * fdatasync covered the record, and {@link #syncSoon} leaves that to the syncer thread: {@link GroupCommit}.
 */
final class Journal implements AutoCloseable {
    static final int HEADER = 8;
    static final int RECORD_HEADER = 8;
    static final int MAX_BODY = 4 << 20;
    static final byte[] MAGIC = {'J', 'V', 'S', 'J', 0, 0, 0, 1};

    /** Where a record lies: its segment and the offset of its record header. */
    record Position(long segment, long offset) {
    }

    /** A record read back, with where it lies. */
    record Record(Position at, byte[] body) {
    }

    /**
     * How a segment is made durable: {@code FileChannel.force(false)} (fdatasync: the data and the file's size,
     * not its times). Tests put one in front that records what each fdatasync covered, to play a power loss.
     */
    interface Flush {
        Flush FDATASYNC = (segment, ch) -> ch.force(false);

        void force(Path segment, FileChannel ch) throws IOException;
    }

    private final Path dir;
    final TreeSet<Long> segments = new TreeSet<>();
    private final Map<Long, FileChannel> readers = new HashMap<>();
    private volatile FileChannel tail;
    private long tailNo;
    private long tailSize;
    private final GroupCommit commits = new GroupCommit();
    private final Flush flush;

    private Journal(Path dir, Flush flush) {
        this.dir = dir;
        this.flush = flush;
    }

    /**
     * Opens the journal in {@code dir} (created if missing), reads every valid record in order and leaves the
     * journal ready to append after the last one. With {@code readOnly} nothing is cut, moved or created.
     */
    static Journal open(Path dir, boolean readOnly, List<Record> out) throws IOException {
        return open(dir, readOnly, out, Flush.FDATASYNC);
    }

    static Journal open(Path dir, boolean readOnly, List<Record> out, Flush flush) throws IOException {
        Journal j = new Journal(dir, flush);
        if (!readOnly) {
            Files.createDirectories(dir);
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{16}\\.seg"))
                        .forEach(n -> j.segments.add(Long.parseLong(n.substring(0, 16))));
            }
        }
        for (long no : new ArrayList<>(j.segments)) {
            if (!SegmentScan.scan(j, no, readOnly, out)) {
                break;
            }
        }
        return j;
    }

    static int crc(byte[] a, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(a, off, len);
        return (int) c.getValue();
    }

    /** The segments, oldest first. */
    List<Long> segments() {
        return new ArrayList<>(segments);
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    /** The current segment's size in bytes (0 before the first record). */
    long tailSize() {
        return tail == null ? 0 : tailSize;
    }

    /** Total bytes of every segment. */
    long bytes() throws IOException {
        long total = 0;
        for (long no : segments) {
            total += no == tailNo && tail != null ? tailSize : Files.size(segment(no));
        }
        return total;
    }

    /** Starts a new segment after the last one; the next append goes there. */
    void roll() throws IOException {
        sync();
        long no = segments.isEmpty() ? 1 : segments.last() + 1;
        Path p = segment(no);
        if (tail != null) {
            tail.close();
        }
        tail = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        write(tail, ByteBuffer.wrap(MAGIC));
        tailNo = no;
        tailSize = HEADER;
        segments.add(no);
        commits.written();
        AtomicFiles.syncDirectory(dir);
    }

    /** Appends one record (not yet durable: see {@link #sync()} and {@link #awaitDurable}); returns where it lies. */
    Position append(byte[] body) throws IOException {
        if (body.length == 0 || body.length > MAX_BODY) {
            throw new IOException("journal record of " + body.length + " bytes (1.." + MAX_BODY + " allowed)");
        }
        if (tail == null) {
            reopenTail();
        }
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + body.length);
        b.putInt(body.length).putInt(crc(body, 0, body.length)).put(body).flip();
        Position at = new Position(tailNo, tailSize);
        write(tail, b);
        tailSize += b.capacity();
        commits.written();
        return at;
    }

    /** The ticket of the last write: {@link #awaitDurable} with it returns once that write is durable. */
    long ticket() {
        return commits.ticket();
    }

    private void reopenTail() throws IOException {
        if (segments.isEmpty()) {
            roll();
            return;
        }
        tailNo = segments.last();
        tail = FileChannel.open(segment(tailNo), StandardOpenOption.WRITE);
        tailSize = tail.size();
        tail.position(tailSize);
    }

    /**
     * Makes every record appended so far durable: one fdatasync of the current segment (after the one running, if
     * any). Called under the store's lock, so nothing is appended meanwhile, and before the tail is closed.
     */
    void sync() throws IOException {
        commits.syncAll(tail == null ? null : tailTarget());
    }

    /** The current segment, to be made durable: bound when an fdatasync starts (the tail cannot close meanwhile). */
    private GroupCommit.Target tailTarget() {
        FileChannel ch = tail;
        Path p = segment(tailNo);
        return () -> flush.force(p, ch);
    }

    /**
     * Returns once the write {@code ticket} is durable (group commit, see {@link GroupCommit}). Called without the
     * store's lock: the tail cannot be closed meanwhile, because closing it syncs first ({@link #sync()} waits for
     * a running fdatasync and then finds nothing left to cover).
     */
    void awaitDurable(long ticket) throws IOException {
        commits.await(ticket, this::tailTarget);
    }

    /** Every write so far becomes durable soon, by the syncer thread; nobody waits for it here. */
    void syncSoon() {
        commits.background(this::tailTarget);
    }

    /** The longest a write waited for its fdatasync so far, in nanoseconds (the benchmark). */
    long longestWindowNanos() {
        return commits.longestWindowNanos();
    }

    /** How many fdatasyncs the journal has made (tests: group commit shares them among steps). */
    long syncs() {
        return commits.syncs();
    }

    /** The body of the record at {@code at}. */
    byte[] read(Position at) {
        try {
            FileChannel ch = readers.get(at.segment());
            if (ch == null) {
                ch = FileChannel.open(segment(at.segment()), StandardOpenOption.READ);
                readers.put(at.segment(), ch);
            }
            ByteBuffer h = ByteBuffer.allocate(RECORD_HEADER);
            readFully(ch, h, at.offset());
            int len = h.getInt(0);
            if (len <= 0 || len > MAX_BODY) {
                throw new IOException("record length " + len + " out of range");
            }
            ByteBuffer body = ByteBuffer.allocate(len);
            readFully(ch, body, at.offset() + RECORD_HEADER);
            if (crc(body.array(), 0, len) != h.getInt(4)) {
                throw new IOException("checksum mismatch");
            }
            return body.array();
        } catch (IOException e) {
            throw new UncheckedIOException("journal " + segment(at.segment()) + " offset " + at.offset(), e);
        }
    }

    /** Deletes segment {@code no} (it holds nothing needed any more); durable. */
    void delete(long no) throws IOException {
        FileChannel r = readers.remove(no);
        if (r != null) {
            r.close();
        }
        if (no == tailNo && tail != null) {
            sync();
            tail.close();
            tail = null;
        }
        Files.deleteIfExists(segment(no));
        segments.remove(no);
        AtomicFiles.syncDirectory(dir);
    }

    /**
     * Installs a complete, fsync'd file as the next segment (compaction): renamed into place atomically, so after
     * a crash it is either wholly there or not at all. Later appends go to a new segment after it.
     */
    long install(Path complete) throws IOException {
        sync();
        if (tail != null) {
            tail.close();
            tail = null;
        }
        long no = segments.isEmpty() ? 1 : segments.last() + 1;
        Files.move(complete, segment(no), StandardCopyOption.ATOMIC_MOVE);
        segments.add(no);
        AtomicFiles.syncDirectory(dir);
        return no;
    }

    /** Writes a whole segment file (header and records) to {@code p} and fsyncs it; the records' offsets and the end. */
    List<Long> writeSegment(Path p, int count, java.util.function.IntFunction<byte[]> bodies)
            throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            write(ch, ByteBuffer.wrap(MAGIC));
            long off = HEADER;
            for (int i = 0; i < count; i++) {
                byte[] body = bodies.apply(i);
                ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + body.length);
                b.putInt(body.length).putInt(crc(body, 0, body.length)).put(body).flip();
                write(ch, b);
                offsets.add(off);
                off += b.capacity();
            }
            offsets.add(off); // the end
            flush.force(p, ch);
        }
        return offsets;
    }

    Path segment(long no) {
        return dir.resolve(String.format("%016d.seg", no));
    }

    Path dir() {
        return dir;
    }

    private static void write(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                throw new IOException("end of file");
            }
        }
    }

    @Override
    public void close() throws IOException {
        commits.close();
        sync();
        if (tail != null) {
            tail.close();
            tail = null;
        }
        for (FileChannel r : readers.values()) {
            r.close();
        }
        readers.clear();
    }
}
