package io.virtpath.validate.reference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * sockperf's ping-pong summary, read from its console text (it has no machine format). With
 * {@code --full-rtt} it reports round trips ("avg-rtt"); without it, half round trips
 * ("avg-latency"), which would halve every figure: {@link #fullRoundTrip} tells which one this is.
 * sockperf exits 0 even when it cannot connect, so a missing summary is an error here.
 *
 * @param percentilesUs by sockperf's own label ("50.000", "99.900"), in microseconds
 */
public record SockperfOutput(boolean fullRoundTrip, double meanUs, long observations, Map<String, Double> percentilesUs) {
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
  private static final Pattern MEAN = Pattern.compile("====> avg-(rtt|lat|latency)=\\s*([0-9.]+)");
  private static final Pattern OBSERVATIONS = Pattern.compile("Total (\\d+) observations");
  private static final Pattern PERCENTILE = Pattern.compile("---> percentile\\s+([0-9.]+)\\s*=\\s*([0-9.]+)");
  private static final Pattern ERROR = Pattern.compile("sockperf: ERROR:?\\s*(.*)");

  public static SockperfOutput parse(String text) throws ToolFailure {
    String plain = ANSI.matcher(text).replaceAll("");
    Matcher err = ERROR.matcher(plain);
    if (err.find()) {
      throw new ToolFailure("sockperf: " + err.group(1).strip());
    }
    Matcher mean = MEAN.matcher(plain);
    if (!mean.find()) {
      throw new ToolFailure("sockperf printed no latency summary: " + ToolRun.lastLine(plain));
    }
    Matcher obs = OBSERVATIONS.matcher(plain);
    Map<String, Double> pct = new LinkedHashMap<>();
    Matcher p = PERCENTILE.matcher(plain);
    while (p.find()) {
      pct.put(p.group(1), Double.parseDouble(p.group(2)));
    }
    if (!pct.containsKey("50.000")) {
      throw new ToolFailure("sockperf printed no median (percentile 50.000)");
    }
    return new SockperfOutput(mean.group(1).equals("rtt"), Double.parseDouble(mean.group(2)),
        obs.find() ? Long.parseLong(obs.group(1)) : 0, pct);
  }

  public double medianUs() {
    return percentilesUs.get("50.000");
  }
}
