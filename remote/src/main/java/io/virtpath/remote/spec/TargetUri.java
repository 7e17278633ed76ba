package io.virtpath.remote.spec;

import java.util.List;

/**
 * How the controller reaches a target: {@code ssh://[user@]host[:port]} through the user's own
 * OpenSSH client, {@code exec:PREFIX} through any command that runs a program in the target with
 * stdin and stdout attached, or {@code local}. A password in an ssh URI is refused; a prefix may
 * carry a secret the command needs ({@code env KUBE_TOKEN=...}), which {@link #text()} hides.
 */
public sealed interface TargetUri {
  /** "ssh", "exec" or "local", as remote.json names the transport. */
  String transport();

  /** The URI as the record and the console show it: values in a prefix hidden ({@link Redaction}). */
  String text();

  /**
   * The machine the target runs on, for {@code --parallel-hosts}: two targets with the same host
   * never run at once. The ssh destination, else "controller".
   */
  String host();

  /** {@code ssh://[user@]host[:port]}: user and port null when not given (ssh's config decides). */
  record Ssh(String user, String hostName, Integer port) implements TargetUri {
    @Override
    public String transport() {
      return "ssh";
    }

    @Override
    public String text() {
      String h = hostName.contains(":") ? "[" + hostName + "]" : hostName;
      return "ssh://" + (user == null ? "" : user + "@") + h + (port == null ? "" : ":" + port);
    }

    @Override
    public String host() {
      return hostName;
    }

    /** The destination as ssh takes it (user via -l, port via -p). */
    public String destination() {
      return hostName;
    }
  }

  /** {@code exec:PREFIX}: the prefix's words, then {@code sh -c SCRIPT}. */
  record Exec(List<String> prefix) implements TargetUri {
    public Exec {
      prefix = List.copyOf(prefix);
    }

    @Override
    public String transport() {
      return "exec";
    }

    @Override
    public String text() {
      return "exec:" + Words.join(Redaction.prefix(prefix));
    }

    @Override
    public String host() {
      String d = SshPrefix.destination(prefix);
      return d == null ? "controller" : d.substring(d.indexOf('@') + 1);
    }

    /**
     * True when the prefix is an ssh command: ssh joins the words after the destination and has
     * the remote login shell parse them again, so each must be quoted once more.
     */
    public boolean throughRemoteShell() {
      return SshPrefix.isSsh(prefix);
    }
  }

  /** This machine: {@code sh -c SCRIPT}. */
  record Local() implements TargetUri {
    @Override
    public String transport() {
      return "local";
    }

    @Override
    public String text() {
      return "local";
    }

    @Override
    public String host() {
      return "controller";
    }
  }

  /** Parses {@code text}; {@link IllegalArgumentException} says what is wrong and how to write it. */
  static TargetUri parse(String text) {
    if (text.equals("local")) {
      return new Local();
    }
    if (text.startsWith("exec:")) {
      List<String> prefix;
      try {
        prefix = Words.split(text.substring("exec:".length()));
      } catch (IllegalArgumentException e) {
        // not quoted back: without its word boundaries a secret in it could not be hidden
        throw new IllegalArgumentException("the exec: prefix cannot be read: " + e.getMessage());
      }
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("'exec:' needs a command prefix, e.g. exec:pct exec 101 -- or "
            + "exec:lxc-attach -n ct1 --");
      }
      return new Exec(prefix);
    }
    if (text.startsWith("ssh://")) {
      return ssh(text);
    }
    throw new IllegalArgumentException("'" + Redaction.text(text) + "' is not a target URI; use "
        + "ssh://[user@]host[:port], exec:COMMAND PREFIX (e.g. exec:pct exec 101 --) or local");
  }

  private static Ssh ssh(String text) {
    String rest = text.substring("ssh://".length());
    int at = rest.lastIndexOf('@');
    if (at >= 0 && rest.substring(0, at).contains(":")) {
      // before any message that quotes the URI
      String user = rest.substring(0, at);
      throw new IllegalArgumentException("'ssh://" + user.substring(0, user.indexOf(':')) + ":" + Redaction.MASK
          + rest.substring(at) + "' holds a password: virtpath never takes one (it would land in the record); use a "
          + "key or an agent, as with ssh in batch mode");
    }
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.contains("/") || rest.contains("?") || rest.contains("#")) {
      throw new IllegalArgumentException("'" + text + "' has a path or query; write ssh://[user@]host[:port]");
    }
    String user = null;
    if (at >= 0) {
      user = rest.substring(0, at);
      rest = rest.substring(at + 1);
      if (!user.matches("[A-Za-z0-9._][A-Za-z0-9._-]*")) {
        throw new IllegalArgumentException("'" + text + "': user '" + user + "' is not a user name");
      }
    }
    String host;
    Integer port = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + text + "': an IPv6 address needs its closing ']'");
      }
      host = rest.substring(1, close);
      rest = rest.substring(close + 1);
      if (!host.matches("[0-9A-Fa-f:.%a-z]+")) {
        throw new IllegalArgumentException("'" + text + "': '" + host + "' is not an IPv6 address");
      }
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw new IllegalArgumentException("'" + text + "': after ']' only ':PORT' may follow");
      }
      port = rest.isEmpty() ? null : port(rest.substring(1), text);
    } else {
      int colon = rest.indexOf(':');
      host = colon < 0 ? rest : rest.substring(0, colon);
      port = colon < 0 ? null : port(rest.substring(colon + 1), text);
    }
    // a host starting with '-' would be read by ssh as an option
    if (!host.matches("[A-Za-z0-9_][A-Za-z0-9._-]*") && !host.contains(":")) {
      throw new IllegalArgumentException("'" + text + "': '" + host + "' is not a host name or address");
    }
    return new Ssh(user, host, port);
  }

  private static int port(String s, String text) {
    if (!s.matches("[0-9]{1,5}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > 65535) {
      throw new IllegalArgumentException("'" + text + "': port '" + s + "' is not a number from 1 to 65535");
    }
    return Integer.parseInt(s);
  }
}
