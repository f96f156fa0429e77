package org.l2o.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetchRequestTest {

  @Test
  void mirrorsParamIsSplitOnCommasAndEachBaseEndsInASlash() {
    List<URI> m = FetchRequest.mirrorsFrom(" http://a.example/x , https://b.example/y/,", Map.of());

    assertThat(m).containsExactly(URI.create("http://a.example/x/"),
        URI.create("https://b.example/y/"));
  }

  @Test
  void blankParamFallsBackToTheEnvironmentThenToTheOfficialMirrors() {
    Map<String, String> env = Map.of(FetchRequest.MIRRORS_ENV, "file:///srv/mirror");

    assertThat(FetchRequest.mirrorsFrom("  ", env))
        .containsExactly(URI.create("file:///srv/mirror/"));
    assertThat(FetchRequest.mirrorsFrom("http://p.example/", env))
        .containsExactly(URI.create("http://p.example/"));
    assertThat(FetchRequest.mirrorsFrom(null, Map.of())).isEmpty();
  }

  @Test
  void absolutePathIsTakenAsAFileMirror() {
    assertThat(FetchRequest.mirrorsFrom("/srv/data", Map.of()))
        .containsExactly(URI.create("file:///srv/data/"));
  }

  @Test
  void fileMirrorWithAHostIsRejected() {
    assertThatThrownBy(() -> FetchRequest.mirrorsFrom("file://host/dir", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected file:///absolute/dir/");
  }

  @Test
  void otherSchemesAreRejectedNamingTheMirror() {
    assertThatThrownBy(() -> FetchRequest.mirrorsFrom("ftp://x.example/", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported mirror 'ftp://x.example/'")
        .hasMessageContaining("http://, https:// or file://");
    assertThatThrownBy(() -> FetchRequest.mirrorsFrom("relative/dir", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cacheDirComesFromTheEnvironmentThenXdgThenHome() {
    assertThat(FetchRequest.defaultCacheDir(Map.of(FetchRequest.CACHE_ENV, "/c"), "/home/u"))
        .isEqualTo(Path.of("/c"));
    assertThat(FetchRequest.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/x"), "/home/u"))
        .isEqualTo(Path.of("/x/l2o/data"));
    assertThat(FetchRequest.defaultCacheDir(Map.of(), "/home/u"))
        .isEqualTo(Path.of("/home/u/.cache/l2o/data"));
  }

  @Test
  void unknownOrRepeatedDatasetsAreRejected() {
    assertThatThrownBy(() -> FetchRequest.of("mnsit"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "unknown dataset 'mnsit'; expected one of mnist, cifar10, fashion-mnist");
    assertThatThrownBy(() -> FetchRequest.of("mnist", "mnist"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listed twice");
    assertThatThrownBy(() -> new FetchRequest(List.of(), List.of(), true, false, Path.of("/c")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullCacheDirMeansTheDefault() {
    assertThat(FetchRequest.of("mnist").cacheDir()).isEqualTo(FetchRequest.defaultCacheDir());
    assertThat(FetchRequest.of("mnist").officialMirrors()).isTrue();
  }
}
