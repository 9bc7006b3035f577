# Evaluated by floxj (dev.floxj.locking.FlakeCatalog) with `nix eval --json --expr`: describes
# packages of a locked flake. floxj fills in the flake reference (locked) and a JSON list of
# requests { key; candidates = [ [ "attr" "path" ] ... ]; }, where the first candidate that exists
# wins. Nothing is built: outPath and drvPath come from evaluation alone.
let
  flake = builtins.getFlake @FLAKE@;
  requests = builtins.fromJSON @REQUESTS@;
  lookup = path: builtins.foldl'
    (value: name:
      if value != null && builtins.isAttrs value && builtins.hasAttr name value
      then builtins.getAttr name value else null)
    flake path;
  firstFound = paths: builtins.foldl'
    (found: path:
      if found != null then found
      else let value = lookup path; in if value == null then null else { inherit path value; })
    null paths;
  licenseName = license:
    if builtins.isString license then license
    else if builtins.isAttrs license then (license.spdxId or license.shortName or null)
    else null;
  licenses = license:
    builtins.filter (l: l != null)
      (map licenseName (if builtins.isList license then license else [ license ]));
  describe = path: package:
    let
      outputs = package.outputs or [ "out" ];
      meta = package.meta or { };
      parsed = builtins.parseDrvName package.name;
    in {
      attrPath = path;
      name = package.name;
      pname = package.pname or parsed.name;
      version = package.version or parsed.version;
      drvPath = package.drvPath;
      outputs = builtins.listToAttrs (map (output: {
        name = output;
        value = (builtins.getAttr output package).outPath;
      }) outputs);
      outputsToInstall = meta.outputsToInstall or [ (package.outputName or (builtins.head outputs)) ];
      description = meta.description or null;
      licenses = licenses (meta.license or null);
      broken = meta.broken or false;
      unfree = meta.unfree or false;
    };
  resolve = request:
    let found = firstFound request.candidates; in
    if found == null then { status = "missing"; }
    else if !(builtins.isAttrs found.value && (found.value.type or null) == "derivation")
    then { status = "not-a-package"; attrPath = found.path; }
    else
      let described = builtins.tryEval (let d = describe found.path found.value; in builtins.deepSeq d d);
      in if described.success then described.value // { status = "found"; }
      else { status = "failed"; attrPath = found.path; };
in builtins.listToAttrs (map (request: { name = request.key; value = resolve request; }) requests)
