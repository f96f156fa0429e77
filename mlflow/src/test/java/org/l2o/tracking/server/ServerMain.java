package org.l2o.tracking.server;

import java.nio.file.Path;

/** A server in its own process, for the kill test: prints its URI, then serves until killed. */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, Path.of(args[0]));
    System.out.println("URI " + server.uri());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
