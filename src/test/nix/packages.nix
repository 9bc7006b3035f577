# The package set every integration test builds on: real Nix derivations, built from nothing but a
# static busybox (no nixpkgs, no network), so that references, closures, hard links and odd file
# names come from Nix itself rather than from hand-made fixtures. bash is a real GNU bash (Debian's
# statically linked bash-static) and the locales a real glibc locale archive (made by Debian's
# localedef), imported from a second directory, so that images run the activation as flox's do.
#
#   mkdir -p boot gnu && cp /bin/busybox boot/busybox && cp /bin/bash-static gnu/bash
#   mkdir -p la/usr/lib/locale && localedef -i en_US -f UTF-8 --prefix="$PWD/la" en_US.UTF-8 &&
#     cp la/usr/lib/locale/locale-archive gnu/locale-archive
#   NIX_CONFIG=$'sandbox = false\nsubstituters =' \
#     nix-build packages.nix --no-out-link --store target/test-cache/floxj-test-store -A hello
# (or --argstr bootDir DIR --argstr gnuDir DIR for directories elsewhere; TestPackages.java does
# that)
#
# Every output is a pure function of those files and this file: no timestamps, no randomness.
{ bootDir ? ./boot, gnuDir ? ./gnu, system ? builtins.currentSystem }:
let
  # busybox picks its applet from argv[0], so it must be called through a file named "busybox".
  bootstrap = builtins.path { path = bootDir; name = "bootstrap"; };
  # bash (GNU bash, statically linked) and locale-archive (en_US.UTF-8 and C.UTF-8). Packages copy
  # them rather than refer to them, so that this directory is in no package's closure.
  gnu = builtins.path { path = gnuDir; name = "gnu-tools"; };
  bb = "${bootstrap}/busybox";
  shebang = "#!${bb} sh";

  # A derivation whose builder is a busybox shell script with every applet on PATH.
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

  # The same with several outputs ($out, $dev, ...), as nixpkgs' multi-output packages.
  buildOutputs = name: outputs: script: derivation {
    inherit name system outputs;
    builder = bb;
    args = [ "sh" "-e" "-c" ''
      ${bb} mkdir -p "$TMPDIR/applets"
      for applet in $(${bb} --list); do ${bb} ln -s ${bb} "$TMPDIR/applets/$applet"; done
      export PATH="$TMPDIR/applets"
      ${script}
    '' ];
  };

  # An executable script at $out/bin/<name>.
  script = name: body: ''
    mkdir -p $out/bin
    cat > $out/bin/${name} <<'FLOXJ_SCRIPT_END'
    ${shebang}
    ${body}
    FLOXJ_SCRIPT_END
    chmod 755 $out/bin/${name}
  '';

  pad = n: if n < 10 then "0${toString n}" else toString n;

  hello = build "hello-1.0" (script "hello" ''
    echo 'Hello, world!'
  '');

  # greet -> libgreet -> greet-data: a chain of references, each a different kind of file.
  greet-data = build "greet-data-1.0" ''
    mkdir -p $out/share/greet
    echo 'Hello' > $out/share/greet/greeting.txt
  '';

  libgreet = build "libgreet-1.0" ''
    mkdir -p $out/lib
    cat > $out/lib/greet.sh <<'EOF'
    # Sourced by greet; plain shell, no external commands, so it works on any busybox sh.
    greet() {
      read -r greeting < ${greet-data}/share/greet/greeting.txt
      echo "$greeting, ''${1:-world}!"
    }
    EOF
  '';

  greet = build "greet-1.0" (script "greet" ''
    . ${libgreet}/lib/greet.sh
    greet "$@"
  '');

  cowsay-cows = build "cowsay-cows-1.0" ''
    mkdir -p $out/share/cows
    cat > $out/share/cows/default.cow <<'EOF'
            \   ^__^
             \  (oo)\_______
                (__)\       )\/\
                    ||----w |
                    ||     ||
    EOF
  '';

  # A toy cowsay: the message from the arguments, or else from stdin.
  cowsay = build "cowsay-1.0" (script "cowsay" ''
    if [ $# -gt 0 ]; then message="$*"; else read -r message; fi
    border=""
    i=0
    while [ $i -lt $((''${#message} + 2)) ]; do border="$border-"; i=$((i + 1)); done
    echo " $border"
    echo "< $message >"
    echo " $border"
    while IFS= read -r line; do echo "$line"; done < ${cowsay-cows}/share/cows/default.cow
  '');

  # A store path that is one regular file.
  single-file = build "single-file-1.0" ''
    echo 'a store path that is a single file' > $out
  '';

  # A store path that is itself a symlink, to a file inside another store path.
  symlink-path = build "symlink-path-1.0" ''
    ln -s ${hello}/bin/hello $out
  '';

  # A directory package referring to both, so that they are in an image's closure: flox (and
  # floxj) refuse to join a store path that is a single file into an environment.
  odd-paths = build "odd-paths-1.0" ''
    mkdir -p $out/share
    echo '${single-file} ${symlink-path}' > $out/share/odd-paths.txt
  '';

  # Twenty small, distinct paths, each referring to the bootstrap, so layer caps have work to do.
  deps = builtins.genList (i: let n = pad (i + 1); in {
    name = "dep-${n}";
    value = build "dep-${n}-1.0" (script "dep-${n}" ''
      echo 'dep-${n}'
    '');
  }) 20;
  depSet = builtins.listToAttrs deps;

  many = build "many-1.0" (script "many" (builtins.concatStringsSep "\n"
    (map (d: "${d.value}/bin/${d.name}") deps)));

  # Everything a tar writer can get wrong. bin/edgecases-check verifies the tree where it lands
  # (e.g. inside a container) and prints "edgecases-check: OK".
  longDir = "long/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/cccccccccccccccccccccccccccccc/dddddddddddddddddddddddddddddd";
  longFile = "${longDir}/file-at-the-end-of-a-long-path.txt";
  longName = "name-of-150-characters-" + builtins.substring 0 123
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    + ".txt";
  edgecases = build "edgecases-1.0" ''
    mkdir -p $out
    cd $out

    mkdir -p nested/deeper/deepest
    echo deep > nested/deeper/deepest/file.txt
    mkdir empty-dir
    : > empty-file
    echo 'plain, not executable' > plain.txt
    chmod 644 plain.txt
    printf '%s\necho executable\n' '${shebang}' > executable.sh
    chmod 755 executable.sh

    mkdir sizes
    : > sizes/0
    head -c 511 /dev/zero | tr '\0' 'a' > sizes/511
    head -c 512 /dev/zero | tr '\0' 'b' > sizes/512
    head -c 513 /dev/zero | tr '\0' 'c' > sizes/513
    yes 'floxj edgecases: a repeated line of text' | head -c 4194304 > sizes/4MiB
    head -c 1048576 /dev/zero > sizes/zeros-1MiB

    mkdir links
    ln -s ../plain.txt links/to-file
    ln -s ../nested links/to-dir
    ln -s does-not-exist links/dangling
    ln -s $out/plain.txt links/absolute-to-file
    ln -s ${bootstrap} links/absolute-to-other-store-path
    mkdir -p ${longDir}
    echo 'at the end of a long path' > ${longFile}
    ln -s ../${longFile} links/long-target
    echo 'a single name of 150 characters' > ${longName}

    mkdir unicode
    echo e-acute > unicode/café.txt
    mkdir unicode/über
    echo u-umlaut > unicode/über/datei.txt
    echo check > unicode/✓
    echo emoji > unicode/😀.txt

    mkdir hardlinks
    echo 'one file, three names' > hardlinks/original.txt
    ln hardlinks/original.txt hardlinks/second-name.txt
    ln hardlinks/original.txt nested/hardlink-in-another-dir.txt

    mkdir -p sorting/a
    for name in a/b a-c a.b A _x; do echo "$name" > "sorting/$name"; done

    big_sum=$(sha256sum sizes/4MiB | cut -d' ' -f1)
    mkdir bin
    cat > bin/edgecases-check <<EOF
    ${shebang}
    # Checks that the edgecases tree arrived intact; prints every failure, exits 1 on any.
    bb=${bb}
    d=$out
    failed=0
    fail() { echo "edgecases-check: FAIL: \$*"; failed=1; }
    size() { \$bb wc -c < "\$1"; }
    [ "\$(\$bb cat \$d/nested/deeper/deepest/file.txt)" = deep ] || fail nested file
    [ -d \$d/empty-dir ] && [ -z "\$(\$bb ls -A \$d/empty-dir)" ] || fail empty-dir
    [ -f \$d/empty-file ] && [ ! -s \$d/empty-file ] || fail empty-file
    [ -x \$d/executable.sh ] || fail executable.sh is not executable
    [ ! -x \$d/plain.txt ] || fail plain.txt is executable
    for n in 0 511 512 513; do [ "\$(size \$d/sizes/\$n)" -eq \$n ] || fail size of sizes/\$n; done
    [ "\$(size \$d/sizes/4MiB)" -eq 4194304 ] || fail size of sizes/4MiB
    [ "\$(\$bb sha256sum \$d/sizes/4MiB | \$bb cut -d' ' -f1)" = $big_sum ] || fail content of sizes/4MiB
    [ "\$(size \$d/sizes/zeros-1MiB)" -eq 1048576 ] || fail size of sizes/zeros-1MiB
    [ "\$(\$bb readlink \$d/links/to-file)" = ../plain.txt ] && [ -f \$d/links/to-file ] || fail links/to-file
    [ "\$(\$bb readlink \$d/links/to-dir)" = ../nested ] && [ -d \$d/links/to-dir ] || fail links/to-dir
    [ -L \$d/links/dangling ] && [ ! -e \$d/links/dangling ] || fail links/dangling
    [ "\$(\$bb readlink \$d/links/absolute-to-file)" = \$d/plain.txt ] && [ -f \$d/links/absolute-to-file ] || fail links/absolute-to-file
    [ -x \$d/links/absolute-to-other-store-path/busybox ] || fail links/absolute-to-other-store-path
    [ "\$(\$bb cat \$d/links/long-target)" = 'at the end of a long path' ] || fail links/long-target
    [ "\$(\$bb readlink \$d/links/long-target)" = ../${longFile} ] || fail target of links/long-target
    [ -f \$d/${longName} ] || fail the 150-character name
    [ "\$(\$bb cat \$d/unicode/café.txt)" = e-acute ] || fail unicode/café.txt
    [ "\$(\$bb cat \$d/unicode/über/datei.txt)" = u-umlaut ] || fail unicode/über/datei.txt
    [ "\$(\$bb cat \$d/unicode/✓)" = check ] || fail unicode/✓
    [ "\$(\$bb cat \$d/unicode/😀.txt)" = emoji ] || fail unicode/😀.txt
    inode=\$(\$bb stat -c %i \$d/hardlinks/original.txt)
    for f in hardlinks/second-name.txt nested/hardlink-in-another-dir.txt; do
      [ "\$(\$bb stat -c %i \$d/\$f)" = "\$inode" ] || fail \$f is not a hard link of hardlinks/original.txt
    done
    [ "\$(\$bb stat -c %h \$d/hardlinks/original.txt)" -eq 3 ] || fail hardlinks/original.txt does not have 3 links
    for n in a/b a-c a.b A _x; do [ "\$(\$bb cat "\$d/sorting/\$n")" = "\$n" ] || fail sorting/\$n; done
    [ \$failed -eq 0 ] || exit 1
    echo 'edgecases-check: OK'
    EOF
    chmod 755 bin/edgecases-check
  '';

  # What activation tests need: a real GNU bash (static, so it runs in an image without a libc).
  bash = build "bash-1.0" ''
    mkdir -p $out/bin
    cp ${gnu}/bash $out/bin/bash
    chmod 555 $out/bin/bash
  '';

  # A stand-in for coreutils: busybox applets under their own names.
  coreutils = build "coreutils-1.0" ''
    mkdir -p $out/bin
    for applet in cat env id ls pwd readlink stat touch whoami; do
      ln -s ${bb} $out/bin/$applet
    done
  '';

  # A shell and nothing else: bin/sh is busybox's ash.
  posix-sh = build "posix-sh-1.0" ''
    mkdir -p $out/bin
    ln -s ${bb} $out/bin/sh
  '';

  # Two packages that provide the same file, for priorities and collisions.
  tool-a = build "tool-a-1.0" (script "tool" ''
    echo tool-a
  '');
  tool-b = build "tool-b-1.0" (script "tool" ''
    echo tool-b
  '');

  # Headers and pkg-config files: what the dev mode's search paths point at.
  devlib = build "devlib-1.0" ''
    mkdir -p $out/include $out/lib/pkgconfig
    echo '#define DEVLIB 1' > $out/include/devlib.h
    printf 'Name: devlib\nVersion: 1.0\nDescription: a floxj test library\n' > $out/lib/pkgconfig/devlib.pc
  '';

  # A CA bundle and a locale archive where nixpkgs' cacert and glibcLocales put them. netclient
  # refers to both, so they are in its closure without being installed.
  cacert = build "nss-cacert-1.0" ''
    mkdir -p $out/etc/ssl/certs
    echo 'not a real certificate' > $out/etc/ssl/certs/ca-bundle.crt
  '';
  # A real glibc locale archive, shaped like nixpkgs' glibcLocalesUtf8.
  locales = build "glibc-locales-1.0" ''
    mkdir -p $out/lib/locale
    cp ${gnu}/locale-archive $out/lib/locale/locale-archive
    chmod 444 $out/lib/locale/locale-archive
  '';
  netclient = build "netclient-1.0" (script "netclient" ''
    echo "certificates: ${cacert}/etc/ssl/certs/ca-bundle.crt"
    echo "locales: ${locales}/lib/locale/locale-archive"
  '');

  # --- Real nixpkgs shapes, for the join (flox's buildenv rules) -------------------------------
  # Almost every nixpkgs package has nix-support/ (setup hooks, propagated inputs); a stand-in
  # for each shape the join must handle. Package names follow nixpkgs' so that buildenv's
  # sort-by-name has what it sorts on.
  setupHook = name: ''
    mkdir -p $out/nix-support
    echo '# setup hook of ${name}' > $out/nix-support/setup-hook
  '';

  # python3 and two python packages that propagate each other and python (requests -> urllib3
  # -> python3), as buildPythonPackage writes nix-support/propagated-build-inputs.
  python3 = build "python3-3.12.8" ''
    ${setupHook "python3"}
    mkdir -p $out/bin $out/lib/python3.12/site-packages
    printf '%s\necho python3-3.12.8\n' '${shebang}' > $out/bin/python3.12
    chmod 755 $out/bin/python3.12
    ln -s python3.12 $out/bin/python3
    echo 'stdlib' > $out/lib/python3.12/os.py
    echo 'site' > $out/lib/python3.12/site-packages/README.txt
  '';
  python-urllib3 = build "python3.12-urllib3-2.2.3" ''
    ${setupHook "urllib3"}
    mkdir -p $out/lib/python3.12/site-packages/urllib3
    echo 'VERSION = "2.2.3"' > $out/lib/python3.12/site-packages/urllib3/__init__.py
    printf '%s ' ${python3} > $out/nix-support/propagated-build-inputs
  '';
  python-requests = build "python3.12-requests-2.32.3" ''
    ${setupHook "requests"}
    mkdir -p $out/lib/python3.12/site-packages/requests
    echo 'VERSION = "2.32.3"' > $out/lib/python3.12/site-packages/requests/__init__.py
    printf '%s %s' ${python3} ${python-urllib3} > $out/nix-support/propagated-build-inputs
  '';
  # A wrapper whose bin/python3 is a symlink to python3's file: two routes to one file.
  python-wrapper = build "python3-wrapper-3.12.8" ''
    mkdir -p $out/bin
    ln -s ${python3}/bin/python3.12 $out/bin/python3.12
  '';

  # A compiler wrapper propagating bintools (ar, ld, as), as nixpkgs' cc-wrapper does; both have
  # setup hooks and info pages with an info/dir index.
  bintools = build "binutils-wrapper-2.44" ''
    ${setupHook "bintools"}
    mkdir -p $out/bin $out/share/info
    for tool in ar as ld; do
      printf '%s\necho %s-from-bintools\n' '${shebang}' $tool > $out/bin/$tool
      chmod 755 $out/bin/$tool
    done
    echo 'binutils info' > $out/share/info/binutils.info
    echo 'info index of binutils' > $out/share/info/dir
  '';
  gcc-wrapper = build "gcc-wrapper-14.2.1" ''
    ${setupHook "gcc"}
    mkdir -p $out/bin $out/share/info
    printf '%s\necho gcc-wrapper\n' '${shebang}' > $out/bin/gcc
    chmod 755 $out/bin/gcc
    ln -s gcc $out/bin/cc
    echo 'gcc info' > $out/share/info/gcc.info
    echo 'info index of gcc' > $out/share/info/dir
    printf '%s' ${bintools} > $out/nix-support/propagated-build-inputs
  '';
  cmake = build "cmake-3.31.6" ''
    ${setupHook "cmake"}
    mkdir -p $out/bin $out/share/info $out/share/mime/packages $out/lib64/cmake
    printf '%s\necho cmake-3.31.6\n' '${shebang}' > $out/bin/cmake
    chmod 755 $out/bin/cmake
    echo 'cmake info' > $out/share/info/cmake.info
    echo 'info index of cmake' > $out/share/info/dir
    echo '<mime-info/>' > $out/share/mime/packages/cmake.xml
    echo 'mime cache of cmake' > $out/share/mime/mime.cache
    echo 'cmake module' > $out/lib64/cmake/CMakeConfig.cmake
  '';

  # Multi-output libraries: out holds the library, dev the headers, pkg-config file and a
  # nix-support/propagated-build-inputs naming out (two dev outputs used to collide on it).
  zlib = buildOutputs "zlib-1.3.1" [ "out" "dev" ] ''
    mkdir -p $out/lib $dev/include $dev/lib/pkgconfig $dev/nix-support
    echo 'zlib' > $out/lib/libz.so.1
    ln -s libz.so.1 $out/lib/libz.so
    ln -s lib $out/lib64
    echo '#define ZLIB 1' > $dev/include/zlib.h
    printf 'Name: zlib\nVersion: 1.3.1\n' > $dev/lib/pkgconfig/zlib.pc
    printf '%s' $out > $dev/nix-support/propagated-build-inputs
    echo '# setup hook of zlib' > $dev/nix-support/setup-hook
  '';
  openssl = buildOutputs "openssl-3.4.1" [ "bin" "out" "dev" ] ''
    mkdir -p $bin/bin $out/lib $dev/include/openssl $dev/lib/pkgconfig $dev/nix-support
    printf '%s\necho openssl-3.4.1\n' '${shebang}' > $bin/bin/openssl
    chmod 755 $bin/bin/openssl
    echo 'ssl' > $out/lib/libssl.so.3
    echo '#define OPENSSL 3' > $dev/include/openssl/ssl.h
    printf 'Name: openssl\nVersion: 3.4.1\n' > $dev/lib/pkgconfig/openssl.pc
    printf '%s %s' $out $bin > $dev/nix-support/propagated-build-inputs
    echo '# setup hook of openssl' > $dev/nix-support/setup-hook
  '';

  # MIME caches and perllocal.pod, which every package of their kind writes.
  shared-mime-info = build "shared-mime-info-2.4" ''
    mkdir -p $out/share/mime/packages
    echo '<mime-info/>' > $out/share/mime/packages/freedesktop.org.xml
    echo 'mime cache of shared-mime-info' > $out/share/mime/mime.cache
    echo 'globs' > $out/share/mime/globs2
  '';
  perl-json = build "perl5.40.0-JSON-4.10" ''
    mkdir -p $out/lib/perl5/site_perl/5.40.0/x86_64-linux
    echo 'package JSON;' > $out/lib/perl5/site_perl/5.40.0/JSON.pm
    echo 'installed JSON' > $out/lib/perl5/site_perl/5.40.0/x86_64-linux/perllocal.pod
  '';
  perl-yaml = build "perl5.40.0-YAML-1.31" ''
    mkdir -p $out/lib/perl5/site_perl/5.40.0/x86_64-linux
    echo 'package YAML;' > $out/lib/perl5/site_perl/5.40.0/YAML.pm
    echo 'installed YAML' > $out/lib/perl5/site_perl/5.40.0/x86_64-linux/perllocal.pod
  '';

  # A package naming another in nix-support/propagated-user-env-packages (joined in both modes).
  user-env-dep = build "user-env-dep-1.0" (script "user-env-dep" ''
    echo user-env-dep
  '');
  user-env-app = build "user-env-app-1.0" ''
    ${script "user-env-app" "echo user-env-app"}
    mkdir -p $out/nix-support
    printf '%s' ${user-env-dep} > $out/nix-support/propagated-user-env-packages
  '';

  # The image's own bash and coreutils, shaped like nixpkgs': bash (a real GNU bash) and bin/sh, a
  # link to it.
  image-bash = build "bash-5.3p15" ''
    mkdir -p $out/bin
    cp ${gnu}/bash $out/bin/bash
    chmod 555 $out/bin/bash
    ln -s bash $out/bin/sh
  '';
  image-coreutils = build "coreutils-9.11" ''
    mkdir -p $out/bin $out/libexec/coreutils
    for applet in basename cat cut dirname echo env head id ls mkdir printenv pwd readlink rm sort stat test touch tr true wc; do
      ln -s ${bb} $out/bin/$applet
    done
    echo 'stdbuf' > $out/libexec/coreutils/libstdbuf.so
  '';

  # Language tools whose variables flox's activation sets (JAVA_HOME, JUPYTER_PATH), and a
  # package with its own etc/profile.d script, which dev mode sources.
  jdk = build "openjdk-21.0.5" ''
    mkdir -p $out/bin $out/lib
    printf '%s\necho openjdk-21.0.5\n' '${shebang}' > $out/bin/java
    chmod 755 $out/bin/java
  '';
  jupyter = build "python3.12-jupyter-core-5.7.2" ''
    mkdir -p $out/share/jupyter/kernels/python3
    echo '{"display_name": "Python 3"}' > $out/share/jupyter/kernels/python3/kernel.json
  '';
  profiled = build "profiled-1.0" ''
    mkdir -p $out/etc/profile.d
    echo 'export FROM_PROFILE_D=yes' > $out/etc/profile.d/profiled.sh
    echo 'not a script' > $out/etc/profile.d/README
  '';

  # Says which system it was built for, in a file and from its program: the same recipe gives
  # each system its own store path (the derivation's system differs), which is what a lock's
  # per-system entries look like. Built for aarch64-linux on x86_64 (extra-platforms; the
  # builder is still this busybox), so no emulation is needed.
  system-info = build "system-info-1.0" ''
    mkdir -p $out/share/system-info $out/bin
    echo '${system}' > $out/share/system-info/system
    cat > $out/bin/system-info <<'EOF'
    ${shebang}
    echo 'built for ${system}'
    EOF
    chmod 755 $out/bin/system-info
  '';
in
{
  inherit system-info;
  inherit jdk jupyter profiled;
  inherit odd-paths python3 python-urllib3 python-requests python-wrapper bintools gcc-wrapper cmake
    shared-mime-info perl-json perl-yaml user-env-dep user-env-app image-bash image-coreutils;
  zlib-out = zlib.out;
  zlib-dev = zlib.dev;
  openssl-bin = openssl.bin;
  openssl-out = openssl.out;
  openssl-dev = openssl.dev;
  inherit bootstrap hello greet-data libgreet greet cowsay-cows cowsay single-file symlink-path
    many edgecases bash coreutils posix-sh tool-a tool-b devlib cacert locales netclient;
} // depSet
