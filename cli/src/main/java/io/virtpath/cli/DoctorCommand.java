package io.virtpath.cli;

import io.virtpath.lab.supervise.Leftovers;
import io.virtpath.lab.Accelerator;
import io.virtpath.lab.Prerequisites;
import io.virtpath.lab.guest.GuestImage;
import io.virtpath.lab.guest.KvmHost;
import io.virtpath.lab.guest.KvmProbe;
import io.virtpath.lab.guest.ProbeResult;
import io.virtpath.lab.proc.Shell;
import io.virtpath.lab.spec.LabSpec;
import io.virtpath.lab.spec.SpecParser;
import io.virtpath.validate.Pair;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {"Lists what the lab needs on this machine and what is missing, with the command that installs it."})
final class DoctorCommand implements Callable<Integer> {
  private final PrintStream out;

  DoctorCommand(PrintStream out) {
    this.out = out;
  }

  @Option(names = "--spec", paramLabel = "FILE", description = "check for this lab spec. Default: the built-in one")
  Path spec;

  @Option(names = "--probe-kvm",
      description = "also decide whether the lab's guests get KVM: at once where the host's facts exclude it (no vmx/svm, "
          + "PVM, no usable /dev/kvm), else by booting a tiny guest (builds the guest image first; up to a minute)")
  boolean probeKvm;

  @Option(names = "--cache", paramLabel = "DIR", defaultValue = "/var/cache/virtpath",
      description = "guest kernel and initramfs cache (as for lab). Default: ${DEFAULT-VALUE}")
  Path cache;

  @Override
  public Integer call() throws Exception {
    LabSpec labSpec = spec == null ? SpecParser.builtIn() : SpecParser.read(spec);
    List<Prerequisites.Item> items = Prerequisites.check(labSpec);
    StringBuilder missing = new StringBuilder();
    for (Prerequisites.Item i : items) {
      out.printf(Locale.ROOT, "  %-4s %-20s %-10s %s%n", i.ok() ? "ok" : "MISS", i.name(), "(" + i.neededFor() + ")", i.detail());
      if (!i.ok() && i.packageName() != null && missing.indexOf(i.packageName()) < 0) {
        missing.append(' ').append(i.packageName());
      }
    }
    boolean allOk = items.stream().allMatch(Prerequisites.Item::ok);
    // validate's reference tools: listed, but not needed by the lab itself
    for (Pair.Tool t : Pair.Tool.values()) {
      boolean found = Shell.onPath(t.program);
      out.printf(Locale.ROOT, "  %-4s %-20s %-10s %s%n", found ? "ok" : "MISS", t.program, "(validate)",
          found ? "found" : "not on PATH; validate installs " + t.debianPackage + " itself as root");
    }
    // what only ./run-tests needs (cpio reads the initramfs back, chromium renders the report):
    // listed so a machine is known ready for the tests too, but not needed by the lab
    for (Prerequisites.Item i : Prerequisites.forTests()) {
      out.printf(Locale.ROOT, "  %-4s %-20s %-10s %s%n", i.ok() ? "ok" : "MISS", i.name(), "(tests)", i.detail());
    }
    // What labs that were killed left behind (dead owner: containers' state, network namespaces,
    // runtime and work directories, unsealed records): said and removed.
    List<String> leftovers = Leftovers.sweep("doctor");
    for (String line : leftovers) {
      out.println("  fixed " + line);
    }
    if (leftovers.isEmpty()) {
      out.printf(Locale.ROOT, "  %-4s %-20s %-10s %s%n", "ok", "leftovers", "(lab)", "no dead lab left anything behind");
    }
    if (probeKvm) {
      probeKvm(allOk);
    }
    if (allOk) {
      out.println("everything the lab needs is here.");
      return Main.OK;
    }
    if (missing.length() > 0) {
      out.println("install:  apt-get install -y" + missing + "   (the lab does this itself when run as root on Debian/Ubuntu)");
    }
    return Main.FAILED;
  }

  /**
   * The lab's own decision, in the lab's words: from the host's facts where they exclude KVM (no
   * image, nothing booted), else by booting the probe guest, which needs QEMU and the rest above.
   */
  private void probeKvm(boolean allOk) throws Exception {
    if (!allOk && KvmHost.read().whyNotKvm().isEmpty()) {
      out.printf(Locale.ROOT, "  %-4s %-20s %-10s %s%n", "?", "KVM usable", "(guests)",
          "not probed: only a boot can tell here, and it needs what is missing above");
      return;
    }
    Path logDir = Accelerator.probeLogDir(cache);
    ProbeResult p = KvmProbe.probe(Path.of("/"), () -> GuestImage.prepare(cache, m -> out.println("  " + m)),
        Accelerator.PROBE_TIMEOUT, logDir, m -> out.println("  " + m));
    out.printf(Locale.ROOT, "  %-4s %-20s %-10s %s (%s)%n", p.usable() ? "ok" : "no", "KVM usable", "(guests)",
        p.usable() ? p.detail() : p.detail() + "; the lab will use TCG",
        p.how(p.booted() ? logDir.toString() : null));
  }
}
