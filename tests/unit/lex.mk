# Unit tests of the config lexer.
