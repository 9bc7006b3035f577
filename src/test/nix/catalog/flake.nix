# floxj's test catalog: the test package set as a flake, standing in for nixpkgs in tests
# (`floxj install hello --catalog path:DIR`). TestCatalog.java copies this directory together with
# ../packages.nix, boot/busybox and gnu/ (bash, locale-archive), so that the catalog's hello is
# the test store's hello.
{
  description = "floxj's test catalog, built from a static busybox";

  outputs = { self }:
    let
      forSystem = system:
        import ./catalog.nix { inherit system; bootDir = ./boot; gnuDir = ./gnu; };
    in {
      legacyPackages.x86_64-linux = forSystem "x86_64-linux";
      legacyPackages.aarch64-linux = forSystem "aarch64-linux";
    };
}
