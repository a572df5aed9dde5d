package io.prescale.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code sources:} section: what it reads, and every error with file:line:column. */
class SourcesTest {
  static final String VALID =
      """
      defaults: { mode: kpa }
      sources:
        prometheus:
          - name: openfaas
            static: [ "http://gateway.openfaas:8082/metrics" ]
            interval: 15s
            auth: { basic: { username: admin, passwordFile: /var/secrets/basic-auth-password } }
          - name: knative
            kubernetes:
              role: pod
              namespaces: [ shop ]
              selector: "serving.knative.dev/revision, app notin (batch)"
              port: 9091
            interval: 30s
            timeout: 5s
            auth: { bearerTokenFile: /var/run/secrets/token }
      """;

  @Test
  void readsStaticAndKubernetesSources() throws PolicyException {
    List<SourceSpec> s = PolicyLoader.standard().parse(VALID, "policy.yaml").prometheusSources();
    assertEquals(2, s.size());
    SourceSpec gw = s.get(0);
    assertEquals("openfaas", gw.name());
    assertEquals(List.of(URI.create("http://gateway.openfaas:8082/metrics")), gw.staticUrls());
    assertNull(gw.kubernetes());
    assertEquals(Duration.ofSeconds(15), gw.interval());
    assertEquals(Duration.ofSeconds(10), gw.timeout(), "default: the smaller of 10s and interval");
    assertEquals("admin", gw.username());
    assertEquals("/var/secrets/basic-auth-password", gw.passwordFile());
    SourceSpec kn = s.get(1);
    assertEquals(
        new SourceSpec.Kubernetes(
            "pod",
            List.of("shop"),
            "serving.knative.dev/revision, app notin (batch)",
            "9091",
            "/metrics",
            "http"),
        kn.kubernetes());
    assertEquals(Duration.ofSeconds(5), kn.timeout());
    assertEquals("/var/run/secrets/token", kn.bearerTokenFile());
    assertTrue(Policy.builtIn().prometheusSources().isEmpty());
  }

  @Test
  void everyProblemHasItsPosition() {
    String bad =
        """
        sources:
          prometheus:
            - name: Open_FaaS
              static: [ "ftp://x/metrics" ]
              interval: 2h
            - name: k
              kubernetes: { role: service, selector: "a in (b", port: 70000, path: metrics }
              timeout: 1m
            - name: k
              static: http://a:1/m
              kubernetes: { port: http-metrics }
              auth: { bearerTokenFile: /t, basic: { username: u, passwordFile: /p } }
            - name: ok
              static: http://a:1/m
              scrapeEvery: 1s
        """;
    PolicyException e =
        assertThrows(PolicyException.class, () -> PolicyLoader.standard().parse(bad, "p.yaml"));
    List<String> lines = e.errors().stream().map(PolicyError::toString).toList();
    assertEquals(
        List.of(
            "p.yaml:3:13: sources.prometheus[0].name = \"Open_FaaS\", must be lower-case letters, digits and"
                + " dashes (at most 63, as a DNS label)",
            "p.yaml:4:17: sources.prometheus[0].static[0] = \"ftp://x/metrics\", must be an http:// or"
                + " https:// URL with a host",
            "p.yaml:5:17: sources.prometheus[0].interval = \"2h\", must be a duration like 500ms, 30s, 5m,"
                + " 1h30m, 2d, 1.5s or PT90S in [1s; 1h]",
            "p.yaml:7:27: sources.prometheus[1].kubernetes.role = \"service\", must be pod or endpoints",
            "p.yaml:7:46: sources.prometheus[1].kubernetes.selector = \"a in (b\", must be a label selector"
                + " like app=x,tier!=db,env in (a,b),!canary",
            "p.yaml:7:63: sources.prometheus[1].kubernetes.port = 70000, must be a port number in [1; 65535]"
                + " or a port name",
            "p.yaml:7:76: sources.prometheus[1].kubernetes.path = \"metrics\", must start with /",
            "p.yaml:8:16: sources.prometheus[1].timeout = 1m, must be at most the interval (15s)",
            "p.yaml:9:7: sources.prometheus[2]: must have exactly one of static and kubernetes",
            "p.yaml:12:13: sources.prometheus[2].auth: must be a mapping with one of bearerTokenFile or basic",
            "p.yaml:15:7: sources.prometheus[3].scrapeEvery: unknown key; allowed keys: name, static,"
                + " kubernetes, interval, timeout, auth"),
        lines);
  }

  @Test
  void prometheusSitsBesideThePulledSources() throws PolicyException {
    Policy p =
        PolicyLoader.standard()
            .parse(
                """
                sources:
                  openwhisk: { apiHost: "https://ow.example", authFile: /a }
                  prometheus:
                    - { name: gw, static: "http://gw:8082/metrics" }
                """,
                "p.yaml");
    assertEquals(List.of("gw"), p.prometheusSources().stream().map(SourceSpec::name).toList());
    assertEquals(Set.of("openwhisk"), p.sources().keySet());
  }

  @Test
  void namesAreUnique() {
    String dup =
        """
        sources:
          prometheus:
            - { name: a, static: "http://a:1/m" }
            - { name: a, static: "http://b:1/m" }
        """;
    PolicyException e =
        assertThrows(PolicyException.class, () -> PolicyLoader.standard().parse(dup, "p.yaml"));
    assertEquals(
        "p.yaml:4:7: sources.prometheus[1].name = \"a\", must be unique (also sources.prometheus[0])",
        e.errors().get(0).toString());
  }

  @Test
  void selectorsFollowKubernetesSyntax() {
    for (String ok :
        List.of(
            "",
            "app",
            "!canary",
            "app=x",
            "app==x",
            "app!=x",
            "serving.knative.dev/service=hello",
            "env in (a, b),tier notin (db)",
            "app=x, !canary")) {
      assertTrue(PrometheusSourcesParser.validSelector(ok), ok);
    }
    for (String bad : List.of("app=", "=x", "env in a", "a in (b", "a,,b", "a b", "a)")) {
      if (bad.equals("app=")) {
        assertTrue(PrometheusSourcesParser.validSelector(bad), "an empty value is allowed: app=");
        continue;
      }
      assertFalse(PrometheusSourcesParser.validSelector(bad), bad);
    }
  }
}
