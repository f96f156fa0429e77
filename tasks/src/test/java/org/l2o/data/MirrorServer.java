package org.l2o.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP mirror for tests: serves a directory on 127.0.0.1 at an ephemeral port, with
 * {@code Range} support, request counting, and faults to inject per path (an HTTP status, a
 * connection dropped or stalled after some bytes, a response that never starts).
 */
public final class MirrorServer implements AutoCloseable {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  private final Path root;
  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicInteger total = new AtomicInteger();
  private final Map<String, AtomicInteger> byPath = new ConcurrentHashMap<>();
  private final List<String> ranges = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private volatile boolean honourRange = true;

  private record Fault(boolean stall, long afterBytes, AtomicInteger remaining) {}

  private MirrorServer(Path root) throws IOException {
    this.root = root;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves the files under {@code root}; URL paths are relative to it. */
  public static MirrorServer serving(Path root) throws IOException {
    return new MirrorServer(root);
  }

  /** The base URL, ending in '/'. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** All requests so far. */
  public int requests() {
    return total.get();
  }

  /** Requests for one URL path ("/train-images-idx3-ubyte.gz"). */
  public int requests(String path) {
    AtomicInteger n = byPath.get(path);
    return n == null ? 0 : n.get();
  }

  /** The Range headers received, in order. */
  public List<String> rangeHeaders() {
    return List.copyOf(ranges);
  }

  /** Answers every request for {@code path} with {@code status} and no body. */
  public void respondWith(String path, int status) {
    statuses.put(path, status);
  }

  /** The next {@code times} responses for {@code path} break the connection after some bytes. */
  public void dropAfter(String path, long bytes, int times) {
    faults.put(path, new Fault(false, bytes, new AtomicInteger(times)));
  }

  /** The next {@code times} responses for {@code path} go silent after some bytes. */
  public void stallAfter(String path, long bytes, int times) {
    faults.put(path, new Fault(true, bytes, new AtomicInteger(times)));
  }

  /** Responses for {@code path} never start (the client's response timeout must fire). */
  public void neverRespond(String path) {
    statuses.put(path, -1);
  }

  /** When false, Range headers are ignored and the whole file is sent with 200. */
  public void honourRange(boolean honour) {
    honourRange = honour;
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    total.incrementAndGet();
    byPath.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
    String range = ex.getRequestHeaders().getFirst("Range");
    if (range != null) {
      ranges.add(range);
    }
    try (ex) {
      Integer status = statuses.get(path);
      if (status != null && status < 0) {
        awaitClose();
        return;
      }
      if (status != null) {
        ex.sendResponseHeaders(status, -1);
        return;
      }
      Path file = root.resolve(path.substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = Files.readAllBytes(file);
      int from = 0;
      Matcher m = range == null ? null : RANGE.matcher(range);
      if (m != null && m.matches() && honourRange) {
        from = Integer.parseInt(m.group(1));
        if (from >= bytes.length) {
          ex.getResponseHeaders().add("Content-Range", "bytes */" + bytes.length);
          ex.sendResponseHeaders(416, -1);
          return;
        }
        ex.getResponseHeaders()
            .add("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
        ex.sendResponseHeaders(206, bytes.length - from);
      } else {
        ex.sendResponseHeaders(200, bytes.length);
      }
      OutputStream out = ex.getResponseBody();
      Fault f = faults.get(path);
      if (f != null && f.remaining().getAndDecrement() > 0) {
        int n = (int) Math.min(f.afterBytes(), bytes.length - from);
        out.write(bytes, from, n);
        out.flush();
        if (f.stall()) {
          awaitClose();
        }
        // Closing with bytes still owed makes the server drop the connection.
        return;
      }
      out.write(bytes, from, bytes.length - from);
    } catch (IOException e) {
      // the client went away or the connection was dropped on purpose
    }
  }

  private void awaitClose() {
    try {
      closing.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    pool.shutdownNow();
  }
}
