package org.l2o.stages;

import java.util.Set;
import org.l2o.data.DataFetcher;
import org.l2o.data.FetchRequest;
import org.l2o.data.FetchResult;
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
    return new FetchRequest(
        p.getStrings("datasets"),
        FetchRequest.mirrorsFrom(p.getString("data_mirrors")),
        p.getBool("data_verify"),
        p.getBool("offline"),
        FetchRequest.cacheDirFrom(p.getString("data_cache")));
  }

  @Override
  public void run(StageContext ctx) throws Exception {
    FetchRequest request = settings(ctx.params());
    FetchResult result = new DataFetcher().fetch(request, ctx.out());
    // The fetcher already printed each warning loudly; the manifest and tags carry them on.
    ctx.tracker().setTag(Tags.UNVERIFIED_DATA, Boolean.toString(result.verified()));
    ctx.tracker().logMetric(MetricKeys.FILES_DOWNLOADED, result.downloaded(), 0);
    ctx.tracker().logMetric(MetricKeys.FILES_FROM_CACHE, result.cacheHits(), 0);
    ctx.tracker().logArtifact(result.manifestFile(), "");
    ctx.log().println("fetch: " + request.datasets() + " ("
        + result.downloaded() + " downloaded, " + result.cacheHits() + " from the cache "
        + request.cacheDir() + (result.verified() ? ", verified" : ", UNVERIFIED") + ")");
  }
}
