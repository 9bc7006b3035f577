{
  /* every way a string can be written */
  environmentVariables = {
    plain = "plain";
    escapes = "tab\there \"quoted\" back\\slash dollar\${x} \$y $$z new\nline";
    unicode = "café ✓ 😀";
    empty = "";
    indentedEmpty = '''';
    indented = ''
        four
      two
          six

      after a blank line
    '';
    sameLine = ''one line'';
    escapesInIndented = ''
      ''${not interpolated} '''quotes''' ''\t tab ''\n newline $$dollars
      tab	inside
    '';
    trailingSpaces = ''
      a
      b   '';
    spacesOnlyFirstLine = ''   
      x
    '';
    escapedNewlineIndentation = ''
      a''\n b
    '';
  };
}
