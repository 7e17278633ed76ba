package io.virtpath.lab;

import java.util.List;

/**
 * A server the lab starts in its own namespace next to virtpath's peer, for the targets to reach
 * at the lab's peer address (validate's sockperf and iperf3 servers).
 *
 * @param command the server's command line; {@link #PEER_IP} stands for the peer address
 * @param ready text the server prints on stdout once it listens
 */
public record LabService(String name, List<String> command, String ready) {
  public static final String PEER_IP = "{peer-ip}";

  public LabService {
    command = List.copyOf(command);
  }

  List<String> resolved(String peerIp) {
    return command.stream().map(a -> a.replace(PEER_IP, peerIp)).toList();
  }
}
