package io.promsd.pushgateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * {@code --persistence.file}: the groups written at most once per interval after a change (as
 * diskmetricstore.go's loop) and on shutdown, read at start.
 *
 * <p>The file (promsd's own format; the real one's Go gob cannot be read sensibly):
 *
 * <pre>
 *   "PROMSD-PUSHGATEWAY\n" u8 version(1)
 *   i32 groups, then per group:
 *     i32 labels, then per label: str name, str value
 *     f64 push_time_seconds, i64 its write time (Unix ns)
 *     f64 push_failure_time_seconds, i64 its write time (Unix ns)
 *     i64 the group's own TTL (ms, 0 none)
 *     i32 families, then per family: i64 write time (Unix ns), i32 n, n bytes of one
 *       client_model MetricFamily protobuf message
 *   u32 CRC-32 of everything before it
 * </pre>
 *
 * where {@code str} is an i32 byte length and UTF-8 bytes, all numbers big-endian. It is written to
 * {@code <file>.in_progress.<random>} (mode 0600), forced to disk, and renamed over the file, so a
 * crash at any moment leaves either the previous or the new file, each whole. A file that does not
 * read (bad magic, cut short, CRC mismatch) is logged as the real one logs it ({@code could not
 * load persisted metrics}), nothing of it is loaded, and the next write replaces it.
 */
final class Persistence implements AutoCloseable {
  private final GoLog log;
  private static final byte[] MAGIC = "PROMSD-PUSHGATEWAY\n".getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final long intervalNanos;
  private final Store store;
  private final Object lock = new Object();
  private boolean dirty;
  private boolean closed;
  private long lastPersistNanos = System.nanoTime();
  private Thread thread;

  Persistence(Path file, Duration interval, Store store, GoLog log) {
    this.log = log;
    this.file = file;
    this.intervalNanos = interval.toNanos();
    this.store = store;
  }

  /** Reads the file into the store; a missing file is an empty store. */
  void load() {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      log.error("could not load persisted metrics", "err", e.toString());
      return;
    }
    try {
      int n = read(data, store);
      log.info("metrics restored", "file", file, "groups", n);
    } catch (IOException | BadPushException | RuntimeException e) {
      log.error(
          "could not load persisted metrics; starting empty, the file is replaced at the next write",
          "file",
          file,
          "err",
          e.getMessage());
    }
  }

  static int read(byte[] data, Store store) throws IOException, BadPushException {
    if (data.length < MAGIC.length + 1 + 4) {
      throw new IOException(data.length == 0 ? "empty file" : "file too short");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        throw new IOException("not a promsd pushgateway persistence file");
      }
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 4);
    long want = ByteBuffer.wrap(data, data.length - 4, 4).getInt() & 0xFFFFFFFFL;
    if (crc.getValue() != want) {
      throw new IOException("checksum mismatch (file damaged or cut short)");
    }
    DataInputStream in =
        new DataInputStream(
            new java.io.ByteArrayInputStream(data, MAGIC.length, data.length - 4 - MAGIC.length));
    int version = in.readUnsignedByte();
    if (version != 1) {
      throw new IOException("unknown file version " + version);
    }
    int groups = in.readInt();
    record G(
        TreeMap<String, String> labels,
        List<Store.Stored> fams,
        double pt,
        long ptw,
        double ft,
        long ftw,
        long ttl) {}
    List<G> all = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      int nl = in.readInt();
      TreeMap<String, String> labels = new TreeMap<>(Utf8::compare);
      for (int k = 0; k < nl; k++) {
        labels.put(str(in), str(in));
      }
      double pt = in.readDouble();
      long ptw = in.readLong();
      double ft = in.readDouble();
      long ftw = in.readLong();
      long ttl = in.readLong();
      int nf = in.readInt();
      List<Store.Stored> fams = new ArrayList<>(nf);
      for (int k = 0; k < nf; k++) {
        long w = in.readLong();
        int len = in.readInt();
        byte[] b = new byte[len];
        in.readFully(b);
        fams.add(new Store.Stored(Protobuf.parseFamily(b), w));
      }
      all.add(new G(labels, fams, pt, ptw, ft, ftw, ttl));
    }
    for (G g : all) {
      store.restore(g.labels(), g.fams(), g.pt(), g.ptw(), g.ft(), g.ftw(), g.ttl());
    }
    return all.size();
  }

  private static String str(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("bad string length");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return Utf8.decode(b);
  }

  static byte[] write(Store store) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream(1 << 16);
    DataOutputStream out = new DataOutputStream(bo);
    out.write(MAGIC);
    out.writeByte(1);
    List<Store.GroupView> groups = store.groups();
    out.writeInt(groups.size());
    for (Store.GroupView g : groups) {
      out.writeInt(g.labels().size());
      for (var e : g.labels().entrySet()) {
        str(out, e.getKey());
        str(out, e.getValue());
      }
      out.writeDouble(g.pushTime());
      out.writeLong(g.pushWriteNanos());
      out.writeDouble(g.failureTime());
      out.writeLong(g.failureWriteNanos());
      out.writeLong(g.ttlMillis());
      out.writeInt(g.families().size());
      for (Store.Stored s : g.families()) {
        out.writeLong(s.writeNanos());
        ByteArrayOutputStream fb = new ByteArrayOutputStream();
        Protobuf.writeDelimited(s.family(), s.family().metrics, fb);
        byte[] delimited = fb.toByteArray();
        int skip = 0;
        while ((delimited[skip] & 0x80) != 0) {
          skip++;
        }
        skip++;
        out.writeInt(delimited.length - skip);
        out.write(delimited, skip, delimited.length - skip);
      }
    }
    out.flush();
    CRC32 crc = new CRC32();
    byte[] body = bo.toByteArray();
    crc.update(body);
    out.writeInt((int) crc.getValue());
    out.flush();
    return bo.toByteArray();
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    byte[] b = Utf8.encode(s);
    out.writeInt(b.length);
    out.write(b);
  }

  /** Writes the file now: temp file, fsync, atomic rename, fsync of the folder. */
  void persist() throws IOException {
    byte[] data = write(store);
    Path dir = file.toAbsolutePath().getParent();
    Path tmp =
        dir.resolve(
            file.getFileName() + ".in_progress." + Long.toUnsignedString(System.nanoTime(), 36));
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        try {
          Files.setPosixFilePermissions(
              tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException e) {
        // some file systems cannot open a folder; the rename itself is atomic
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Notes a write; the file follows within the interval. */
  void changed() {
    synchronized (lock) {
      dirty = true;
      lock.notifyAll();
    }
  }

  void start() {
    thread = new Thread(this::run, "promsd-pushgateway-persist");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (true) {
      synchronized (lock) {
        try {
          while (!dirty && !closed) {
            lock.wait();
          }
          if (closed) {
            return;
          }
          // at most once per interval: wait until the interval since the last write has passed
          long due = lastPersistNanos + intervalNanos;
          long wait;
          while (!closed && (wait = due - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(lock, wait);
          }
          if (closed) {
            return;
          }
          dirty = false;
        } catch (InterruptedException e) {
          return;
        }
      }
      long started = System.nanoTime();
      try {
        persist();
        log.info("metrics persisted", "file", file);
      } catch (IOException | RuntimeException e) {
        log.error("error persisting metrics", "err", e.toString());
      }
      synchronized (lock) {
        lastPersistNanos = started;
      }
    }
  }

  /** Stops the writer and writes the file one last time. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      persist();
      log.info("metrics persisted", "file", file);
    } catch (IOException | RuntimeException e) {
      log.error("error persisting metrics", "err", e.toString());
    }
  }
}
