package io.prescale.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks (and with {@code --kafka-create-topics}, creates) the three topics: the invocations topic
 * (delete policy, the configured retention), the state topic (compacted, as many partitions as the
 * invocations topic: partition p checkpoints invocations partition p) and the members topic
 * (compacted, one partition). Returns the invocations topic's partition count, which rules.
 */
final class TopicSetup {
  private static final Logger LOG = Logger.getLogger(TopicSetup.class.getName());
  private static final long TIMEOUT_SECONDS = 30;

  private TopicSetup() {}

  static int ensure(Admin admin, ClusterConfig c) throws ClusterException {
    Map<String, Integer> found =
        describe(admin, c, Set.of(c.invocationsTopic(), c.stateTopic(), c.membersTopic()));
    int partitions = found.getOrDefault(c.invocationsTopic(), c.partitions());
    String maxBytes = Integer.toString(c.maxRecordBytes() + 1024);
    List<NewTopic> create = new ArrayList<>();
    if (!found.containsKey(c.invocationsTopic())) {
      create.add(
          topic(c, c.invocationsTopic(), partitions)
              .configs(
                  Map.of(
                      "cleanup.policy",
                      "delete",
                      "retention.ms",
                      Long.toString(c.retention().toMillis()),
                      "max.message.bytes",
                      maxBytes)));
    }
    if (!found.containsKey(c.stateTopic())) {
      create.add(
          topic(c, c.stateTopic(), partitions)
              .configs(
                  Map.of(
                      "cleanup.policy",
                      "compact",
                      "segment.ms",
                      Long.toString(TimeUnit.HOURS.toMillis(1)),
                      "max.message.bytes",
                      maxBytes)));
    }
    if (!found.containsKey(c.membersTopic())) {
      create.add(
          topic(c, c.membersTopic(), 1)
              .configs(
                  Map.of(
                      "cleanup.policy",
                      "compact",
                      "segment.ms",
                      Long.toString(TimeUnit.HOURS.toMillis(1)))));
    }
    if (!create.isEmpty()) {
      if (!c.createTopics()) {
        List<String> names = create.stream().map(NewTopic::name).toList();
        throw new ClusterException(
            "topics "
                + names
                + " do not exist on "
                + c.bootstrap()
                + " and --kafka-create-topics is false: create them (see README, Running several"
                + " replicas) or allow Prescale to");
      }
      for (NewTopic t : create) {
        try {
          admin.createTopics(List.of(t)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          LOG.info("created topic " + t.name() + " (" + t.numPartitions() + " partitions)");
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new ClusterException(
                "cannot create topic " + t.name() + " on " + c.bootstrap() + ": " + e.getCause());
          }
        } catch (TimeoutException e) {
          throw new ClusterException(
              "cannot create topic " + t.name() + ": no answer from " + c.bootstrap() + " in 30s");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ClusterException("interrupted while creating topic " + t.name());
        }
      }
      // a created topic's metadata reaches every broker shortly after: wait for it (30 s at most)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      do {
        found = describe(admin, c, Set.of(c.invocationsTopic(), c.stateTopic(), c.membersTopic()));
        if (found.size() == 3 || System.nanoTime() > deadline) {
          break;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ClusterException("interrupted while waiting for the created topics");
        }
      } while (true);
    }
    int inv = found.getOrDefault(c.invocationsTopic(), -1);
    int state = found.getOrDefault(c.stateTopic(), -1);
    if (inv < 1 || state != inv) {
      throw new ClusterException(
          "topic "
              + c.stateTopic()
              + " has "
              + state
              + " partitions and "
              + c.invocationsTopic()
              + " has "
              + inv
              + ": they must have the same number (partition p of the state topic checkpoints"
              + " partition p of the invocations topic)");
    }
    return inv;
  }

  private static NewTopic topic(ClusterConfig c, String name, int partitions) {
    return new NewTopic(
        name,
        Optional.of(partitions),
        c.replicationFactor() < 0 ? Optional.empty() : Optional.of(c.replicationFactor()));
  }

  private static Map<String, Integer> describe(Admin admin, ClusterConfig c, Set<String> names)
      throws ClusterException {
    Map<String, Integer> out = new HashMap<>();
    Map<String, KafkaFuture<TopicDescription>> futures =
        admin.describeTopics(names).topicNameValues();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    for (String name : names) {
      try {
        long left = Math.max(1, deadline - System.nanoTime());
        out.put(name, futures.get(name).get(left, TimeUnit.NANOSECONDS).partitions().size());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new ClusterException("cannot describe topic " + name + ": " + e.getCause());
        }
      } catch (TimeoutException e) {
        throw new ClusterException(
            "no answer from Kafka at "
                + c.bootstrap()
                + " within "
                + TIMEOUT_SECONDS
                + "s (describing topic "
                + name
                + "): are the brokers up and reachable from here?");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterException("interrupted while describing topic " + name);
      }
    }
    return out;
  }
}
