package io.promsd.sd.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The service catalog of a token, and gophercloud's endpoint choice ({@code V3EndpointURL} and
 * {@code V2EndpointURL} in {@code openstack/endpoint_location.go}): entries of the wanted type,
 * endpoints of the wanted interface (v3) in the wanted region (name or id), the first match wins;
 * none is {@code No suitable endpoint could be found in the service catalog.}
 */
final class Catalog {
  /** One v3 endpoint, or one v2 endpoint with its three URLs. */
  private record Endpoint(
      String iface,
      String region,
      String regionId,
      String url,
      String publicUrl,
      String internalUrl,
      String adminUrl) {}

  private record Service(String type, List<Endpoint> endpoints) {}

  static final String NOT_FOUND = "No suitable endpoint could be found in the service catalog.";

  private final boolean v2;
  private final List<Service> services;

  private Catalog(boolean v2, List<Service> services) {
    this.v2 = v2;
    this.services = List.copyOf(services);
  }

  /** {@code token.catalog} of a Keystone v3 token reply. */
  static Catalog v3(JsonNode entries) throws OpenStackException {
    List<Service> out = new ArrayList<>();
    if (entries != null && !entries.isNull()) {
      if (!entries.isArray()) {
        throw GoJson.typeError(entries, ".token.catalog", "[]tokens.CatalogEntry");
      }
      for (JsonNode e : entries) {
        List<Endpoint> eps = new ArrayList<>();
        JsonNode list = GoJson.array(e, "endpoints", "tokens.CatalogEntry", "[]tokens.Endpoint");
        if (list != null) {
          for (JsonNode ep : list) {
            eps.add(
                new Endpoint(
                    GoJson.string(ep, "interface", "tokens.Endpoint"),
                    GoJson.string(ep, "region", "tokens.Endpoint"),
                    GoJson.string(ep, "region_id", "tokens.Endpoint"),
                    GoJson.string(ep, "url", "tokens.Endpoint"),
                    "",
                    "",
                    ""));
          }
        }
        out.add(new Service(GoJson.string(e, "type", "tokens.CatalogEntry"), eps));
      }
    }
    return new Catalog(false, out);
  }

  /** {@code access.serviceCatalog} of a Keystone v2.0 token reply. */
  static Catalog v2(JsonNode entries) throws OpenStackException {
    List<Service> out = new ArrayList<>();
    if (entries != null && !entries.isNull()) {
      if (!entries.isArray()) {
        throw GoJson.typeError(entries, ".access.serviceCatalog", "[]tokens.CatalogEntry");
      }
      for (JsonNode e : entries) {
        List<Endpoint> eps = new ArrayList<>();
        JsonNode list = GoJson.array(e, "endpoints", "tokens.CatalogEntry", "[]tokens.Endpoint");
        if (list != null) {
          for (JsonNode ep : list) {
            eps.add(
                new Endpoint(
                    "",
                    GoJson.string(ep, "region", "tokens.Endpoint"),
                    "",
                    "",
                    GoJson.string(ep, "publicURL", "tokens.Endpoint"),
                    GoJson.string(ep, "internalURL", "tokens.Endpoint"),
                    GoJson.string(ep, "adminURL", "tokens.Endpoint")));
          }
        }
        out.add(new Service(GoJson.string(e, "type", "tokens.CatalogEntry"), eps));
      }
    }
    return new Catalog(true, out);
  }

  /**
   * The URL of the first endpoint of service {@code type} in {@code region} for {@code
   * availability}, with a trailing slash (gophercloud's {@code NormalizeURL}).
   */
  String locate(String type, String region, String availability) throws OpenStackException {
    for (Service s : services) {
      if (!s.type().equals(type)) {
        continue;
      }
      for (Endpoint e : s.endpoints()) {
        if (v2) {
          if (region.isEmpty() || e.region().equals(region)) {
            return normalize(
                switch (availability) {
                  case "internal" -> e.internalUrl();
                  case "admin" -> e.adminUrl();
                  default -> e.publicUrl();
                });
          }
        } else if (e.iface().equals(availability)
            && (region.isEmpty() || e.region().equals(region) || e.regionId().equals(region))) {
          return normalize(e.url());
        }
      }
    }
    throw new OpenStackException(NOT_FOUND);
  }

  static String normalize(String url) {
    return url.endsWith("/") ? url : url + "/";
  }
}
