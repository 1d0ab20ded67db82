# tests/conf: filled in by its module
