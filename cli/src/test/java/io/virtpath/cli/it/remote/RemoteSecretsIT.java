package io.virtpath.cli.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtpath.cli.it.VirtpathProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when" for secrets in transports: a secret in an {@code exec:} prefix's
 * environment assignment, and one in VIRTPATH_SSH_OPTIONS, each reaches the target's run — a
 * witness sees it in the run's JVM's environment — and no file the command writes (the record,
 * every log, the bundles, what stays in the target's scratch directory) nor its console holds it.
 */
class RemoteSecretsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aSecretInAnExecPrefixRunsButIsWrittenNowhere() throws Exception {
    String secret = secret();
    Path scratch = dir.resolve("scratch");
    Path results = dir.resolve("results");
    try (ProcessWitness inRun = ProcessWitness.watch(runJvm(scratch), "VIRTPATH_TEST_TOKEN=" + secret);
        VirtpathProcess p = VirtpathProcess.start(Path.of("target/it-logs/remote-secrets-exec"), "remote",
            "--target", "host=exec:env VIRTPATH_TEST_TOKEN=" + secret, "--scratch", scratch.toString(),
            "--suites", "syscall", "--profile", "smoke", "--rounds", "1", "--results", results.toString(),
            "--bundles", RemoteIT.BUNDLES.toString())) {
      Path run = completed(p);
      assertTrue(inRun.seen(), "the target's run had VIRTPATH_TEST_TOKEN in its environment");
      assertEquals("exec:env 'VIRTPATH_TEST_TOKEN=***'",
          JSON.readTree(run.resolve("remote.json").toFile()).get("targets").get(0).get("uri").asText());
      assertTrue(p.stdout().contains("(host, exec:env 'VIRTPATH_TEST_TOKEN=***'): starting"), p.stdout());
      assertWrittenNowhere(List.of(secret), p, "host", results, scratch);
    }
  }

  @Test
  @Tag("privileged")
  void aSecretInTheSshOptionsRunsButIsWrittenNowhere() throws Exception {
    String secret = secret();
    Path logs = Path.of("target/it-logs/remote-secrets-ssh").toAbsolutePath();
    Path scratch = dir.resolve("scratch");
    Path results = dir.resolve("results");
    try (RemoteNet net = RemoteNet.create(logs.resolve("net")); SshServer sshd = SshServer.start(net, logs.resolve("sshd"));
        // the ssh client was given it, and the server passed it on (AcceptEnv) to the target's run
        ProcessWitness inSsh = ProcessWitness.watch(argv -> argv.get(0).equals("ssh")
            && argv.contains("SetEnv=VIRTPATH_TEST_SSH=" + secret), null);
        ProcessWitness inRun = ProcessWitness.watch(runJvm(scratch), "VIRTPATH_TEST_SSH=" + secret);
        VirtpathProcess p = VirtpathProcess.startIn(net.controller(), Map.of(SshServer.OPTIONS_ENV,
            "-F " + sshd.clientConfig() + " -o SetEnv=VIRTPATH_TEST_SSH=" + secret), logs.resolve("remote"), "remote",
            "--target", "vm=" + sshd.uri(), "--scratch", scratch.toString(), "--suites", "syscall",
            "--profile", "smoke", "--rounds", "1", "--results", results.toString(),
            "--bundles", RemoteIT.BUNDLES.toString())) {
      Path run = completed(p);
      assertTrue(inSsh.seen(), "ssh ran with the secret among its options");
      assertTrue(inRun.seen(), "the target's run had VIRTPATH_TEST_SSH in its environment");
      String cmd = Files.readString(run.resolve("vm/logs/target.cmd"));
      assertTrue(cmd.contains("-F '***' -o 'SetEnv=***'") && cmd.contains("BatchMode=yes"), cmd);
      assertWrittenNowhere(List.of(secret), p, "vm", results, scratch);
    }
  }

  /** The target's virtpath JVM (or a JMH fork of it): the bundle's virtpath.jar in its scratch directory. */
  private static Predicate<List<String>> runJvm(Path scratch) {
    return argv -> argv.stream().anyMatch(a -> a.startsWith(scratch + "/.virtpath-bundles/") && a.endsWith("/virtpath.jar"));
  }

  /** A value found nowhere by chance. */
  private static String secret() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return "vps" + HexFormat.of().formatHex(b);
  }

  /** The run directory of a run that measured: its records and logs are there to be searched. */
  private static Path completed(VirtpathProcess p) throws Exception {
    assertEquals(0, p.waitFor(Duration.ofMinutes(10)), p.stdout() + p.stderr());
    Path run = Path.of(p.lastLine());
    assertEquals("complete", JSON.readTree(run.resolve("manifest.json").toFile()).get("status").asText());
    return run;
  }

  /** Every file under the results, the bundles and the scratch directory, and the console. */
  private static void assertWrittenNowhere(List<String> secrets, VirtpathProcess p, String target, Path results,
      Path scratch) throws Exception {
    SecretScan scan = SecretScan.of(List.of(results, RemoteIT.BUNDLES, scratch), secrets);
    Path run = Path.of(p.lastLine());
    for (String f : List.of("manifest.json", "remote.json", target + "/environment.json", target + "/jmh.json",
        target + "/run-manifest.json", target + "/logs/probe.cmd", target + "/logs/target.cmd",
        target + "/logs/target.out", target + "/logs/collect.cmd")) {
      assertTrue(Files.isRegularFile(run.resolve(f)), "the scan covers " + f);
    }
    assertTrue(scan.files() > 50, scan.files() + " files scanned");
    assertEquals(List.of(), scan.found());
    for (String secret : secrets) {
      assertTrue(!p.stdout().contains(secret) && !p.stderr().contains(secret), "the console holds the secret");
    }
  }
}
