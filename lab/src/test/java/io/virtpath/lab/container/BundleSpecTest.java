package io.virtpath.lab.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleSpecTest {
  private static final HostView VIEW = new HostView(
      List.of(Path.of("/usr"), Path.of("/etc/passwd"), Path.of("/opt/jdk")), Map.of("bin", "usr/bin"));

  @Test
  void theHostViewIsBoundReadOnlyAndNothingElseOfTheHost() {
    JsonNode spec = BundleSpec.build(config(null), CgroupLayout.V2, false);
    for (String p : List.of("/usr", "/etc/passwd", "/opt/jdk")) {
      JsonNode m = mount(spec, p);
      assertEquals(p, m.get("source").asText());
      assertTrue(texts(m.get("options")).contains("ro"), p + " must be read-only: " + m);
      assertFalse(texts(m.get("options")).contains("rbind"), p + ": no submounts of the host: " + m);
    }
    for (JsonNode m : spec.get("mounts")) {
      assertFalse(m.get("source").asText().equals("/"), "the host's root must not be bound: " + m);
    }
  }
  private static ContainerConfig config(String netns) {
    return new ContainerConfig("vp-x-container", Path.of("/tmp/b"), VIEW, null, 2, 1L << 30, netns,
        Map.of(Path.of("/srv/scratch"), Path.of("/srv/scratch")), List.of("java", "-version"),
        Map.of("A", "1"), "vp-x", Duration.ofMinutes(5), Path.of("/tmp/logs"));
  }

  @Test
  void hybridHostsGetNoCgroupMountAndNoCgroupNamespace() {
    JsonNode spec = BundleSpec.build(config("/run/netns/vp-x-container"), CgroupLayout.HYBRID,
        false);
    for (JsonNode m : spec.get("mounts")) {
      assertFalse(m.get("type").asText().equals("cgroup"), "cgroup mount entry: " + m);
    }
    JsonNode cg = mount(spec, "/sys/fs/cgroup");
    assertEquals("bind", cg.get("type").asText());
    assertTrue(texts(cg.get("options")).contains("rro"), "limits must stay read-only inside");
    assertFalse(namespaceTypes(spec).contains("cgroup"));
    assertEquals(List.of("pid", "ipc", "uts", "mount", "network"), namespaceTypes(spec));
    assertEquals("/run/netns/vp-x-container",
        spec.at("/linux/namespaces/4/path").asText());
    assertFalse(spec.at("/linux/resources/memory").has("swap"));
  }

  @Test
  void v2HostsGetTheirOwnCgroupMountAndNamespace() {
    JsonNode spec = BundleSpec.build(config(null), CgroupLayout.V2, true);
    assertEquals("cgroup", mount(spec, "/sys/fs/cgroup").get("type").asText());
    assertTrue(namespaceTypes(spec).contains("cgroup"));
    assertFalse(spec.at("/linux/namespaces/4").has("path"), "no path: a new network namespace");
    assertEquals(1L << 30, spec.at("/linux/resources/memory/swap").asLong());
  }

  @Test
  void limitsRootEnvAndBinds() {
    JsonNode spec = BundleSpec.build(config(null), CgroupLayout.V1, false);
    assertEquals(200_000, spec.at("/linux/resources/cpu/quota").asLong(), "2 vCPUs");
    assertEquals(100_000, spec.at("/linux/resources/cpu/period").asLong());
    assertEquals(1L << 30, spec.at("/linux/resources/memory/limit").asLong());
    assertEquals("/virtpath-vp-x-container", spec.at("/linux/cgroupsPath").asText());
    assertEquals("rootfs", spec.at("/root/path").asText());
    assertTrue(spec.at("/root/readonly").asBoolean());
    assertEquals("vp-x", spec.get("hostname").asText());
    List<String> env = texts(spec.at("/process/env"));
    assertTrue(env.contains("container=virtpath-oci") && env.contains("A=1"), env.toString());
    assertEquals(List.of("java", "-version"), texts(spec.at("/process/args")));
    JsonNode scratch = mount(spec, "/srv/scratch");
    assertEquals("/srv/scratch", scratch.get("source").asText());
    assertTrue(texts(scratch.get("options")).contains("rw"));
    assertEquals("tmpfs", mount(spec, "/tmp").get("type").asText());
    assertEquals(List.of("nosuid", "noexec", "nodev", "ro"),
        texts(mount(spec, "/sys").get("options")));
  }

  @Test
  void badConfigsAreRefusedWithTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ContainerConfig("x", Path.of("/b"), VIEW, null, 0, 1L << 30, null, Map.of(),
            List.of("true"), Map.of(), "h", Duration.ofSeconds(1), Path.of("/l")));
    assertTrue(e.getMessage().contains("vcpus"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ContainerConfig("x/y", Path.of("/b"), VIEW, null, 1, 1L << 30, null, Map.of(),
            List.of("true"), Map.of(), "h", Duration.ofSeconds(1), Path.of("/l")));
    assertTrue(e.getMessage().contains("id"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ContainerConfig("x", Path.of("/b"), VIEW, null, 1, 1L << 30, null,
            Map.of(Path.of("rel"), Path.of("/s")), List.of("true"), Map.of(), "h",
            Duration.ofSeconds(1), Path.of("/l")));
    assertTrue(e.getMessage().contains("absolute"), e.getMessage());
  }

  private static JsonNode mount(JsonNode spec, String destination) {
    for (JsonNode m : spec.get("mounts")) {
      if (m.get("destination").asText().equals(destination)) {
        return m;
      }
    }
    throw new AssertionError("no mount at " + destination);
  }

  private static List<String> namespaceTypes(JsonNode spec) {
    List<String> types = new ArrayList<>();
    spec.at("/linux/namespaces").forEach(n -> types.add(n.get("type").asText()));
    return types;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
