package io.virtpath.remote.transport;

import io.virtpath.remote.spec.TargetUri;
import java.util.List;
import java.util.Locale;

/**
 * Says in a sentence why a transport command failed, from what the script and the client printed:
 * a refused host key, a login ssh could not make in batch mode, an unreachable host, a target
 * without /bin/sh — each with what to do. Quotes the URI as {@link TargetUri#text()} shows it,
 * values in a prefix hidden; ssh prints no secret of its own.
 */
public final class Failures {
  private Failures() {}

  /**
   * @param step "probe", "upload", "run", "collect"
   * @param exit the command's exit code
   * @param stderrTail the last lines of its stderr
   */
  public static String describe(TargetUri uri, String step, int exit, Markers markers, String stderrTail) {
    var fail = markers.value("fail");
    if (fail.isPresent()) {
      return fail.get();
    }
    String err = stderrTail.strip();
    String lower = err.toLowerCase(Locale.ROOT);
    String where = uri.text();
    if (uri instanceof TargetUri.Ssh s && exit == 255) {
      if (lower.contains("remote host identification has changed")) {
        return "the host key of " + s.hostName() + " has CHANGED since it was recorded in known_hosts (a reinstalled "
            + "guest, or someone in between): refused. Check the new key, then remove the old one with ssh-keygen -R "
            + knownHostsName(s) + " and connect once with ssh";
      }
      if (lower.contains("host key verification failed") || lower.contains("no ") && lower.contains("host key is known")) {
        return "the host key of " + s.hostName() + " is not known: refused (batch mode never asks). Connect once with "
            + "ssh to check and accept it, or pass --accept-new-host-keys to learn unknown keys";
      }
      if (lower.contains("permission denied")) {
        return "ssh could not log in to " + where + " (" + lastLine(err) + "): virtpath runs ssh in batch mode, so "
            + "it needs a key or an agent; it never asks for a password";
      }
      if (lower.contains("connection refused") || lower.contains("no route to host") || lower.contains("timed out")
          || lower.contains("could not resolve") || lower.contains("network is unreachable")
          || lower.contains("connection closed") || lower.contains("connection reset")) {
        return where + " is unreachable: " + lastLine(err);
      }
      if (lower.contains("broken pipe") || lower.contains("timeout, server")) {
        return "the connection to " + where + " dropped during the " + step + ": " + lastLine(err);
      }
      return "ssh to " + where + " failed (exit 255): " + lastLine(err);
    }
    if (exit == 127 && (lower.contains("sh: not found") || lower.contains("sh: command not found")
        || lower.contains("no such file") || lower.contains("executable file not found"))) {
      return where + " has no /bin/sh (or the command prefix is wrong): " + lastLine(err)
          + "; virtpath needs a POSIX shell in the target";
    }
    if (!markers.has("sh") && step.equals("probe")) {
      return "the " + step + " of " + where + " did not start a shell (exit " + exit + ")"
          + (err.isEmpty() ? "" : ": " + lastLine(err));
    }
    return "the " + step + " in " + where + " failed (exit " + exit + ")" + (err.isEmpty() ? "" : ": " + lastLine(err));
  }

  /** How known_hosts names the host: {@code [host]:port} for a port other than 22. */
  private static String knownHostsName(TargetUri.Ssh s) {
    return s.port() == null || s.port() == 22 ? s.hostName() : "'[" + s.hostName() + "]:" + s.port() + "'";
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
  }
}
