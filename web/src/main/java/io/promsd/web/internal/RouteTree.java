package io.promsd.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One method's routes as julienschmidt/httprouter 1.3.0's radix tree ({@code tree.go}) holds them:
 * the same node splitting, the same lookup, and so the same trailing-slash recommendations and
 * case-insensitive path fixes, quirks included (they depend on the tree's shape). A port of its
 * {@code addRoute}, {@code insertChild}, {@code getValue} and {@code findCaseInsensitivePath} over
 * Java strings.
 */
final class RouteTree<H> {
  private static final int STATIC = 0;
  private static final int ROOT = 1;
  private static final int PARAM = 2;
  private static final int CATCH_ALL = 3;

  private static final class Node<H> {
    String path = "";
    boolean wildChild;
    int type = STATIC;
    int priority;
    String indices = "";
    List<Node<H>> children = new ArrayList<>();
    H handle;
  }

  /** A lookup's result: the handle (or null), the parameters, and httprouter's {@code tsr}. */
  record Value<H>(H handle, Map<String, String> params, boolean tsr) {}

  private final Node<H> root = new Node<>();

  private static int countParams(String path) {
    int n = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == ':' || c == '*') {
        n++;
      }
    }
    return Math.min(n, 255);
  }

  private int incrementChildPrio(Node<H> n, int pos) {
    n.children.get(pos).priority++;
    int prio = n.children.get(pos).priority;
    int newPos = pos;
    while (newPos > 0 && n.children.get(newPos - 1).priority < prio) {
      Node<H> tmp = n.children.get(newPos - 1);
      n.children.set(newPos - 1, n.children.get(newPos));
      n.children.set(newPos, tmp);
      newPos--;
    }
    if (newPos != pos) {
      n.indices =
          n.indices.substring(0, newPos)
              + n.indices.charAt(pos)
              + n.indices.substring(newPos, pos)
              + n.indices.substring(pos + 1);
    }
    return newPos;
  }

  /**
   * Adds a route; throws {@link IllegalArgumentException} with httprouter's panic text on a
   * conflict.
   */
  void add(String path, H handle) {
    String fullPath = path;
    Node<H> n = root;
    n.priority++;
    int numParams = countParams(path);
    if (!n.path.isEmpty() || !n.children.isEmpty()) {
      walk:
      while (true) {
        int i = 0;
        int max = Math.min(path.length(), n.path.length());
        while (i < max && path.charAt(i) == n.path.charAt(i)) {
          i++;
        }
        if (i < n.path.length()) {
          Node<H> child = new Node<>();
          child.path = n.path.substring(i);
          child.wildChild = n.wildChild;
          child.type = STATIC;
          child.indices = n.indices;
          child.children = n.children;
          child.handle = n.handle;
          child.priority = n.priority - 1;
          n.children = new ArrayList<>(List.of(child));
          n.indices = String.valueOf(n.path.charAt(i));
          n.path = path.substring(0, i);
          n.handle = null;
          n.wildChild = false;
        }
        if (i < path.length()) {
          path = path.substring(i);
          if (n.wildChild) {
            n = n.children.get(0);
            n.priority++;
            numParams--;
            if (path.length() >= n.path.length()
                && n.path.equals(path.substring(0, n.path.length()))
                && n.type != CATCH_ALL
                && (n.path.length() >= path.length() || path.charAt(n.path.length()) == '/')) {
              continue walk;
            }
            String pathSeg = n.type == CATCH_ALL ? path : path.split("/", 2)[0];
            String prefix = fullPath.substring(0, fullPath.indexOf(pathSeg)) + n.path;
            throw new IllegalArgumentException(
                "'"
                    + pathSeg
                    + "' in new path '"
                    + fullPath
                    + "' conflicts with existing wildcard '"
                    + n.path
                    + "' in existing prefix '"
                    + prefix
                    + "'");
          }
          char c = path.charAt(0);
          if (n.type == PARAM && c == '/' && n.children.size() == 1) {
            n = n.children.get(0);
            n.priority++;
            continue walk;
          }
          for (int j = 0; j < n.indices.length(); j++) {
            if (c == n.indices.charAt(j)) {
              j = incrementChildPrio(n, j);
              n = n.children.get(j);
              continue walk;
            }
          }
          if (c != ':' && c != '*') {
            n.indices += c;
            Node<H> child = new Node<>();
            n.children.add(child);
            incrementChildPrio(n, n.indices.length() - 1);
            n = child;
          }
          insertChild(n, numParams, path, fullPath, handle);
          return;
        } else if (i == path.length()) {
          if (n.handle != null) {
            throw new IllegalArgumentException(
                "a handle is already registered for path '" + fullPath + "'");
          }
          n.handle = handle;
        }
        return;
      }
    } else {
      insertChild(n, numParams, path, fullPath, handle);
      n.type = ROOT;
    }
  }

  private void insertChild(Node<H> n, int numParams, String path, String fullPath, H handle) {
    int offset = 0;
    int max = path.length();
    for (int i = 0; numParams > 0; i++) {
      char c = path.charAt(i);
      if (c != ':' && c != '*') {
        continue;
      }
      int end = i + 1;
      while (end < max && path.charAt(end) != '/') {
        char e = path.charAt(end);
        if (e == ':' || e == '*') {
          throw new IllegalArgumentException(
              "only one wildcard per path segment is allowed, has: '"
                  + path.substring(i)
                  + "' in path '"
                  + fullPath
                  + "'");
        }
        end++;
      }
      if (!n.children.isEmpty()) {
        throw new IllegalArgumentException(
            "wildcard route '"
                + path.substring(i, end)
                + "' conflicts with existing children in path '"
                + fullPath
                + "'");
      }
      if (end - i < 2) {
        throw new IllegalArgumentException(
            "wildcards must be named with a non-empty name in path '" + fullPath + "'");
      }
      if (c == ':') {
        if (i > 0) {
          n.path = path.substring(offset, i);
          offset = i;
        }
        Node<H> child = new Node<>();
        child.type = PARAM;
        n.children = new ArrayList<>(List.of(child));
        n.wildChild = true;
        n = child;
        n.priority++;
        numParams--;
        if (end < max) {
          n.path = path.substring(offset, end);
          offset = end;
          Node<H> next = new Node<>();
          next.priority = 1;
          n.children = new ArrayList<>(List.of(next));
          n = next;
        }
      } else {
        if (end != max || numParams > 1) {
          throw new IllegalArgumentException(
              "catch-all routes are only allowed at the end of the path in path '"
                  + fullPath
                  + "'");
        }
        if (!n.path.isEmpty() && n.path.charAt(n.path.length() - 1) == '/') {
          throw new IllegalArgumentException(
              "catch-all conflicts with existing handle for the path segment root in path '"
                  + fullPath
                  + "'");
        }
        i--;
        if (path.charAt(i) != '/') {
          throw new IllegalArgumentException("no / before catch-all in path '" + fullPath + "'");
        }
        n.path = path.substring(offset, i);
        Node<H> child = new Node<>();
        child.wildChild = true;
        child.type = CATCH_ALL;
        n.children = new ArrayList<>(List.of(child));
        n.indices = String.valueOf(path.charAt(i));
        n = child;
        n.priority++;
        Node<H> leaf = new Node<>();
        leaf.path = path.substring(i);
        leaf.type = CATCH_ALL;
        leaf.handle = handle;
        leaf.priority = 1;
        n.children = new ArrayList<>(List.of(leaf));
        return;
      }
    }
    n.path = path.substring(offset);
    n.handle = handle;
  }

  /** httprouter's {@code getValue}. */
  Value<H> get(String path) {
    Node<H> n = root;
    Map<String, String> p = null;
    walk:
    while (true) {
      if (path.length() > n.path.length()) {
        if (path.startsWith(n.path)) {
          path = path.substring(n.path.length());
          if (!n.wildChild) {
            char c = path.charAt(0);
            for (int i = 0; i < n.indices.length(); i++) {
              if (c == n.indices.charAt(i)) {
                n = n.children.get(i);
                continue walk;
              }
            }
            return new Value<>(null, p, path.equals("/") && n.handle != null);
          }
          n = n.children.get(0);
          if (n.type == PARAM) {
            int end = 0;
            while (end < path.length() && path.charAt(end) != '/') {
              end++;
            }
            if (p == null) {
              p = new LinkedHashMap<>();
            }
            p.put(n.path.substring(1), path.substring(0, end));
            if (end < path.length()) {
              if (!n.children.isEmpty()) {
                path = path.substring(end);
                n = n.children.get(0);
                continue walk;
              }
              return new Value<>(null, p, path.length() == end + 1);
            }
            if (n.handle != null) {
              return new Value<>(n.handle, p, false);
            } else if (n.children.size() == 1) {
              n = n.children.get(0);
              return new Value<>(null, p, n.path.equals("/") && n.handle != null);
            }
            return new Value<>(null, p, false);
          }
          // catch-all
          if (p == null) {
            p = new LinkedHashMap<>();
          }
          p.put(n.path.substring(2), path);
          return new Value<>(n.handle, p, false);
        }
      } else if (path.equals(n.path)) {
        if (n.handle != null) {
          return new Value<>(n.handle, p, false);
        }
        if (path.equals("/") && n.wildChild && n.type != ROOT) {
          return new Value<>(null, p, true);
        }
        for (int i = 0; i < n.indices.length(); i++) {
          if (n.indices.charAt(i) == '/') {
            n = n.children.get(i);
            boolean tsr =
                (n.path.length() == 1 && n.handle != null)
                    || (n.type == CATCH_ALL && n.children.get(0).handle != null);
            return new Value<>(null, p, tsr);
          }
        }
        return new Value<>(null, p, false);
      }
      boolean tsr =
          path.equals("/")
              || (n.path.length() == path.length() + 1
                  && n.path.charAt(path.length()) == '/'
                  && path.equals(n.path.substring(0, n.path.length() - 1))
                  && n.handle != null);
      return new Value<>(null, p, tsr);
    }
  }

  /**
   * httprouter's {@code findCaseInsensitivePath}: the path as a route spells it, or null. Letters
   * are folded one {@code char} at a time, which is what httprouter's rune handling amounts to for
   * the ASCII routes servers register.
   */
  String findCaseInsensitivePath(String path, boolean fixTrailingSlash) {
    StringBuilder ci = new StringBuilder(path.length() + 1);
    return findRec(root, path, ci, fixTrailingSlash) ? ci.toString() : null;
  }

  private boolean findRec(Node<H> n, String path, StringBuilder ciPath, boolean fixTrailingSlash) {
    int npLen = n.path.length();
    walk:
    while (path.length() >= npLen
        && (npLen == 0 || path.substring(1, npLen).equalsIgnoreCase(n.path.substring(1)))) {
      path = path.substring(npLen);
      ciPath.append(n.path);
      if (!path.isEmpty()) {
        if (!n.wildChild) {
          char c = path.charAt(0);
          char lo = Character.toLowerCase(c);
          for (int i = 0; i < n.indices.length(); i++) {
            if (n.indices.charAt(i) == lo) {
              int mark = ciPath.length();
              if (findRec(n.children.get(i), path, ciPath, fixTrailingSlash)) {
                return true;
              }
              ciPath.setLength(mark);
              break;
            }
          }
          char up = Character.toUpperCase(c);
          if (up != lo) {
            for (int i = 0; i < n.indices.length(); i++) {
              if (n.indices.charAt(i) == up) {
                n = n.children.get(i);
                npLen = n.path.length();
                continue walk;
              }
            }
          }
          return fixTrailingSlash && path.equals("/") && n.handle != null;
        }
        n = n.children.get(0);
        if (n.type == PARAM) {
          int k = 0;
          while (k < path.length() && path.charAt(k) != '/') {
            k++;
          }
          ciPath.append(path, 0, k);
          if (k < path.length()) {
            if (!n.children.isEmpty()) {
              n = n.children.get(0);
              npLen = n.path.length();
              path = path.substring(k);
              continue;
            }
            return fixTrailingSlash && path.length() == k + 1;
          }
          if (n.handle != null) {
            return true;
          } else if (fixTrailingSlash && n.children.size() == 1) {
            n = n.children.get(0);
            if (n.path.equals("/") && n.handle != null) {
              ciPath.append('/');
              return true;
            }
          }
          return false;
        }
        ciPath.append(path);
        return true;
      } else {
        if (n.handle != null) {
          return true;
        }
        if (fixTrailingSlash) {
          for (int i = 0; i < n.indices.length(); i++) {
            if (n.indices.charAt(i) == '/') {
              n = n.children.get(i);
              if ((n.path.length() == 1 && n.handle != null)
                  || (n.type == CATCH_ALL && n.children.get(0).handle != null)) {
                ciPath.append('/');
                return true;
              }
              return false;
            }
          }
        }
        return false;
      }
    }
    if (fixTrailingSlash) {
      if (path.equals("/")) {
        return true;
      }
      if (path.length() + 1 == npLen
          && n.path.charAt(path.length()) == '/'
          && path.substring(1).equalsIgnoreCase(n.path.substring(1, path.length()))
          && n.handle != null) {
        ciPath.append(n.path);
        return true;
      }
    }
    return false;
  }
}
