package org.l2o.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What a fetch produced.
 *
 * @param outDir the output directory: {@code <dataset>/<files>} and {@code manifest.json}
 * @param manifest the manifest written there
 * @param downloaded files that came from a mirror in this fetch
 * @param cacheHits files that came from the cache, without any network request
 * @param warnings unverified files and other things the user should know, one line each
 */
public record FetchResult(
    Path outDir, Manifest manifest, int downloaded, int cacheHits, List<String> warnings) {

  public FetchResult {
    warnings = List.copyOf(warnings);
  }

  /** True when every file matched an official digest. */
  public boolean verified() {
    return manifest.verified();
  }

  /** The manifest file. */
  public Path manifestFile() {
    return outDir.resolve(Manifest.FILE_NAME);
  }
}
