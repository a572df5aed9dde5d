package io.prescale.policy;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One entry of a policy file's {@code sources:} section: Prometheus endpoints Prescale scrapes for
 * platform series (docs/policy.md, "Sources"). Exactly one of {@code staticUrls} (non-empty) and
 * {@code kubernetes} (non-null) is set.
 *
 * @param name unique, the {@code source} label of the scrape metrics
 * @param staticUrls fixed endpoints
 * @param kubernetes endpoints discovered in Kubernetes
 * @param interval time between scrapes of each endpoint
 * @param timeout a scrape's whole time, at most {@code interval}
 * @param bearerTokenFile a file whose content is sent as {@code Authorization: Bearer}, or null
 * @param username basic-auth user (with {@code passwordFile}), or null
 * @param passwordFile basic-auth password file, or null
 */
public record SourceSpec(
    String name,
    List<URI> staticUrls,
    Kubernetes kubernetes,
    Duration interval,
    Duration timeout,
    String bearerTokenFile,
    String username,
    String passwordFile) {

  public SourceSpec {
    staticUrls = List.copyOf(staticUrls);
  }

  /**
   * Endpoints discovered through the Kubernetes API.
   *
   * @param role {@code pod} (each running pod with an IP) or {@code endpoints} (each ready address
   *     of the matching Endpoints objects)
   * @param namespaces where to look; empty: every namespace
   * @param selector a label selector ({@code app=x,tier!=db,env in (a,b)}), on pods or on Endpoints
   * @param port the port number, or its name (a container port's or an Endpoints port's)
   * @param path the HTTP path (default {@code /metrics})
   * @param scheme {@code http} or {@code https}
   */
  public record Kubernetes(
      String role,
      List<String> namespaces,
      String selector,
      String port,
      String path,
      String scheme) {
    public Kubernetes {
      namespaces = List.copyOf(namespaces);
    }
  }
}
