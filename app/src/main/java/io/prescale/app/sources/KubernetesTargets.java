package io.prescale.app.sources;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.prescale.collector.scrape.ScrapeTarget;
import io.prescale.core.time.EpochNanos;
import io.prescale.policy.SourceSpec;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints of one {@code kubernetes} source, listed through the Kubernetes API (fabric8): with
 * role {@code pod}, every running pod (an IP, not being deleted) matching the selector, at the port
 * of that number or the container port of that name, each with its start time (so a pod that starts
 * after Prescale counts from zero and is a cold start); with role {@code endpoints}, every ready
 * address of the matching Endpoints objects at the port of that number or name (no start time: the
 * first scrape is a baseline). Needs only {@code list} on pods or endpoints in the namespaces
 * (docs/collector.md, "Prometheus sources").
 */
final class KubernetesTargets {
  private KubernetesTargets() {}

  /** The source's targets now; throws the client's exception when the API refuses. */
  static List<ScrapeTarget> list(
      KubernetesClient client, SourceSpec source, ScrapeTarget.Auth auth) {
    SourceSpec.Kubernetes k = source.kubernetes();
    List<ScrapeTarget> out = new ArrayList<>();
    List<String> namespaces = k.namespaces().isEmpty() ? null : k.namespaces();
    if (k.role().equals("endpoints")) {
      List<Endpoints> all = new ArrayList<>();
      if (namespaces == null) {
        all.addAll(endpoints(client.endpoints().inAnyNamespace(), k.selector()));
      } else {
        for (String ns : namespaces) {
          all.addAll(endpoints(client.endpoints().inNamespace(ns), k.selector()));
        }
      }
      for (Endpoints e : all) {
        for (EndpointSubset s : e.getSubsets()) {
          for (EndpointPort p : s.getPorts()) {
            if (!matches(k.port(), p.getPort(), p.getName())) {
              continue;
            }
            for (EndpointAddress a : s.getAddresses()) {
              out.add(target(source, k, a.getIp(), p.getPort(), 0, auth));
            }
          }
        }
      }
      return out;
    }
    List<Pod> pods = new ArrayList<>();
    if (namespaces == null) {
      pods.addAll(pods(client.pods().inAnyNamespace(), k.selector()));
    } else {
      for (String ns : namespaces) {
        pods.addAll(pods(client.pods().inNamespace(ns), k.selector()));
      }
    }
    for (Pod pod : pods) {
      if (pod.getStatus() == null
          || !"Running".equals(pod.getStatus().getPhase())
          || pod.getStatus().getPodIP() == null
          || pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      Integer port = port(pod, k.port());
      if (port == null) {
        continue;
      }
      out.add(
          target(
              source,
              k,
              pod.getStatus().getPodIP(),
              port,
              started(pod.getStatus().getStartTime()),
              auth));
    }
    return out;
  }

  private static List<Endpoints> endpoints(
      FilterWatchListDeletable<Endpoints, EndpointsList, ?> op, String selector) {
    return (selector.isBlank() ? op : op.withLabelSelector(selector)).list().getItems();
  }

  private static List<Pod> pods(FilterWatchListDeletable<Pod, PodList, ?> op, String selector) {
    return (selector.isBlank() ? op : op.withLabelSelector(selector)).list().getItems();
  }

  private static Integer port(Pod pod, String want) {
    if (want.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(want);
    }
    for (var c : pod.getSpec().getContainers()) {
      for (ContainerPort p : c.getPorts()) {
        if (want.equals(p.getName())) {
          return p.getContainerPort();
        }
      }
    }
    return null;
  }

  private static boolean matches(String want, Integer port, String name) {
    return want.chars().allMatch(Character::isDigit)
        ? port != null && port == Integer.parseInt(want)
        : want.equals(name);
  }

  private static long started(String rfc3339) {
    if (rfc3339 == null) {
      return 0;
    }
    try {
      return EpochNanos.of(Instant.parse(rfc3339));
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  private static ScrapeTarget target(
      SourceSpec s,
      SourceSpec.Kubernetes k,
      String ip,
      int port,
      long startNanos,
      ScrapeTarget.Auth auth) {
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    return new ScrapeTarget(
        s.name(),
        URI.create(k.scheme() + "://" + host + ":" + port + k.path()),
        s.interval(),
        s.timeout(),
        auth,
        startNanos);
  }
}
