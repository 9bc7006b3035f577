# The benchmark's closures: COUNT store paths built by real Nix from a static busybox, each holding
# one chunk of host files staged by pick-files.py, with references among them like a real
# package set. Package i refers to packages i-1 and i/2, so the closure of package k is exactly
# packages 0..k; an environment refers to its members. "tiny" is a script and the busybox it
# runs with: the start-up case.
#
#   nix-build closure.nix --store /tmp/floxj-bench-store --argstr bootDir DIR \
#     --argstr chunkDir DIR --arg count 200 --arg smallCount 30 -A large -A small -A tiny
{ bootDir, chunkDir, count, smallCount, system ? builtins.currentSystem }:
let
  # busybox picks its applet from argv[0], so it must be called through a file named "busybox".
  bootstrap = builtins.path { path = /. + bootDir; name = "bootstrap"; };
  bb = "${bootstrap}/busybox";

  build = name: script: derivation {
    inherit name system;
    builder = bb;
    args = [ "sh" "-e" "-c" ''
      ${bb} mkdir -p "$TMPDIR/applets"
      for applet in $(${bb} --list); do ${bb} ln -s ${bb} "$TMPDIR/applets/$applet"; done
      export PATH="$TMPDIR/applets"
      ${script}
    '' ];
  };

  pad = n: let s = toString n; in builtins.substring 0 (3 - builtins.stringLength s) "00" + s;

  pkg = i: builtins.elemAt packages i;
  packages = builtins.genList (i: let
    n = pad i;
    source = builtins.path { path = /. + "${chunkDir}/chunk-${n}"; name = "bench-source-${n}"; };
    deps = (if i == 0 then [ ] else [ (pkg (i - 1)) ])
      ++ (if i > 1 && i / 2 != i - 1 then [ (pkg (i / 2)) ] else [ ]);
  in build "bench-pkg-${n}-1.0" ''
    mkdir -p $out
    cp -RP ${source}/. $out/
    chmod u+w $out
    mkdir -p $out/nix-support
    echo "${builtins.concatStringsSep " " (map toString deps)}" > $out/nix-support/propagated-build-inputs
  '') count;

  env = name: members: build name ''
    mkdir -p $out
    echo "${builtins.concatStringsSep "\n" (map toString members)}" > $out/members
  '';
in
{
  tiny = build "bench-tiny-1.0" ''
    mkdir -p $out/bin
    printf '#!${bb} sh\necho tiny\n' > $out/bin/tiny
    chmod 755 $out/bin/tiny
  '';
  large = env "bench-env-large" packages;
  small = env "bench-env-small" (builtins.genList pkg smallCount);
}
