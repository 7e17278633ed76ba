package io.virtpath.remote.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.UsageException;
import io.virtpath.lab.spec.SpecFile;
import io.virtpath.lab.spec.TargetNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the targets of {@code virtpath remote} from a file (YAML or JSON) or from {@code --target
 * NAME=URI} flags, and checks every field before anything connects: a typo fails with the field's
 * path ({@code targets[1].uri}) and what would be right.
 */
public final class RemoteSpecParser {
  private static final List<String> TOP_FIELDS = List.of("version", "scratch", "peer", "peerListen", "peerOn", "targets");
  private static final List<String> TARGET_FIELDS = List.of("name", "uri", "kind", "scratch", "peer", "host");
  /** Where a target works when neither the file nor --scratch says: on the root disk, not a tmpfs /tmp. */
  public static final String DEFAULT_SCRATCH = "/var/tmp/virtpath";

  /**
   * What the command line adds: defaults for every target, and the peer virtpath starts.
   *
   * @param scratch --scratch, or null
   * @param peer --peer, or null
   * @param peerListen --peer-listen, or null
   * @param needsPeer the network suite runs: every target must name a peer
   */
  public record Defaults(String scratch, String peer, String peerListen, boolean needsPeer) {}

  private final String source;
  private final Defaults defaults;

  private RemoteSpecParser(String source, Defaults defaults) {
    this.source = source;
    this.defaults = defaults;
  }

  /** Reads {@code file}: refused before reading unless it is a regular file of at most 1 MiB. */
  public static RemoteSpec read(Path file, Defaults d) {
    return parse(SpecFile.read(file, "targets file", "--targets", "a targets file"), "targets file " + file, d);
  }

  public static RemoteSpec parse(String text, String source, Defaults d) {
    return new RemoteSpecParser(source, d).parse(SpecFile.tree(text, source));
  }

