package dev.floxj.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floxj.manifest.FloxJson;
import dev.floxj.manifest.ManifestTomlEditor;
import dev.floxj.store.StorePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Writes a locked flox environment ({@code .flox/env.json}, {@code env/manifest.toml}, {@code
 * env/manifest.lock}) whose packages are store paths of the test store, shaped like flox's own.
 *
 * <pre>{@code
 * Path dir = FloxEnvFixture.named("demo")
 *     .storePath("hello", packages.hello())
 *     .catalog(CatalogPackage.of("greet", packages.greet()).priority(3))
 *     .manifestToml("[vars]\nGREETING = \"hi\"\n")
 *     .writeTo(tempDir);
 * }</pre>
 *
 * The lock's embedded {@code manifest} is the final manifest.toml parsed, so the lock is never
 * stale; write a different manifest.toml afterwards to test staleness.
 */
public final class FloxEnvFixture {
  /** The systems every package is locked for: the test store's and one foreign architecture. */
  public static final List<String> SYSTEMS = List.of("aarch64-linux", "x86_64-linux");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");
  private static final String FIXED_REV = "0".repeat(40);
  private static final Pattern NAME_AND_VERSION = Pattern.compile("(.+?)-([0-9][^-]*)");

  /** One {@code [install]} entry of the manifest and its lock entries. */
  public sealed interface InstalledPackage permits StorePathPackage, CatalogPackage {
    String installId();
  }

  /** A package installed by {@code store-path = "/nix/store/..."}. */
  public record StorePathPackage(String installId, StorePath path, Integer priority)
      implements InstalledPackage {}

  /**
   * A catalog package ({@code pkg-path}) whose outputs are the given store paths; {@code
   * manifestOutputs} is the descriptor's {@code outputs} ({@code null}, {@code "all"} or a list).
   */
  public record CatalogPackage(
      String installId,
      String pkgPath,
      String version,
      Map<String, StorePath> outputs,
      List<String> outputsToInstall,
      Integer priority,
      Object manifestOutputs)
      implements InstalledPackage {

    /** A one-output package ({@code out}) with pkg-path = install id, version from the name. */
    public static CatalogPackage of(String installId, StorePath out) {
      return new CatalogPackage(
          installId, installId, versionOf(out), Map.of("out", out), List.of("out"), null, null);
    }

    public CatalogPackage priority(int priority) {
      return new CatalogPackage(
          installId, pkgPath, version, outputs, outputsToInstall, priority, manifestOutputs);
    }

    public CatalogPackage pkgPath(String pkgPath) {
      return new CatalogPackage(
          installId, pkgPath, version, outputs, outputsToInstall, priority, manifestOutputs);
    }

    /** Several outputs, in order (e.g. {@code out}, {@code man}); all installed by default. */
    public CatalogPackage outputs(Map<String, StorePath> outputs, List<String> outputsToInstall) {
      return new CatalogPackage(
          installId, pkgPath, version, outputs, outputsToInstall, priority, manifestOutputs);
    }

    /** The manifest descriptor's {@code outputs}: {@code "all"} or a list of names. */
    public CatalogPackage manifestOutputs(Object manifestOutputs) {
      return new CatalogPackage(
          installId, pkgPath, version, outputs, outputsToInstall, priority, manifestOutputs);
    }
  }

  private final String name;
  private String schemaVersion = "1.10.0";
  private final List<InstalledPackage> packages = new ArrayList<>();
  private final StringBuilder extraToml = new StringBuilder();

  private FloxEnvFixture(String name) {
    this.name = name;
  }

  public static FloxEnvFixture named(String name) {
    return new FloxEnvFixture(name);
  }

  /** {@code schema-version = "..."} (default 1.10.0); {@code null} writes {@code version = 1}. */
  public FloxEnvFixture schemaVersion(String schemaVersion) {
    this.schemaVersion = schemaVersion;
    return this;
  }

  public FloxEnvFixture storePath(String installId, StorePath path) {
    packages.add(new StorePathPackage(installId, path, null));
    return this;
  }

  public FloxEnvFixture storePath(String installId, StorePath path, int priority) {
    packages.add(new StorePathPackage(installId, path, priority));
    return this;
  }

  public FloxEnvFixture catalog(CatalogPackage catalogPackage) {
    packages.add(catalogPackage);
    return this;
  }

  /** TOML appended after {@code [install]}: {@code [vars]}, {@code [hook]}, {@code [options]}… */
  public FloxEnvFixture manifestToml(String toml) {
    extraToml.append(toml.endsWith("\n") ? toml : toml + "\n");
    return this;
  }

