package io.virtpath.lab;

import io.virtpath.lab.guest.GuestImage;
import io.virtpath.lab.spec.LabSpec;
import io.virtpath.lab.spec.TargetSpec;
import io.virtpath.lab.target.ContainerTarget;
import io.virtpath.lab.target.GuestTarget;
import io.virtpath.lab.target.HostTarget;
import io.virtpath.lab.target.LabTarget;
import java.util.ArrayList;
import java.util.List;

/** Builds the targets a spec names. */
final class Targets {
  private Targets() {}

  static List<LabTarget> create(LabSpec spec, GuestImage image, Accelerator accel, long testFileBytes) {
    List<LabTarget> out = new ArrayList<>();
    for (TargetSpec t : spec.targets()) {
      out.add(switch (t.kind()) {
        case HOST -> new HostTarget(t);
        case CONTAINER -> new ContainerTarget(t);
        case QEMU -> new GuestTarget(t, image, accel.used(), accel.cpuModel(), testFileBytes);
      });
    }
    return out;
  }
}
