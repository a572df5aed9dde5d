package io.prescale.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.testing.HeadlessChromium;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in the real headless Chromium at 1400 x 900: loads with no error and no request off
 * the machine, shows the headline first, fits the width, and gives a screenshot (kept in {@code
 * target/report-screenshots/} to look at). Without Chromium it fails naming how to install it.
 */
class ReportHtmlChromiumTest {
  @TempDir Path dir;

  @Test
  void reportLoadsWithoutErrorsShowsTheHeadlineAndFitsA1400PxWindow() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require();
    SimulationReport report = SmallReport.run(dir);
    Path html = dir.resolve("report.html");
    Files.writeString(html, ReportHtml.write(report, SmallReport.MINUTES), StandardCharsets.UTF_8);
    Path shots = Path.of("target", "report-screenshots");
    Files.createDirectories(shots);
    Path png = shots.resolve("simulator-report-1400.png");
    Files.deleteIfExists(png);

    HeadlessChromium.Page page = chromium.render(html.toUri(), 1400, 900, png);

    assertEquals(List.of(), page.errors());
    assertEquals(List.of(), page.externalRequests());
    String dom = page.dom();
    int headline = dom.indexOf("id=\"headline\"");
    assertTrue(headline > 0, "no headline in the rendered page");
    assertTrue(
        dom.indexOf("On-demand: prescale has ", headline) > 0
            && dom.indexOf("Autoscaled: prescale has ", headline) > 0,
        dom.substring(headline, Math.min(dom.length(), headline + 600)));
    assertTrue(headline < dom.indexOf("<svg class=\"chart\""), "the headline comes before charts");
    assertTrue(dom.contains("7b2c43a2…/e3cdb488…"), "hashed function name shortened");
    assertTrue(dom.contains("title=\"" + SmallReport.HASHED + "\""), "full name on hover");
    assertTrue(page.contentWidth() <= 1400, "scrolls sideways: " + page.contentWidth() + " px");
    byte[] bytes = Files.readAllBytes(png);
    assertEquals(1400, ByteBuffer.wrap(bytes, 16, 4).getInt());
    assertEquals(900, ByteBuffer.wrap(bytes, 20, 4).getInt());
    assertTrue(bytes.length > 20_000, "a blank screenshot is tiny: " + bytes.length + " bytes");
  }
}
