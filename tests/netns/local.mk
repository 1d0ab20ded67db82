# tests/netns: filled in by its module
