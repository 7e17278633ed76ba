package io.virtpath.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtpath.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The line protocol between a controller (lab, remote) and the {@code virtpath agent} in a target:
 * one JSON object per line, UTF-8, each at most {@link #MAX_LINE} bytes, over the agent's stdin and
 * stdout (a transport's pipes, or a guest's serial port). Version {@value #VERSION}.
 *
 * <pre>
 * agent → controller, once, when it holds the machine and is warm:
 *   {"v":1,"type":"ready","runId":"...","benchmarks":["io.virtpath.bench...getpid", ...]}
 * controller → agent:
 *   {"v":1,"id":7,"op":"measure","benchmark":"io.virtpath...getpid","mode":"avgt"}
 *   {"v":1,"id":8,"op":"finish"}
 * agent → controller, one per request, in order:
 *   {"v":1,"type":"result","id":7,"ok":true,"block":{...}}   (AgentBlock)
 *   {"v":1,"type":"result","id":7,"ok":false,"error":"..."}
 * </pre>
 *
 * <p>Neither side trusts the other's lines: a line that is too long, not JSON, of another version
 * or missing a field is an error with its reason — the agent answers it and goes on, the
 * controller gives up on that agent. The agent stops when stdin ends (the controller is gone) or on
 * {@code finish}; it listens on nothing.
 */
public final class AgentProtocol {
  public static final int VERSION = 1;
  /** Far above any real message (a block's raw iterations and counters are a few KiB). */
  public static final int MAX_LINE = 256 * 1024;

  /** One message, one line: the shared mapper indents, which would split it. */
  private static final com.fasterxml.jackson.databind.ObjectWriter LINE =
      Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  private AgentProtocol() {}

  /** A protocol violation: what was wrong, for the other side's error or the controller's reason. */
  public static final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
      super(message);
    }
  }

  /**
   * The next line from {@code in} without its newline, null at the end of the stream. A line over
   * {@link #MAX_LINE} bytes is read to its end and dropped: {@link ProtocolException}, after which
   * the stream is at the next line.
   */
  public static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    boolean tooLong = false;
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (line.size() < MAX_LINE) {
        line.write(b);
      } else {
        tooLong = true;
      }
    }
    if (b == -1 && line.size() == 0 && !tooLong) {
      return null;
    }
    if (tooLong) {
      throw new ProtocolException("a line longer than " + MAX_LINE + " bytes, dropped");
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /** Writes one message as a line and flushes it. */
  public static synchronized void write(OutputStream out, Object message) throws IOException {
    byte[] line = LINE.writeValueAsBytes(message);
    if (line.length >= MAX_LINE) {
      throw new ProtocolException("a message of " + line.length + " bytes does not fit a line of " + MAX_LINE);
    }
    out.write(line);
    out.write('\n');
    out.flush();
  }

  /** The line as a JSON object of this version, or {@link ProtocolException} naming what is wrong. */
  public static JsonNode parse(String line) throws ProtocolException {
    JsonNode n;
    try {
      n = Json.mapper().readTree(line);
    } catch (IOException e) {
      throw new ProtocolException("not JSON: " + firstLine(e.getMessage()));
    }
    if (n == null || !n.isObject()) {
      throw new ProtocolException("not a JSON object");
    }
    JsonNode v = n.get("v");
    if (v == null || !v.isInt() || v.intValue() != VERSION) {
      throw new ProtocolException("protocol version " + (v == null ? "missing" : v.toString()) + ", this side speaks "
          + VERSION);
    }
    return n;
  }

  /** A required text field. */
  public static String text(JsonNode n, String field) throws ProtocolException {
    JsonNode f = n.get(field);
    if (f == null || !f.isTextual() || f.textValue().isEmpty()) {
      throw new ProtocolException("'" + field + "' must be a non-empty string");
    }
    return f.textValue();
  }

  /** A required non-negative integer field. */
  public static long id(JsonNode n) throws ProtocolException {
    JsonNode f = n.get("id");
    if (f == null || !f.canConvertToLong() || !f.isIntegralNumber() || f.longValue() < 0) {
      throw new ProtocolException("'id' must be a non-negative integer");
    }
    return f.longValue();
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
