package org.l2o.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.l2o.tracking.SpoolRecord.SpooledMetric;

class BatchSenderTest {

  @Test
  void chunksStayWithinLogBatchLimitsAndKeepEveryItemOnceInOrder() {
    List<SpooledMetric> metrics = new ArrayList<>();
    for (int i = 0; i < 2345; i++) {
      metrics.add(new SpooledMetric("m", i, i, i));
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < 250; i++) {
      params.put("p" + i, "v");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < 120; i++) {
      tags.put("t" + i, "v");
    }
    List<BatchSender.Chunk> chunks = BatchSender.chunks(metrics, params, tags);
    List<SpooledMetric> allMetrics = new ArrayList<>();
    Map<String, String> allParams = new LinkedHashMap<>();
    Map<String, String> allTags = new LinkedHashMap<>();
    for (BatchSender.Chunk c : chunks) {
      assertThat(c.metrics().size()).isLessThanOrEqualTo(1000);
      assertThat(c.params().size()).isLessThanOrEqualTo(100);
      assertThat(c.tags().size()).isLessThanOrEqualTo(100);
      assertThat(c.size()).isLessThanOrEqualTo(1000).isPositive();
      allMetrics.addAll(c.metrics());
      allParams.putAll(c.params());
      allTags.putAll(c.tags());
    }
    assertThat(allMetrics).containsExactlyElementsOf(metrics);
    assertThat(allParams).containsExactlyEntriesOf(params);
    assertThat(allTags).containsExactlyEntriesOf(tags);
    // 250 params need 3 requests; 2345 metrics fit in ceil((2345 + 100 + 100 + 50 + 20) / 1000) = 3 as well
    assertThat(chunks).hasSize(3);
  }

  @Test
  void nothingToSendIsNoChunk() {
    assertThat(BatchSender.chunks(List.of(), Map.of(), Map.of())).isEmpty();
  }
}
