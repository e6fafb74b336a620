package io.promsd.pushgateway;

import io.promsd.relabel.internal.config.GoText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The metric groups, keyed by their grouping labels, with the indexes that make the consistency
 * check cost what a push carries instead of what the gateway holds.
 *
 * <p>Pushgateway 1.5.1 (storage/diskmetricstore.go {@code checkWriteRequest}) checks a push by
 * gathering everything, the push applied to a copy, through client_golang's {@code
 * Gatherers.Gather}. The result only depends on: the types per family name (one per name, and the
 * gateway's own where it has the name), the suffix collisions between names ({@code s} summary and
 * {@code s_count}, ...), each metric on its own (value matches type, label names), and the
 * uniqueness of name + labels. The store keeps counts of each and a count of what is wrong; a push
 * is applied to the counts, and undone when something became wrong. Only then is a gather
 * simulated, over the names the push touched, for client_golang's error texts.
 *
 * <p>Thread-safe: writes are serialised (as the real one's single write loop), reads take a read
 * lock and copy references (stored families are never changed).
 */
final class Store {
  static final String PUSH_TIME = "push_time_seconds";
  static final String PUSH_FAILURE = "push_failure_time_seconds";
  static final String PUSH_TIME_HELP =
      "Last Unix time when changing this group in the Pushgateway succeeded.";
  static final String PUSH_FAILURE_HELP =
      "Last Unix time when changing this group in the Pushgateway failed.";
  static final String ERR_TIMESTAMP = "pushed metrics must not have timestamps";

  /**
   * A family as stored in a group, with the time it was written and, once the store holds it, its
   * metrics as a scrape writes them.
   */
  record Stored(Family family, long writeNanos, Line[] lines) {
    Stored(Family family, long writeNanos) {
      this(family, writeNanos, null);
    }
  }

  /**
   * One held metric with its text exposition lines, rendered once when it is pushed; the store
   * keeps every family name's lines in scrape order, so a scrape neither sorts nor formats them.
   */
  static final class Line {
    final Family.Metric metric;

    /** The sample lines, or null where expfmt would fail on the metric (a scrape then explains). */
    final byte[] text;

    /** Orders lines that compare equal as the gather order (holders' order, then position). */
    long seq;

    final int index;

    Line(Family.Metric metric, byte[] text, int index) {
      this.metric = metric;
      this.text = text;
      this.index = index;
    }
  }

  /** client_golang's metric order, then the order the real one would gather equal ones in. */
  static final java.util.Comparator<Line> LINE_ORDER =
      (a, b) -> {
        int c = Exposition.METRIC_ORDER.compare(a.metric, b.metric);
        if (c != 0) {
          return c;
        }
        c = Long.compare(a.seq, b.seq);
        return c != 0 ? c : Integer.compare(a.index, b.index);
      };

  /** One metric group. Fields change only under the store's write lock. */
  static final class Group {
    final String key;

    /** Grouping labels, sorted by name. */
    final TreeMap<String, String> labels;

    /** The labels of its push-time gauges: the grouping labels plus instance="" if absent. */
    final String[] gaugeLabels;

    final LinkedHashMap<String, Stored> families = new LinkedHashMap<>();
    double pushTime;
    long pushWriteNanos;
    double failureTime;
    long failureWriteNanos;

    /** Nanos on the wall clock after which the group expires, or 0. */
    long expiresAtMillis;

    /** Its own TTL in millis, or 0 for the gateway's. */
    long ttlMillis;

    /** The position of the group in {@code groups}, for the push-time gauges' order. */
    long seq;

    /** The push-time gauges' labels as the text format writes them. */
    final byte[] gaugeLabelText;

    /** The last rendered push and failure times (a value and its text), replaced as a whole. */
    volatile Rendered pushText;

    volatile Rendered failureText;

    Group(String key, TreeMap<String, String> labels) {
      this.key = key;
      this.labels = labels;
      this.gaugeLabels = gaugeLabels(labels);
      java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(64);
      TextFormat.labels(buf, gaugeLabels, null, 0);
      this.gaugeLabelText = buf.toByteArray();
    }

    boolean lastPushSuccessful() {
      return failureTime <= pushTime;
    }
  }

  /** A push-time gauge's value and its text. */
  record Rendered(double value, byte[] text) {
    boolean holds(double v) {
      return Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(v);
    }

    static Rendered of(double v) {
      return new Rendered(
          v, TextFormat.floatText(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
  }

  /** The gateway's own families by name: type and help (the real one's predefined help). */
  record Own(MetricType type, String help) {}

  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
  private final LinkedHashMap<String, Group> groups = new LinkedHashMap<>();

  /** Pushed family name to the groups that hold it (in the order they got it). */
  private final TreeMap<String, LinkedHashSet<Group>> holders = new TreeMap<>(Utf8::compare);

  /** Pushed family name to how many groups hold it per type. */
  private final Map<String, int[]> typeCounts = new java.util.HashMap<>();

  private final LongCounts series = new LongCounts();

  /** Pushed family name to its held metrics in scrape order. */
  private final Map<String, java.util.TreeSet<Line>> sorted = new java.util.HashMap<>();

  /** The groups in the order of their push-time gauges on a scrape. */
  private final java.util.TreeSet<Group> gaugeOrder =
      new java.util.TreeSet<>(
          (a, b) -> {
            int c = compareLabelValues(a.gaugeLabels, b.gaugeLabels);
            return c != 0 ? c : Long.compare(a.seq, b.seq);
          });

  private long seq;
  private volatile Map<String, Own> own = Map.of();

  private int typeConflicts;
  private long dupSeries;
  private long badMetrics;
  private int collisions;
  private long seriesCount;
  private long version;

  void own(Map<String, Own> own) {
    this.own = Map.copyOf(own);
  }

  Map<String, Own> own() {
    return own;
  }

  // ------------------------------------------------------------------ writes

  /** What a push did: null error when applied. */
  record Outcome(String error, boolean groupCreated, boolean limit) {
    Outcome(String error, boolean groupCreated) {
      this(error, groupCreated, false);
    }
  }

  /**
   * Applies a push: sanitises the families, checks them (unless {@code check} is false) and stores
   * them. Families are taken over by the store.
   *
   * @param replace PUT (true) or POST
   * @return the error text (without the handler's prefix) when the push was refused
   */
  Outcome push(
      TreeMap<String, String> labels,
      Map<String, Family> pushed,
      boolean replace,
      boolean check,
      long nowNanos,
      long ttlMillis,
      Pushgateway.Limits limits) {
    for (Family f : pushed.values()) {
      for (Family.Metric m : f.metrics) {
        if (m.timestampMs != null) {
          return fail(labels, ERR_TIMESTAMP, nowNanos);
        }
      }
    }
    for (Family f : pushed.values()) {
      if (f.name.isEmpty()) {
        // 1.5.1 takes it and then fails every scrape; refuse it (a deliberate difference)
        return fail(labels, "a metric family has an empty name", nowNanos);
      }
    }
    pushed.remove(PUSH_TIME);
    pushed.remove(PUSH_FAILURE);
    for (Family f : pushed.values()) {
      sanitize(f, labels);
    }
    // rendered before the lock: the families are the push's own until stored
    Map<Family, Line[]> lines = new java.util.IdentityHashMap<>();
    for (Family f : pushed.values()) {
      lines.put(f, render(f));
    }
    String key = groupingKey(labels);
    rw.writeLock().lock();
    try {
      Group g = groups.get(key);
      boolean created = g == null;
      if (created) {
        if (limits != null && limits.maxGroups() > 0 && groups.size() >= limits.maxGroups()) {
          return new Outcome(
              "push refused: the gateway holds "
                  + groups.size()
                  + " groups, its limit (--push.max-groups)",
              false,
              true);
        }
        g = new Group(key, labels);
      }
      boolean wasClean = clean();
      List<Stored> removed = new ArrayList<>();
      if (!created) {
        for (Map.Entry<String, Stored> e : g.families.entrySet()) {
          if (replace || pushed.containsKey(e.getKey())) {
            removed.add(e.getValue());
          }
        }
      }
      long seriesAdded = 0;
      for (Family f : pushed.values()) {
        seriesAdded += f.metrics.size();
      }
      long seriesRemoved = 0;
      for (Stored s : removed) {
        seriesRemoved += s.family().metrics.size();
      }
      if (limits != null
          && limits.maxSeries() > 0
          && seriesCount - seriesRemoved + seriesAdded > limits.maxSeries()) {
        return new Outcome(
            "push refused: it would make the gateway hold more than its limit of "
                + limits.maxSeries()
                + " series (--push.max-series)",
            false,
            true);
      }
      // tentatively apply to the indexes
      for (Stored s : removed) {
        unindex(g, s.family());
      }
      if (created) {
        indexGauges(g, +1);
      }
      for (Family f : pushed.values()) {
        index(g, f, +1);
      }
      if (check && !clean()) {
        // undo, then explain
        for (Family f : pushed.values()) {
          index(g, f, -1);
        }
        if (created) {
          indexGauges(g, -1);
        }
        for (Stored s : removed) {
          reindex(g, s.family());
        }
        String err = explain(g, created, removed, pushed.values(), wasClean);
        failLocked(g, created, nowNanos);
        return new Outcome(err, created);
      }
      // commit
      if (created) {
        addGroup(g);
        g.failureTime = 0;
        g.failureWriteNanos = nowNanos;
      }
      if (replace) {
        for (String name : new ArrayList<>(g.families.keySet())) {
          detach(g.families.remove(name));
          removeHolder(name, g);
        }
      } else {
        for (String name : pushed.keySet()) {
          Stored old = g.families.remove(name);
          if (old != null) {
            detach(old);
            removeHolder(name, g);
          }
        }
      }
      for (Family f : pushed.values()) {
        g.families.put(f.name, attach(new Stored(f, nowNanos, lines.get(f))));
        holders.computeIfAbsent(f.name, n -> new LinkedHashSet<>()).add(g);
      }
      seriesCount += seriesAdded - seriesRemoved;
      g.pushTime = nowNanos / 1e9;
      g.pushWriteNanos = nowNanos;
      g.ttlMillis = ttlMillis;
      version++;
      return new Outcome(null, created);
    } finally {
      rw.writeLock().unlock();
    }
  }

  private Outcome fail(TreeMap<String, String> labels, String error, long nowNanos) {
    String key = groupingKey(labels);
    rw.writeLock().lock();
    try {
      Group g = groups.get(key);
      boolean created = g == null;
      if (created) {
        g = new Group(key, labels);
      }
      failLocked(g, created, nowNanos);
      return new Outcome(error, created);
    } finally {
      rw.writeLock().unlock();
    }
  }

  /**
   * setPushFailedTimestamp: the failure time is set, and a new group is created with push time 0 —
   * unless its gauges would duplicate another group's (1.5.1 then breaks every scrape with 500; a
   * deliberate difference).
   */
  private void failLocked(Group g, boolean created, long nowNanos) {
    if (created) {
      indexGauges(g, +1);
      if (series.get(seriesHash(PUSH_TIME, g.gaugeLabels)) > 1
          || series.get(seriesHash(PUSH_FAILURE, g.gaugeLabels)) > 1) {
        indexGauges(g, -1);
        return;
      }
      addGroup(g);
      g.pushTime = 0;
      g.pushWriteNanos = nowNanos;
    }
    g.failureTime = nowNanos / 1e9;
    g.failureWriteNanos = nowNanos;
    version++;
  }

  /** Deletes a group; true when there was one. */
  boolean delete(TreeMap<String, String> labels) {
    return deleteKey(groupingKey(labels));
  }

  boolean deleteKey(String key) {
    rw.writeLock().lock();
    try {
      Group g = groups.remove(key);
      if (g == null) {
        return false;
      }
      gaugeOrder.remove(g);
      for (Stored s : g.families.values()) {
        unindex(g, s.family());
        detach(s);
        removeHolder(s.family().name, g);
        seriesCount -= s.family().metrics.size();
      }
      indexGauges(g, -1);
      version++;
      return true;
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** Deletes the group of a view unless it was pushed to since the view was taken. */
  boolean expire(GroupView v) {
    rw.writeLock().lock();
    try {
      Group g = groups.get(groupingKey(v.labels()));
      if (g == null || g.pushWriteNanos != v.pushWriteNanos()) {
        return false;
      }
      return deleteKey(g.key);
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** The grouping keys of every group (for the admin wipe). */
  List<String> keys() {
    rw.readLock().lock();
    try {
      return new ArrayList<>(groups.keySet());
    } finally {
      rw.readLock().unlock();
    }
  }

  /** A counter that changes with every write (for persistence). */
  long version() {
    rw.readLock().lock();
    try {
      return version;
    } finally {
      rw.readLock().unlock();
    }
  }

  /** Restores a group read from the persistence file, unchecked. */
  void restore(
      TreeMap<String, String> labels,
      List<Stored> families,
      double pushTime,
      long pushWriteNanos,
      double failureTime,
      long failureWriteNanos,
      long ttlMillis) {
    rw.writeLock().lock();
    try {
      String key = groupingKey(labels);
      if (groups.containsKey(key)) {
        deleteKey(key);
      }
      Group g = new Group(key, labels);
      indexGauges(g, +1);
      for (Stored s : families) {
        s = attach(new Stored(s.family(), s.writeNanos(), render(s.family())));
        g.families.put(s.family().name, s);
        index(g, s.family(), +1);
        holders.computeIfAbsent(s.family().name, n -> new LinkedHashSet<>()).add(g);
        seriesCount += s.family().metrics.size();
      }
      g.pushTime = pushTime;
      g.pushWriteNanos = pushWriteNanos;
      g.failureTime = failureTime;
      g.failureWriteNanos = failureWriteNanos;
      g.ttlMillis = ttlMillis;
      addGroup(g);
    } finally {
      rw.writeLock().unlock();
    }
  }

  private void addGroup(Group g) {
    g.seq = ++seq;
    groups.put(g.key, g);
    gaugeOrder.add(g);
  }

  /** Renders a family's metrics for the scrape. */
  private static Line[] render(Family f) {
    Line[] lines = new Line[f.metrics.size()];
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(128);
    for (int i = 0; i < lines.length; i++) {
      Family.Metric m = f.metrics.get(i);
      buf.reset();
      String err = TextFormat.metric(f.name, f.type, m, buf);
      lines[i] = new Line(m, err == null ? buf.toByteArray() : null, i);
    }
    return lines;
  }

  /** Puts a stored family's lines in its name's scrape order, after the equal ones held. */
  private Stored attach(Stored s) {
    long q = ++seq;
    java.util.TreeSet<Line> set =
        sorted.computeIfAbsent(s.family().name, n -> new java.util.TreeSet<>(LINE_ORDER));
    for (Line l : s.lines()) {
      l.seq = q;
      set.add(l);
    }
    return s;
  }

  private void detach(Stored s) {
    java.util.TreeSet<Line> set = sorted.get(s.family().name);
    if (set == null) {
      return;
    }
    for (Line l : s.lines()) {
      set.remove(l);
    }
    if (set.isEmpty()) {
      sorted.remove(s.family().name);
    }
  }

  /** Label values position by position as client_golang's metricSorter, shorter sets first. */
  static int compareLabelValues(String[] a, String[] b) {
    if (a.length != b.length) {
      return Integer.compare(a.length, b.length);
    }
    for (int i = 1; i < a.length; i += 2) {
      int c = Utf8.compare(a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private void removeHolder(String name, Group g) {
    LinkedHashSet<Group> hs = holders.get(name);
    if (hs != null) {
      hs.remove(g);
      if (hs.isEmpty()) {
        holders.remove(name);
      }
    }
  }

  // ------------------------------------------------------------------ indexes

  private boolean clean() {
    return typeConflicts == 0 && dupSeries == 0 && badMetrics == 0 && collisions == 0;
  }

  /** Whether the held state would gather without error. */
  boolean consistent() {
    rw.readLock().lock();
    try {
      return clean();
    } finally {
      rw.readLock().unlock();
    }
  }

  private void unindex(Group g, Family f) {
    index(g, f, -1);
  }

  private void reindex(Group g, Family f) {
    index(g, f, +1);
  }

  private void index(Group g, Family f, int delta) {
    String name = f.name;
    Set<String> affected = collisionNeighbourhood(name);
    int before = 0;
    for (String n : affected) {
      before += colliding(n);
    }
    boolean conflictBefore = conflict(name);
    int[] tc = typeCounts.computeIfAbsent(name, n -> new int[5]);
    tc[f.type.ordinal()] += delta;
    if (allZero(tc)) {
      typeCounts.remove(name);
    }
    boolean conflictAfter = conflict(name);
    if (conflictBefore != conflictAfter) {
      typeConflicts += conflictAfter ? 1 : -1;
    }
    int after = 0;
    for (String n : affected) {
      after += colliding(n);
    }
    collisions += after - before;
    for (Family.Metric m : f.metrics) {
      if (metricProblem(f, m) != null) {
        badMetrics += delta;
      }
      countSeries(seriesHash(name, m.labels), delta);
    }
  }

  private void indexGauges(Group g, int delta) {
    countSeries(seriesHash(PUSH_TIME, g.gaugeLabels), delta);
    countSeries(seriesHash(PUSH_FAILURE, g.gaugeLabels), delta);
  }

  private void countSeries(long h, int delta) {
    int c = series.add(h, delta);
    if (delta > 0 && c > 1) {
      dupSeries += delta;
    } else if (delta < 0 && c >= 1) {
      dupSeries += delta;
    }
  }

  private static boolean allZero(int[] a) {
    for (int x : a) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private boolean conflict(String name) {
    int[] tc = typeCounts.get(name);
    if (tc == null) {
      return false;
    }
    int kinds = 0;
    for (int x : tc) {
      if (x > 0) {
        kinds++;
      }
    }
    if (kinds > 1) {
      return true;
    }
    Own o = own.get(name);
    return o != null && tc[o.type().ordinal()] == 0;
  }

  private Set<MetricType> types(String name) {
    Set<MetricType> out = new HashSet<>();
    int[] tc = typeCounts.get(name);
    if (tc != null) {
      for (MetricType t : MetricType.values()) {
        if (tc[t.ordinal()] > 0) {
          out.add(t);
        }
      }
    }
    Own o = own.get(name);
    if (o != null) {
      out.add(o.type());
    }
    return out;
  }

  private boolean present(String name) {
    return typeCounts.containsKey(name) || own.containsKey(name);
  }

  private static final String[] SUFFIXES = {"_count", "_sum", "_bucket"};

  private static Set<String> collisionNeighbourhood(String name) {
    Set<String> s = new HashSet<>(4);
    s.add(name);
    for (String suf : SUFFIXES) {
      if (name.endsWith(suf)) {
        s.add(name.substring(0, name.length() - suf.length()));
      }
    }
    return s;
  }

  /** How many of its suffixed partners collide with a summary or histogram of this name. */
  private int colliding(String n) {
    if (!present(n)) {
      return 0;
    }
    Set<MetricType> t = types(n);
    boolean summary = t.contains(MetricType.SUMMARY);
    boolean histogram = t.contains(MetricType.HISTOGRAM);
    if (!summary && !histogram) {
      return 0;
    }
    int c = 0;
    if (present(n + "_count")) {
      c++;
    }
    if (present(n + "_sum")) {
      c++;
    }
    if (histogram && present(n + "_bucket")) {
      c++;
    }
    return c;
  }

  // ------------------------------------------------------------------ the check's texts

  /**
   * client_golang's checkMetricConsistency for one metric on its own (against its own family's
   * type), without the duplicate check: the error text or null.
   */
  static String metricProblem(Family f, Family.Metric m) {
    return metricProblem(f.name, f.type, m);
  }

  static String metricProblem(String name, MetricType type, Family.Metric m) {
    boolean missing =
        switch (type) {
          case GAUGE -> m.gauge == null;
          case COUNTER -> m.counter == null;
          case SUMMARY -> m.summary == null;
          case HISTOGRAM -> m.histogram == null;
          case UNTYPED -> m.untyped == null;
        };
    if (missing) {
      return "collected metric "
          + GoText.quote(name)
          + " { "
          + ProtoText.metric(m)
          + "} is not a "
          + type;
    }
    String previous = "";
    for (int i = 0; i < m.labels.length; i += 2) {
      String ln = m.labels[i];
      if (ln.equals(previous)) {
        return "collected metric "
            + GoText.quote(name)
            + " { "
            + ProtoText.metric(m)
            + "} has two or more labels with the same name: "
            + ln;
      }
      if (!validLabelName(ln) || ln.startsWith("__")) {
        return "collected metric "
            + GoText.quote(name)
            + " { "
            + ProtoText.metric(m)
            + "} has a label with an invalid name: "
            + ln;
      }
      if (m.summary != null && ln.equals("quantile")) {
        return "collected metric "
            + GoText.quote(name)
            + " { "
            + ProtoText.metric(m)
            + "} must not have an explicit \"quantile\" label";
      }
      if (!Utf8.valid(m.labels[i + 1])) {
        return "collected metric "
            + GoText.quote(name)
            + " { "
            + ProtoText.metric(m)
            + "} has a label named "
            + GoText.quote(ln)
            + " whose value is not utf8: "
            + GoText.quote(m.labels[i + 1]);
      }
      previous = ln;
    }
    return null;
  }

  static boolean validLabelName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The errors client_golang's Gatherers.Gather would report for the state with the push applied:
   * the gateway's own families first, then the groups in the order they came (the pushed group last
   * when new). When the state was consistent before, only the names the push touched can be wrong,
   * and only they are gathered.
   */
  private String explain(
      Group g, boolean created, List<Stored> removed, Collection<Family> pushed, boolean wasClean) {
    Set<String> names = null;
    if (wasClean) {
      names = new HashSet<>();
      for (Family f : pushed) {
        names.addAll(collisionNeighbourhood(f.name));
        for (String suf : SUFFIXES) {
          names.add(f.name + suf);
        }
      }
      for (Stored s : removed) {
        names.add(s.family().name);
      }
      if (created) {
        names.add(PUSH_TIME);
        names.add(PUSH_FAILURE);
      }
    }
    // the groups' families after the write, in gathering order
    List<Group> order = new ArrayList<>();
    Set<Group> seen = new LinkedHashSet<>();
    if (names == null) {
      seen.addAll(groups.values());
    } else {
      for (String n : names) {
        if (n.equals(PUSH_TIME) || n.equals(PUSH_FAILURE)) {
          seen.addAll(groups.values());
          break;
        }
      }
      for (Group x : groups.values()) {
        if (seen.contains(x)) {
          continue;
        }
        for (String n : names) {
          LinkedHashSet<Group> hs = holders.get(n);
          if (hs != null && hs.contains(x)) {
            seen.add(x);
            break;
          }
        }
      }
    }
    for (Group x : groups.values()) {
      if (seen.contains(x) && x != g) {
        order.add(x);
      }
    }
    Map<String, Family> merged = new LinkedHashMap<>();
    Set<String> removedNames = new HashSet<>();
    for (Stored s : removed) {
      removedNames.add(s.family().name);
    }
    List<Group> all = new ArrayList<>(order);
    boolean gInserted = false;
    if (!created) {
      // keep the pushed group at its place
      all.clear();
      for (Group x : groups.values()) {
        if (x == g || order.contains(x)) {
          all.add(x);
        }
      }
      gInserted = true;
    }
    if (!gInserted) {
      all.add(g);
    }
    for (Group x : all) {
      List<Family> fams = new ArrayList<>();
      if (x == g) {
        for (Stored s : x.families.values()) {
          if (!removedNames.contains(s.family().name)) {
            fams.add(s.family());
          }
        }
        fams.addAll(pushed);
      } else {
        for (Stored s : x.families.values()) {
          fams.add(s.family());
        }
      }
      fams.add(gauge(PUSH_TIME, PUSH_TIME_HELP, x.gaugeLabels, x == g && created ? 0 : x.pushTime));
      fams.add(gauge(PUSH_FAILURE, PUSH_FAILURE_HELP, x.gaugeLabels, x.failureTime));
      for (Family f : fams) {
        if (names != null && !names.contains(f.name)) {
          continue;
        }
        Family m = merged.get(f.name);
        if (m == null) {
          Family c = f.copy();
          Own o = own.get(f.name);
          if (o != null) {
            c.help = o.help();
          }
          merged.put(f.name, c);
        } else {
          m.metrics.addAll(f.metrics);
        }
      }
    }
    List<String> errs = gatherErrors(merged.values(), names);
    if (errs.isEmpty()) {
      return "inconsistent metrics"; // cannot happen: the indexes saw a problem
    }
    return multiError(errs);
  }

  static String multiError(List<String> errs) {
    if (errs.size() == 1) {
      return errs.get(0);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(errs.size()).append(" error(s) occurred:");
    for (String e : errs) {
      sb.append("\n* ").append(e);
    }
    return sb.toString();
  }

  /** Gatherers.Gather's checks over the own families, then the given store families. */
  private List<String> gatherErrors(Collection<Family> storeFamilies, Set<String> only) {
    Map<String, Family> byName = new LinkedHashMap<>();
    Set<Long> hashes = new HashSet<>();
    List<String> errs = new ArrayList<>();
    TreeMap<String, Own> ownSorted = new TreeMap<>(Utf8::compare);
    ownSorted.putAll(own);
    for (Map.Entry<String, Own> e : ownSorted.entrySet()) {
      byName.put(
          e.getKey(),
          new Family(e.getKey(), e.getValue().help(), e.getValue().type(), new ArrayList<>()));
    }
    for (Family mf : storeFamilies) {
      Family existing = byName.get(mf.name);
      if (existing != null) {
        if (!nz(existing.help).equals(nz(mf.help))) {
          errs.add(
              "gathered metric family "
                  + mf.name
                  + " has help "
                  + GoText.quote(nz(mf.help))
                  + " but should have "
                  + GoText.quote(nz(existing.help)));
          continue;
        }
        if (existing.type != mf.type) {
          errs.add(
              "gathered metric family "
                  + mf.name
                  + " has type "
                  + mf.type
                  + " but should have "
                  + existing.type);
          continue;
        }
      } else {
        existing = new Family(mf.name, mf.help, mf.type, new ArrayList<>());
        String c = suffixCollision(existing, byName);
        if (c != null) {
          errs.add(c);
          continue;
        }
        byName.put(mf.name, existing);
      }
      for (Family.Metric m : mf.metrics) {
        String p = metricProblem(existing.name, existing.type, m);
        if (p == null && !hashes.add(seriesHash(existing.name, m.labels))) {
          p =
              "collected metric "
                  + GoText.quote(existing.name)
                  + " { "
                  + ProtoText.metric(m)
                  + "} was collected before with the same name and label values";
        }
        if (p != null) {
          errs.add(p);
        }
      }
    }
    return errs;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  // client_golang registry.go checkSuffixCollisions
  private static String suffixCollision(Family mf, Map<String, Family> byName) {
    String newName = mf.name;
    String base = "";
    if (newName.endsWith("_count")) {
      base = newName.substring(0, newName.length() - 6);
    } else if (newName.endsWith("_sum")) {
      base = newName.substring(0, newName.length() - 4);
    } else if (newName.endsWith("_bucket")) {
      base = newName.substring(0, newName.length() - 7);
    }
    if (!base.isEmpty()) {
      Family existing = byName.get(base);
      if (existing != null) {
        if (existing.type == MetricType.SUMMARY && !newName.endsWith("_bucket")) {
          return "collected metric named "
              + GoText.quote(newName)
              + " collides with previously collected summary named "
              + GoText.quote(base);
        }
        if (existing.type == MetricType.HISTOGRAM) {
          return "collected metric named "
              + GoText.quote(newName)
              + " collides with previously collected histogram named "
              + GoText.quote(base);
        }
      }
    }
    if (mf.type == MetricType.SUMMARY || mf.type == MetricType.HISTOGRAM) {
      if (byName.containsKey(newName + "_count")) {
        return "collected histogram or summary named "
            + GoText.quote(newName)
            + " collides with previously collected metric named "
            + GoText.quote(newName + "_count");
      }
      if (byName.containsKey(newName + "_sum")) {
        return "collected histogram or summary named "
            + GoText.quote(newName)
            + " collides with previously collected metric named "
            + GoText.quote(newName + "_sum");
      }
    }
    if (mf.type == MetricType.HISTOGRAM && byName.containsKey(newName + "_bucket")) {
      return "collected histogram named "
          + GoText.quote(newName)
          + " collides with previously collected metric named "
          + GoText.quote(newName + "_bucket");
    }
    return null;
  }

  // ------------------------------------------------------------------ reads

  /** One family name's merged content for a scrape. */
  /** A family name's metrics across groups, in scrape order, with their text. */
  record Merged(Family family, Line[] lines) {
    /** The metrics in scrape order. */
    List<Family.Metric> metrics() {
      List<Family.Metric> ms = new ArrayList<>(lines.length);
      for (Line l : lines) {
        ms.add(l.metric);
      }
      return ms;
    }
  }

  /**
   * The store's families merged by name as the real one's GetMetricFamilies merges them, sorted by
   * name, with the push-time gauges; the own families' names get their help. Null with the errors
   * when the held state would not gather.
   */
  Gathered gather() {
    rw.readLock().lock();
    try {
      if (!clean()) {
        List<Family> fams = new ArrayList<>();
        Map<String, Family> merged = new LinkedHashMap<>();
        for (Group x : groups.values()) {
          List<Family> fs = new ArrayList<>();
          for (Stored s : x.families.values()) {
            fs.add(s.family());
          }
          fs.add(gauge(PUSH_TIME, PUSH_TIME_HELP, x.gaugeLabels, x.pushTime));
          fs.add(gauge(PUSH_FAILURE, PUSH_FAILURE_HELP, x.gaugeLabels, x.failureTime));
          for (Family f : fs) {
            Family m = merged.get(f.name);
            if (m == null) {
              Family c = f.copy();
              Own o = own.get(f.name);
              if (o != null) {
                c.help = o.help();
              }
              merged.put(f.name, c);
            } else {
              m.metrics.addAll(f.metrics);
            }
          }
        }
        fams.addAll(merged.values());
        return new Gathered(List.of(), multiError(gatherErrors(fams, null)));
      }
      List<Merged> out = new ArrayList<>(holders.size() + 2);
      boolean timesDone = false;
      for (Map.Entry<String, LinkedHashSet<Group>> e : holders.entrySet()) {
        if (!timesDone && Utf8.compare(e.getKey(), PUSH_FAILURE) > 0) {
          addTimes(out);
          timesDone = true;
        }
        Family first = e.getValue().iterator().next().families.get(e.getKey()).family();
        Own o = own.get(first.name);
        if (o != null && !java.util.Objects.equals(o.help(), first.help)) {
          first = first.copy();
          first.help = o.help();
        }
        out.add(new Merged(first, sorted.get(e.getKey()).toArray(new Line[0])));
      }
      if (!timesDone) {
        addTimes(out);
      }
      return new Gathered(out, null);
    } finally {
      rw.readLock().unlock();
    }
  }

  /** A scrape's families, or the error a scrape answers with. */
  record Gathered(List<Merged> families, String error) {}

  private void addTimes(List<Merged> out) {
    if (groups.isEmpty()) {
      return;
    }
    Line[] failures = new Line[groups.size()];
    Line[] pushes = new Line[groups.size()];
    int i = 0;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(128);
    for (Group x : gaugeOrder) {
      Rendered rf = x.failureText;
      if (rf == null || !rf.holds(x.failureTime)) {
        rf = Rendered.of(x.failureTime);
        x.failureText = rf;
      }
      failures[i] = gaugeLine(PUSH_FAILURE, x, x.failureTime, rf, buf, i);
      Rendered rp = x.pushText;
      if (rp == null || !rp.holds(x.pushTime)) {
        rp = Rendered.of(x.pushTime);
        x.pushText = rp;
      }
      pushes[i] = gaugeLine(PUSH_TIME, x, x.pushTime, rp, buf, i);
      i++;
    }
    out.add(
        new Merged(
            new Family(PUSH_FAILURE, PUSH_FAILURE_HELP, MetricType.GAUGE, List.of()), failures));
    out.add(new Merged(new Family(PUSH_TIME, PUSH_TIME_HELP, MetricType.GAUGE, List.of()), pushes));
  }

  private static Line gaugeLine(
      String name, Group x, double value, Rendered r, java.io.ByteArrayOutputStream buf, int i) {
    Family.Metric m = new Family.Metric(x.gaugeLabels);
    m.gauge = value;
    buf.reset();
    TextFormat.ascii(buf, name);
    buf.write(x.gaugeLabelText, 0, x.gaugeLabelText.length);
    buf.write(' ');
    buf.write(r.text(), 0, r.text().length);
    buf.write('\n');
    return new Line(m, buf.toByteArray(), i);
  }

  /** A copy of one group for the API, the page and persistence. */
  record GroupView(
      TreeMap<String, String> labels,
      List<Stored> families,
      double pushTime,
      long pushWriteNanos,
      double failureTime,
      long failureWriteNanos,
      long ttlMillis,
      String[] gaugeLabels) {
    boolean lastPushSuccessful() {
      return failureTime <= pushTime;
    }
  }

  List<GroupView> groups() {
    rw.readLock().lock();
    try {
      List<GroupView> out = new ArrayList<>(groups.size());
      for (Group g : groups.values()) {
        out.add(view(g));
      }
      return out;
    } finally {
      rw.readLock().unlock();
    }
  }

  GroupView group(TreeMap<String, String> labels) {
    rw.readLock().lock();
    try {
      Group g = groups.get(groupingKey(labels));
      return g == null ? null : view(g);
    } finally {
      rw.readLock().unlock();
    }
  }

  private static GroupView view(Group g) {
    List<Stored> fams = new ArrayList<>(g.families.values());
    return new GroupView(
        g.labels,
        fams,
        g.pushTime,
        g.pushWriteNanos,
        g.failureTime,
        g.failureWriteNanos,
        g.ttlMillis,
        g.gaugeLabels);
  }

  int size() {
    rw.readLock().lock();
    try {
      return groups.size();
    } finally {
      rw.readLock().unlock();
    }
  }

  long seriesCount() {
    rw.readLock().lock();
    try {
      return seriesCount;
    } finally {
      rw.readLock().unlock();
    }
  }

  // ------------------------------------------------------------------ helpers

  static Family gauge(String name, String help, String[] labels, double value) {
    Family.Metric m = new Family.Metric(labels);
    m.gauge = value;
    List<Family.Metric> ms = new ArrayList<>(1);
    ms.add(m);
    return new Family(name, help, MetricType.GAUGE, ms);
  }

  static String[] gaugeLabels(TreeMap<String, String> labels) {
    TreeMap<String, String> l = new TreeMap<>(Utf8::compare);
    l.putAll(labels);
    l.putIfAbsent("instance", "");
    String[] out = new String[l.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> e : l.entrySet()) {
      out[i++] = e.getKey();
      out[i++] = e.getValue();
    }
    return out;
  }

  /** groupingKeyFor: sorted names and values joined with 0xFF. */
  static String groupingKey(Map<String, String> labels) {
    List<String> names = new ArrayList<>(labels.keySet());
    names.sort(Utf8::compare);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      sb.append(names.get(i)).append('\uffff').append(labels.get(names.get(i)));
      if (i + 1 < names.size()) {
        sb.append('\uffff');
      }
    }
    return sb.toString();
  }

  /**
   * sanitizeLabels: the grouping labels are set on every metric (a pushed label of the same name is
   * overwritten), {@code instance=""} is added where no instance label is, and labels are sorted by
   * name.
   */
  static void sanitize(Family f, Map<String, String> grouping) {
    // one String per distinct label name and value in the family (the parser makes one per
    // sample): 20 series with the label "series" then hold one "series", not twenty
    Map<String, String> canon = new java.util.HashMap<>();
    for (Family.Metric m : f.metrics) {
      Map<String, String> todo = new LinkedHashMap<>(grouping);
      boolean hasInstance = false;
      String[] l = m.labels;
      for (int i = 0; i < l.length; i++) {
        String c = canon.putIfAbsent(l[i], l[i]);
        if (c != null) {
          l[i] = c;
        }
      }
      for (int i = 0; i < l.length; i += 2) {
        String v = todo.remove(l[i]);
        if (v != null) {
          l[i + 1] = v;
        }
        if (l[i].equals("instance")) {
          hasInstance = true;
        }
      }
      int extra = todo.size() + (hasInstance || todo.containsKey("instance") ? 0 : 1);
      if (extra > 0) {
        l = Arrays.copyOf(l, l.length + 2 * extra);
        int k = m.labels.length;
        for (Map.Entry<String, String> e : todo.entrySet()) {
          l[k++] = e.getKey();
          l[k++] = e.getValue();
        }
        if (!hasInstance && !todo.containsKey("instance")) {
          l[k++] = "instance";
          l[k++] = "";
        }
      }
      m.labels = sortPairs(l);
    }
  }

  private static String[] sortPairs(String[] l) {
    int n = l.length / 2;
    boolean sorted = true;
    for (int i = 1; i < n; i++) {
      if (Utf8.compare(l[2 * (i - 1)], l[2 * i]) > 0) {
        sorted = false;
        break;
      }
    }
    if (sorted) {
      return l;
    }
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    final String[] src = l;
    Arrays.sort(idx, (a, b) -> Utf8.compare(src[2 * a], src[2 * b]));
    String[] out = new String[l.length];
    for (int i = 0; i < n; i++) {
      out[2 * i] = src[2 * idx[i]];
      out[2 * i + 1] = src[2 * idx[i] + 1];
    }
    return out;
  }

  /** The series identity client_golang hashes: name, then each label name and value. */
  static long seriesHash(String name, String[] labels) {
    long h = 0xcbf29ce484222325L;
    h = mix(h, name);
    for (String s : labels) {
      h = mix(h, s);
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static long mix(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= 0xFF;
    h *= 0x100000001b3L;
    h ^= s.length();
    h *= 0x100000001b3L;
    return h;
  }
}
