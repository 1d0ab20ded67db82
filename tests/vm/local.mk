# tests/vm: filled in by its module
