package io.promsd.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Basic authentication as exporter-toolkit's {@code webHandler} does it ({@code web/handler.go},
 * the 0.8.2 that Pushgateway 1.5.1 uses): an unknown user is checked against a fixed hash so that
 * timing does not tell which users exist; one bcrypt comparison runs at a time; results are cached
 * under a key of user, hash and password together (never the user alone, the CVE-2022-46146
 * lesson), so that a changed hash or another password is checked afresh. The cache keeps digests,
 * not passwords. Thread-safe.
 */
final class BasicAuth {
  // exporter-toolkit's hash of "fakepassword", compared for unknown users
  private static final String FAKE_HASH =
      "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";
  private static final int CACHE_SIZE = 100;

  private final ReentrantLock bcryptLock = new ReentrantLock();
  private final Object cacheLock = new Object();
  private final Map<Key, Boolean> cache = new HashMap<>();

  private record Key(byte[] digest) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && MessageDigest.isEqual(digest, k.digest);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(digest);
    }
  }

  /** Credentials from an {@code Authorization} header, as Go's {@code r.BasicAuth()} reads them. */
  record Credentials(String user, byte[] password) {}

  /** Go's {@code parseBasicAuth}; null when the header is absent or not basic auth. */
  static Credentials parse(String header) {
    final String prefix = "Basic ";
    if (header == null
        || header.length() < prefix.length()
        || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    String b64 = header.substring(prefix.length());
    if (b64.length() % 4 != 0) {
      return null; // StdEncoding wants padding
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = -1;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon < 0) {
      return null;
    }
    String user = new String(raw, 0, colon, StandardCharsets.UTF_8);
    byte[] password = java.util.Arrays.copyOfRange(raw, colon + 1, raw.length);
    return new Credentials(user, password);
  }

  /** Whether {@code c} may in under {@code config}'s users. */
  boolean allows(WebConfig config, Credentials c) {
    String hash = config.hashOf(c.user());
    boolean validUser = hash != null;
    if (!validUser) {
      hash = FAKE_HASH;
    }
    Key key = key(c.user(), hash, c.password());
    Boolean cached;
    synchronized (cacheLock) {
      cached = cache.get(key);
    }
    boolean ok;
    if (cached != null) {
      ok = cached;
    } else {
      bcryptLock.lock();
      boolean matches;
      try {
        matches = Bcrypt.matches(hash, c.password());
      } finally {
        bcryptLock.unlock();
      }
      ok = validUser && matches;
      synchronized (cacheLock) {
        makeRoom();
        cache.put(key, ok);
      }
    }
    return ok && validUser;
  }

  // exporter-toolkit cache.go makeRoom: at the limit, drop a tenth (at least one) at random.
  private void makeRoom() {
    if (cache.size() < CACHE_SIZE) {
      return;
    }
    int toDelete = Math.max(1, cache.size() / 10);
    List<Key> keys = new ArrayList<>(cache.keySet());
    for (int deleted = 0; deleted <= toDelete && !keys.isEmpty(); deleted++) {
      int i = ThreadLocalRandom.current().nextInt(keys.size());
      cache.remove(keys.get(i));
      keys.set(i, keys.get(keys.size() - 1));
      keys.remove(keys.size() - 1);
    }
  }

  int cacheSize() {
    synchronized (cacheLock) {
      return cache.size();
    }
  }

  // SHA-256 over the three parts, each length-prefixed so that no two triples collide.
  private static Key key(String user, String hash, byte[] password) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] part :
          new byte[][] {
            user.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8), password
          }) {
        int n = part.length;
        md.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        md.update(part);
      }
      return new Key(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
