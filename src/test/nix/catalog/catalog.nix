# The test catalog's packages: those of packages.nix with the pname and version nixpkgs' packages
# carry, and a bashInteractive and a coreutils made of busybox, which floxj locks for the image's
# activation as it does nixpkgs' own. Its bash and glibcLocalesUtf8 are the package set's real GNU
# bash and locale archive.
{ bootDir, gnuDir, system }:
let
  pkgs = import ./packages.nix { inherit bootDir gnuDir system; };
  bb = "${pkgs.bootstrap}/busybox";
  versioned = pname: version: drv: drv // { inherit pname version; };
  build = name: script: derivation {
    inherit name system;
    builder = bb;
    args = [ "sh" "-e" "-c" script ];
  };
in
{
  hello = versioned "hello" "1.0" pkgs.hello;
  greet = versioned "greet" "1.0" pkgs.greet;
  cowsay = versioned "cowsay" "1.0" pkgs.cowsay;

  # Two outputs, both installed by default (as nixpkgs installs "man" outputs).
  greet-docs = (versioned "greet-docs" "1.0" (derivation {
    name = "greet-docs-1.0";
    inherit system;
    builder = bb;
    outputs = [ "out" "man" ];
    args = [ "sh" "-e" "-c" ''
      ${bb} mkdir -p $out/share/doc $man/share/man/man1
      echo 'greet says hello' > $out/share/doc/greet.txt
      echo '.TH GREET 1' > $man/share/man/man1/greet.1
    '' ];
  })) // { meta.outputsToInstall = [ "out" "man" ]; };

  # bash is busybox's ash here: enough for scripts that stay POSIX.
  bashInteractive = versioned "bash-interactive" "5.2p37" (build "bash-interactive-5.2p37" ''
    ${bb} mkdir -p $out/bin
    printf '#!${bb} sh\nexec ${bb} ash "$@"\n' > $out/bin/bash
    ${bb} chmod 755 $out/bin/bash
    ${bb} ln -s bash $out/bin/sh
  '');

  # What floxj takes for every image when the lock has none (as flox's image takes them from its
  # nixpkgs): nixpkgs' bash (with bin/sh), cacert and glibcLocalesUtf8.
  bash = versioned "bash" "5.3p15" pkgs.image-bash;
  cacert = versioned "nss-cacert" "1.0" pkgs.cacert;
  glibcLocalesUtf8 = versioned "glibc-locales" "1.0" pkgs.locales;

  coreutils = versioned "coreutils" "9.5" (build "coreutils-9.5" ''
    ${bb} mkdir -p $out/bin
    for tool in cat chmod cp echo env head id ln ls mkdir mv printenv readlink rm sleep stat test \
        touch true false uname wc; do
      ${bb} ln -s ${bb} $out/bin/$tool
    done
  '');
}
