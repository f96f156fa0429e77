package org.l2o.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.l2o.progress.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one URL into a part file: HTTP(S) with {@code java.net.http.HttpClient}, resuming with a
 * {@code Range} request after a dropped or stalled connection, or a plain copy for {@code file:}.
 *
 * <p>Failures come in three kinds, because the fetcher reacts differently: a {@link
 * TransferException} (HTTP error, refused, timed out, gave up resuming) moves on to the next
 * mirror; a {@link LocalWriteException} (disk full, unwritable cache) stops the fetch, as no
 * mirror can help; an InterruptedException keeps the part file for a later resume.
 */
final class Downloader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);
  private static final int BUFFER = 1 << 16;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final HttpClient client;
  private final Duration responseTimeout;
  private final Duration stallTimeout;
  private final int attempts;
  private final ScheduledExecutorService watchdog;

  Downloader(
      Duration connectTimeout, Duration responseTimeout, Duration stallTimeout, int attempts) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(connectTimeout)
            .build();
    this.responseTimeout = responseTimeout;
    this.stallTimeout = stallTimeout;
    this.attempts = attempts;
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "l2o-download-watchdog");
              t.setDaemon(true);
              return t;
            });
  }

  /** The transfer failed in a way another mirror might not: try the next one. */
  static final class TransferException extends IOException {
    private static final long serialVersionUID = 1L;

    TransferException(String message) {
      super(message);
    }
  }

  /** Writing to the cache failed (disk full, unwritable): no mirror can fix it. */
  static final class LocalWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    LocalWriteException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The connection broke after the body began: worth resuming on the same mirror. */
  private static final class BodyBroken extends IOException {
    private static final long serialVersionUID = 1L;

    BodyBroken(String message) {
      super(message);
    }
  }

  /**
   * Downloads {@code url} into {@code part}. An existing part file is resumed when its marker
   * says it came from the same URL; otherwise it is started afresh.
   */
  void download(URI url, Path part, long expectedBytes, Progress progress)
      throws TransferException, LocalWriteException, InterruptedException {
    local(() -> Files.createDirectories(part.getParent()), part);
    if ("file".equalsIgnoreCase(url.getScheme())) {
      copyFile(url, part, progress);
      return;
    }
    Path marker = DataCache.urlMarkerOf(part);
    long offset = 0;
    try {
      if (Files.isRegularFile(part)
          && Files.isRegularFile(marker)
          && Files.readString(marker).equals(url.toString())) {
        offset = Files.size(part);
      }
    } catch (IOException e) {
      offset = 0;
    }
    if (offset > 0) {
      LOG.info("resuming {} at byte {}", url, offset);
    } // else the first attempt truncates whatever is there
    local(() -> Files.writeString(marker, url.toString()), marker);
    progress.setTotal(Math.max(expectedBytes, 0));
    int failures = 0;
    while (true) {
      try {
        attempt(url, part, offset, progress);
        return;
      } catch (BodyBroken e) {
        failures++;
        offset = sizeOf(part);
        if (failures >= attempts) {
          throw new TransferException(e.getMessage() + "; gave up after " + attempts + " attempts");
        }
        LOG.warn("{}: {}; resuming at byte {} (attempt {} of {})",
            url, e.getMessage(), offset, failures + 1, attempts);
      }
    }
  }

  /** Removes a part file and its marker: nothing partial is left behind after a failure. */
  static void discard(Path part) {
    try {
      Files.deleteIfExists(part);
      Files.deleteIfExists(DataCache.urlMarkerOf(part));
    } catch (IOException e) {
      LOG.warn("could not delete partial download {}: {}", part, e.toString());
    }
  }

  private void attempt(URI url, Path part, long offset, Progress progress)
      throws TransferException, LocalWriteException, BodyBroken, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(url)
            .timeout(responseTimeout)
            .header("User-Agent", "l2o-data-fetch/1")
            .GET();
    if (offset > 0) {
      req.header("Range", "bytes=" + offset + "-");
    }
    HttpResponse<InputStream> resp;
    try {
      resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw new TransferException("connect timed out");
    } catch (HttpTimeoutException e) {
      throw new TransferException(
          "no response within " + responseTimeout.toSeconds() + " s (timed out)");
    } catch (ConnectException e) {
      throw new TransferException(connectFailure(url, e));
    } catch (IOException e) {
      throw new TransferException("request failed: " + e);
    }
    try (InputStream body = resp.body()) {
      int status = resp.statusCode();
      boolean append;
      long total;
      if (status == 206 && offset > 0) {
        String cr = resp.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(cr);
        if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
          throw new TransferException(
              "answered Range bytes=" + offset + "- with Content-Range '" + cr + "'");
        }
        append = true;
        total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
      } else if (status == 200) {
        append = false;
        long len = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
        total = len;
        if (offset > 0) {
          LOG.info("{} ignored the Range request; downloading from the start", url);
        }
      } else if (status == 416 && offset > 0) {
        discard(part);
        throw new BodyBroken("HTTP 416 for Range bytes=" + offset + "-; restarting from 0");
      } else {
        throw new TransferException("HTTP " + status);
      }
      long start = append ? offset : 0;
      if (total > 0) {
        progress.setTotal(total);
      }
      progress.stepTo(start);
      copyBody(body, part, append, start, total, progress);
    } catch (IOException e) {
      if (e instanceof TransferException t) {
        throw t;
      }
      if (e instanceof LocalWriteException w) {
        throw w;
      }
      if (e instanceof BodyBroken b) {
        throw b;
      }
      throw new BodyBroken("connection failed: " + e); // from closing the body
    }
  }

  private void copyBody(
      InputStream body, Path part, boolean append, long start, long total, Progress progress)
      throws LocalWriteException, BodyBroken {
    AtomicLong lastData = new AtomicLong(System.nanoTime());
    AtomicBoolean stalled = new AtomicBoolean();
    long stallNanos = stallTimeout.toNanos();
    long period = Math.max(10, stallTimeout.toMillis() / 4);
    ScheduledFuture<?> guard =
        watchdog.scheduleAtFixedRate(
            () -> {
              boolean silent = System.nanoTime() - lastData.get() > stallNanos;
              if (silent && stalled.compareAndSet(false, true)) {
                try {
                  body.close(); // unblocks the reading thread with an IOException
                } catch (IOException ignored) {
                  // the reader sees the stall either way
                }
              }
            },
            period,
            period,
            TimeUnit.MILLISECONDS);
    long done = start;
    try (FileChannel out = openPart(part, append)) {
      byte[] buf = new byte[BUFFER];
      while (true) {
        int n;
        try {
          n = body.read(buf);
        } catch (IOException e) {
          throw new BodyBroken(
              stalled.get()
                  ? "stalled: no data for " + stallTimeout.toMillis() + " ms after " + done
                      + " bytes"
                  : "connection dropped after " + done + " bytes (" + e.getMessage() + ")");
        }
        if (n < 0) {
          break;
        }
        lastData.set(System.nanoTime());
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        try {
          while (bb.hasRemaining()) {
            out.write(bb);
          }
        } catch (IOException e) {
          throw new LocalWriteException("cannot write " + part + ": " + e.getMessage(), e);
        }
        done += n;
        progress.stepTo(done);
      }
    } catch (IOException e) {
      if (e instanceof LocalWriteException w) {
        throw w;
      }
      if (e instanceof BodyBroken b) {
        throw b;
      }
      throw new LocalWriteException("cannot write " + part + ": " + e.getMessage(), e);
    } finally {
      guard.cancel(false);
    }
    if (total > 0 && done != total) {
      throw new BodyBroken("body ended at " + done + " of " + total + " bytes");
    }
  }

  private static FileChannel openPart(Path part, boolean append) throws LocalWriteException {
    try {
      return append
          ? FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
          : FileChannel.open(
              part,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new LocalWriteException("cannot open " + part + " for writing: " + e.getMessage(), e);
    }
  }

  private static void copyFile(URI url, Path part, Progress progress)
      throws TransferException, LocalWriteException {
    Path src;
    try {
      src = Path.of(url);
    } catch (IllegalArgumentException e) {
      throw new TransferException("not a usable file URL: " + e.getMessage());
    }
    InputStream in;
    try {
      in = Files.newInputStream(src);
      progress.setTotal(Files.size(src));
    } catch (NoSuchFileException e) {
      throw new TransferException("no such file");
    } catch (IOException e) {
      throw new TransferException("cannot read: " + e);
    }
    try (in;
        FileChannel out = openPart(part, false)) {
      byte[] buf = new byte[BUFFER];
      long done = 0;
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (IOException e) {
          throw new TransferException("read failed after " + done + " bytes: " + e.getMessage());
        }
        if (n < 0) {
          break;
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        try {
          while (bb.hasRemaining()) {
            out.write(bb);
          }
        } catch (IOException e) {
          throw new LocalWriteException("cannot write " + part + ": " + e.getMessage(), e);
        }
        done += n;
        progress.stepTo(done);
      }
    } catch (TransferException | LocalWriteException e) {
      throw e;
    } catch (IOException e) {
      throw new LocalWriteException("cannot write " + part + ": " + e.getMessage(), e);
    }
  }

  /** "connection refused", or what else stopped the connection (an unknown host). */
  static String connectFailure(URI url, ConnectException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof java.nio.channels.UnresolvedAddressException) {
      return "unknown host " + url.getHost();
    }
    String m = root.getMessage();
    return m == null || m.toLowerCase(java.util.Locale.ROOT).contains("refused")
        ? "connection refused"
        : "cannot connect (" + m + ")";
  }

  private static long sizeOf(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void local(IoAction a, Path where) throws LocalWriteException {
    try {
      a.run();
    } catch (IOException e) {
      throw new LocalWriteException("cannot write " + where + ": " + e, e);
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }

  @Override
  public String toString() {
    return "Downloader[responseTimeout=" + responseTimeout + ", stallTimeout=" + stallTimeout
        + ", attemptsPerMirror=" + attempts + "]";
  }
}
