package org.l2o.tracking.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** MLflow-style opaque page tokens: base64 of {@code {"offset": n}}. */
final class PageToken {
  private PageToken() {}

  static String encode(int offset) {
    return Base64.getEncoder()
        .encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
  }

  static int decode(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String json = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      int offset = Json.MAPPER.readTree(json).path("offset").asInt(-1);
      if (offset < 0) {
        throw new IllegalArgumentException("no offset");
      }
      return offset;
    } catch (Exception e) {
      throw MlflowError.invalid("Invalid page token '" + token + "': " + e.getMessage()
          + "; pass the next_page_token of the previous response, or none for the first page");
    }
  }

  /** One page of {@code items} starting at the token's offset; next token or null when done. */
  record Page<T>(List<T> items, String nextToken) {}

  static <T> Page<T> page(List<T> all, String token, int maxResults) {
    int from = Math.min(decode(token), all.size());
    int to = (int) Math.min((long) from + maxResults, all.size());
    return new Page<>(all.subList(from, to), to < all.size() ? encode(to) : null);
  }
}
