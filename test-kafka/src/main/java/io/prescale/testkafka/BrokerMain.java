package io.prescale.testkafka;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * The child JVM's main class: formats the KRaft log directory if it is not yet formatted, then runs
 * the broker ({@code kafka.Kafka}) in this process. A daemon thread halts the JVM as soon as its
 * stdin reaches end of file, which happens when the parent test JVM exits or dies (the parent holds
 * the pipe open for the child's whole life), so no broker outlives its tests.
 *
 * <p>Arguments: {@code <server.properties> <cluster id>}.
 */
final class BrokerMain {
  private static final Logger LOG = Logger.getLogger(BrokerMain.class.getName());

  private BrokerMain() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      throw new IllegalArgumentException(
          "usage: BrokerMain <server.properties> <cluster id>, got " + args.length + " arguments");
    }
    watchParent(System.in);
    String properties = args[0];
    String clusterId = args[1];
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    // --ignore-formatted: a restart keeps the directory (and its data) as it is
    int formatted =
        kafka.tools.StorageTool.execute(
            new String[] {"format", "-t", clusterId, "-c", properties, "--ignore-formatted"}, out);
    if (formatted != 0) {
      LOG.severe("kafka-storage format exited with " + formatted + "; the broker does not start");
      Runtime.getRuntime().halt(formatted);
    }
    kafka.Kafka.main(new String[] {properties});
  }

  private static void watchParent(InputStream stdin) {
    Thread watcher =
        new Thread(
            () -> {
              byte[] buffer = new byte[256];
              try {
                while (stdin.read(buffer) >= 0) {
                  // the parent writes nothing; it only keeps the pipe open
                }
              } catch (IOException e) {
                LOG.warning("stdin from the parent JVM failed: " + e);
              }
              LOG.warning("the parent JVM closed stdin: halting the broker");
              Runtime.getRuntime().halt(3);
            },
            "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
