package io.virtpath.cli.it.remote;

import io.virtpath.lab.guest.QemuGuest;

/**
 * What an {@link SshGuest} runs instead of the suites: a job script (a boot file, run as root by the
 * lab's stage 2 in the guest's tmpfs root) that prepares what Debian's sshd needs and then
 * becomes that sshd, in the foreground, logging to the console. The guest powers off only when
 * sshd ends, i.e. when SshGuest kills QEMU.
 */
final class SshGuestJob {
  /** Boot file names: the guest sees each at {@code /.vp/boot/NAME}. */
  static final String SCRIPT = "sshguest-job.sh";
  static final String SSHD_CONFIG = "sshd_config";
  static final String HOST_KEY = "ssh_host_ed25519_key";
  static final String AUTHORIZED_KEYS = "authorized_keys";

  /** What sshd prints on the console once it accepts connections. */
  static final String LISTENING = "Server listening on 0.0.0.0 port 22";
  /** Printed by the job when the guest cannot serve (before sshd starts). */
  static final String FAIL = "VIRTPATH-SSHGUEST-FAIL";

  private SshGuestJob() {}

  /**
   * The job script. {@code scratch} is the directory handed to virtpath remote: on the disk under
   * test, which stage 2 mounted (ext4, the lab's O_DIRECT-capable scratch) at /scratch.
   */
  static String script(String scratch) {
    if (!scratch.matches("/scratch/[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("scratch '" + scratch + "' must be a directory directly under /scratch");
    }
    return """
        # SshGuest's job: Debian's /usr/sbin/sshd in the foreground, so the lab guest is a machine that
        # virtpath remote reaches over ssh. Run by stage 2 as root; the root is a tmpfs, /usr the host's
        # (read-only), the boot share at /.vp/boot.
        set -eu
        fail() { echo "%1$s $*"; exit 1; }

        # The guest's /etc is a tmpfs copy of the host's public files. sshd needs exactly these users:
        # root, who logs in, and sshd, as whom its privilege-separated child runs (chrooted to
        # /run/sshd). Root's shadow entry "*" means no password, which is not a locked account (sshd
        # without PAM refuses a locked one, "!...", even for a key). Files only: with the host's
        # nsswitch.conf, nss-systemd would answer for the missing shadow entry with a locked root.
        cat > /etc/passwd <<'PASSWD'
        root:x:0:0:root:/root:/bin/sh
        sshd:x:100:65534:sshd privilege separation:/run/sshd:/usr/sbin/nologin
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
        PASSWD
        cat > /etc/group <<'GROUP'
        root:x:0:
        nogroup:x:65534:
        GROUP
        cat > /etc/shadow <<'SHADOW'
        root:*:19000:0:99999:7:::
        sshd:*:19000:0:99999:7:::
        nobody:*:19000:0:99999:7:::
        SHADOW
        chmod 0600 /etc/shadow
        cat > /etc/nsswitch.conf <<'NSS'
        passwd: files
        group: files
        shadow: files
        hosts: files
        NSS
        # the privilege-separation chroot: root's, not writable by others, or sshd refuses to start
        mkdir -p /run/sshd /etc/ssh
        chmod 0755 /run/sshd
        # The boot share is world-readable (QEMU serves it as nobody); sshd ignores a host key that
        # others can read, so it gets a 0600 copy.
        cp %2$s %3$s %4$s /etc/ssh/
        chmod 0600 /etc/ssh/%5$s
        chmod 0644 /etc/ssh/%6$s /etc/ssh/%7$s

        # The scratch directory must be on the disk under test, not on the tmpfs root: check that
        # /scratch is the ext4 filesystem stage 2 mounted from the disk.
        grep -q '^/dev/[a-z0-9]* /scratch ext4 ' /proc/mounts || fail "/scratch is not the disk under test"
        mkdir -p %8$s
        echo "VIRTPATH-SSHGUEST-SCRATCH $(df -k %8$s | tail -n 1)"

        /usr/sbin/sshd -t -f /etc/ssh/%6$s || fail "sshd -t refused the configuration"
        exec /usr/sbin/sshd -D -e -f /etc/ssh/%6$s
        """.formatted(FAIL, QemuGuest.bootPath(HOST_KEY), QemuGuest.bootPath(SSHD_CONFIG),
        QemuGuest.bootPath(AUTHORIZED_KEYS), HOST_KEY, SSHD_CONFIG, AUTHORIZED_KEYS, scratch);
  }

  /**
   * sshd's configuration: root by key only, the one key SshGuest generated. StrictModes no: the
   * key files are copies the job made, in a root whose modes nobody but the job controls.
   */
  static String sshdConfig() {
    return """
        # written by SshGuest (virtpath's tests)
        Port 22
        AddressFamily inet
        ListenAddress 0.0.0.0
        HostKey /etc/ssh/%s
        PidFile none
        PermitRootLogin prohibit-password
        PubkeyAuthentication yes
        AuthorizedKeysFile /etc/ssh/%s
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        StrictModes no
        UseDNS no
        PrintMotd no
        PrintLastLog no
        X11Forwarding no
        Subsystem sftp /usr/lib/openssh/sftp-server
        """.formatted(HOST_KEY, AUTHORIZED_KEYS);
  }
}
