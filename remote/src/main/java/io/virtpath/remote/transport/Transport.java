package io.virtpath.remote.transport;

import io.virtpath.remote.spec.Redaction;
import io.virtpath.remote.spec.TargetUri;
import io.virtpath.remote.spec.Words;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns "run this POSIX sh script in the target" into the command line that does it on the
 * controller: the user's own {@code ssh} (so ~/.ssh/config, ProxyJump, agents and known_hosts work
 * as they do for them), an {@code exec:} prefix, or {@code sh} here. The script's stdin and stdout
 * are the command's: that is how the bundle travels and the progress comes back.
 *
 * @param sshOptions extra words for every ssh command line (VIRTPATH_SSH_OPTIONS: -F, -i, -J ...)
 * @param acceptNewHostKeys StrictHostKeyChecking=accept-new instead of yes: an unknown key is
 *     learned, a changed one is still refused
 */
public record Transport(TargetUri uri, List<String> sshOptions, boolean acceptNewHostKeys) {
  /** The environment variable whose words are added to every ssh command line. */
  public static final String SSH_OPTIONS_ENV = "VIRTPATH_SSH_OPTIONS";

  public Transport {
    sshOptions = List.copyOf(sshOptions);
  }

  /** The command that runs {@code script} in the target, and how its log shows it. */
  public CommandLine command(String script) {
    TargetUri shownUri = uri instanceof TargetUri.Exec e ? new TargetUri.Exec(Redaction.prefix(e.prefix())) : uri;
    return new CommandLine(words(script, uri, sshOptions), words(script, shownUri, Redaction.sshOptions(sshOptions)));
  }

  /** The words for reaching the target through {@code via} with the ssh options {@code options}. */
  private List<String> words(String script, TargetUri via, List<String> options) {
    List<String> cmd = new ArrayList<>();
    switch (via) {
      case TargetUri.Ssh s -> {
        cmd.add("ssh");
        // never a password or passphrase prompt: a benchmark run has nobody to answer it
        cmd.addAll(List.of("-o", "BatchMode=yes"));
        cmd.addAll(List.of("-o", "StrictHostKeyChecking=" + (acceptNewHostKeys ? "accept-new" : "yes")));
        cmd.addAll(List.of("-o", "ConnectTimeout=20"));
        // a dropped connection is noticed within a minute, not at the TCP timeout hours later
        cmd.addAll(List.of("-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4"));
        cmd.addAll(options);
        if (s.user() != null) {
          cmd.addAll(List.of("-l", s.user()));
        }
        if (s.port() != null) {
          cmd.addAll(List.of("-p", String.valueOf(s.port())));
        }
        cmd.add("--");
        cmd.add(s.destination());
        // ssh hands the remote login shell one string: quote the script for it
        cmd.add("sh -c " + Words.quote(script));
      }
      case TargetUri.Exec e -> {
        cmd.addAll(e.prefix());
        cmd.addAll(List.of("sh", "-c", e.throughRemoteShell() ? Words.quote(script) : script));
      }
      case TargetUri.Local l -> cmd.addAll(List.of("sh", "-c", script));
    }
    return cmd;
  }

  /** The extra ssh options from the environment, split as a shell would. */
  public static List<String> sshOptionsFromEnv() {
    String v = System.getenv(SSH_OPTIONS_ENV);
    return v == null || v.isBlank() ? List.of() : Words.split(v);
  }
}
