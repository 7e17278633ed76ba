package io.virtpath.lab.net;

/**
 * A target's network namespace on the lab bridge.
 *
 * @param netns namespace name, for {@code ip netns exec NAME ...}
 * @param netnsPath the file {@code ip netns} bind-mounts the namespace on; an OCI runtime joins it
 *     through this path
 * @param ifname the veth end inside {@code netns}
 * @param cidr address with prefix, e.g. 10.77.0.2/24
 * @param ip address alone, e.g. 10.77.0.2
 */
public record Endpoint(String netns, String netnsPath, String ifname, String cidr, String ip) {}
