package dev.floxj.image;

import dev.floxj.image.model.ContainerConfig;
import dev.floxj.FloxjException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps {@code [containerize.config]} onto the image config as flox does, plus what floxj adds:
 * the activation's entrypoint and {@code Env}, and {@code --label}s merged over the manifest's.
 */
public final class ConfigMapping {
  private static final Pattern PORT =
      Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?(?:/(tcp|udp|sctp))?");
  private static final int MAX_PORT = 65535;

  private ConfigMapping() {}

  /**
   * @param config the manifest's {@code [containerize.config]}
   * @param labels the command line's labels, which win over the manifest's on the same key
   * @param env the activation's variables that need no shell
   * @param entrypoint the activation, or null when the image runs commands directly
   */
  public static ContainerConfig map(
      dev.floxj.manifest.ContainerConfig config,
      Map<String, String> labels,
      List<String> env,
      List<String> entrypoint) {
    Map<String, String> mergedLabels = new LinkedHashMap<>(config.labels());
    mergedLabels.putAll(labels);
    return new ContainerConfig(
        env,
        entrypoint,
        config.cmd().isEmpty() ? null : config.cmd(),
        config.workingDir(),
        config.user(),
        config.exposedPorts().stream().map(ConfigMapping::port).toList(),
        config.volumes(),
        mergedLabels,
        config.stopSignal());
  }

  /** {@code 8080} → {@code 8080/tcp}, the key Docker expects; a malformed port is an error. */
  static String port(String value) {
    Matcher m = PORT.matcher(value);
    if (!m.matches()
        || Integer.parseInt(m.group(1)) > MAX_PORT
        || (m.group(2) != null && Integer.parseInt(m.group(2)) > MAX_PORT)
        || (m.group(2) != null && Integer.parseInt(m.group(2)) < Integer.parseInt(m.group(1)))) {
      throw new FloxjException(
          "The exposed ports ([containerize.config] exposed-ports in manifest.toml,"
              + " container.config.ExposedPorts in flox.nix) hold \""
              + value
              + "\", which is not a port: write PORT, PORT/PROTOCOL or"
              + " FIRST-LAST/PROTOCOL, e.g. \"8080\", \"53/udp\" (protocols: tcp, udp, sctp).");
    }
    String range = m.group(2) == null ? m.group(1) : m.group(1) + "-" + m.group(2);
    return range + "/" + (m.group(3) == null ? "tcp" : m.group(3));
  }
}
