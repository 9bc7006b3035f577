# Not a flox.nix: every kind of value the reader takes, for comparing its tree with Nix's.
{
  integers = [ 0 7 9223372036854775807 ];
  negative = -3;
  booleans = [ true false ];
  nothing = null;
  nested = [ [ "a" ] { b = [ ]; } { } ];
  "quoted name" = { "with.dot" = "x"; };
  a.b.c = 1;
  a.b.d = 2;
  a.e = { f = 3; };
}
