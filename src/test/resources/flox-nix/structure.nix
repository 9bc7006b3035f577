{
  container = { name = "web"; };
  container.tag = "v1";
  container.config = {
    Cmd = [ "serve" "--port" "8080" ];
    ExposedPorts."8080/tcp" = { };
    Labels = { "org.opencontainers.image.title" = "web"; owner = "me"; };
  };
  container.config.WorkingDir = "/srv";
  container.maxLayers = 42;
  container."created" = "1970-01-01T00:00:02Z";
  packages."github:flox/floxpkgs".flox = { };
  packages.nixpkgs-flox.hello = { };
  environmentVariables.NUMBERS = "0 -1 007";
}
