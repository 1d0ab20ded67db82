# checkers: filled in by its module
