# Shaped like flox 0.x's template: a function that ignores its arguments, nested sets, comments.
{...}: {
  packages = {
    nixpkgs-flox = {
      # hello = {version = "2.12.1";};
      hello = { version = "^2.12"; meta.priority = 3; };
    };
  };
  packages.nixpkgs-flox.python3Packages.requests = { stability = "stable"; };
  shell = {
    aliases = {
      gg = "git grep";
    };
    # POSIX shell hook, except curly braces have to be escaped like ''${
    hook = ''
      # echo "Supercharged by flox!" 1>&2
      export PATH="$PWD/bin:''${PATH}"
    '';
  };
  environmentVariables = {
    LANG = "en_US.UTF-8";
    PATHS = [ "/a" "/b" ];
  };
}
