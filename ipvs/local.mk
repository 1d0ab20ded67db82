# ipvs: filled in by its module
