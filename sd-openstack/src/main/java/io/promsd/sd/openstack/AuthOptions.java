package io.promsd.sd.openstack;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;

/**
 * gophercloud's {@code AuthOptions} as Prometheus fills it ({@code newRefresher} in {@code
 * discovery/openstack/openstack.go}): from the config, or from the {@code OS_*} environment when
 * {@code identity_endpoint} is empty ({@code openstack.AuthOptionsFromEnv}). It builds the token
 * requests of Keystone v3 ({@code ToTokenV3ScopeMap}, {@code ToTokenV3CreateMap}) and v2.0 ({@code
 * ToTokenV2CreateMap}) with their checks and error texts. {@link #toString()} hides the secrets.
 */
record AuthOptions(
    String identityEndpoint,
    String username,
    String userId,
    String password,
    String passcode,
    String tenantId,
    String tenantName,
    String domainId,
    String domainName,
    String appCredId,
    String appCredName,
    String appCredSecret) {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  static AuthOptions of(OpenStackSdConfig c) {
    return new AuthOptions(
        c.identityEndpoint(),
        c.username(),
        c.userId(),
        c.password().reveal(),
        "",
        c.projectId(),
        c.projectName(),
        c.domainId(),
        c.domainName(),
        c.applicationCredentialId(),
        c.applicationCredentialName(),
        c.applicationCredentialSecret().reveal());
  }

  /**
   * gophercloud v1.1.1's {@code AuthOptionsFromEnv} ({@code openstack/auth_env.go}).
   *
   * @throws IllegalArgumentException with gophercloud's text, e.g. {@code Missing environment
   *     variable [OS_AUTH_URL]}
   */
  static AuthOptions fromEnv(Function<String, String> env) {
    String authUrl = get(env, "OS_AUTH_URL");
    String username = get(env, "OS_USERNAME");
    String userId = get(env, "OS_USERID");
    String password = get(env, "OS_PASSWORD");
    String passcode = get(env, "OS_PASSCODE");
    String tenantId = get(env, "OS_TENANT_ID");
    String tenantName = get(env, "OS_TENANT_NAME");
    String domainId = get(env, "OS_DOMAIN_ID");
    String domainName = get(env, "OS_DOMAIN_NAME");
    String appCredId = get(env, "OS_APPLICATION_CREDENTIAL_ID");
    String appCredName = get(env, "OS_APPLICATION_CREDENTIAL_NAME");
    String appCredSecret = get(env, "OS_APPLICATION_CREDENTIAL_SECRET");
    if (!get(env, "OS_PROJECT_ID").isEmpty()) {
      tenantId = get(env, "OS_PROJECT_ID");
    }
    if (!get(env, "OS_PROJECT_NAME").isEmpty()) {
      tenantName = get(env, "OS_PROJECT_NAME");
    }
    if (authUrl.isEmpty()) {
      throw missing("OS_AUTH_URL");
    }
    if (userId.isEmpty() && username.isEmpty() && appCredId.isEmpty() && appCredSecret.isEmpty()) {
      throw missingOneOf("OS_USERID, OS_USERNAME");
    }
    if (password.isEmpty() && passcode.isEmpty() && appCredId.isEmpty() && appCredName.isEmpty()) {
      throw missing("OS_PASSWORD");
    }
    if ((!appCredId.isEmpty() || !appCredName.isEmpty()) && appCredSecret.isEmpty()) {
      throw missing("OS_APPLICATION_CREDENTIAL_SECRET");
    }
    if (domainId.isEmpty() && domainName.isEmpty() && tenantId.isEmpty() && !tenantName.isEmpty()) {
      throw missing("OS_PROJECT_ID");
    }
    if (appCredId.isEmpty() && !appCredName.isEmpty() && !appCredSecret.isEmpty()) {
      if (userId.isEmpty() && username.isEmpty()) {
        throw missingOneOf("OS_USERID, OS_USERNAME");
      }
      if (!username.isEmpty() && domainId.isEmpty() && domainName.isEmpty()) {
        throw missingOneOf("OS_DOMAIN_ID, OS_DOMAIN_NAME");
      }
    }
    return new AuthOptions(
        authUrl,
        username,
        userId,
        password,
        passcode,
        tenantId,
        tenantName,
        domainId,
        domainName,
        appCredId,
        appCredName,
        appCredSecret);
  }

  private static String get(Function<String, String> env, String name) {
    String v = env.apply(name);
    return v == null ? "" : v;
  }

  private static IllegalArgumentException missing(String name) {
    return new IllegalArgumentException("Missing environment variable [" + name + "]");
  }

  private static IllegalArgumentException missingOneOf(String names) {
    return new IllegalArgumentException(
        "Missing one of the following environment variables [" + names + "]");
  }

  /**
   * The body of {@code POST /v3/auth/tokens}: the scope is worked out first, then the identity, as
   * {@code tokens.Create} does.
   *
   * @throws OpenStackException with gophercloud's text for inconsistent options
   */
  ObjectNode v3Body() throws OpenStackException {
    ObjectNode scope = v3Scope();
    ObjectNode identity = JSON.objectNode();
    if (password.isEmpty() && passcode.isEmpty()) {
      if (!appCredId.isEmpty()) {
        requireAppCredSecret();
        identity.putArray("methods").add("application_credential");
        identity
            .putObject("application_credential")
            .put("id", appCredId)
            .put("secret", appCredSecret);
      } else if (!appCredName.isEmpty()) {
        requireAppCredSecret();
        ObjectNode user = JSON.objectNode();
        if (!userId.isEmpty()) {
          user.put("id", userId);
        } else if (username.isEmpty()) {
          throw new OpenStackException(USERNAME_OR_USERID);
        } else if (!domainId.isEmpty()) {
          user.put("name", username).putObject("domain").put("id", domainId);
        } else if (!domainName.isEmpty()) {
          user.put("name", username).putObject("domain").put("name", domainName);
        } else {
          throw new OpenStackException(DOMAIN_ID_OR_NAME);
        }
        identity.putArray("methods").add("application_credential");
        ObjectNode ac = identity.putObject("application_credential");
        ac.put("name", appCredName);
        ac.set("user", user);
        ac.put("secret", appCredSecret);
      } else {
        throw new OpenStackException("You must provide a password to authenticate");
      }
    } else {
      var methods = identity.putArray("methods");
      if (!password.isEmpty()) {
        methods.add("password");
      }
      if (!passcode.isEmpty()) {
        methods.add("totp");
      }
      if (username.isEmpty() && userId.isEmpty()) {
        throw new OpenStackException(USERNAME_OR_USERID);
      }
      ObjectNode user = JSON.objectNode();
      if (!username.isEmpty()) {
        if (!userId.isEmpty()) {
          throw new OpenStackException(USERNAME_OR_USERID);
        }
        if (domainId.isEmpty() && domainName.isEmpty()) {
          throw new OpenStackException(DOMAIN_ID_OR_NAME);
        }
        if (!domainId.isEmpty() && !domainName.isEmpty()) {
          throw new OpenStackException(DOMAIN_ID_OR_NAME);
        }
        user.put("name", username);
        if (!domainId.isEmpty()) {
          user.putObject("domain").put("id", domainId);
        } else {
          user.putObject("domain").put("name", domainName);
        }
      } else {
        if (!domainId.isEmpty()) {
          throw new OpenStackException(withUserId("DomainID"));
        }
        if (!domainName.isEmpty()) {
          throw new OpenStackException(withUserId("DomainName"));
        }
        user.put("id", userId);
      }
      if (!password.isEmpty()) {
        ObjectNode u = user.deepCopy();
        u.put("password", password);
        identity.putObject("password").set("user", u);
      }
      if (!passcode.isEmpty()) {
        ObjectNode u = user.deepCopy();
        u.put("passcode", passcode);
        identity.putObject("totp").set("user", u);
      }
    }
    ObjectNode auth = JSON.objectNode();
    auth.set("identity", identity);
    if (scope != null) {
      auth.set("scope", scope);
    }
    ObjectNode body = JSON.objectNode();
    body.set("auth", auth);
    return body;
  }

  /** {@code ToTokenV3ScopeMap} with no explicit scope: the project, if any. */
  private ObjectNode v3Scope() throws OpenStackException {
    if (!tenantId.isEmpty()) {
      ObjectNode s = JSON.objectNode();
      s.putObject("project").put("id", tenantId);
      return s;
    }
    if (tenantName.isEmpty()) {
      return null; // unscoped: domain fields are not copied into the scope without a project
    }
    if (domainId.isEmpty() && domainName.isEmpty()) {
      throw new OpenStackException(
          "You must provide exactly one of DomainID or DomainName in a Scope with ProjectName");
    }
    ObjectNode s = JSON.objectNode();
    ObjectNode project = s.putObject("project");
    project.put("name", tenantName);
    if (!domainId.isEmpty()) {
      project.putObject("domain").put("id", domainId);
    } else {
      project.putObject("domain").put("name", domainName);
    }
    return s;
  }

  /**
   * The body of {@code POST /v2.0/tokens} ({@code ToTokenV2CreateMap}).
   *
   * @throws OpenStackException {@code Missing input for argument [...]}
   */
  ObjectNode v2Body() throws OpenStackException {
    ObjectNode auth = JSON.objectNode();
    if (username.isEmpty()) {
      throw new OpenStackException("Missing input for argument [Username]");
    }
    if (password.isEmpty()) {
      throw new OpenStackException("Missing input for argument [Password]");
    }
    auth.putObject("passwordCredentials").put("username", username).put("password", password);
    if (!tenantId.isEmpty()) {
      auth.put("tenantId", tenantId);
    }
    if (!tenantName.isEmpty()) {
      auth.put("tenantName", tenantName);
    }
    ObjectNode body = JSON.objectNode();
    body.set("auth", auth);
    return body;
  }

  private void requireAppCredSecret() throws OpenStackException {
    if (appCredSecret.isEmpty()) {
      throw new OpenStackException("You must provide an Application Credential Secret");
    }
  }

  private static String withUserId(String attribute) {
    return attribute + " may not be provided when authenticating with a UserID";
  }

  private static final String USERNAME_OR_USERID =
      "Exactly one of Username and UserID must be provided for password authentication";
  private static final String DOMAIN_ID_OR_NAME =
      "You must provide exactly one of DomainID or DomainName to authenticate by Username";

  @Override
  public String toString() {
    return "AuthOptions[identityEndpoint="
        + identityEndpoint
        + ", username="
        + username
        + ", userId="
        + userId
        + ", password=<secret>, tenantId="
        + tenantId
        + ", tenantName="
        + tenantName
        + ", domainId="
        + domainId
        + ", domainName="
        + domainName
        + ", appCredId="
        + appCredId
        + ", appCredName="
        + appCredName
        + ", appCredSecret=<secret>]";
  }
}
