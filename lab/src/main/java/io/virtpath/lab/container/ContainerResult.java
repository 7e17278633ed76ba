package io.virtpath.lab.container;

/**
 * How the container's command ended.
 *
 * @param exitCode the runtime's exit code, which is the command's own unless the runtime failed
 *     ({@code failure} then says so); -1 after a timeout
 * @param timedOut killed at its timeout
 * @param seconds wall time from start to exit (or to the kill)
 * @param failure null on exit 0; else what went wrong, for the record
 */
public record ContainerResult(int exitCode, boolean timedOut, double seconds, String failure) {
  public boolean ok() {
    return exitCode == 0 && !timedOut;
  }
}
