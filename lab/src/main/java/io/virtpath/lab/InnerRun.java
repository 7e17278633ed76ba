package io.virtpath.lab;

import io.virtpath.core.JvmFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one command every target runs inside itself: the very same jar's {@code run} (or {@code
 * validate}), with the same arguments; only where results and scratch are differs, because each
 * target sees them at its own paths.
 *
 * <p>A target whose job is a long-lived agent runs {@link #asAgent} instead: the same selection,
 * measured block by block as a controller asks, over a control channel.
 *
 * @param command the subcommand, {@code run}, {@code validate} or {@code agent}
 * @param args its arguments after label, results and scratch (JMH options after "--" last)
 */
public record InnerRun(Path java, Path jar, String command, List<String> args) {
  public InnerRun {
    args = List.copyOf(args);
  }

  /** {@code run} with the lab's profile, suites and peer, its other run options, and the user's JMH options. */
  public static InnerRun suites(Path java, Path jar, String profile, List<String> suites, String peer,
      List<String> runOptions, List<String> jmhArgs) {
    List<String> a = new ArrayList<>(List.of("--profile", profile, "--suites", String.join(",", suites), "--peer", peer));
    a.addAll(runOptions);
    if (!jmhArgs.isEmpty()) {
      a.add("--");
      a.addAll(jmhArgs);
    }
    return new InnerRun(java, jar, "run", a);
  }

  /**
   * The same suites as a long-lived {@code virtpath agent} (issue 21) instead of one {@code run}:
   * the same arguments, which the agent takes too, less {@code --shared-jvm}: an agent is one warm
   * JVM whatever it is told (it has no such option). An agent command is returned as it is.
   */
  public InnerRun asAgent() {
    if (command.equals("agent")) {
      return this;
    }
    if (!command.equals("run")) {
      throw new IllegalStateException("only 'run' has an agent, not '" + command + "'");
    }
    int jmh = args.indexOf("--");
    List<String> a = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (!(args.get(i).equals("--shared-jvm") && (jmh < 0 || i < jmh))) {
        a.add(args.get(i));
      }
    }
    return new InnerRun(java, jar, "agent", a);
  }

  /** The same command with {@link LabService#PEER_IP} replaced by the lab's peer address. */
  InnerRun withPeerIp(String peerIp) {
    return new InnerRun(java, jar, command, args.stream().map(a -> a.replace(LabService.PEER_IP, peerIp)).toList());
  }

  /**
   * The agent a target runs instead of this {@code run}: the same profile, suites, peer, set and
   * JMH options (label, results and scratch are added by {@link #command} as for the run), talking
   * over {@code channel}, the device of the target's control channel. {@code --shared-jvm} is
   * dropped: an agent is one JVM by design.
   *
   * @throws IllegalStateException for a command other than {@code run}
   */
  public InnerRun asAgent(String channel) {
    if (!command.equals("run")) {
      throw new IllegalStateException("only a run becomes an agent, not '" + command + "'");
    }
    List<String> a = new ArrayList<>(args);
    int jmh = a.indexOf("--");
    List<String> own = new ArrayList<>(jmh < 0 ? a : a.subList(0, jmh));
    own.remove("--shared-jvm");
    own.addAll(List.of("--channel", channel));
    if (jmh >= 0) {
      own.addAll(a.subList(jmh, a.size()));
    }
    return new InnerRun(java, jar, "agent", own);
  }

  /** The same command with {@code option} added before the JMH options ("--" and after). */
  InnerRun withOption(String option) {
    List<String> a = new ArrayList<>(args);
    int jmh = a.indexOf("--");
    a.add(jmh < 0 ? a.size() : jmh, option);
    return new InnerRun(java, jar, command, a);
  }

  public List<String> command(String label, String resultsDir, String scratchDir) {
    List<String> cmd = new ArrayList<>(List.of(java.toString()));
    cmd.addAll(JvmFlags.REQUIRED);
    cmd.addAll(List.of(
        // containers and guests have no locale: keep the console's µ and ± intact
        "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
        "-jar", jar.toString(), command,
        "--label", label,
        "--results", resultsDir,
        "--scratch", scratchDir));
    cmd.addAll(args);
    return cmd;
  }
}
