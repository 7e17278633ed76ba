package io.virtpath.cli.it.remote;

import io.virtpath.lab.Prerequisites;
import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What an {@link SshGuest} needs from the machine beyond the lab's guest prerequisites. */
final class SshGuestPrerequisites {
  /** The guest sees the host's /usr: this is the sshd it runs. */
  static final Path SSHD = Path.of("/usr/sbin/sshd");

  private SshGuestPrerequisites() {}

  /** Root (namespaces, taps), Debian's sshd for the guest, ssh and ssh-keygen for the client side. */
  static void check() throws IOException {
    if (!Prerequisites.isRoot()) {
      throw new IOException("an ssh guest needs root (network namespace, tap, QEMU): run the privileged tests as root");
    }
    if (!Files.isExecutable(SSHD)) {
      throw new IOException(SSHD + " not found: install openssh-server (scripts/install-deps.sh does, as root)");
    }
    for (String client : new String[] {"ssh", "ssh-keygen"}) {
      if (!Shell.onPath(client)) {
        throw new IOException(client + " not found: install openssh-client (scripts/install-deps.sh does, as root)");
      }
    }
  }

  /**
   * The lab's guest image cache, as the lab's own tests choose it (lab TestImages): the lab's
   * default /var/cache/virtpath as root, so the guest kernel is fetched once per machine;
   * -Dvirtpath.lab.cache=DIR overrides it.
   */
  static Path cacheDir() {
    String dir = System.getProperty("virtpath.lab.cache");
    return dir != null ? Path.of(dir) : Path.of("/var/cache/virtpath");
  }
}
