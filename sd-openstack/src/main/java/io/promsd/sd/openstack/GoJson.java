package io.promsd.sd.openstack;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;

/**
 * JSON as gophercloud reads it with Go's {@code encoding/json}: answers parsed into trees, with
 * Go's texts for the faults real clouds and proxies produce (an empty body, an HTML error page) and
 * Go's type checks for the fields discovery reads ({@code null} reads as the zero value).
 */
final class GoJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private GoJson() {}

  /**
   * Parses a body as {@code json.NewDecoder(body).Decode} does (gophercloud's {@code
   * JSONResponse}).
   *
   * @throws OpenStackException with Go's text, e.g. {@code invalid character '<' looking for
   *     beginning of value}
   */
  static JsonNode parse(byte[] body) throws OpenStackException {
    return parse(body, "EOF");
  }

  /**
   * Parses a page body as {@code json.Unmarshal} does in gophercloud's pagination: the body must be
   * an object.
   */
  static JsonNode parsePage(byte[] body) throws OpenStackException {
    JsonNode n = parse(body, "unexpected end of JSON input");
    if (!n.isObject()) {
      throw new OpenStackException(
          "json: cannot unmarshal "
              + (n.isNull() ? "null" : jsonKind(n))
              + " into Go value of type map[string]interface {}");
    }
    return n;
  }

  private static JsonNode parse(byte[] body, String whenEmpty) throws OpenStackException {
    int i = 0;
    while (i < body.length && isSpace(body[i])) {
      i++;
    }
    if (i == body.length) {
      throw new OpenStackException(whenEmpty);
    }
    char first = (char) (body[i] & 0xff);
    if ("{[\"-0123456789tfn".indexOf(first) < 0) {
      throw new OpenStackException(
          "invalid character " + goChar(first) + " looking for beginning of value");
    }
    try {
      JsonNode n = MAPPER.readTree(body);
      return n == null ? NullNode.getInstance() : n;
    } catch (JsonParseException e) {
      throw new OpenStackException("invalid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new OpenStackException("unexpected EOF", e);
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private static String goChar(char c) {
    return c == '\'' ? "'\\''" : "'" + c + "'";
  }

  /** The JSON type name Go's unmarshal errors use. */
  static String jsonKind(JsonNode n) {
    if (n.isTextual()) {
      return "string";
    }
    if (n.isNumber()) {
      return "number";
    }
    if (n.isBoolean()) {
      return "bool";
    }
    if (n.isArray()) {
      return "array";
    }
    return "object";
  }

  /** The dynamic type {@code %T} prints for a value decoded into {@code interface{}}. */
  static String goType(JsonNode n) {
    if (n == null || n.isNull()) {
      return "<nil>";
    }
    if (n.isTextual()) {
      return "string";
    }
    if (n.isNumber()) {
      return "float64";
    }
    if (n.isBoolean()) {
      return "bool";
    }
    if (n.isArray()) {
      return "[]interface {}";
    }
    return "map[string]interface {}";
  }

  /**
   * A string field of a Go struct: absent or null reads as "", anything but a string fails as Go's
   * {@code UnmarshalTypeError}.
   */
  static String string(JsonNode obj, String field, String goStruct) throws OpenStackException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw typeError(v, goStruct + "." + field, "string");
    }
    return v.textValue();
  }

  /** An {@code int} field of a Go struct: absent or null reads as 0; integral numbers only. */
  static void checkInt(JsonNode obj, String field, String goStruct) throws OpenStackException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isIntegralNumber()) {
      if (v.isNumber()) {
        throw new OpenStackException(
            "json: cannot unmarshal number "
                + v.asText()
                + " into Go struct field "
                + goStruct
                + "."
                + field
                + " of type int");
      }
      throw typeError(v, goStruct + "." + field, "int");
    }
  }

  /**
   * An object (Go map or struct) field: absent or null is fine, anything else but an object fails.
   */
  static JsonNode object(JsonNode obj, String field, String goStruct, String goType)
      throws OpenStackException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw typeError(v, goStruct + "." + field, goType);
    }
    return v;
  }

  /** An array field: absent or null is fine, anything else but an array fails. */
  static JsonNode array(JsonNode obj, String field, String goStruct, String goType)
      throws OpenStackException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw typeError(v, goStruct + "." + field, goType);
    }
    return v;
  }

  static OpenStackException typeError(JsonNode v, String where, String goType) {
    return new OpenStackException(
        "json: cannot unmarshal "
            + jsonKind(v)
            + " into Go struct field "
            + where
            + " of type "
            + goType);
  }
}
