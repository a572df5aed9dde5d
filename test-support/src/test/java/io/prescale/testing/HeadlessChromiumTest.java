package io.prescale.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness against the real browser: what it reports for a clean page and a broken one. */
class HeadlessChromiumTest {
  @TempDir Path dir;

  @Test
  void cleanPageGivesItsDomNoErrorsAndAScreenshotOfTheWindow() throws Exception {
    Path page = dir.resolve("clean.html");
    Files.writeString(
        page,
        "<!DOCTYPE html><html><body><h1 id=h>static</h1>"
            + "<script>document.getElementById('h').textContent='rendered by script'</script>"
            + "</body></html>",
        StandardCharsets.UTF_8);
    Path png = dir.resolve("shot.png");
    HeadlessChromium.Page p = HeadlessChromium.require().render(page.toUri(), 1400, 900, png);
    assertTrue(p.dom().contains("rendered by script"), p.dom());
    assertEquals(List.of(), p.errors());
    assertEquals(List.of(), p.externalRequests());
    assertEquals(1400, pngWidth(png));
    assertEquals(900, pngHeight(png));
    assertTrue(p.contentWidth() <= 1400);
  }

  @Test
  void brokenPageReportsExceptionsConsoleErrorsAndRequestsThatLeaveTheMachine() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    // 127.0.0.2 is loopback (refused at once) but not the 127.0.0.1 the harness counts as local
    String img = "http://127.0.0.2:" + closed + "/x.png";
    Path page = dir.resolve("broken.html");
    Files.writeString(
        page,
        "<!DOCTYPE html><html><body><img src=\""
            + img
            + "\">"
            + "<script>console.log('harmless-log'); console.error('boom', 42); undefinedFn();</script>"
            + "</body></html>",
        StandardCharsets.UTF_8);
    HeadlessChromium.Page p = HeadlessChromium.require().render(page.toUri(), 800, 600, null);
    String all = String.join("\n", p.errors());
    assertTrue(all.contains("console.error: boom 42"), all);
    assertTrue(all.contains("undefinedFn is not defined"), all);
    assertTrue(!all.contains("harmless-log"), all);
    assertEquals(List.of(img), p.externalRequests());
    assertTrue(all.contains("network: Failed to load resource"), all);
  }

  @Test
  void withoutABrowserRequireFailsSayingHowToInstallIt() throws Exception {
    Map<String, String> empty = Map.of("PATH", dir.toString());
    assertTrue(HeadlessChromium.find(empty).isEmpty());
    AssertionError e = assertThrows(AssertionError.class, () -> HeadlessChromium.require(empty));
    assertTrue(
        e.getMessage().contains("apt-get install -y --no-install-recommends chromium"),
        e.getMessage());
    assertTrue(
        HeadlessChromium.find(Map.of("PRESCALE_CHROMIUM", dir.resolve("nope").toString()))
            .isEmpty());
    Path fake = dir.resolve("chromium");
    Files.writeString(fake, "#!/bin/sh\n");
    assertTrue(fake.toFile().setExecutable(true));
    assertEquals(fake, HeadlessChromium.find(empty).orElseThrow().binary());
  }

  @Test
  void aBrowserThatDiesOrHangsGivesAnErrorWithinTheLimit() throws Exception {
    Path dies = dir.resolve("dies");
    Files.writeString(dies, "#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n");
    assertTrue(dies.toFile().setExecutable(true));
    HeadlessChromium dead =
        HeadlessChromium.find(Map.of("PRESCALE_CHROMIUM", dies.toString())).orElseThrow();
    IOException e = assertThrows(IOException.class, () -> dead.render(dir.toUri(), 800, 600, null));
    assertTrue(e.getMessage().contains("cannot open display"), e.getMessage());

    Path hangs = dir.resolve("hangs");
    Files.writeString(hangs, "#!/bin/sh\nexec sleep 30\n");
    assertTrue(hangs.toFile().setExecutable(true));
    HeadlessChromium stuck =
        HeadlessChromium.find(Map.of("PRESCALE_CHROMIUM", hangs.toString()))
            .orElseThrow()
            .withTimeout(Duration.ofSeconds(1));
    long t0 = System.nanoTime();
    e = assertThrows(IOException.class, () -> stuck.render(dir.toUri(), 800, 600, null));
    assertTrue(e.getMessage().contains("within 1s"), e.getMessage());
    assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "the limit held");
    assertThrows(IllegalArgumentException.class, () -> stuck.render(dir.toUri(), 50, 600, null));
  }

  @Test
  void onlyLoopbackAndLocalSchemesCountAsLocal() {
    assertTrue(DevTools.local("file:///tmp/x.html"));
    assertTrue(DevTools.local("data:image/png;base64,AA"));
    assertTrue(DevTools.local("http://127.0.0.1:8080/api/v1/report"));
    assertTrue(!DevTools.local("http://127.0.0.1.example.com/x"));
    assertTrue(!DevTools.local("https://fonts.googleapis.com/css"));
  }

  static int pngWidth(Path png) throws Exception {
    return ByteBuffer.wrap(Files.readAllBytes(png), 16, 4).getInt();
  }

  static int pngHeight(Path png) throws Exception {
    return ByteBuffer.wrap(Files.readAllBytes(png), 20, 4).getInt();
  }
}
