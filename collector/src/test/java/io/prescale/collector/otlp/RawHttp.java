package io.prescale.collector.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw TCP client on loopback for tests that misbehave on purpose (slow, silent, partial). */
final class RawHttp implements AutoCloseable {
  final Socket socket;

  RawHttp(int port, int readTimeoutMillis) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(readTimeoutMillis);
  }

  void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.US_ASCII));
  }

  void send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /**
   * Reads until the server closes the connection or the read timeout passes; returns what came, or
   * null when the connection was still open at the timeout.
   */
  String readUntilClosed() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[4096];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      // reset by the server: closed too
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  /** True when the server has closed (EOF or reset) within the read timeout. */
  boolean closedByServer() throws IOException {
    return readUntilClosed() != null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
