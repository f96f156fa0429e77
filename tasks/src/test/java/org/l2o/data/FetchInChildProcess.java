package org.l2o.data;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Runs one unverified MNIST-named fetch (of SYNTHETIC data) in its own JVM, for the test of
 * locking between processes. Arguments: cache directory, output directory, mirror URL. Prints
 * the cache's lock messages to standard output so that the test can see it waiting.
 */
public final class FetchInChildProcess {

  private FetchInChildProcess() {}

  public static void main(String[] args) throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder enc = new PatternLayoutEncoder();
    enc.setContext(ctx);
    enc.setPattern("%msg%n");
    enc.start();
    ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
    out.setContext(ctx);
    out.setEncoder(enc);
    out.start();
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.setLevel(Level.WARN);
    Logger cache = ctx.getLogger(DataCache.class);
    cache.setLevel(Level.INFO);
    cache.addAppender(out);
    cache.setAdditive(false);

    FetchRequest r = new FetchRequest(List.of("mnist"), List.of(URI.create(args[2])), false, false,
        Path.of(args[0]));
    FetchResult res = new DataFetcher(Duration.ofSeconds(10), Duration.ofSeconds(10),
        Duration.ofSeconds(10), 2, new PrintStream(PrintStream.nullOutputStream()))
        .fetch(r, Path.of(args[1]));
    System.out.println("downloaded=" + res.downloaded() + " cacheHits=" + res.cacheHits());
  }
}
