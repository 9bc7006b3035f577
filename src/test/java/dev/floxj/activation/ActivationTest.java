package dev.floxj.activation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.manifest.Profile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActivationTest {
  private static final String ENV = "/nix/store/" + "a".repeat(32) + "-demo-floxj-env";

  private static Activation activation(Map<String, String> vars, String hook, Profile profile) {
    Map<String, VariableValue> fixed = new LinkedHashMap<>();
    fixed.put("CPATH", VariableValue.parse("${FLOX_ENV}/include"));
    fixed.put("SSL_CERT_FILE", VariableValue.text("/nix/store/c-cacert/etc/ssl/certs/ca-bundle.crt"));
    return new Activation(
        "demo",
        List.of("bin", "sbin"),
        fixed,
        Activation.parseVars(vars),
        hook,
        profile,
        Optional.of(Shell.BASH));
  }

  @Test
  void configEnv_holdsPathFloxVariablesDerivedOnesAndPlainVars_inThatOrder() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("GREETING", "Hello");
    vars.put("MESSAGE", "${GREETING}, world");
    vars.put("PRICE", "$5");

    assertThat(activation(vars, null, Profile.NONE).configEnv(ENV))
        .containsExactly(
            "PATH=" + ENV + "/bin:" + ENV + "/sbin:" + Activation.DEFAULT_PATH,
            "FLOX_ENV=" + ENV,
            "FLOX_ENV_DESCRIPTION=demo",
            "FLOX_ENV_CACHE=/tmp",
            "CPATH=" + ENV + "/include",
            "SSL_CERT_FILE=/nix/store/c-cacert/etc/ssl/certs/ca-bundle.crt",
            "GREETING=Hello",
            "PRICE=$5");
  }

  @Test
  void configEnv_plainVarsReplaceFloxjsOwn_referencingOnesLeaveThem() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("SSL_CERT_FILE", "/etc/mine.crt");
    vars.put("PATH", "/opt/bin:${PATH}");

    List<String> env = activation(vars, null, Profile.NONE).configEnv(ENV);
    assertThat(env).contains("SSL_CERT_FILE=/etc/mine.crt");
    assertThat(env).filteredOn(e -> e.startsWith("PATH=")).containsExactly(
        "PATH=" + ENV + "/bin:" + ENV + "/sbin:" + Activation.DEFAULT_PATH);
  }

  @Test
  void needsOfAShell_namesTheHookTheProfileAndVarsWithReferences() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("PLAIN", "x");
    vars.put("DERIVED", "$HOME/x");
    Activation activation =
        activation(vars, "echo hi", new Profile("c", "b", "z", null, null));

    assertThat(activation.needsOfAShell())
        .containsExactly(
            "[hook] on-activate", "[profile] common", "[profile] bash", "[vars] DERIVED (it refers to $HOME)");
  }

  @Test
  void needsOfAShell_isEmptyForPlainVarsAndBlankScripts_andIgnoresOtherShellsProfiles() {
    Activation activation =
        activation(Map.of("PLAIN", "x"), "  \n", new Profile(" ", null, "zsh only", "fish", null));
    assertThat(activation.onActivate()).isNull();
    assertThat(activation.needsOfAShell()).isEmpty();
  }

  @Test
  void profileBash_isOnlyForBash() {
    Profile profile = new Profile(null, "bash stuff", null, null, null);
    Activation withSh =
        new Activation("d", List.of("bin"), Map.of(), Map.of(), null, profile, Optional.of(Shell.SH));
    assertThat(withSh.profileBash()).isNull();
    assertThat(activation(Map.of(), null, profile).profileBash()).isEqualTo("bash stuff");
  }

  @Test
  void shellFind_prefersBashOverSh() {
    assertThat(Shell.find(path -> true)).contains(Shell.BASH);
    assertThat(Shell.find(path -> path.equals("bin/sh"))).contains(Shell.SH);
    assertThat(Shell.find(path -> false)).isEmpty();
  }
}
