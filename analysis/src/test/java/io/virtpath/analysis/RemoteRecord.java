package io.virtpath.analysis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtpath.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code virtpath remote} record (docs/results-format.md, "Remote records"), made by hand from
 * the real lab record {@link Fixtures#LAB_TCG}, because the remote command and this reader are
 * written side by side: a targets file of two machines, {@code pve1} (the lab's host results,
 * stated {@code host}, reached {@code local}) and {@code alma9} (the lab's TCG guest, stated
 * {@code virtio}, reached over ssh), run for two rounds. Its names are not in alphabetical order and the manifest lists round 1 shuffled, so only
 * {@code options.targets} gives the order the report must keep. remote.json warns about alma9 in
 * both rounds, once with the same text and once with a second one.
 */
public final class RemoteRecord {
  public static final String HOST = "pve1";
  public static final String GUEST = "alma9";
  public static final String IDE = "stated kind 'virtio' but the disk driver is ata_piix (an emulated IDE disk)";
  public static final String E1000 = "stated kind 'virtio' but the network driver is e1000 (an emulated NIC)";

  private RemoteRecord() {}

  public static Path create(Path dir) throws IOException {
    return create(dir, HOST, GUEST);
  }

  /** The record with its two targets named {@code host} and {@code guest}. */
  public static Path create(Path dir, String host, String guest) throws IOException {
    Path lab = Fixtures.LAB_TCG;
    Files.createDirectories(dir);
    for (int round = 1; round <= 2; round++) {
      String suffix = round == 1 ? "" : ".r" + round;
      Fixtures.copyTree(lab.resolve("host"), dir.resolve(host + suffix));
      Fixtures.copyTree(lab.resolve("emulated"), dir.resolve(guest + suffix));
    }
    ObjectNode manifest = (ObjectNode) Json.mapper().readTree(lab.resolve("manifest.json").toFile());
    manifest.put("kind", "remote");
    ObjectNode options = manifest.putObject("options");
    options.putArray("targets").add(host).add(guest);
    options.put("rounds", 2);
    options.put("seed", 42);
    ArrayNode entries = (ArrayNode) manifest.get("targets");
    ObjectNode hostEntry = (ObjectNode) entries.get(0);
    ObjectNode guestEntry = (ObjectNode) entries.get(1);
    ArrayNode shuffled = manifest.putArray("targets");
    // round 1 ran the guest first, round 2 the host first: the order the remote command drew
    shuffled.add(guestEntry.deepCopy().put("label", guest));
    shuffled.add(hostEntry.deepCopy().put("label", host));
    shuffled.add(hostEntry.deepCopy().put("label", host + ".r2"));
    shuffled.add(guestEntry.deepCopy().put("label", guest + ".r2"));
    Files.writeString(dir.resolve("manifest.json"), Json.toString(manifest));
    Files.writeString(dir.resolve("remote.json"), Json.toString(remoteJson(host, guest)));
    return dir;
  }

  private static ObjectNode remoteJson(String host, String guest) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("formatVersion", 1);
    r.putObject("bundle").put("file", "virtpath-bundle-0123456789ab.tar.gz").put("sha256", "ab".repeat(32))
        .put("bytes", 61_234_567).put("glibc", "2.17");
    r.putObject("peer").put("where", "controller").put("listen", "10.0.0.1:7777");
    ArrayNode targets = r.putArray("targets");
    targets.addObject().put("name", host).put("uri", "local").put("transport", "local").put("kind", "host")
        .put("host", "controller").put("scratch", "/var/tmp/virtpath").put("peer", "10.0.0.1:7777");
    targets.addObject().put("name", guest).put("uri", "ssh://root@10.0.0.101:22").put("transport", "ssh")
        .put("kind", "virtio").put("host", "10.0.0.101").put("scratch", "/root/vp").put("peer", "10.0.0.1:7777");
    ArrayNode rounds = r.putArray("rounds");
    rounds.addObject().put("round", 1).putArray("order").add(guest).add(host);
    rounds.addObject().put("round", 2).putArray("order").add(host).add(guest);
    ObjectNode runs = r.putObject("runs");
    run(runs, guest, guest, 1, List.of(IDE));
    run(runs, host, host, 1, List.of());
    run(runs, host + ".r2", host, 2, List.of());
    run(runs, guest + ".r2", guest, 2, List.of(IDE, E1000));
    return r;
  }

  private static void run(ObjectNode runs, String label, String name, int round, List<String> warnings) {
    ObjectNode o = runs.putObject(label).put("name", name).put("round", round).put("deploySeconds", 3.2)
        .put("deployedBytes", round == 1 ? 61_234_567 : 0).put("exitCode", 0).putNull("failure")
        .put("seconds", 312.5).put("route", "10.0.0.1 dev eth0 src 10.0.0.101 uid 0");
    ArrayNode w = o.putArray("warnings");
    warnings.forEach(w::add);
  }
}
