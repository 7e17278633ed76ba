package io.virtpath.lab.net;

/**
 * A persistent tap device on the lab bridge, for a QEMU guest.
 *
 * <p>A tap is looked up in the network namespace of whoever opens /dev/net/tun, so QEMU must run
 * inside {@code netns} ({@code ip netns exec NETNS qemu-system-x86_64 ... -netdev
 * tap,ifname=TAP,script=no,downscript=no}). The guest configures {@code guestCidr} itself.
 *
 * @param netns the lab namespace holding the tap and the bridge
 * @param tap device name (at most 15 characters)
 * @param guestCidr the address the guest must take, with prefix
 * @param guestIp the same without prefix
 * @param mac locally administered MAC for the guest's NIC, unique within the lab
 */
public record TapEndpoint(String netns, String tap, String guestCidr, String guestIp, String mac) {}
