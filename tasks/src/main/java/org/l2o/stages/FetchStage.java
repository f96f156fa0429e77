package org.l2o.stages;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.l2o.data.DataFetcher;
import org.l2o.data.FetchRequest;
import org.l2o.data.FetchResult;
import org.l2o.params.ParamException;
import org.l2o.params.ResolvedParams;
import org.l2o.params.StageNames;
import org.l2o.tracking.Tags;
import org.l2o.engine.MetricKeys;

/**
 * {@code fetch}: downloads the datasets from the mirrors into the shared data cache, verifies them
 * and writes them, with a manifest, to the task's output.
 */
public final class FetchStage implements Stage {

  @Override
  public String name() {
    return StageNames.FETCH;
  }

  @Override
  public Set<String> inputRoles() {
    return Set.of();
  }

  @Override
  public FetchRequest settings(ResolvedParams p) {
    List<URI> mirrors;
    try {
      mirrors = FetchRequest.mirrorsFrom(p.getString("data_mirrors"));
    } catch (IllegalArgumentException e) {
      throw new ParamException("data_mirrors", e.getMessage()); // bad input: exit 2, not 1
    }
    return new FetchRequest(
        p.getStrings("datasets"),
        mirrors,
        p.getBool("data_verify"),
        p.getBool("offline"),
        FetchRequest.cacheDirFrom(p.getString("data_cache")));
  }

  @Override
  public void run(StageContext ctx) throws Exception {
    FetchRequest request = settings(ctx.params());
    // The fetcher's loud unverified-data warning goes where the stage prints, like its own line,
    // so that it reaches the command's error writer (and a test) rather than System.err.
    ByteArrayOutputStream warning = new ByteArrayOutputStream();
    FetchResult result;
    try (PrintStream console = new PrintStream(warning, true, StandardCharsets.UTF_8)) {
      result = new DataFetcher(DataFetcher.CONNECT_TIMEOUT_DEFAULT,
          DataFetcher.RESPONSE_TIMEOUT_DEFAULT, DataFetcher.STALL_TIMEOUT_DEFAULT,
          DataFetcher.ATTEMPTS_PER_MIRROR_DEFAULT, console).fetch(request, ctx.out());
    }
    ctx.log().print(warning.toString(StandardCharsets.UTF_8));
    // The fetcher already printed each warning loudly; the manifest and tags carry them on.
    ctx.tracker().setTag(Tags.DATA_VERIFIED, Boolean.toString(result.verified()));
    ctx.tracker().logMetric(MetricKeys.FILES_DOWNLOADED, result.downloaded(), 0);
    ctx.tracker().logMetric(MetricKeys.FILES_FROM_CACHE, result.cacheHits(), 0);
    ctx.tracker().logArtifact(result.manifestFile(), "");
    ctx.log().println("fetch: " + request.datasets() + " ("
        + result.downloaded() + " downloaded, " + result.cacheHits() + " from the cache "
        + request.cacheDir() + (result.verified() ? ", verified" : ", UNVERIFIED") + ")");
  }
}
