package dev.floxj.image;

import dev.floxj.image.model.ContainerConfig;
import dev.floxj.FloxjException;
import dev.floxj.activation.Activation;
import dev.floxj.activation.ActivationFile;
import dev.floxj.activation.ActivationScripts;
import dev.floxj.activation.Shell;
import dev.floxj.manifest.ActivateMode;
import dev.floxj.manifest.Manifest;
import dev.floxj.store.StoreTree;
import dev.floxj.tar.TarOwner;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What an environment puts into its image besides the store layers: the environment's tree with
 * its activation, the root filesystem around it, and the config that runs it; and the owner of
 * the store layers' files.
 *
 * @param environmentPath where the environment's tree is, e.g. {@code
 *     /nix/store/<hash>-demo-floxj-env}
 */
public record EnvironmentImage(
    String environmentPath, RootFilesystem root, ContainerConfig config, TarOwner storeOwner) {

  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Where a bash is, inside a store path of the closure, for the activation. */
  private static final String BASH = "bin/bash";
  /**
   * What goes in.
   *
   * @param environmentName the name in {@code .flox/env.json}
   * @param mode {@code --mode}, or null for the manifest's {@code options.activate.mode}, else dev
   * @param labels {@code --label}s, merged over the manifest's
   * @param members the package outputs joined into the environment
   * @param rootPackages the store paths joined into the image root below the environment: the
   *     image's bash and coreutils (whose {@code bin/bash} runs the activation when the
   *     environment has no shell)
   * @param files what is inside the members' store paths
   * @param closureFiles the image's closure, for the CA bundle and locales
   * @param warnings receives a sentence for each thing worth knowing (a dangling symlink)
   */
  public record Request(
      String environmentName,
      Manifest manifest,
      ActivateMode mode,
      Map<String, String> labels,
      List<EnvironmentJoin.Member> members,
      List<String> rootPackages,
      StoreTree files,
      ClosureFiles closureFiles,
      Consumer<String> warnings) {
    public Request {
      Objects.requireNonNull(environmentName, "environmentName");
      Objects.requireNonNull(manifest, "manifest");
      labels = Map.copyOf(labels);
      members = List.copyOf(members);
      rootPackages = List.copyOf(rootPackages);
      Objects.requireNonNull(files, "files");
      Objects.requireNonNull(closureFiles, "closureFiles");
      Objects.requireNonNull(warnings, "warnings");
    }

    /** Without root packages, warnings dropped: an environment alone. */
    public Request(
        String environmentName,
        Manifest manifest,
        ActivateMode mode,
        Map<String, String> labels,
        List<EnvironmentJoin.Member> members,
        StoreTree files,
        ClosureFiles closureFiles) {
      this(environmentName, manifest, mode, labels, members, List.of(), files, closureFiles,
          warning -> {});
    }
  }

  public static EnvironmentImage build(Request request) {
    Manifest manifest = request.manifest();
    ActivateMode mode = mode(request);
    // flox's dev mode is its "develop" tree, which follows propagated-build-inputs too.
    RootFilesystem environment =
        new EnvironmentJoin(
                request.files(),
                mode == ActivateMode.DEV
                    ? EnvironmentJoin.Propagation.BUILD_INPUTS
                    : EnvironmentJoin.Propagation.USER_ENV_PACKAGES,
                true,
                request.closureFiles()::contains,
                request.warnings())
            .join(request.members());

    Activation activation =
        new Activation(
            request.environmentName(),
            mode,
            DerivedVariables.of(environment, request.files(), request.closureFiles()),
            vars(manifest.vars()),
            manifest.onActivate(),
            manifest.profile(),
            // The environment's bash, else the image root's, else any bash of the closure, else
            // the environment's sh.
            Shell.find(
                path -> environment.node(path) != null,
                rootBash(request).map(Shell::path).or(() -> request.closureFiles().find(BASH))));
    requireShellIfNeeded(activation);

    String environmentPath =
        EnvironmentStorePath.of(
            request.environmentName(),
            mode,
            request.members(),
            scripts(activation, EnvironmentStorePath.placeholder(request.environmentName())));
    List<ActivationFile> files = scripts(activation, environmentPath);
    if (!files.isEmpty()) {
      ActivationScripts.RESERVED_NAMES.forEach(environment.root().children()::remove);
    }
    for (ActivationFile file : files) {
      environment.put(file.path(), new RootFilesystem.File(file.mode(), file.content()));
    }

    ImageUser user = ImageUser.parse(manifest.containerize().config().user());
    RootFilesystem root =
        ImageRoot.build(
            environment,
            environmentPath,
            user,
            manifest.containerize().config().workingDir(),
            new ImageRoot.RootPackages(
                request.rootPackages(),
                request.files(),
                request.closureFiles()::contains,
                request.warnings()));
    List<String> entrypoint =
        activation
            .shell()
            .map(
                shell ->
                    List.of(
                        shell.pathIn(environmentPath),
                        environmentPath + "/" + ActivationScripts.ENTRY_SCRIPT))
            .orElse(null);
    ContainerConfig config =
        ConfigMapping.map(
            manifest.containerize().config(),
            request.labels(),
            activation.configEnv(environmentPath),
            entrypoint);
    return new EnvironmentImage(environmentPath, root, config, user.owner());
  }

  /** The image root's {@code bin/bash}, from the first root package that has one. */
  private static java.util.Optional<Shell> rootBash(Request request) {
    for (String path : request.rootPackages()) {
      try {
        if (request.files().kind(path + "/" + Shell.BASH.path()) != StoreTree.Kind.MISSING) {
          return java.util.Optional.of(new Shell(path + "/" + Shell.BASH.path(), true));
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return java.util.Optional.empty();
  }

  private static ActivateMode mode(Request request) {
    if (request.mode() != null) {
      return request.mode();
    }
    ActivateMode fromManifest = request.manifest().options().activateMode();
    return fromManifest != null ? fromManifest : ActivateMode.DEV;
  }

  private static Map<String, String> vars(Map<String, String> vars) {
    for (String name : vars.keySet()) {
      if (!VARIABLE_NAME.matcher(name).matches()) {
        throw new FloxjException(
            "[vars] in manifest.toml sets '"
                + name
                + "', which a shell cannot export: name variables with letters, digits and '_',"
                + " not starting with a digit.");
      }
    }
    return vars;
  }

  /** An environment without a shell can only run commands directly, with nothing to activate. */
  private static void requireShellIfNeeded(Activation activation) {
    List<String> needs = activation.needsOfAShell();
    if (activation.shell().isEmpty() && !needs.isEmpty()) {
      throw new FloxjException(
          "The environment's "
              + String.join(", ", needs)
              + " must run in a shell, but the image has no bash (nor bin/sh in the environment);"
              + " install one (e.g. bash.pkg-path = \"bashInteractive\" in [install]) or remove"
              + " what needs it.");
    }
  }

  /** The activation's files; none without a shell, when the image runs commands directly. */
  private static List<ActivationFile> scripts(Activation activation, String environmentPath) {
    return activation.shell().isPresent()
        ? ActivationScripts.render(activation, environmentPath)
        : List.of();
  }
}
