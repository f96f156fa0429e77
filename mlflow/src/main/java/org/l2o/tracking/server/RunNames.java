package org.l2o.tracking.server;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Readable names for runs created without one, in MLflow's adjective-noun-number style. */
final class RunNames {
  private static final List<String> ADJECTIVES =
      List.of("amber", "brave", "calm", "clever", "crisp", "eager", "gentle", "lucky", "nimble",
          "quiet", "rapid", "steady", "sunny", "tidy", "vivid", "witty");
  private static final List<String> NOUNS =
      List.of("ant", "bear", "crane", "deer", "eel", "finch", "goat", "hawk", "lynx", "moth",
          "newt", "owl", "panda", "robin", "seal", "wren");

  private RunNames() {}

  static String generate() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return ADJECTIVES.get(r.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(r.nextInt(NOUNS.size()))
        + "-" + r.nextInt(1000);
  }
}
