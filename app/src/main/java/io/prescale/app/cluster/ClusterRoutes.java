package io.prescale.app.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.cluster.ClusterNode;
import io.prescale.collector.api.FunctionApi;
import io.prescale.core.FunctionKey;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The cluster's one view: {@code GET /api/v1/cluster} (replicas, their partitions, the unowned
 * ones), a {@code Prescale-Replica} header on every API answer, and {@code /api/v1/functions/{key}}
 * and {@code /api/v1/decisions/{key}} for a function another replica owns forwarded to it (answer
 * copied, {@code Prescale-Served-By} naming it; 503 + Retry-After while no replica owns it; 502
 * when the owner does not answer within 5 s). A forwarded request is never forwarded again.
 */
final class ClusterRoutes {
  static final String FORWARDED_BY = "Prescale-Forwarded-By";
  static final String SERVED_BY = "Prescale-Served-By";
  static final String REPLICA = "Prescale-Replica";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FORWARD_TIMEOUT_MS = 5_000;

  private final ClusterNode node;
  private final HttpClient client;

  ClusterRoutes(ClusterNode node, Vertx vertx) {
    this.node = node;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout(2_000).setIdleTimeout(30),
            new PoolOptions().setHttp1MaxSize(16));
  }

  void mount(Router router) {
    String id = node.config().replicaId();
    router
        .route("/api/v1/*")
        .handler(
            rc -> {
              rc.response().putHeader(REPLICA, id);
              rc.next();
            });
    router.get("/api/v1/cluster").handler(this::describe);
    router.get("/api/v1/functions/*").handler(rc -> forward(rc, "/api/v1/functions"));
    router.get("/api/v1/decisions/*").handler(rc -> forward(rc, "/api/v1/decisions"));
  }

  private void describe(RoutingContext rc) {
    try {
      rc.response()
          .putHeader("Content-Type", "application/json")
          .end(Buffer.buffer(JSON.writeValueAsBytes(node.describe())));
    } catch (Exception e) {
      error(rc, 500, "cannot describe the cluster: " + e);
    }
  }

  private void forward(RoutingContext rc, String prefix) {
    String key = FunctionApi.keyOf(rc.request().path(), prefix);
    if (key.isBlank()
        || key.length() > FunctionKey.MAX_LENGTH
        || rc.request().getHeader(FORWARDED_BY) != null) {
      rc.next(); // answered here (a 404 when not tracked)
      return;
    }
    ClusterNode.Route route = node.route(FunctionKey.of(key));
    if (route instanceof ClusterNode.Local) {
      rc.next();
      return;
    }
    if (route instanceof ClusterNode.NoOwner n) {
      node.countForward("no_owner");
      rc.response().putHeader("Retry-After", "2");
      error(
          rc,
          503,
          "function '"
              + key
              + "' is in partition "
              + n.partition()
              + ", which no live replica owns now (a handover is under way); retry");
      return;
    }
    ClusterNode.Remote r = (ClusterNode.Remote) route;
    RequestOptions o =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(r.url() + rc.request().uri())
            .setTimeout(FORWARD_TIMEOUT_MS)
            .putHeader(FORWARDED_BY, node.config().replicaId());
    String auth = rc.request().getHeader("Authorization");
    if (auth != null) {
      o.putHeader("Authorization", auth);
    }
    client
        .request(o)
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> Map.entry(resp, b))))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                node.countForward("failed");
                error(
                    rc,
                    502,
                    "function '"
                        + key
                        + "' is owned by replica "
                        + r.replica()
                        + " at "
                        + r.url()
                        + ", which did not answer: "
                        + ar.cause().getMessage());
                return;
              }
              node.countForward("forwarded");
              var resp = ar.result().getKey();
              String type = resp.getHeader("Content-Type");
              if (type != null) {
                rc.response().putHeader("Content-Type", type);
              }
              rc.response()
                  .putHeader(SERVED_BY, r.replica())
                  .setStatusCode(resp.statusCode())
                  .end(ar.result().getValue());
            });
  }

  private static void error(RoutingContext rc, int status, String message) {
    if (rc.response().ended()) {
      return;
    }
    rc.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(JsonObject.of("error", message).toBuffer());
  }
}
