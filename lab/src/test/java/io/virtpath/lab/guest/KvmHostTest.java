package io.virtpath.lab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtpath.lab.guest.FakeKvmRoot.Dev;
import io.virtpath.lab.guest.KvmHost.CpuFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fact read from a fake root, and the reason it gives; one check against this machine. */
class KvmHostTest {
  private static final String X86 = "fpu vme de pse tsc msr pae mce cx8 apic sep hypervisor lahf_lm";
  private static final String PVM =
      "/dev/kvm is PVM (module kvm_pvm), a software hypervisor: stock guest kernels run emulated";

  @TempDir Path tmp;

  private KvmHost host(String flags, boolean pvm, Dev dev) throws Exception {
    return KvmHost.read(FakeKvmRoot.create(tmp.resolve("root"), flags, pvm, dev));
  }

  @Test
  void hardwareVirtualizationAndAnOpeningDevKvmLeaveItToABoot() throws Exception {
    KvmHost h = host(X86 + " vmx ept", false, Dev.OPENS);
    assertEquals(new KvmHost(CpuFlag.VMX, false, true, null), h);
    assertEquals(Optional.empty(), h.whyNotKvm());
  }

  @Test
  void svmCountsAsHardwareVirtualization() throws Exception {
    assertEquals(CpuFlag.SVM, host(X86 + " svm npt", false, Dev.OPENS).cpuFlag());
  }

  @Test
  void noVmxOrSvmFlagIsTcgAtOnce() throws Exception {
    KvmHost h = host(X86, false, Dev.OPENS);
    assertEquals(CpuFlag.NONE, h.cpuFlag());
    assertEquals(Optional.of("the CPU has no vmx or svm flag in /proc/cpuinfo (no hardware virtualization)"),
        h.whyNotKvm());
  }

  @Test
  void aFlagOnlyAsPartOfAnotherWordDoesNotCount() throws Exception {
    // "vmx" must be a whole flag: avx512_vmxsomething or svm_lock are other features
    assertEquals(CpuFlag.NONE, host(X86 + " svm_lock vmxon_ok", false, Dev.OPENS).cpuFlag());
  }

  @Test
  void pvmIsTheFirstReasonWithDevKvmPresent() throws Exception {
    KvmHost h = host(X86, true, Dev.OPENS);
    assertTrue(h.pvm());
    assertEquals(Optional.of(PVM
        + "; the CPU has no vmx or svm flag in /proc/cpuinfo (no hardware virtualization)"), h.whyNotKvm());
  }

  @Test
  void pvmEvenWhereTheCpuClaimsVmx() throws Exception {
    // the facts exclude KVM as soon as one of them does
    assertEquals(Optional.of(PVM), host(X86 + " vmx", true, Dev.OPENS).whyNotKvm());
  }

  @Test
  void missingDevKvm() throws Exception {
    KvmHost h = host(X86 + " vmx", false, Dev.MISSING);
    assertFalse(h.devKvm());
    assertEquals(Optional.of("/dev/kvm does not exist"), h.whyNotKvm());
  }

  @Test
  void devKvmThatDoesNotOpenReadWrite() throws Exception {
    KvmHost h = host(X86 + " vmx", false, Dev.UNOPENABLE);
    assertTrue(h.devKvm());
    String why = h.whyNotKvm().orElseThrow();
    assertTrue(why.startsWith("/dev/kvm does not open read-write: ") && why.length() > 36, why);
  }

  @Test
  void everyReasonAtOnceInOrder() throws Exception {
    assertEquals(Optional.of("KVM here is PVM (module kvm_pvm), a software hypervisor: stock guest kernels run "
        + "emulated; the CPU has no vmx or svm flag in /proc/cpuinfo (no hardware virtualization); "
        + "/dev/kvm does not exist"), host(X86, true, Dev.MISSING).whyNotKvm());
  }

  @Test
  void withoutFlagsLinesTheCpuDecidesNothing() throws Exception {
    // arm64's cpuinfo lists "Features"; there only /dev/kvm and a boot tell
    KvmHost h = host(null, false, Dev.OPENS);
    assertEquals(CpuFlag.UNKNOWN, h.cpuFlag());
    assertEquals(Optional.empty(), h.whyNotKvm());
    assertEquals(CpuFlag.UNKNOWN, KvmHost.read(tmp.resolve("empty")).cpuFlag());
  }

  @Test
  void thisMachineIsPvmAndSaysSo() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys/module/kvm_pvm")), "kvm_pvm is not loaded here");
    KvmHost h = KvmHost.read();
    assertTrue(h.pvm());
    String why = h.whyNotKvm().orElseThrow();
    assertTrue(why.startsWith(h.devKvm() ? PVM : PVM.replace("/dev/kvm is", "KVM here is")), why);
    System.err.println("this machine: " + h + " -> " + why);
  }
}
