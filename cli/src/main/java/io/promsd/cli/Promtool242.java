package io.promsd.cli;

import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelStep;
import io.promsd.relabel.RelabelTrace;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.internal.ScrapeJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reproduces which results promtool 2.42's {@code check service-discovery} merges.
 *
 * <p>promtool 2.42 de-duplicates the results of one group source by comparing them with every
 * earlier one ({@code cmd/promtool/sd.go}, {@code getSDCheckResult}), discovered labels included.
 * But its discovered labels are corrupted: 2.42's {@code relabel.Process} writes each rule's result
 * into the backing array of its input when it fits ({@code model/labels} Builder, fixed in 2.43),
 * so whether two results compare equal depends on Go slice capacities. This class replays that: the
 * slice the discovered labels are built in, Go's {@code append} growth for 32-byte elements and the
 * allocator's size classes, and each rule's writes. It decides merging, and gives the discovered
 * labels promtool prints ({@link #printed}): the first {@code len} slots of that array, as a JSON
 * object (a later slot wins over an earlier one with the same name, as in Go's {@code Labels.Map}).
 */
final class Promtool242 {
  private Promtool242() {}

  /** Go 1.19's malloc size classes, in bytes (runtime/sizeclasses.go), up to 32 KiB. */
  private static final int[] SIZE_CLASSES = {
    0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320,
    352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048,
    2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240,
    10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768
  };

  /** What promtool 2.42 compares: the corrupted discovered slots, the labels, the error. */
  record Key(List<String> discoveredSlots, Labels labels, String error) {}

  /** The comparison key of one result. */
  static Key key(ScrapeJob job, Labels target, Labels group, ScrapeTarget result) {
    if (result.error() != null) {
      return new Key(List.of(), Labels.empty(), result.error());
    }
    Slice d = discovered(job, target, group, result.discoveredLabels());
    Slice s = d;
    if (result.droppedBy() == 0) {
      return new Key(slots(d), result.labels(), null); // dropped before any rule wrote
    }
    RelabelTrace trace = job.relabeler().trace(result.discoveredLabels());
    for (RelabelStep step : trace.steps()) {
      if (step.dropped()) {
        break;
      }
      Writes w = writes(step);
      if (w.isEmpty()) {
        continue;
      }
      s = s.rewrite(w);
    }
    return new Key(slots(d), result.labels(), null);
  }

  /**
   * The discovered labels promtool 2.42 prints for a result: its corrupted slots as a label set
   * (promtool marshals them through {@code Labels.Map}, so a later slot wins). For a failed target
   * promtool prints none.
   */
  static Labels printed(Key key) {
    if (key.error() != null) {
      return Labels.empty();
    }
    return Labels.of(key.discoveredSlots().toArray(String[]::new));
  }

  /** The first {@code len} slots of the slice's array, as they stand now. */
  private static List<String> slots(Slice d) {
    List<String> slots = new ArrayList<>(2 * d.len);
    for (int i = 0; i < d.len; i++) {
      slots.add(d.array.names[i]);
      slots.add(d.array.values[i]);
    }
    return slots;
  }

  /** A Go slice of labels: a shared backing array, a length. */
  private static final class Slice {
    final Backing array;
    final int len;

    Slice(Backing array, int len) {
      this.array = array;
      this.len = len;
    }

    /** Builder.Labels(res = this): survivors compacted in place, then the set labels appended. */
    Slice rewrite(Writes w) {
      int n = 0;
      for (int i = 0; i < len; i++) {
        String name = array.names[i];
        if (w.dels.contains(name) || w.adds.containsKey(name)) {
          continue;
        }
        array.names[n] = name;
        array.values[n] = array.values[i];
        n++;
      }
      Backing target = array;
      int needed = n + w.adds.size();
      if (needed > array.cap()) {
        target = new Backing(growCap(array.cap(), needed));
        System.arraycopy(array.names, 0, target.names, 0, n);
        System.arraycopy(array.values, 0, target.values, 0, n);
      }
      int k = n;
      for (Map.Entry<String, String> e : w.adds.entrySet()) {
        target.names[k] = e.getKey();
        target.values[k] = e.getValue();
        k++;
      }
      if (!w.adds.isEmpty()) {
        target.sortAppended(n, k); // the survivors stay in order: only the appended move
      }
      return new Slice(target, k);
    }
  }

  private static final class Backing {
    final String[] names;
    final String[] values;

    Backing(int cap) {
      names = new String[cap];
      values = new String[cap];
    }

    int cap() {
      return names.length;
    }

    /** Sorts slots {@code [0, len)} by name, given that {@code [0, sorted)} already is. */
    void sortAppended(int sorted, int len) {
      for (int i = Math.max(1, sorted); i < len; i++) {
        String n = names[i];
        String v = values[i];
        int j = i - 1;
        while (j >= 0 && Labels.NAME_ORDER.compare(names[j], n) > 0) {
          names[j + 1] = names[j];
          values[j + 1] = values[j];
          j--;
        }
        names[j + 1] = n;
        values[j + 1] = v;
      }
    }
  }

  /** Go's growslice for 32-byte elements, then rounded to the allocator's size class. */
  static int growCap(int oldCap, int needed) {
    int newCap = oldCap;
    int doubleCap = oldCap + oldCap;
    if (needed > doubleCap) {
      newCap = needed;
    } else if (oldCap < 256) {
      newCap = doubleCap;
    } else {
      while (0 < newCap && newCap < needed) {
        newCap += (newCap + 3 * 256) / 4;
      }
      if (newCap <= 0) {
        newCap = needed;
      }
    }
    long bytes = (long) newCap * 32;
    return (int) (roundUpSize(bytes) / 32);
  }

  private static long roundUpSize(long size) {
    if (size <= 32768) {
      for (int c : SIZE_CLASSES) {
        if (c >= size) {
          return c;
        }
      }
    }
    long page = 8192;
    return (size + page - 1) / page * page;
  }

  /** The slice PopulateLabels builds the discovered labels in. */
  /**
   * The slice PopulateLabels builds the discovered labels in. Its content is the discovered labels,
   * sorted; what the model needs is its capacity, which depends on how it was built: the merged
   * labels that stay, appended one at a time from an empty slice, then the defaults and params 2.42
   * set, in one append.
   */
  private static Slice discovered(ScrapeJob job, Labels target, Labels group, Labels discovered) {
    ScrapeConfig c = job.config();
    int base = target.size();
    for (int i = 0; i < group.size(); i++) {
      if (!target.has(group.name(i))) {
        base++;
      }
    }
    int adds = 0;
    int replaced = 0; // merged labels that a default or param sets or deletes
    boolean anyDelete = false;
    String[][] defaults = {
      {"job", c.jobName()},
      {"__scrape_interval__", null},
      {"__scrape_timeout__", null},
      {"__metrics_path__", c.metricsPath()},
      {"__scheme__", c.scheme()}
    };
    for (String[] kv : defaults) {
      if (!target.has(kv[0]) && !group.has(kv[0])) {
        // Set where missing; an empty value (metrics_path: "") is a delete.
        if (kv[1] != null && kv[1].isEmpty()) {
          anyDelete = true;
        } else {
          adds++;
        }
      }
    }
    for (Map.Entry<String, List<String>> p : c.params().entrySet()) {
      if (p.getValue().isEmpty()) {
        continue;
      }
      String name = "__param_" + p.getKey();
      if (target.has(name) || group.has(name)) {
        replaced++;
      }
      if (p.getValue().get(0).isEmpty()) {
        anyDelete = true;
      } else {
        adds++;
      }
    }
    int len = discovered.size();
    Backing b;
    if (adds == 0 && !anyDelete && replaced == 0) {
      b = new Backing(len); // nothing set: the merged labels themselves
    } else {
      int kept = base - replaced;
      int cap = 0;
      for (int n = 0; n < kept; n++) {
        if (n == cap) {
          cap = growCap(cap, n + 1);
        }
      }
      if (kept + adds > cap) {
        cap = growCap(cap, kept + adds);
      }
      b = new Backing(Math.max(cap, len));
    }
    for (int i = 0; i < len; i++) {
      b.names[i] = discovered.name(i);
      b.values[i] = discovered.value(i);
    }
    return new Slice(b, len);
  }

  /** A rule's label builder calls: the names it set (with values) and the names it deleted. */
  private record Writes(Map<String, String> adds, Set<String> dels) {
    boolean isEmpty() {
      return adds.isEmpty() && dels.isEmpty();
    }
  }

  private static Writes writes(RelabelStep step) {
    Map<String, String> adds = new LinkedHashMap<>();
    for (String n : step.written()) {
      adds.put(n, step.after().get(n));
    }
    return new Writes(adds, new LinkedHashSet<>(step.deleted()));
  }
}
