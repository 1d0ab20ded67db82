# etc: filled in by its module
