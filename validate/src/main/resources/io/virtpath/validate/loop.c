/*
 * virtpath validate: the reference for the syscall suite. Compiled on the target with the system's
 * cc at validation time, so it is plain C and libc, nothing of virtpath's.
 *
 * usage: loop getpid|clock WARMUP_SECONDS MEASURE_SECONDS
 * prints: ns_per_op=<mean> ops=<count> seconds=<measured>
 *
 * The loop is time-based like a JMH iteration: batches of calls until the time is up, the clock
 * read once per batch (10,000 getpid or 100,000 clock_gettime calls), so reading it costs well
 * under 0.1% of the figure. getpid goes through syscall(2), as virtpath's benchmark does, because
 * glibc's getpid() wrapper is not guaranteed to enter the kernel.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile long sink;

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static long batch(int getpid_mode, long n) {
  long s = 0;
  struct timespec ts;
  if (getpid_mode) {
    for (long i = 0; i < n; i++) s += syscall(SYS_getpid);
  } else {
    for (long i = 0; i < n; i++) {
      clock_gettime(CLOCK_MONOTONIC, &ts);
      s += ts.tv_nsec;
    }
  }
  return s;
}

static double run(int getpid_mode, double seconds, long *ops) {
  long n = 0;
  long b = getpid_mode ? 10000 : 100000;
  double t0 = now_ns(), t;
  do {
    sink += batch(getpid_mode, b);
    n += b;
    t = now_ns();
  } while (t - t0 < seconds * 1e9);
  *ops = n;
  return t - t0;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s getpid|clock WARMUP_SECONDS MEASURE_SECONDS\n", argv[0]);
    return 2;
  }
  int getpid_mode = strcmp(argv[1], "getpid") == 0;
  if (!getpid_mode && strcmp(argv[1], "clock") != 0) {
    fprintf(stderr, "unknown mode %s: use getpid or clock\n", argv[1]);
    return 2;
  }
  long ops;
  run(getpid_mode, atof(argv[2]), &ops);
  double ns = run(getpid_mode, atof(argv[3]), &ops);
  printf("ns_per_op=%.4f ops=%ld seconds=%.3f\n", ns / ops, ops, ns / 1e9);
  return 0;
}