  /** Writes {@code DIR/.flox/...} and returns {@code DIR}. */
  public Path writeTo(Path dir) {
    String manifestToml = manifestToml();
    try {
      Path dotFlox = dir.resolve(".flox");
      Files.createDirectories(dotFlox.resolve("env"));
      ObjectNode envJson = JSON.createObjectNode().put("name", name).put("version", 1);
      Files.writeString(dotFlox.resolve("env.json"), FloxJson.toText(envJson));
      Files.writeString(dotFlox.resolve("env/manifest.toml"), manifestToml);
      Files.writeString(dotFlox.resolve("env/manifest.lock"), FloxJson.toText(lock(manifestToml)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The manifest.toml text this fixture writes. */
  public String manifestToml() {
    StringBuilder toml = new StringBuilder();
    toml.append(
        schemaVersion == null
            ? "version = 1\n"
            : "schema-version = " + ManifestTomlEditor.quoted(schemaVersion) + "\n");
    toml.append("\n[install]\n");
    for (InstalledPackage item : packages) {
      if (item instanceof StorePathPackage p) {
        String id = key(p.installId());
        toml.append(id).append(".store-path = ").append(ManifestTomlEditor.quoted(p.path().path())).append('\n');
        if (p.priority() != null) {
          toml.append(id).append(".priority = ").append(p.priority()).append('\n');
        }
      } else if (item instanceof CatalogPackage p) {
        String id = key(p.installId());
        toml.append(id).append(".pkg-path = ").append(ManifestTomlEditor.quoted(p.pkgPath())).append('\n');
        if (p.manifestOutputs() instanceof String all) {
          toml.append(id).append(".outputs = ").append(ManifestTomlEditor.quoted(all)).append('\n');
        } else if (p.manifestOutputs() instanceof List<?> names) {
          List<String> quoted = names.stream().map(n -> ManifestTomlEditor.quoted(n.toString())).toList();
          toml.append(id).append(".outputs = [").append(String.join(", ", quoted)).append("]\n");
        }
        if (p.priority() != null) {
          toml.append(id).append(".priority = ").append(p.priority()).append('\n');
        }
      }
    }
    if (!extraToml.isEmpty()) {
      toml.append('\n').append(extraToml);
    }
    return toml.toString();
  }

  private ObjectNode lock(String manifestToml) {
    TomlParseResult manifest = Toml.parse(manifestToml);
    if (manifest.hasErrors()) {
      throw new IllegalArgumentException(
          "The fixture's manifest.toml does not parse: " + manifest.errors() + "\n" + manifestToml);
    }
    ObjectNode lock = JSON.createObjectNode();
    lock.put("lockfile-version", 1);
    lock.set("manifest", toJson(manifest));
    ArrayNode entries = lock.putArray("packages");
    for (InstalledPackage item : packages) {
      for (String system : SYSTEMS) {
        entries.add(
            item instanceof StorePathPackage p
                ? storePathEntry(p, system)
                : catalogEntry((CatalogPackage) item, system));
      }
    }
    return lock;
  }

  private static ObjectNode storePathEntry(StorePathPackage p, String system) {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("install_id", p.installId());
    entry.put("store_path", p.path().path());
    entry.put("system", system);
    entry.put("priority", p.priority() == null ? 5 : p.priority());
    return entry;
  }

  /** The shape of a real catalog entry (as in flox's own lock files), with fixed provenance. */
  private static ObjectNode catalogEntry(CatalogPackage p, String system) {
    StorePath firstOutput = p.outputs().values().iterator().next();
    String name = nameOf(firstOutput);
    ObjectNode entry = JSON.createObjectNode();
    entry.put("attr_path", p.pkgPath());
    entry.put("broken", false);
    entry.put("derivation", "/nix/store/" + firstOutput.hashPart() + "-" + name + ".drv");
    entry.put("description", "Test package " + p.pkgPath() + " built by src/test/nix/packages.nix");
    entry.put("install_id", p.installId());
    entry.put("license", "Apache-2.0");
    entry.put("locked_url", "https://github.com/flox/nixpkgs?rev=" + FIXED_REV);
    entry.put("name", name);
    entry.put("pname", p.pkgPath());
    entry.put("rev", FIXED_REV);
    entry.put("rev_count", 1);
    entry.put("rev_date", "2026-01-01T00:00:00Z");
    entry.put("scrape_date", "2026-01-01T00:00:00.000000Z");
    entry.putArray("stabilities").add("unstable");
    entry.put("unfree", false);
    entry.put("version", p.version());
    ArrayNode outputsToInstall = entry.putArray("outputs_to_install");
    p.outputsToInstall().forEach(outputsToInstall::add);
    ObjectNode outputs = entry.putObject("outputs");
    p.outputs().forEach((output, path) -> outputs.put(output, path.path()));
    entry.put("system", system);
    entry.put("group", "toplevel");
    entry.put("priority", p.priority() == null ? 5 : p.priority());
    return entry;
  }

  /** The store path's name without an output suffix such as {@code -man}. */
  private static String nameOf(StorePath path) {
    Matcher m = NAME_AND_VERSION.matcher(path.name());
    return m.matches() ? m.group(1) + "-" + m.group(2) : path.name();
  }

  private static String versionOf(StorePath path) {
    Matcher m = NAME_AND_VERSION.matcher(path.name());
    return m.matches() ? m.group(2) : "0";
  }

  private static JsonNode toJson(Object toml) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (toml instanceof TomlTable table) {
      ObjectNode object = nodes.objectNode();
      for (String key : table.keySet()) {
        object.set(key, toJson(table.get(List.of(key))));
      }
      return object;
    }
    if (toml instanceof TomlArray array) {
      ArrayNode list = nodes.arrayNode();
      for (int i = 0; i < array.size(); i++) {
        list.add(toJson(array.get(i)));
      }
      return list;
    }
    if (toml instanceof String s) {
      return nodes.textNode(s);
    }
    if (toml instanceof Long n) {
      return nodes.numberNode(n);
    }
    if (toml instanceof Double d) {
      return nodes.numberNode(d);
    }
    if (toml instanceof Boolean b) {
      return nodes.booleanNode(b);
    }
    return nodes.textNode(String.valueOf(toml)); // dates and times, as TOML writes them
  }

  private static String key(String key) {
    return BARE_KEY.matcher(key).matches() ? key : ManifestTomlEditor.quoted(key);
  }
}
