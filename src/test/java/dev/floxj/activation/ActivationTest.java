package dev.floxj.activation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.manifest.ActivateMode;
import dev.floxj.manifest.Profile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActivationTest {
  private static final String ENV = "/nix/store/" + "a".repeat(32) + "-demo-floxj-env";
  private static final String BUNDLE = "/nix/store/c-cacert/etc/ssl/certs/ca-bundle.crt";

  private static final EnvironmentContents CONTENTS =
      new EnvironmentContents(
          true, Optional.of("3.12"), true, true, true, List.of("a.sh"), Optional.of(BUNDLE),
          Optional.empty());

  private static Activation activation(
      ActivateMode mode, Map<String, String> vars, String hook, Profile profile) {
    return new Activation("demo", mode, CONTENTS, vars, hook, profile, Optional.of(Shell.BASH));
  }

  @Test
  void configEnv_devMode_holdsFloxsVariablesForADefaultContainer_thenPlainVars() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("GREETING", "Hello");
    vars.put("MESSAGE", "${GREETING}, world");
    vars.put("NOW", "$(date)");

    assertThat(activation(ActivateMode.DEV, vars, null, Profile.NONE).configEnv(ENV))
        .containsExactly(
            "PATH=" + ENV + "/bin:" + ENV + "/sbin:" + Activation.DEFAULT_PATH,
            "FLOX_ENV=" + ENV,
            "FLOX_ENV_CACHE=/tmp",
            "FLOX_ENV_DESCRIPTION=demo",
            "FLOX_ENV_DIRS=" + ENV,
            "MANPATH=" + ENV + "/share/man:",
            "SSL_CERT_FILE=" + BUNDLE,
            "NIX_SSL_CERT_FILE=" + BUNDLE,
            "INFOPATH=" + ENV + "/share/info:",
            "XDG_DATA_DIRS=" + ENV + "/share",
            "CPATH=" + ENV + "/include",
            "LIBRARY_PATH=" + ENV + "/lib",
            "PKG_CONFIG_PATH=" + ENV + "/lib/pkgconfig:" + ENV + "/share/pkgconfig",
            "ACLOCAL_PATH=" + ENV + "/share/aclocal",
            "PYTHONPATH=" + ENV + "/lib/python3.12/site-packages",
            "JAVA_HOME=" + ENV,
            "CMAKE_PREFIX_PATH=" + ENV,
            "JUPYTER_PATH=" + ENV + "/share/jupyter",
            "GREETING=Hello");
  }

  @Test
  void configEnv_runMode_leavesOutTheDevelopmentVariables() {
    List<String> env = activation(ActivateMode.RUN, Map.of(), null, Profile.NONE).configEnv(ENV);
    assertThat(env).anyMatch(e -> e.startsWith("XDG_DATA_DIRS="));
    assertThat(env)
        .noneMatch(
            e -> e.matches("(CPATH|LIBRARY_PATH|PKG_CONFIG_PATH|ACLOCAL_PATH|PYTHONPATH|JAVA_HOME"
                + "|CMAKE_PREFIX_PATH|JUPYTER_PATH)=.*"));
  }

  @Test
  void configEnv_plainVarsReplaceFloxjsOwn_expandedOnesLeaveThem() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("SSL_CERT_FILE", "/etc/mine.crt");
    vars.put("PATH", "/opt/bin:${PATH}");

    List<String> env = activation(ActivateMode.DEV, vars, null, Profile.NONE).configEnv(ENV);
    assertThat(env).contains("SSL_CERT_FILE=/etc/mine.crt");
    assertThat(env).filteredOn(e -> e.startsWith("PATH=")).containsExactly(
        "PATH=" + ENV + "/bin:" + ENV + "/sbin:" + Activation.DEFAULT_PATH);
  }

  @Test
  void needsOfAShell_namesTheHookTheProfileExpandedVarsAndPackagesProfileScripts() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("PLAIN", "x");
    vars.put("DERIVED", "$HOME/x");
    Activation activation =
        activation(ActivateMode.DEV, vars, "echo hi", new Profile("c", "b", "z", null, null));

    assertThat(activation.needsOfAShell())
        .containsExactly(
            "[hook] on-activate",
            "[profile] common",
            "[profile] bash",
            "[vars] DERIVED (the shell expands \"$HOME/x\")",
            "etc/profile.d/a.sh");
  }

  @Test
  void needsOfAShell_isEmptyForPlainVarsAndBlankScripts_andIgnoresOtherShellsProfiles() {
    Activation activation =
        new Activation(
            "demo", ActivateMode.RUN, CONTENTS, Map.of("PLAIN", "x"), "  \n",
            new Profile(" ", null, "zsh only", "fish", null), Optional.of(Shell.BASH));
    assertThat(activation.onActivate()).isNull();
    assertThat(activation.needsOfAShell()).isEmpty();
  }

  @Test
  void profileBash_isOnlyForBash_andScriptsAreOutdented() {
    Profile profile = new Profile("  a\n    b\n", "  bash stuff\n", null, null, null);
    Activation withSh =
        new Activation(
            "d", ActivateMode.DEV, CONTENTS, Map.of(), null, profile, Optional.of(Shell.SH));
    assertThat(withSh.profileBash()).isNull();
    assertThat(withSh.profileCommon()).isEqualTo("a\n  b\n");
    assertThat(activation(ActivateMode.DEV, Map.of(), null, profile).profileBash())
        .isEqualTo("bash stuff\n");
  }

  @Test
  void shellFind_prefersTheEnvironmentsBash_thenTheImagesBash_thenSh() {
    Optional<String> imageBash = Optional.of("/nix/store/b-bash/bin/bash");
    assertThat(Shell.find(path -> true, imageBash)).contains(Shell.BASH);
    assertThat(Shell.find(path -> path.equals("bin/sh"), imageBash))
        .contains(new Shell("/nix/store/b-bash/bin/bash", true));
    assertThat(Shell.find(path -> path.equals("bin/sh"))).contains(Shell.SH);
    assertThat(Shell.find(path -> false)).isEmpty();
    assertThat(new Shell("/nix/store/b-bash/bin/bash", true).pathIn(ENV))
        .isEqualTo("/nix/store/b-bash/bin/bash");
    assertThat(Shell.BASH.pathIn(ENV)).isEqualTo(ENV + "/bin/bash");
  }
}
