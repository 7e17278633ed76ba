package io.virtpath.cli.it.remote;

import io.virtpath.lab.proc.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The keys and client files of one {@link SshGuest}, fresh for every guest and deleted with it: a
 * client key pair (the guest's authorized_keys holds its public half), the guest's host key pair
 * (the client's known_hosts holds its public half, so the client checks the host strictly and
 * never learns a key on first use) and the ssh_config a client passes with {@code -F}.
 *
 * @param clientKey the client's private key (0600, as ssh requires)
 * @param hostKey the guest's private host key; the guest copies it to 0600 before sshd reads it
 * @param authorizedKeys the client's public key, for the guest's sshd
 * @param knownHosts "GUEST_IP ssh-ed25519 KEY"
 * @param clientConfig the ssh_config naming the files above
 */
record SshGuestKeys(Path clientKey, Path hostKey, Path authorizedKeys, Path knownHosts, Path clientConfig) {
  private static final Duration KEYGEN_LIMIT = Duration.ofMinutes(1);

  /** Generates both key pairs in {@code dir} (which exists) and writes the client's files. */
  static SshGuestKeys create(Path dir, String guestIp) throws IOException {
    Path client = keygen(dir.resolve("client_ed25519"), "virtpath-sshguest-client");
    Path host = keygen(dir.resolve("host_ed25519"), "virtpath-sshguest-host");
    Path authorized = Files.copy(pub(client), dir.resolve("authorized_keys"));
    // known_hosts wants "HOST TYPE KEY": the .pub file is "TYPE KEY COMMENT".
    String[] hostPub = Files.readString(pub(host), StandardCharsets.UTF_8).strip().split("\\s+");
    Path known = Files.writeString(dir.resolve("known_hosts"), guestIp + " " + hostPub[0] + " " + hostPub[1] + "\n");
    Path config = Files.writeString(dir.resolve("ssh_config"), clientConfig(client, known));
    return new SshGuestKeys(client, host, authorized, known, config);
  }

  /**
   * Only what this guest needs, nothing from ~/.ssh: -F replaces the user's config, IdentitiesOnly
   * keeps an agent's keys out, the global known_hosts is not read, and BatchMode makes a refused
   * key an error at once rather than a password prompt that waits forever.
   */
  private static String clientConfig(Path clientKey, Path knownHosts) {
    return """
        # written by SshGuest (virtpath's tests) for its one guest: ssh -F THIS root@GUEST_IP
        Host *
          User root
          IdentityFile "%s"
          IdentitiesOnly yes
          UserKnownHostsFile "%s"
          GlobalKnownHostsFile /dev/null
          StrictHostKeyChecking yes
          BatchMode yes
          ConnectTimeout 60
        """.formatted(clientKey, knownHosts);
  }

  private static Path keygen(Path file, String comment) throws IOException {
    Shell.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file.toString()),
        KEYGEN_LIMIT).orThrow();
    return file;
  }

  private static Path pub(Path privateKey) {
    return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
  }
}
