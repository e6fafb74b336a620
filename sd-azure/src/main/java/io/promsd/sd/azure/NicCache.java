package io.promsd.sd.azure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 3.x's network interface cache (discovery/azure/azure.go {@code addToCache}, go-generics-cache's
 * LRU with a capacity of 5,000): entries expire at a time set when added; the least recently used
 * entry goes when the cache is full. Thread-safe.
 */
final class NicCache {
  private record Entry(JsonNode nic, long expiresAtMillis) {}

  private final int capacity;
  private final LinkedHashMap<String, Entry> map;

  NicCache(int capacity) {
    this.capacity = capacity;
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > NicCache.this.capacity;
          }
        };
  }

  /** The cached interface, or null when absent or expired at {@code nowMillis}. */
  synchronized JsonNode get(String id, long nowMillis) {
    Entry e = map.get(id);
    if (e == null) {
      return null;
    }
    if (e.expiresAtMillis() <= nowMillis) {
      map.remove(id);
      return null;
    }
    return e.nic();
  }

  synchronized void put(String id, JsonNode nic, long expiresAtMillis) {
    map.put(id, new Entry(nic, expiresAtMillis));
  }

  synchronized int size() {
    return map.size();
  }
}
