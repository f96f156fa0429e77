package org.l2o.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real git against a repository the test creates. */
class GitProbeTest {

  @TempDir
  Path repo;

  private final GitProbe git = new GitProbe(CommandRunner.system());

  private void gitCommand(String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=test", "-c", "user.email=test@example.org",
        "-c", "commit.gpgsign=false"));
    command.addAll(List.of(args));
    assertThat(CommandRunner.system().run(repo, command)).as("git %s", command).isPresent();
  }

  private void commitOneFile() throws Exception {
    gitCommand("init", "-q", "-b", "main");
    Files.writeString(repo.resolve("tracked.txt"), "v1\n");
    gitCommand("add", "tracked.txt");
    gitCommand("commit", "-q", "-m", "first");
  }

  @Test
  void commitIsTheHashTheBranchRefPointsAt() throws Exception {
    commitOneFile();
    Path ref = repo.resolve(".git/refs/heads/main");

    assertThat(git.commit(repo)).contains(Files.readString(ref).trim());
    assertThat(git.commit(repo).orElseThrow()).hasSize(40);
  }

  @Test
  void commitIsFoundFromASubdirectory() throws Exception {
    commitOneFile();
    Path sub = Files.createDirectories(repo.resolve("a/b"));

    assertThat(git.commit(sub)).isEqualTo(git.commit(repo)).isPresent();
  }

  @Test
  void modifiedTrackedFileMakesTheTreeDirtyButUntrackedFilesDoNot() throws Exception {
    commitOneFile();
    assertThat(git.dirty(repo)).contains(false);

    Files.writeString(repo.resolve("results.csv"), "an output, not code\n");
    assertThat(git.dirty(repo)).contains(false);

    Files.writeString(repo.resolve("tracked.txt"), "v2\n");
    assertThat(git.dirty(repo)).contains(true);
  }

  @Test
  void aDirectoryOutsideAnyRepositoryHasNoCommit() throws Exception {
    Path plain = Files.createDirectories(repo.resolve("not-a-repo"));
    for (Path up = plain; up != null; up = up.getParent()) {
      assumeFalse(Files.exists(up.resolve(".git")), "the temp directory lies inside a git work tree: " + up);
    }

    assertThat(git.commit(plain)).isEmpty();
    assertThat(git.dirty(plain)).isEmpty();
  }

  @Test
  void missingGitYieldsEmptyNotAnError() {
    GitProbe noGit = new GitProbe((directory, command) -> Optional.empty());

    assertThat(noGit.commit(repo)).isEmpty();
    assertThat(noGit.dirty(repo)).isEmpty();
  }
}
