package io.promsd.sd.file;

import io.promsd.relabel.ConfigException;
import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.GoPath;
import io.promsd.sd.file.internal.GroupFiles;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches file SD files ({@code discovery/file/file.go}): reads every matching file at start, again
 * whenever something changes in a watched directory, and every {@code refresh_interval} as a safety
 * net.
 *
 * <p>Each refresh sends one update with the groups of every file that parsed, plus empty groups for
 * the indexes of files that vanished or shrank. A file that fails to read or parse keeps its
 * previous groups (stale beats partial) and is reported with the update, with its path and line, so
 * the provider shows as unhealthy until a refresh reads every file.
 *
 * <p>Any event in a watched directory re-reads every file, as in Prometheus (a Kubernetes ConfigMap
 * volume, for one, swaps a {@code ..data} symlink that matches no pattern). Events are allowed to
 * settle first: names that appear or vanish (a write-then-rename, which is how files should be
 * replaced, or a deletion) are read after {@link #SETTLE_NAMES} without further events, so that a
 * rename's pair of events is read once; a matching file written in place (truncate, then write)
 * after {@link #SETTLE_WRITES} without further events, so that it is usually read once, complete.
 * If a read does catch a file half-written, the next event reads it again: a half JSON file fails
 * to parse and keeps the last good groups, a half YAML file may briefly publish fewer targets, as
 * in Prometheus, which reads at every event.
 *
 * <p>Differences from Prometheus: if no watch service can be created, Prometheus gives up (and
 * never sends anything); we re-read every {@code refresh_interval}. The directories are watched
 * before the files are read, not after, so a file created in between is not missed until the next
 * periodic refresh. A file that shrinks keeps its {@code prometheus_sd_file_mtime_seconds} series
 * (Prometheus drops it until the next refresh).
 */
final class FileDiscoverer implements Discoverer {
  private static final Logger logger = LoggerFactory.getLogger(FileDiscoverer.class);
  // Prometheus's file SD metrics (discovery/file/metrics.go).
  static final String SCAN_DURATION = "prometheus_sd_file_scan_duration_seconds";
  static final String READ_ERRORS = "prometheus_sd_file_read_errors_total";
  static final String WATCHER_ERRORS = "prometheus_sd_file_watcher_errors_total";
  static final String MTIME = "prometheus_sd_file_mtime_seconds";

  static final Duration SETTLE_NAMES = Duration.ofMillis(2);
  static final Duration SETTLE_WRITES = Duration.ofMillis(15);
  static final Duration SETTLE_MAX = Duration.ofMillis(250);

  private final FileSdConfig config;
  // file -> number of groups it had at its last successful read
  private Map<String, Integer> groupCounts = new HashMap<>();
  // file -> modification time at its last successful read, for the mtime metric
  private Map<String, Instant> mtimes = new HashMap<>();

  FileDiscoverer(FileSdConfig config) {
    this.config = config;
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    WatchService watch = null;
    try {
      watch = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      // Prometheus gives up here; we still refresh on the timer.
      ctx.count(WATCHER_ERRORS, Labels.empty(), 1);
      ctx.reportError("cannot watch files; re-reading every refresh_interval only", e);
    }
    Map<Path, WatchKey> watched = new HashMap<>();
    try {
      while (!ctx.isCancelled()) {
        if (watch != null) {
          // Watch first, then read: a change after this point is an event, one before it is read.
          watchDirectories(watch, watched, ctx);
        }
        refresh(ctx);
        if (watch != null) {
          awaitChange(watch, ctx);
        } else {
          ctx.sleep(
              config.refreshInterval().isZero() ? Duration.ofMinutes(5) : config.refreshInterval());
        }
      }
    } catch (ClosedWatchServiceException e) {
      // closed during cancellation
    } finally {
      ctx.gauges(MTIME, Map.of());
      if (watch != null) {
        try {
          watch.close();
        } catch (IOException e) {
          logger.debug("closing watch service failed", e);
        }
      }
    }
  }

  /** Reads every file once and sends what changed (all groups, plus removals). */
  void refresh(DiscoveryContext ctx) {
    long start = System.nanoTime();
    List<String> errors = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, Instant> times = new HashMap<>();
    List<TargetGroup> update = new ArrayList<>();
    for (String file : expand(ctx)) {
      try {
        List<TargetGroup> groups = GroupFiles.read(file, config.workingDir(), config.compat());
        Instant mtime = modified(file);
        update.addAll(groups);
        counts.put(file, groups.size());
        times.put(file, mtime);
      } catch (IOException | ConfigException e) {
        // Stale beats partial: keep its last good groups (discovery/file/file.go).
        errors.add("error reading file " + describe(file, e));
        counts.put(file, groupCounts.getOrDefault(file, 0));
        Instant old = mtimes.get(file);
        if (old != null) {
          times.put(file, old);
        }
      }
    }
    for (Map.Entry<String, Integer> old : groupCounts.entrySet()) {
      int now = counts.getOrDefault(old.getKey(), 0);
      for (int i = now; i < old.getValue(); i++) {
        update.add(TargetGroup.empty(old.getKey() + ":" + i));
      }
    }
    groupCounts = counts;
    mtimes = times;
    // Metrics first: whoever sees the update also sees the scan counted.
    ctx.observe(SCAN_DURATION, Labels.empty(), (System.nanoTime() - start) / 1e9);
    if (!errors.isEmpty()) {
      ctx.count(READ_ERRORS, Labels.empty(), errors.size());
    }
    Map<Labels, Double> mtimeSeries = new HashMap<>();
    times.forEach((f, t) -> mtimeSeries.put(Labels.of("filename", f), (double) t.getEpochSecond()));
    ctx.gauges(MTIME, mtimeSeries);
    ctx.update(update, errors); // unhealthy until every file reads
  }

  /** The file's modification time, truncated to seconds as Prometheus records it. */
  private Instant modified(String file) throws IOException {
    FileTime t = Files.getLastModifiedTime(config.workingDir().resolve(file));
    return Instant.ofEpochSecond(t.to(TimeUnit.SECONDS));
  }

  /** {@code file:line: message}, as the CLI prints config errors. */
  private static String describe(String file, Exception e) {
    if (e instanceof ConfigException c) {
      return c.inFile(file).getMessage();
    }
    if (e instanceof NoSuchFileException) {
      return file + ": no such file or directory";
    }
    return file + ": " + e.getMessage();
  }

  /** The files the patterns match now, each once, in pattern order. */
  private Set<String> expand(DiscoveryContext ctx) {
    Set<String> files = new LinkedHashSet<>();
    for (String pattern : config.files()) {
      try {
        // Directories too, as Go's Glob: reading one fails ("read X: is a directory"), so a file
        // replaced by a directory keeps its last targets and says why, instead of losing them.
        files.addAll(GoPath.glob(pattern, config.workingDir()));
      } catch (GoPath.BadPatternException e) {
        ctx.reportError("error expanding glob " + pattern + ": " + e.getMessage(), null);
      } catch (IOException e) {
        ctx.reportError("error expanding glob " + pattern + ": " + e.getMessage(), e);
      }
    }
    return files;
  }

  /** Watches the directory of every pattern; a missing one is retried at the next refresh. */
  private void watchDirectories(
      WatchService watch, Map<Path, WatchKey> watched, DiscoveryContext ctx) {
    for (String pattern : config.files()) {
      Path dir = directory(pattern);
      WatchKey key = watched.get(dir);
      if (key != null && key.isValid()) {
        continue;
      }
      try {
        watched.put(
            dir,
            dir.register(
                watch,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY));
      } catch (IOException e) {
        logger.debug("cannot watch directory dir={} provider={}", dir, ctx.providerName(), e);
      }
    }
  }

  /**
   * Waits until something changes in a watched directory (then lets the events settle) or until the
   * refresh interval has passed.
   */
  private void awaitChange(WatchService watch, DiscoveryContext ctx) throws InterruptedException {
    // refresh_interval 0 (which makes Prometheus panic) means: no periodic re-read.
    long interval =
        config.refreshInterval().isZero() ? Long.MAX_VALUE / 4 : config.refreshInterval().toNanos();
    long deadline = System.nanoTime() + interval;
    while (!ctx.isCancelled()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      WatchKey key = watch.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
      if (key == null) {
        continue;
      }
      settle(watch, drain(key));
      return;
    }
  }

  /**
   * Waits until no event has come for a while: {@link #SETTLE_WRITES} once a file was written in
   * place, else {@link #SETTLE_NAMES}; at most {@link #SETTLE_MAX} in all.
   */
  private void settle(WatchService watch, boolean written) throws InterruptedException {
    long until = System.nanoTime() + SETTLE_MAX.toNanos();
    while (System.nanoTime() < until) {
      Duration quiet = written ? SETTLE_WRITES : SETTLE_NAMES;
      WatchKey more = watch.poll(quiet.toNanos(), TimeUnit.NANOSECONDS);
      if (more == null) {
        return;
      }
      written |= drain(more);
    }
  }

  /**
   * Takes a key's events and re-arms it; whether a file the patterns match was modified in place
   * (or events were lost).
   */
  private boolean drain(WatchKey key) {
    boolean written = false;
    for (WatchEvent<?> e : key.pollEvents()) {
      if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
        written = true;
      } else if (e.kind() == StandardWatchEventKinds.ENTRY_MODIFY
          && key.watchable() instanceof Path dir
          && e.context() instanceof Path name) {
        written |= matches(dir, name.toString());
      }
    }
    key.reset();
    return written;
  }

  /** Whether {@code name} in {@code dir} is matched by a pattern. */
  private boolean matches(Path dir, String name) {
    for (String pattern : config.files()) {
      int slash = pattern.lastIndexOf('/');
      try {
        if (directory(pattern).equals(dir)
            && GoPath.match(slash < 0 ? pattern : pattern.substring(slash + 1), name)) {
          return true;
        }
      } catch (GoPath.BadPatternException e) {
        // reported by the refresh
      }
    }
    return false;
  }

  /** The directory a pattern's files are in, as watched. */
  private Path directory(String pattern) {
    int slash = pattern.lastIndexOf('/');
    return config
        .workingDir()
        .resolve(slash < 0 ? "." : slash == 0 ? "/" : pattern.substring(0, slash));
  }
}
