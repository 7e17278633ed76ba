package io.virtpath.fingerprint;

/**
 * The kernel's choice of outgoing interface for a peer.
 *
 * @param mtu from {@link java.net.NetworkInterface#getMTU()}, used when sysfs has none; null if
 *     unknown
 */
record Route(String interfaceName, String sourceAddress, Integer mtu) {}
