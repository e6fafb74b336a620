package io.promsd.sd.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * gophercloud's {@code pagination.Pager.EachPage} for the lists discovery reads: GET a page
 * (expecting 200, 204 or 300), stop at a page whose list is empty, else hand its items on and
 * follow the {@code <key>_links} link whose {@code rel} is {@code next}. A single-page list (Nova's
 * {@code os-floating-ips} and, in 2.42, {@code os-hypervisors/detail}) reads no links.
 */
final class Pager {
  /** What a page's items go to. */
  @FunctionalInterface
  interface Handler {
    void page(List<JsonNode> items) throws OpenStackException;
  }

  /** The most pages one list may have: a guard against a cloud whose next link loops. */
  static final int MAX_PAGES = 100_000;

  private final Http http;
  private final String token;

  Pager(Http http, String token) {
    this.http = http;
    this.token = token;
  }

  /**
   * Reads every page of {@code url}.
   *
   * @param key the list's key ({@code servers}); links are under {@code key + "_links"}
   * @param linked whether pages link to the next one
   */
  void each(String url, String key, String goType, boolean linked, Handler handler)
      throws OpenStackException, InterruptedException {
    String next = url;
    for (int n = 0; next != null && !next.isEmpty(); n++) {
      if (n == MAX_PAGES) {
        throw new OpenStackException("more than " + MAX_PAGES + " pages at " + url);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException();
      }
      Http.Response r = http.exchange("GET", next, token, null, 200, 204, 300);
      JsonNode page = GoJson.parsePage(r.body());
      JsonNode list = GoJson.array(page, key, "", goType);
      if (list == null || list.isEmpty()) {
        return;
      }
      List<JsonNode> items = new ArrayList<>(list.size());
      list.forEach(items::add);
      handler.page(items);
      next = linked ? nextLink(page.get(key + "_links")) : null;
    }
  }

  /** {@code gophercloud.ExtractNextURL}: the href of the first link whose rel is next. */
  static String nextLink(JsonNode links) throws OpenStackException {
    if (links == null || links.isNull()) {
      return null;
    }
    if (!links.isArray()) {
      throw GoJson.typeError(links, "._links", "[]gophercloud.Link");
    }
    for (JsonNode l : links) {
      if (l.isObject() && "next".equals(l.path("rel").asText(""))) {
        return l.path("href").asText("");
      }
    }
    return null;
  }
}