  /** {@code --target NAME=URI} flags, in order: kind is NAME when NAME is a known kind, else a free label. */
  public static RemoteSpec ofFlags(List<String> flags, Defaults d) {
    RemoteSpecParser p = new RemoteSpecParser("--target", d);
    if (flags.size() > RemoteSpec.MAX_TARGETS) {
      throw tooMany("--target is given " + flags.size() + " times",
          "put the targets in files of at most " + RemoteSpec.MAX_TARGETS + " (--targets FILE)");
    }
    List<RemoteTarget> targets = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String f : flags) {
      int eq = f.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("--target '" + Redaction.text(f) + "' is not NAME=URI, e.g. --target "
            + "vm101=ssh://root@10.0.0.101 or --target ct200='exec:pct exec 200 --'");
      }
      String name = f.substring(0, eq);
      String problem = TargetNames.problem(name);
      if (problem != null) {
        // a NAME=URI without its name reads as a name holding part of the URI
        throw new UsageException("--target " + Redaction.text(f) + ": name " + problem.replace(name, Redaction.text(name)));
      }
      if (!names.add(name)) {
        throw new UsageException("--target " + name + ": '" + name + "' is used twice; target names must be unique");
      }
      TargetUri uri;
      try {
        uri = TargetUri.parse(f.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--target " + name + ": " + e.getMessage());
      }
      targets.add(p.finish(name, uri, name, null, null, null, "--target " + name, d.peerListen()));
    }
    if (targets.isEmpty()) {
      throw new UsageException("no targets: pass --targets FILE or at least one --target NAME=URI");
    }
    return new RemoteSpec("--target", targets, p.peerListen(d.peerListen(), "--peer-listen"), null,
        d.scratch() != null ? d.scratch() : DEFAULT_SCRATCH);
  }

  private RemoteSpec parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw error("", (root == null || root.isMissingNode() ? "is empty: it" : "")
          + " must be a mapping with 'targets' (and optionally version, scratch, peer, peerListen, peerOn)");
    }
    unknownFields(root, "", TOP_FIELDS);
    JsonNode version = root.get("version");
    if (version != null && !(version.isInt() && version.asInt() == 1)) {
      throw error("version", "'" + version.asText() + "' is not supported; this virtpath reads version 1");
    }
    String scratch = path(root, "", "scratch", defaults.scratch());
    String peer = address(root, "", "peer", defaults.peer());
    String peerListen = peerListen(text(root, "", "peerListen", defaults.peerListen()), "peerListen");
    String peerOnText = text(root, "", "peerOn", null);
    TargetUri peerOn = null;
    if (peerOnText != null) {
      if (peerListen == null) {
        throw error("peerOn", "needs peerListen: the address the peer listens on there");
      }
      peerOn = uri(peerOnText, "peerOn");
    }
    JsonNode targets = root.get("targets");
    if (targets == null || !targets.isArray() || targets.isEmpty()) {
      throw error("targets", "must be a non-empty list of targets, each with name and uri");
    }
    if (targets.size() > RemoteSpec.MAX_TARGETS) {
      // before any entry is checked: 10,000 of them would each be parsed only to be refused
      throw tooMany(source + ": targets: the list has " + targets.size() + " entries",
          "split the file into files of at most " + RemoteSpec.MAX_TARGETS + " targets");
    }
    List<RemoteTarget> list = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      String path = "targets[" + i + "]";
      JsonNode n = targets.get(i);
      if (!n.isObject()) {
        throw error(path, "must be a mapping with name and uri");
      }
      unknownFields(n, path + ".", TARGET_FIELDS);
      String name = text(n, path + ".", "name", null);
      if (name == null) {
        throw error(path + ".name", "is missing; every target needs a name");
      }
      String problem = TargetNames.problem(name);
      if (problem != null) {
        throw error(path + ".name", problem);
      }
      if (!names.add(name)) {
        throw error(path + ".name", "'" + name + "' is used twice; target names must be unique");
      }
      String uriText = text(n, path + ".", "uri", null);
      if (uriText == null) {
        throw error(path + ".uri", "is missing; use ssh://[user@]host[:port], exec:COMMAND PREFIX or local");
      }
      TargetUri uri = uri(uriText, path + ".uri");
      String kind = text(n, path + ".", "kind", name);
      if (!kind.matches("[a-z0-9][a-z0-9._-]{0,31}")) {
        throw error(path + ".kind", "'" + kind + "' is not a kind; use " + String.join(", ", RemoteTarget.KNOWN_KINDS)
            + " or a label of lower-case letters, digits, '.', '_' or '-'");
      }
      RemoteTarget t = finish(name, uri, kind, path(n, path + ".", "scratch", scratch), address(n, path + ".", "peer", peer),
          text(n, path + ".", "host", null), path, peerListen);
      list.add(t);
    }
    return new RemoteSpec(source, list, peerListen, peerOn,
        scratch != null ? scratch : defaults.scratch() != null ? defaults.scratch() : DEFAULT_SCRATCH);
  }

  /** The target with every default applied; the peer it needs checked. */
  private RemoteTarget finish(String name, TargetUri uri, String kind, String scratch, String peer, String host,
      String path, String peerListen) {
    if (scratch == null) {
      scratch = defaults.scratch() != null ? defaults.scratch() : DEFAULT_SCRATCH;
      if (!scratch.startsWith("/") || scratch.equals("/") || scratch.chars().anyMatch(Character::isISOControl)) {
        throw new UsageException("--scratch '" + scratch.replaceAll("\\p{Cntrl}", "?") + "' must be an absolute "
            + "directory other than / (e.g. /var/tmp/virtpath): it is a path in each target");
      }
    }
    if (peer == null) {
      peer = defaults.peer();
    }
    if (peer == null && peerListen != null && !wildcard(peerListen)) {
      peer = peerListen; // the peer virtpath starts, at the address it listens on
    }
    if (peer == null && defaults.needsPeer()) {
      throw new UsageException((path.startsWith("--") ? path : source + ": " + path) + ": the network suite needs the address at which this target "
          + "reaches a peer: set peer (or --peer ADDR:PORT), start one with --peer-listen ADDR:PORT, or leave the "
          + "network suite out (--suites syscall,disk)");
    }
    if (host != null && !host.matches("[A-Za-z0-9._:-]+")) {
      throw new UsageException(source + ": " + path + ".host: '" + host + "' is not a host name");
    }
    return new RemoteTarget(name, uri, kind, scratch, peer, host != null ? host : uri.host());
  }

  private String peerListen(String value, String field) {
    if (value == null) {
      return null;
    }
    checkAddress(value, field);
    return value;
  }

  private static boolean wildcard(String addr) {
    return addr.startsWith("0.0.0.0:") || addr.startsWith("[::]:");
  }

  private TargetUri uri(String text, String field) {
    try {
      return TargetUri.parse(text);
    } catch (IllegalArgumentException e) {
      throw error(field, e.getMessage());
    }
  }

  private String text(JsonNode n, String at, String field, String dflt) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw error(at + field, "YAML reads '" + v.asText() + "' as a " + v.getNodeType().name().toLowerCase(Locale.ROOT)
          + ", not text: quote it");
    }
    String s = v.textValue();
    if (s.isBlank() || s.chars().anyMatch(Character::isISOControl)) {
      throw error(at + field, "'" + s.replaceAll("\\p{Cntrl}", "?") + "' is empty or holds a control character");
    }
    return s;
  }

  /** An absolute directory in the target; it is passed to the target's shell quoted, never split. */
  private String path(JsonNode n, String at, String field, String dflt) {
    String p = text(n, at, field, null);
    if (p == null) {
      return dflt;
    }
    if (!p.startsWith("/") || p.equals("/") || p.contains("/../") || p.endsWith("/..")) {
      throw error(at + field, "'" + p + "' must be an absolute directory other than / (e.g. /var/tmp/virtpath)");
    }
    return p;
  }

  private String address(JsonNode n, String at, String field, String dflt) {
    String a = text(n, at, field, null);
    if (a == null) {
      return dflt;
    }
    checkAddress(a, at + field);
    return a;
  }

  /** HOST:PORT or [V6]:PORT. */
  private void checkAddress(String a, String field) {
    int colon = a.lastIndexOf(':');
    String port = colon < 0 ? "" : a.substring(colon + 1);
    String host = colon < 0 ? a : a.substring(0, colon);
    boolean hostOk = host.startsWith("[") ? host.matches("\\[[0-9A-Fa-f:.]+\\]") : host.matches("[A-Za-z0-9._-]+");
    if (!hostOk || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      throw error(field, "'" + a + "' is not ADDRESS:PORT (e.g. 10.0.0.1:7777, [fd00::1]:7777)");
    }
  }

  private void unknownFields(JsonNode n, String prefix, List<String> allowed) {
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      String f = it.next().getKey();
      if (!allowed.contains(f)) {
        throw error(prefix + f, "unknown field; allowed: " + String.join(", ", allowed));
      }
    }
  }

  private static UsageException tooMany(String what, String fix) {
    return new UsageException(what + ", more than the " + RemoteSpec.MAX_TARGETS + " targets one virtpath remote "
        + "takes (each runs for minutes, those of one host one after another, and one table compares them all): "
        + fix + " and run them one after another (each run makes a record of its own)");
  }

  private UsageException error(String field, String what) {
    return new UsageException(source + ": " + (field.isEmpty() ? "" : field + ": ") + what.strip());
  }
}
